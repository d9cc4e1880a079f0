import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file the scraper created and keeps open to append to (its journal). Writes go to that file, never through a
/// path: whatever is later planted at its path receives nothing.
final class AppendableFile {
    private var descriptor: Int32
    /// The name inside the output directory, for errors.
    let name: String

    init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    deinit { close() }

    /// Appends `data`.
    func append(_ data: Data) throws {
        guard descriptor >= 0 else { throw OutputError(path: name, reason: "cannot write (closed)") }
        if let failure = OutputDirectory.writeAll(data, to: descriptor) {
            throw OutputError(path: name, reason: "cannot write (\(failure))")
        }
    }

    /// Closes the file (once).
    func close() {
        guard descriptor >= 0 else { return }
        closeDescriptor(descriptor)
        descriptor = -1
    }
}

/// `close(2)`, out of reach of the method of the same name.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}

/// The POSIX side of ``OutputDirectory``: what is at a path, the checks, temporary files, reads that cannot block.
extension OutputDirectory {
    /// What is at a path, seen without following a symbolic link.
    enum Kind: Equatable {
        case missing, directory, symlink
        /// A regular file and its number of hard links.
        case file(links: Int)
        /// A FIFO, a socket or a device.
        case special
    }

    /// Bytes in a temporary file's name: `.b24-` + a UUID + `.tmp`. It does not depend on the destination's name,
    /// so every name the file system accepts can be written.
    static let temporaryNameLength = 45

    func kind(of path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        return Self.kind(of: info)
    }

    private static func kind(of info: stat) -> Kind {
        switch info.st_mode & S_IFMT {
        case S_IFDIR: .directory
        case S_IFLNK: .symlink
        case S_IFREG: .file(links: Int(info.st_nlink))
        default: .special
        }
    }

    /// Why what is at a destination must not be replaced, or `nil` when it may (nothing, or a regular file with no
    /// other hard link: what the scraper itself writes).
    static func refusal(toReplace kind: Kind) -> String? {
        switch kind {
        case .missing, .file(links: 1): nil
        case .file(let links): "refusing to replace a file with other hard links (\(links) links to it)"
        case .symlink: "refusing to replace a symbolic link in the output directory"
        case .directory: "a directory is in the way of the file"
        case .special: "refusing to replace something that is not a regular file (a FIFO, socket or device)"
        }
    }

    /// The name limits of the file system holding `path` (or its nearest existing parent).
    static func limits(near path: String) -> (nameMax: Int, pathMax: Int) {
        var probe = path.isEmpty ? "/" : path
        var info = stat()
        while lstat(probe, &info) != 0, probe != "/" {
            probe = (probe as NSString).deletingLastPathComponent
            if probe.isEmpty { probe = "/" }
        }
        let name = pathconf(probe, Int32(_PC_NAME_MAX))
        let path = pathconf(probe, Int32(_PC_PATH_MAX))
        return (name > 0 ? name : 255, path > 0 ? path : Int(PATH_MAX))
    }

    func checked(_ relativePath: String, metadata: Bool = false) throws -> [String] {
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

    /// The path of an existing regular file with no other hard link, reached through real directories only.
    func existingFile(_ relativePath: String, metadata: Bool = false) throws -> String {
        let components = try checked(relativePath, metadata: metadata)
        var path = rootPath
        for component in components.dropLast() {
            path += "/" + component
            guard kind(of: path) == .directory else { throw OutputError(path: relativePath, reason: "not reachable without links") }
        }
        path += "/" + (components.last ?? "")
        switch kind(of: path) {
        case .file(links: 1): return path
        case .file: throw OutputError(path: relativePath, reason: "a file with other hard links")
        case .missing: throw OutputError(path: relativePath, reason: "missing")
        case .directory: throw OutputError(path: relativePath, reason: "a directory, not a file")
        case .symlink: throw OutputError(path: relativePath, reason: "a symbolic link, not followed")
        case .special: throw OutputError(path: relativePath, reason: "not a regular file (a FIFO, socket or device)")
        }
    }

    /// Checks that the path can be stored and creates the directories on the way; returns the directory and the
    /// destination's path.
    func prepare(_ components: [String], relativePath: String) throws -> (directory: String, destination: String) {
        if let problem = storageProblem(relativePath) { throw OutputError(path: relativePath, reason: "cannot be stored: \(problem)") }
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
            case .file, .special: throw OutputError(path: relativePath, reason: "a file is in the way of a directory")
            }
        }
        guard let name = components.last else { throw OutputError(path: relativePath, reason: "empty path") }
        return (directory, directory + "/" + name)
    }

    /// A fresh file in `directory` (never an existing one: `O_EXCL`) holding `data`, still open.
    func temporaryFile(in directory: String, holding data: Data, relativePath: String) throws -> (descriptor: Int32, path: String) {
        let path = directory + "/.b24-\(UUID().uuidString).tmp"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw OutputError(path: relativePath, reason: "cannot create a temporary file (\(String(cString: strerror(errno))))")
        }
        if let failure = Self.writeAll(data, to: descriptor) {
            close(descriptor)
            unlink(path)
            throw OutputError(path: relativePath, reason: "cannot write (\(failure))")
        }
        return (descriptor, path)
    }

    /// Renames a temporary file over `destination` unless something there must not be replaced (then the temporary
    /// file is removed).
    func install(_ temporary: String, at destination: String, relativePath: String) throws {
        if let refusal = Self.refusal(toReplace: kind(of: destination)) {
            unlink(temporary)
            throw OutputError(path: relativePath, reason: refusal)
        }
        if rename(temporary, destination) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw OutputError(path: relativePath, reason: "cannot move into place (\(reason))")
        }
    }

    /// Reads a regular file with no other hard link. Opens without blocking (something swapped in for a FIFO after
    /// the check cannot stall the read) and checks what was opened.
    func readFile(at path: String, relativePath: String) throws -> Data {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw OutputError(path: relativePath, reason: "cannot open (\(String(cString: strerror(errno))))") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var info = stat()
        guard fstat(descriptor, &info) == 0, Self.kind(of: info) == .file(links: 1) else {
            throw OutputError(path: relativePath, reason: "not a regular file with a single link")
        }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw OutputError(path: relativePath, reason: "cannot read (\(error))")
        }
    }

    /// Writes all of `data` to `descriptor`; the reason when it cannot.
    static func writeAll(_ data: Data, to descriptor: Int32) -> String? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> String? in
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let written = Foundation.write(descriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += written
            }
            return nil
        }
    }
}
