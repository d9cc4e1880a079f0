/// The list of generated scope modules in the package manifest (`Package.swift`), between two marker lines:
/// `b24gen generate` rewrites it, `b24gen check` fails when it differs from what the docs give. A pure text
/// transform: the edges read and write the file.
public enum ManifestBlock {
    static let begin = "// b24gen: generated scope modules (begin). `b24gen generate` writes this list; `b24gen check` compares it."
    static let end = "// b24gen: generated scope modules (end)"

    /// The block for `modules` (scope modules only), markers included.
    public static func block(for modules: [GeneratedModule]) -> String {
        let names = modules.filter { $0.role == .scope }.map(\.name).sorted()
        var lines = [begin, "let generatedScopeModules: [String] = ["]
        lines += names.map { "    \(Docs.literal($0))," }
        lines += ["]", end]
        return lines.joined(separator: "\n")
    }

    /// `manifest` with its block replaced by the one for `modules`; `nil` when the manifest has no block.
    public static func updating(_ manifest: String, modules: [GeneratedModule]) -> String? {
        guard let start = manifest.range(of: begin), let stop = manifest.range(of: end, range: start.upperBound..<manifest.endIndex) else {
            return nil
        }
        return manifest.replacingCharacters(in: start.lowerBound..<stop.upperBound, with: block(for: modules))
    }
}
