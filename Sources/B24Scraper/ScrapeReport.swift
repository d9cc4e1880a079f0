import B24DocModel
import Foundation

/// Counters for a progress line.
public struct ScrapeProgress: Sendable, Equatable {
    /// Pages finished (in any way).
    public var done = 0
    /// Pages known but not finished.
    public var pending = 0
    /// Pages downloaded (200).
    public var downloaded = 0
    /// Pages the server said were unchanged (304).
    public var unchanged = 0
    /// Pages finished before an interruption and not requested again.
    public var resumed = 0
    /// Pages that failed.
    public var failed = 0
    /// Body bytes received.
    public var bytes = 0

    /// `1234/1641 pages · 1200 new · 30 unchanged · 4 resumed · 2 failed · 120.5 MB`.
    public var line: String {
        let megabytes = Double(bytes) / 1_048_576
        return "\(done)/\(done + pending) pages · \(downloaded) downloaded · \(unchanged) unchanged · "
            + "\(resumed) resumed · \(failed) failed · \(String(format: "%.1f", megabytes)) MB"
    }
}

/// What a crawl did.
public struct ScrapeReport: Sendable {
    /// Page paths stored from a 200 response, sorted.
    public var downloaded: [String] = []
    /// Page paths the server answered 304 for, sorted.
    public var unchanged: [String] = []
    /// Page paths finished before an interruption and not requested again, sorted.
    public var resumed: [String] = []
    /// Page paths (or URLs) that failed, sorted.
    public var failed: [String] = []
    /// Page paths removed by `prune`, sorted.
    public var pruned: [String] = []
    /// Page paths in the manifest the crawl did not reach (kept unless `prune`), sorted.
    public var notReached: [String] = []
    /// HTTP requests sent (including retries and the table of contents).
    public var requests = 0
    /// Body bytes received.
    public var bytes = 0
    /// Everything skipped or failed, sorted: the path is the page path or URL concerned (line 0). A warning means
    /// a page was skipped or could not be fetched, an error that something could not be written.
    public var diagnostics: [Diagnostic] = []

    /// Whether something could not be written (a page, the manifest, the link cache, the journal) or pruned: then
    /// there is an error among ``diagnostics``, and `b24gen scrape` exits with a non-zero status.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Why a crawl could not run at all.
public struct ScrapeError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
