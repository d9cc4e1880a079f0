import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
///
/// A page's links are kept as one string, one path per line (page paths hold no control characters), and split
/// only when the page is answered 304. The cache is read at the start of every crawl, before the first request;
/// decoding 70,000 links one string each took about 50 ms of that in a debug build, a twentieth of a refresh.
struct LinkCache: Codable, Sendable, Equatable {
    struct Item: Codable, Sendable, Equatable {
        var sha256: String
        /// The page's links, one per line.
        var joinedLinks: String
        var toc: [String]?

        init(sha256: String, links: [String], toc: [String]?) {
            self.sha256 = sha256
            joinedLinks = links.joined(separator: "\n")
            self.toc = toc
        }

        /// The page's links.
        var links: [String] { LinkCache.lines(of: joinedLinks) }

        private enum CodingKeys: String, CodingKey {
            case sha256, joinedLinks = "links", toc
        }
    }

    /// A table of contents as last downloaded.
    struct TableOfContents: Codable, Sendable, Equatable {
        var etag: String?
        var lastModified: String?
        /// Page paths it lists (resolved and filtered), sorted.
        var links: [String]
    }

    /// 2: links joined into one string per page.
    var version: Int = 2
    var pages: [String: Item] = [:]
    var tocs: [String: TableOfContents] = [:]

    static let fileName = ".scrape-links.json"

    func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads what ``jsonData()`` wrote; `nil` when it is unreadable or of another version (the cache is then
    /// rebuilt: the links of unchanged pages are read from the stored pages once).
    static func read(from data: Data) -> LinkCache? {
        guard let cache = try? JSONDecoder().decode(LinkCache.self, from: data), cache.version == LinkCache().version else { return nil }
        return cache
    }

    /// The non-empty lines of `text`, split with `memchr` (a `Character`-wise split is slow in a debug build).
    static func lines(of text: String) -> [String] {
        var text = text
        return text.withUTF8 { buffer -> [String] in
            guard let base = buffer.baseAddress else { return [] }
            var lines: [String] = []
            var start = 0
            while start < buffer.count {
                let end = memchr(base + start, 0x0A, buffer.count - start).map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) }
                    ?? buffer.count
                if end > start { lines.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)) }
                start = end + 1
            }
            return lines
        }
    }
}
