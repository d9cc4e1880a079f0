import Foundation

/// What the output directory holds: one entry per stored page, sorted by path.
///
/// Written as `manifest.json` in the output directory with sorted keys and no dates of its own,
/// so the same pages and validators give the same bytes.
public struct Manifest: Codable, Sendable, Equatable {
    /// One stored page.
    public struct Entry: Codable, Sendable, Equatable {
        /// Path relative to the output directory (and to the site root).
        public var path: String
        /// The URL it was fetched from.
        public var url: String
        /// The server's `ETag`, sent back as `If-None-Match`.
        public var etag: String?
        /// The server's `Last-Modified`, sent back as `If-Modified-Since`.
        public var lastModified: String?
        /// SHA-256 of the stored bytes, lowercase hex.
        public var sha256: String
        /// Size of the stored bytes.
        public var size: Int

        public init(path: String, url: String, etag: String?, lastModified: String?, sha256: String, size: Int) {
            self.path = path
            self.url = url
            self.etag = etag
            self.lastModified = lastModified
            self.sha256 = sha256
            self.size = size
        }
    }

    /// The format version.
    public var version: Int
    /// The site root the paths are relative to.
    public var root: String
    /// The stored pages, sorted by ``Entry/path``.
    public var pages: [Entry]

    public init(version: Int = 1, root: String, pages: [Entry] = []) {
        self.version = version
        self.root = root
        self.pages = pages.sorted { $0.path < $1.path }
    }

    /// The file name of the manifest inside the output directory.
    public static let fileName = "manifest.json"

    /// Pretty-printed JSON with sorted keys, pages sorted by path, and a final newline.
    public func jsonData() throws -> Data {
        var copy = self
        copy.pages.sort { $0.path < $1.path }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(copy)
        data.append(0x0A)
        return data
    }
}

/// One line of the session journal: a page finished in the current (possibly interrupted) crawl.
struct JournalRecord: Codable, Sendable, Equatable {
    var entry: Manifest.Entry
    /// Page paths the page links to (already resolved and filtered), so a resumed crawl needs neither
    /// the network nor a re-parse for pages it finished; `nil` for an unchanged page whose links are in
    /// the link cache.
    var links: [String]?
    /// Table-of-contents scripts the page names (absolute URLs).
    var toc: [String]?
}

/// The first line of the journal: what crawl it belongs to.
struct JournalHeader: Codable, Sendable, Equatable {
    var journal: Int
    var start: String
    var sections: [String]
}

/// Cached links per stored page, keyed by path and valid while the SHA-256 matches; and the page paths each
/// table of contents (`toc.js`) listed, keyed by its URL, with its validators, so that an unchanged one is
/// neither downloaded nor read again.
struct LinkCache: Codable, Sendable, Equatable {
    struct Item: Codable, Sendable, Equatable {
        var sha256: String
        var links: [String]
        var toc: [String]?
    }

    /// A table of contents as last downloaded.
    struct TableOfContents: Codable, Sendable, Equatable {
        var etag: String?
        var lastModified: String?
        /// Page paths it lists (resolved and filtered), sorted.
        var links: [String]
    }

    var version: Int = 1
    var pages: [String: Item] = [:]
    /// By absolute URL; absent in caches written before tables of contents were cached.
    var tocs: [String: TableOfContents]?

    static let fileName = ".scrape-links.json"

    func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
