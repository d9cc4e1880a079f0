import B24DocModel
import Dispatch
import Foundation

/// A directory of documentation pages.
public enum DocSet {
    /// A page's bytes as read from disk, with its path relative to the directory.
    public struct File: Sendable {
        public var path: String
        public var bytes: [UInt8]

        public init(path: String, bytes: [UInt8]) {
            self.path = path
            self.bytes = bytes
        }
    }

    /// Lists every `*.html` file under `directory` (recursively), as sorted relative paths.
    public static func list(directory: URL) throws -> [String] {
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        let rootPath = root.path(percentEncoded: false)
        let prefix = rootPath.hasSuffix("/") ? rootPath : rootPath + "/"
        guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: rootPath])
        }
        var out: [String] = []
        for case let url as URL in e where url.pathExtension.lowercased() == "html" {
            let full = url.standardizedFileURL.resolvingSymlinksInPath().path(percentEncoded: false)
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let rel = full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : url.lastPathComponent
            out.append(rel)
        }
        return out.sorted()
    }

    /// Reads the files (paths relative to `directory`).
    public static func read(directory: URL, paths: [String]) throws -> [File] {
        try paths.map { rel in
            let data = try Data(contentsOf: directory.appending(path: rel))
            return File(path: rel, bytes: [UInt8](data))
        }
    }

    /// Parses files on all cores and merges them in path order: the result does not depend on the
    /// order of `files`.
    public static func parse(_ files: [File]) -> DocModel {
        let results = parseEach(files)
        var model = DocModel()
        model.pages.reserveCapacity(files.count)
        for r in results {
            model.pages.append(r.page)
            model.diagnostics += r.diagnostics
        }
        model.normalize()
        return model
    }

    /// Parses each file (in parallel) and returns the results in the files' order.
    public static func parseEach(_ files: [File]) -> [(page: Page, diagnostics: [Diagnostic])] {
        files.concurrentMap { DocParser.parse($0.bytes, path: $0.path) }
    }

    /// Lists, reads and parses every page under `directory`.
    public static func load(directory: URL) throws -> DocModel {
        let paths = try list(directory: directory)
        return parse(try read(directory: directory, paths: paths))
    }
}
