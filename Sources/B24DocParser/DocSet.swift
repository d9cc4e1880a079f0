import B24DocModel
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

    /// The pages under a directory, and a diagnostic for every file that is not one of them
    /// (see ``scan(directory:)``).
    public struct Listing: Sendable {
        /// The pages' paths relative to the directory, sorted.
        public var paths: [String]
        /// One per file not listed as a page (not `*.html`, a link not followed, not a regular file, an
        /// unreadable directory) or listed under another name (a file name that is not UTF-8).
        public var diagnostics: [Diagnostic]
        /// Each page's file as NUL-terminated path bytes, in the order of `paths`.
        let files: [[UInt8]]

        /// The listing with only the pages whose path `keep` accepts (its diagnostics unchanged).
        public func filtered(_ keep: (String) -> Bool) -> Listing {
            let kept = zip(paths, files).filter { keep($0.0) }
            return Listing(paths: kept.map(\.0), diagnostics: diagnostics, files: kept.map(\.1))
        }
    }

    /// A documentation directory that cannot be listed at all; what went wrong is its diagnostic.
    public struct Failure: Error, CustomStringConvertible {
        public var diagnostic: Diagnostic

        public var description: String { diagnostic.description }
    }

    /// Lists every file under `directory` (recursively): the `*.html` pages, sorted by relative path, and a
    /// diagnostic for everything else, so that nothing vanishes. Symbolic links are followed only to a
    /// regular page inside the directory; file names that are not UTF-8 are listed with `%XX` escapes.
    /// - Throws: ``Failure`` when `directory` is not a directory.
    public static func scan(directory: URL) throws -> Listing {
        let path = directory.path(percentEncoded: false)
        guard var walk = DocsDirectory(directory: path) else {
            throw Failure(diagnostic: Diagnostic(path: path, line: 0, severity: .error, message: "no documentation directory",
                                                 context: "docs directory"))
        }
        walk.scan()
        return Listing(paths: walk.entries.map(\.path), diagnostics: walk.diagnostics, files: walk.entries.map(\.file))
    }

    /// The sorted relative paths of the pages under `directory` (``scan(directory:)`` without its diagnostics).
    public static func list(directory: URL) throws -> [String] {
        try scan(directory: directory).paths
    }

    /// Reads the listed pages; a page that cannot be read gets a diagnostic instead of a file.
    public static func read(_ listing: Listing) -> (files: [File], diagnostics: [Diagnostic]) {
        var files: [File] = []
        var diagnostics: [Diagnostic] = []
        files.reserveCapacity(listing.paths.count)
        for (path, file) in zip(listing.paths, listing.files) {
            switch DocsDirectory.read(file) {
            case .success(let bytes):
                files.append(File(path: path, bytes: bytes))
            case .failure(let failure):
                diagnostics.append(Diagnostic(path: path, line: 0, severity: .error,
                                              message: "page cannot be read (\(failure.reason))", context: "docs directory"))
            }
        }
        return (files, diagnostics)
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
        model.diagnostics += TypeLinks.check(model.pages)
        model.normalize()
        return model
    }

    /// Parses each file (in parallel) and returns the results in the files' order.
    public static func parseEach(_ files: [File]) -> [(page: Page, diagnostics: [Diagnostic])] {
        files.concurrentMap { DocParser.parse($0.bytes, path: $0.path) }
    }

    /// Reads and parses the listed pages; the model's diagnostics include the listing's and the reading's.
    public static func load(_ listing: Listing) -> DocModel {
        let (files, readDiagnostics) = read(listing)
        var model = parse(files)
        model.diagnostics += listing.diagnostics + readDiagnostics
        model.normalize()
        return model
    }

    /// Lists, reads and parses every page under `directory`.
    public static func load(directory: URL) throws -> DocModel {
        load(try scan(directory: directory))
    }
}
