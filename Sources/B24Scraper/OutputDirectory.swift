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
}

/// The output directory: every write goes through here and stays inside it.
///
/// Paths are relative and checked component by component (no empty, `.`/`..`, hidden or
/// separator-holding names); every existing directory on the way must be a real directory, not a
/// symbolic link; files are written to a fresh temporary file (`O_CREAT | O_EXCL | O_NOFOLLOW`) and
/// renamed into place, so a symbolic link planted at the destination is refused rather than followed.
public struct OutputDirectory: Sendable {
    /// The directory itself (it may be a symbolic link: that is the user's choice).
    public let root: URL

    /// `root` as a file-system path without a trailing `/`, worked out once (every read and write starts from it).
    private let rootPath: String

    public init(root: URL) {
        self.root = root.standardizedFileURL
        var path = self.root.path(percentEncoded: false)
        if path.hasSuffix("/") { path.removeLast() }
        rootPath = path
    }

    /// Creates the directory itself when missing.
    public func create() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// Writes `data` to `relativePath`, creating directories below the root as needed.
    public func write(_ data: Data, to relativePath: String) throws {
        try write(data, components: try checked(relativePath), relativePath: relativePath)
    }

    /// Writes one of the scraper's own files (`manifest.json`, `.scrape-links.json`) at the top level.
    func writeMetadata(_ data: Data, name: String) throws {
        try write(data, components: try checked(name, metadata: true), relativePath: name)
    }

    /// Reads one of the scraper's own top-level files.
    func readMetadata(name: String) -> Data? {
        guard let path = try? existingFile(name, metadata: true) else { return nil }
        return FileManager.default.contents(atPath: path)
    }

    /// Whether one of the scraper's own top-level files exists (as a plain file).
    func hasMetadata(name: String) -> Bool {
        (try? existingFile(name, metadata: true)) != nil
    }

    /// The file-system path of one of the scraper's own top-level files.
    func metadataPath(name: String) throws -> String {
        _ = try checked(name, metadata: true)
        return rootPath + "/" + name
    }

    private func write(_ data: Data, components: [String], relativePath: String) throws {
        var directory = rootPath
        for component in components.dropLast() {
            directory += "/" + component
            switch kind(of: directory) {
            case .missing:
                if mkdir(directory, 0o755) != 0 && errno != EEXIST {
                    throw OutputError(path: relativePath, reason: "cannot create directory (\(String(cString: strerror(errno))))")
                }
                guard kind(of: directory) == .directory else {
                    throw OutputError(path: relativePath, reason: "a directory on the way is not a plain directory")
                }
            case .directory: break
            case .symlink: throw OutputError(path: relativePath, reason: "refusing to follow a symbolic link in the output directory")
            case .other: throw OutputError(path: relativePath, reason: "a file is in the way of a directory")
            }
        }
        guard let name = components.last else { throw OutputError(path: relativePath, reason: "empty path") }
        let destination = directory + "/" + name
        switch kind(of: destination) {
        case .symlink: throw OutputError(path: relativePath, reason: "refusing to replace a symbolic link in the output directory")
        case .directory: throw OutputError(path: relativePath, reason: "a directory is in the way of the file")
        case .missing, .other: break
        }
        let temporary = directory + "/.\(name).tmp-\(UUID().uuidString)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            throw OutputError(path: relativePath, reason: "cannot create a temporary file (\(String(cString: strerror(errno))))")
        }
        var failure: String?
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let written = Foundation.write(fd, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw OutputError(path: relativePath, reason: "cannot write (\(failure))")
        }
        if rename(temporary, destination) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw OutputError(path: relativePath, reason: "cannot move into place (\(reason))")
        }
    }

    /// Reads `relativePath`, refusing symbolic links on the way; `nil` when it does not exist or is not a plain file.
    public func read(_ relativePath: String) -> Data? {
        guard let path = try? existingFile(relativePath) else { return nil }
        let fd = open(path, O_RDONLY | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        return try? handle.readToEnd() ?? Data()
    }

    /// The size of `relativePath` when it is a plain file reached without symbolic links.
    public func size(of relativePath: String) -> Int? {
        guard let path = try? existingFile(relativePath) else { return nil }
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// Removes `relativePath` when it is a plain file reached without symbolic links.
    public func remove(_ relativePath: String) throws {
        let path = try existingFile(relativePath)
        if unlink(path) != 0 {
            throw OutputError(path: relativePath, reason: "cannot remove (\(String(cString: strerror(errno))))")
        }
    }

    // MARK: - Checks

    private enum Kind { case missing, directory, symlink, other }

    private func kind(of path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    private func checked(_ relativePath: String, metadata: Bool = false) throws -> [String] {
        if !metadata, let components = SiteMap.plainComponents(relativePath) {
            // A plain path (unreserved ASCII, no empty or dot-leading component) has only safe components.
            return components
        }
        let components = relativePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if metadata {
            guard components.count == 1, let name = components.first,
                  SiteMap.check(component: name.hasPrefix(".") ? String(name.dropFirst()) : name) == nil
            else { throw OutputError(path: relativePath, reason: "unsafe metadata name") }
            return components
        }
        for component in components {
            if let why = SiteMap.check(component: component) {
                throw OutputError(path: relativePath, reason: "unsafe path (\(why))")
            }
        }
        return components
    }

    private func existingFile(_ relativePath: String, metadata: Bool = false) throws -> String {
        let components = try checked(relativePath, metadata: metadata)
        var path = rootPath
        for component in components.dropLast() {
            path += "/" + component
            guard kind(of: path) == .directory else { throw OutputError(path: relativePath, reason: "not reachable without links") }
        }
        path += "/" + (components.last ?? "")
        guard kind(of: path) == .other else { throw OutputError(path: relativePath, reason: "not a plain file") }
        return path
    }
}
