import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be written or read inside the output directory.
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path relative to the output directory.
    public var path: String
    /// What was wrong.
    public var reason: String
    public var description: String { "\(path): \(reason)" }

    /// The reason of an `OutputError` (without its path, which a diagnostic carries), or the error's description.
    static func reason(of error: any Error) -> String {
        (error as? OutputError)?.reason ?? "\(error)"
    }
}

/// The output directory: every write goes through here and stays inside it.
///
/// Paths are relative and checked component by component (no empty, `.`/`..`, hidden or
/// separator-holding names); every existing directory on the way must be a real directory, not a
/// symbolic link. Every file is written to a fresh temporary file (`O_CREAT | O_EXCL | O_NOFOLLOW`) and
/// renamed into place; what is already at the destination must be a regular file with no other hard link (or
/// nothing): a symbolic link, a FIFO, a socket, a device, a directory or a file with other hard links planted
/// there is refused, not replaced. Reads open without blocking (a FIFO cannot stall them) and accept only such
/// regular files. Paths too long for the file system are refused before anything is created
/// (``storageProblem(_:)``). (The POSIX details are in `OutputDirectory+Files.swift`.)
public struct OutputDirectory: Sendable {
    /// The directory itself (it may be a symbolic link: that is the user's choice).
    public let root: URL

    /// `root` as a file-system path without a trailing `/`, worked out once (every read and write starts from it).
    let rootPath: String
    /// The file system's limits: bytes in one name, bytes in a path (with its terminating NUL).
    let nameMax: Int
    let pathMax: Int

    public init(root: URL) {
        self.root = root.standardizedFileURL
        var path = self.root.path(percentEncoded: false)
        if path.hasSuffix("/") { path.removeLast() }
        rootPath = path
        (nameMax, pathMax) = Self.limits(near: path)
    }

    /// Creates the directory itself when missing.
    public func create() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// Writes `data` to `relativePath`, creating directories below the root as needed.
    public func write(_ data: Data, to relativePath: String) throws {
        try write(data, to: relativePath, metadata: false)
    }

    /// Why `relativePath` could never be stored here (a name or the whole path longer than the file system
    /// allows, counting the temporary file written first), or `nil` when it can.
    public func storageProblem(_ relativePath: String) -> String? {
        let bytes = relativePath.utf8
        var longest = 0
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == UInt8(ascii: "/") {
            longest = max(longest, bytes.distance(from: start, to: index))
            start = bytes.index(after: index)
        }
        let last = bytes.distance(from: start, to: bytes.endIndex)
        longest = max(longest, last)
        if longest > nameMax { return "a name of \(longest) bytes, over the file system's limit of \(nameMax)" }
        // The temporary file sits beside the destination: the longer of the two names counts.
        let length = rootPath.utf8.count + 1 + relativePath.utf8.count - last + max(last, Self.temporaryNameLength)
        if length >= pathMax { return "a path of \(length) bytes, over the file system's limit of \(pathMax - 1)" }
        return nil
    }

    /// Writes one of the scraper's own files (`manifest.json`, `.scrape-links.json`) at the top level.
    func writeMetadata(_ data: Data, name: String) throws {
        try write(data, to: name, metadata: true)
    }

    private func write(_ data: Data, to relativePath: String, metadata: Bool) throws {
        let (directory, destination) = try prepare(try checked(relativePath, metadata: metadata), relativePath: relativePath)
        let temporary = try temporaryFile(in: directory, holding: data, relativePath: relativePath)
        if close(temporary.descriptor) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw OutputError(path: relativePath, reason: "cannot write (\(reason))")
        }
        try install(temporary.path, at: destination, relativePath: relativePath)
    }

    /// Creates one of the scraper's own top-level files holding `data` (by temporary file and rename, like every
    /// file) and keeps it open for appending: later writes go to the file created here, whatever is then at its path.
    func createAppendable(_ data: Data, name: String) throws -> AppendableFile {
        let (directory, destination) = try prepare(try checked(name, metadata: true), relativePath: name)
        let temporary = try temporaryFile(in: directory, holding: data, relativePath: name)
        do {
            try install(temporary.path, at: destination, relativePath: name)
        } catch {
            close(temporary.descriptor)
            throw error
        }
        return AppendableFile(descriptor: temporary.descriptor, name: name)
    }

    /// Reads one of the scraper's own top-level files: `nil` when there is none; throws when something else than a
    /// regular file with no other hard link is there, or it cannot be read.
    func readMetadata(name: String) throws -> Data? {
        let path = rootPath + "/" + (try checked(name, metadata: true)).joined(separator: "/")
        if kind(of: path) == .missing { return nil }
        return try readFile(at: try existingFile(name, metadata: true), relativePath: name)
    }

    /// Whether one of the scraper's own top-level files exists (as a plain file).
    func hasMetadata(name: String) -> Bool {
        (try? existingFile(name, metadata: true)) != nil
    }

    /// Removes one of the scraper's own top-level files (nothing when it is missing).
    func removeMetadata(name: String) throws {
        try remove(name, metadata: true)
    }

    /// Reads `relativePath`, refusing symbolic links on the way; `nil` when it does not exist, is not a plain file
    /// (or one with other hard links), or cannot be read.
    public func read(_ relativePath: String) -> Data? {
        guard let path = try? existingFile(relativePath) else { return nil }
        return try? readFile(at: path, relativePath: relativePath)
    }

    /// The size of `relativePath` when it is a plain file (with no other hard link) reached without symbolic links.
    public func size(of relativePath: String) -> Int? {
        guard let path = try? existingFile(relativePath) else { return nil }
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// Removes `relativePath` when it is a plain file (with no other hard link) reached without symbolic links;
    /// nothing when it is missing; throws when something else is there or it cannot be removed.
    public func remove(_ relativePath: String) throws {
        try remove(relativePath, metadata: false)
    }

    private func remove(_ relativePath: String, metadata: Bool) throws {
        let components = try checked(relativePath, metadata: metadata)
        if kind(of: rootPath + "/" + components.joined(separator: "/")) == .missing { return }
        let path = try existingFile(relativePath, metadata: metadata)
        if unlink(path) != 0 && errno != ENOENT {
            throw OutputError(path: relativePath, reason: "cannot remove (\(String(cString: strerror(errno))))")
        }
    }
}
