import B24DocModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What is under a documentation directory: its pages, and a diagnostic for every file that is not read
/// as a page, so that nothing under the folder vanishes silently.
///
/// The walk works on the names' bytes (`opendir`/`lstat`), not on `String`s, so a file name that is not
/// UTF-8 is still found: it is read under its name with the invalid bytes written as `%XX`, and reported.
/// Symbolic links are followed only to a regular page inside the directory (the link is a page of its own,
/// read under the link's path); a link that leads outside the directory, nowhere, or to a directory is not
/// followed and is reported. The docs directory is the input's boundary: what the model says must come
/// from the folder the user named (the build plugin declares exactly those files as inputs), never from
/// wherever a link points; not following directory links also rules out cycles.
/// Sockets, FIFOs and devices are reported and never opened (a FIFO would block the read).
struct DocsDirectory {
    /// A page to read: its path in the model, and its file's path as bytes.
    struct Entry {
        var path: String
        var file: [UInt8]
    }

    /// The directory's own path as bytes, links resolved, without a trailing slash.
    let root: [UInt8]
    var entries: [Entry] = []
    var diagnostics: [Diagnostic] = []

    /// Resolves `directory`; `nil` when it does not exist or is not a directory.
    init?(directory: String) {
        guard let resolved = realpath(directory, nil) else { return nil }
        defer { free(resolved) }
        var info = stat()
        guard stat(resolved, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
        var bytes = Array(UnsafeRawBufferPointer(start: resolved, count: strlen(resolved)))
        while bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        root = bytes == [UInt8(ascii: "/")] ? [] : bytes
    }

    /// Walks the whole tree (breadth first, directories in name order).
    mutating func scan() {
        var queue: [[UInt8]] = [[]]
        var next = 0
        while next < queue.count {
            let relative = queue[next]
            next += 1
            for name in names(in: relative) {
                let child = relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name
                if let directory = visit(child) { queue.append(directory) }
            }
        }
        entries.sort { $0.path < $1.path }
    }

    /// The entries of a directory (without `.` and `..`), sorted by their bytes.
    private mutating func names(in relative: [UInt8]) -> [[UInt8]] {
        let full = absolute(relative)
        guard let handle = full.withUnsafeBufferPointer({ opendir($0.baseAddress!) }) else {
            report(relative, .warning, "directory cannot be read (\(Self.errorText())); its pages are not read")
            return []
        }
        defer { closedir(handle) }
        var out: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            out.append(name)
        }
        return out.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Takes one entry: a page, a directory to walk (returned), or a diagnostic.
    private mutating func visit(_ relative: [UInt8]) -> [UInt8]? {
        let full = absolute(relative)
        var info = stat()
        guard full.withUnsafeBufferPointer({ lstat($0.baseAddress!, &info) }) == 0 else {
            report(relative, .warning, "cannot be examined (\(Self.errorText())); not read")
            return nil
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            return relative
        case S_IFREG:
            take(relative, file: full)
        case S_IFLNK:
            followLink(relative)
        default:
            report(relative, .warning, "not a regular file (a FIFO, socket or device); not read")
        }
        return nil
    }

    /// A regular file: a page when its name ends in `.html`, else reported as not a page.
    private mutating func take(_ relative: [UInt8], file: [UInt8], via link: String? = nil) {
        let path = Self.displayPath(relative)
        guard Self.isPage(relative) else {
            report(relative, .note, "not a page (only *.html files are read); skipped")
            return
        }
        if !Self.isUTF8(relative) {
            report(relative, .warning, "file name is not valid UTF-8; read as \(path) (invalid bytes as %XX)")
        }
        if let link {
            report(relative, .note, "symbolic link to \(link) inside the docs directory; read as a page of its own")
        }
        entries.append(Entry(path: path, file: file))
    }

    /// A symbolic link: followed only to a regular page inside the directory.
    private mutating func followLink(_ relative: [UInt8]) {
        let full = absolute(relative)
        guard let resolved = full.withUnsafeBufferPointer({ realpath($0.baseAddress!, nil) }) else {
            report(relative, .warning, "symbolic link leads nowhere (\(Self.errorText())); not read")
            return
        }
        defer { free(resolved) }
        let target = Array(UnsafeRawBufferPointer(start: resolved, count: strlen(resolved)))
        let prefix = root + [UInt8(ascii: "/")]
        guard target.starts(with: prefix) else {
            report(relative, .warning, "symbolic link leads outside the docs directory; not followed")
            return
        }
        let inside = Self.displayPath(Array(target.dropFirst(prefix.count)))
        var info = stat()
        guard stat(resolved, &info) == 0 else {
            report(relative, .warning, "symbolic link target cannot be examined (\(Self.errorText())); not read")
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            take(relative, file: target + [0], via: inside)
        case S_IFDIR:
            report(relative, .note, "symbolic link to the directory \(inside); not followed (its pages are read where they are)")
        default:
            report(relative, .warning, "symbolic link to something that is not a regular file; not read")
        }
    }

    private mutating func report(_ relative: [UInt8], _ severity: Diagnostic.Severity, _ message: String) {
        diagnostics.append(Diagnostic(path: Self.displayPath(relative), line: 0, severity: severity, message: message,
                                      context: "docs directory"))
    }

    /// The NUL-terminated path of an entry.
    private func absolute(_ relative: [UInt8]) -> [UInt8] {
        (relative.isEmpty ? root + [UInt8(ascii: "/")] : root + [UInt8(ascii: "/")] + relative) + [0]
    }

    static func isPage(_ relative: [UInt8]) -> Bool {
        let suffix = relative.suffix(5).map { $0 | 0x20 }
        return relative.count > 5 && suffix == Array(".html".utf8)
            && relative[relative.count - 6] != UInt8(ascii: "/")
    }

    static func isUTF8(_ bytes: [UInt8]) -> Bool { PageLoader.isValidUTF8(bytes) }

    /// The path as text: UTF-8 as is; a name that is not UTF-8 with each byte of it that is not ASCII as `%XX`.
    static func displayPath(_ bytes: [UInt8]) -> String {
        if isUTF8(bytes) { return String(decoding: bytes, as: UTF8.self) }
        var out = ""
        for byte in bytes {
            if byte < 0x80 {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}

extension DocsDirectory {
    /// Reads a file given as NUL-terminated path bytes; the failure's reason otherwise. Opened without
    /// blocking and checked to be a regular file once open, so a file swapped for a FIFO cannot hang the read.
    static func read(_ file: [UInt8]) -> Result<[UInt8], ReadFailure> {
        let fd = file.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
        }
        guard fd >= 0 else { return .failure(ReadFailure(reason: errorText())) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(ReadFailure(reason: errorText())) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(ReadFailure(reason: "not a regular file")) }
        var bytes = [UInt8](repeating: 0, count: max(0, Int(info.st_size)))
        var count = 0
        while true {
            if count == bytes.count { bytes += [UInt8](repeating: 0, count: max(4096, bytes.count / 2)) }
            let n = bytes.withUnsafeMutableBytes { raw in readBytes(fd, raw.baseAddress! + count, raw.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(ReadFailure(reason: errorText()))
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeSubrange(count...)
        return .success(bytes)
    }

    /// Why a file could not be read.
    struct ReadFailure: Error {
        var reason: String
    }
}

/// POSIX `read` (a free function, so the name does not resolve to ``DocsDirectory/read(_:)``).
private func readBytes(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
