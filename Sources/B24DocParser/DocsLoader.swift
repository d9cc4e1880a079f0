import B24DocModel
import Foundation

/// Parses a documentation directory into the model: the parser stage as the CLI and the plugin tool use it.
public enum DocsLoader {
    /// Lists, reads and parses every page under `directory`; every file that is not read as a page has a
    /// diagnostic in the model.
    /// - Throws: ``DocSet/Failure`` when `directory` is not a directory.
    public static func load(directory: URL) throws -> DocModel {
        try DocSet.load(directory: directory)
    }
}
