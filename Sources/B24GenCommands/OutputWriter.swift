import B24Generator
import Foundation

/// Writes generated files, only when their contents change, and finds what a regeneration would change: the
/// generator's file I/O, at the edge (the CLI and the plugin tool).
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
        var createdDirectories: Set<String> = []
        for change in changes {
            let url = directory.appending(path: change.path)
            switch change.kind {
            case .added, .modified:
                guard let file = byPath[change.path] else { continue }
                let folder = url.deletingLastPathComponent()
                if createdDirectories.insert(folder.path(percentEncoded: false)).inserted {
                    try manager.createDirectory(at: folder, withIntermediateDirectories: true)
                }
                try replace(url, with: Data(file.contents.utf8))
            case .removed:
                try manager.removeItem(at: url)
            }
        }
        return changes
    }

    /// Replaces the file at `url` with `data` atomically (a reader sees the old or the new contents):
    /// the data goes to a temporary file beside it, which is then renamed over it. Unlike
    /// `Data.write(to:options: .atomic)` this does not `fsync` every file, which made writing a
    /// large client take most of a second; generated files can always be regenerated.
    static func replace(_ url: URL, with data: Data) throws {
        let name = url.lastPathComponent
        let temporary = url.deletingLastPathComponent().appending(path: ".\(name).b24gen-\(ProcessInfo.processInfo.processIdentifier).tmp")
        let temporaryPath = temporary.path(percentEncoded: false)
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw writeError(url, errno) }
        var failure: Int32?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = writeBytes(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0, failure == nil { failure = errno }
        if failure == nil, rename(temporaryPath, url.path(percentEncoded: false)) != 0 { failure = errno }
        if let failure {
            unlink(temporaryPath)
            throw writeError(url, failure)
        }
    }

    private static func writeError(_ url: URL, _ code: Int32) -> CocoaError {
        CocoaError(.fileWriteUnknown, userInfo: [
            NSFilePathErrorKey: url.path(percentEncoded: false),
            NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO),
        ])
    }

    /// Regular files under `directory`, as sorted relative paths.
    static func existingFiles(in directory: URL) -> [String] {
        let base = directory.path(percentEncoded: false)
        let basePrefix = base.hasSuffix("/") ? base : base + "/"
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        // The walker's URLs extend `directory` itself, so the relative path is normally a plain prefix
        // cut; symlinks are resolved only when that fails (one resolution for the root, not per file).
        var resolvedPrefix: String?
        var paths: [String] = []
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.path(percentEncoded: false)
            if full.hasPrefix(basePrefix) {
                paths.append(String(full.dropFirst(basePrefix.count)))
                continue
            }
            if resolvedPrefix == nil {
                let root = directory.standardizedFileURL.resolvingSymlinksInPath().path(percentEncoded: false)
                resolvedPrefix = root.hasSuffix("/") ? root : root + "/"
            }
            let resolved = url.standardizedFileURL.resolvingSymlinksInPath().path(percentEncoded: false)
            if let prefix = resolvedPrefix, resolved.hasPrefix(prefix) { paths.append(String(resolved.dropFirst(prefix.count))) }
        }
        return paths.sorted()
    }
}

/// POSIX `write(2)` (the name is taken inside ``OutputWriter``).
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
