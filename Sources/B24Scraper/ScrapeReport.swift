import Foundation

/// Something that went wrong or was skipped, with the page or URL it concerns.
public struct ScrapeDiagnostic: Sendable, Equatable, Comparable, CustomStringConvertible {
    /// How serious: notes are informational, warnings mean a page was skipped, errors that one could not be stored.
    public enum Severity: String, Sendable, Comparable {
        case note, warning, error
        private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A page path or URL.
    public var subject: String
    /// How serious it is.
    public var severity: Severity
    /// What happened, in one line.
    public var message: String

    public init(subject: String, severity: Severity, message: String) {
        self.subject = subject
        self.severity = severity
        self.message = message
    }

    /// `subject: warning: message`.
    public var description: String { "\(subject): \(severity.rawValue): \(message)" }

    public static func < (lhs: ScrapeDiagnostic, rhs: ScrapeDiagnostic) -> Bool {
        (lhs.subject, lhs.message, lhs.severity.rawValue) < (rhs.subject, rhs.message, rhs.severity.rawValue)
    }
}

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
    /// Everything skipped or failed, sorted.
    public var diagnostics: [ScrapeDiagnostic] = []
}

/// Why a crawl could not run at all.
public struct ScrapeError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
