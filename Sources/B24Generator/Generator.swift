import B24DocModel

/// Placeholder: the generator lands with issue 3.
public enum Generator {
    static var templateNames: [String] { EmbeddedResources.files.keys.sorted() }
}
