import ArgumentParser
import B24DocModel
import B24GenCommands
import B24Scraper
import Bitrix24Locking
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct ScrapeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scrape",
        abstract: "Mirrors the documentation site's reference pages into docs-cache/.",
        discussion: """
            Follows article links under api-reference/ from the start page (state JSON, #root markup and the \
            site's table of contents), stores each page at its URL path, and keeps manifest.json with ETag, \
            Last-Modified, SHA-256 and size so that the next run downloads only what changed. An interrupted \
            run resumes where it stopped. Exits with a non-zero status when a page, the manifest or another of its \
            files could not be written or removed (a page that could not be fetched is only a warning).
            """
    )

    @Option(help: "The page to start from.")
    var start: String = "https://apidocs.bitrix24.com/api-reference/index.html"

    @Option(help: "The output directory.")
    var output: String = "docs-cache"

    @Option(help: "Only these sections below api-reference/ (comma-separated, e.g. crm,tasks or crm/deals).")
    var only: String?

    @Option(help: "Requests in flight at once.")
    var concurrency: Int = 2

    @Option(help: "Requests per second at most (0: no limit).")
    var rate: Double = 4

    @Option(help: "Seconds one request may take.")
    var timeout: Double = 30

    @Option(help: "Largest page accepted, in bytes.")
    var maxBytes: Int = 20 * 1024 * 1024

    @Flag(help: "Ignore the journal of an interrupted run and start over.")
    var restart = false

    @Flag(help: "Delete stored pages the site no longer has (404/410) or no longer links to.")
    var prune = false

    @Flag(help: "Print every note, not only warnings and errors.")
    var verbose = false

    func validate() throws {
        guard concurrency >= 1, concurrency <= 16 else { throw ValidationError("--concurrency must be between 1 and 16") }
        guard rate >= 0 else { throw ValidationError("--rate must not be negative") }
        guard timeout > 0, timeout <= 86_400 else { throw ValidationError("--timeout must be positive, at most a day (86400)") }
        guard maxBytes > 0 else { throw ValidationError("--max-bytes must be positive") }
    }

    func run() async throws {
        // A server that closes a connection mid-request must not kill the crawl with SIGPIPE (libcurl runs with
        // CURLOPT_NOSIGNAL and relies on MSG_NOSIGNAL, which not every write path uses).
        signal(SIGPIPE, SIG_IGN)
        guard let startURL = URL(string: start) else { throw CLIError("--start: not a URL: \(start)") }
        let sections = (only ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let options = ScrapeOptions(
            start: startURL, output: URL(fileURLWithPath: output, isDirectory: true), sections: sections,
            concurrency: concurrency, requestsPerSecond: rate, maxPageBytes: maxBytes, timeout: .seconds(timeout),
            resume: !restart, prune: prune
        )
        let interactive = isatty(STDERR_FILENO) != 0
        let clock = ContinuousClock()
        let began = clock.now
        let throttle = Throttle(interval: .seconds(5))
        let report = try await Scraper(options: options).run { progress in
            if interactive {
                Self.printError("\r\u{1B}[K" + progress.line, newline: false)
            } else if throttle.due() {
                Self.printError("scrape: " + progress.line)
            }
        }
        if interactive { Self.printError("\r\u{1B}[K", newline: false) }
        DiagnosticPrinter(minimumSeverity: verbose ? .note : .warning).emit(contentsOf: report.diagnostics)
        let seconds = (clock.now - began).components
        let elapsed = Double(seconds.seconds) + Double(seconds.attoseconds) / 1e18
        Self.printError(
            "scrape: \(report.downloaded.count) downloaded, \(report.unchanged.count) unchanged, "
                + "\(report.resumed.count) resumed, \(report.failed.count) failed, \(report.pruned.count) pruned, "
                + "\(report.notReached.count) no longer reached; \(report.requests) requests, "
                + String(format: "%.1f MB in %.2f s", Double(report.bytes) / 1_048_576, elapsed)
        )
        for path in report.notReached.prefix(20) { Self.printError("  not reached (kept; --prune removes): \(path)") }
        if report.hasErrors {
            let errors = report.diagnostics.filter { $0.severity == .error }.count
            Self.printError("scrape: failed: \(errors) file\(errors == 1 ? "" : "s") could not be written or removed (the errors above)")
            throw ExitCode.failure
        }
    }

    private static func printError(_ text: String, newline: Bool = true) {
        FileHandle.standardError.write(Data((text + (newline ? "\n" : "")).utf8))
    }
}

/// Lets a progress line through at most once per interval (for logs that are not a terminal).
private struct Throttle: Sendable {
    private let interval: Duration
    private let last = Locked(ContinuousClock.now)

    init(interval: Duration) { self.interval = interval }

    func due() -> Bool {
        last.withLock { last in
            let now = ContinuousClock.now
            guard now - last >= interval else { return false }
            last = now
            return true
        }
    }
}
