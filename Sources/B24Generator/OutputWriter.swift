import Foundation

/// Writes generated files, only when their contents change, and finds what a regeneration would change.
public enum OutputWriter {
    /// A difference between the generated files and a directory.
    public struct Change: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable { case added, modified, removed }
        public var kind: Kind
        public var path: String
        public var description: String { "\(kind.rawValue): \(path)" }
    }

    /// What would change in `directory` if `files` were written there. Files under `directory` that
    /// the generator does not produce count as removed only when `prune` names their extension.
    public static func changes(_ files: [GeneratedFile], in directory: URL, prune: Set<String> = ["swift"]) -> [Change] {
        var changes: [Change] = []
        let wanted = Set(files.map(\.path))
        for file in files {
            let url = directory.appending(path: file.path)
            guard let existing = try? Data(contentsOf: url) else {
                changes.append(Change(kind: .added, path: file.path))
                continue
            }
            if existing != Data(file.contents.utf8) { changes.append(Change(kind: .modified, path: file.path)) }
        }
        for path in existingFiles(in: directory) where !wanted.contains(path) {
            if prune.contains((path as NSString).pathExtension) { changes.append(Change(kind: .removed, path: path)) }
        }
        return changes.sorted { $0.path < $1.path }
    }

    /// Writes `files` under `directory` (creating folders), only those whose contents differ, and removes
    /// stale files with an extension in `prune`. Returns what changed.
    @discardableResult
    public static func write(_ files: [GeneratedFile], to directory: URL, prune: Set<String> = ["swift"]) throws -> [Change] {
        let changes = changes(files, in: directory, prune: prune)
        let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let manager = FileManager.default
        for change in changes {
            let url = directory.appending(path: change.path)
            switch change.kind {
            case .added, .modified:
                guard let file = byPath[change.path] else { continue }
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url, options: .atomic)
            case .removed:
                try manager.removeItem(at: url)
            }
        }
        return changes
    }

    /// Regular files under `directory`, as sorted relative paths.
    static func existingFiles(in directory: URL) -> [String] {
        let root = directory.standardizedFileURL.resolvingSymlinksInPath().path(percentEncoded: false)
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        var paths: [String] = []
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.standardizedFileURL.resolvingSymlinksInPath().path(percentEncoded: false)
            if full.hasPrefix(prefix) { paths.append(String(full.dropFirst(prefix.count))) }
        }
        return paths.sorted()
    }
}
