import B24DocModel
import Foundation

/// Parses a documentation directory into the model: the parser stage as the CLI and the plugin tool use it.
public enum DocsLoader {
    /// A documentation directory that cannot be read at all; what went wrong is its diagnostic.
    public struct Failure: Error, CustomStringConvertible {
        public var diagnostic: Diagnostic

        public var description: String { diagnostic.description }
    }

    /// Lists, reads and parses every page under `directory`.
    /// - Throws: ``Failure`` when `directory` is not a directory; file errors as thrown by ``DocSet``.
    public static func load(directory: URL) throws -> DocModel {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(diagnostic: Diagnostic(path: directory.path, line: 0, severity: .error,
                                                 message: "no documentation directory", context: "docs"))
        }
        return try DocSet.load(directory: directory)
    }
}
