import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a crawl behaves.
public struct ScrapeOptions: Sendable {
    /// The page the crawl starts from; its site root is everything before `/api-reference/`.
    public var start: URL
    /// The output directory (`docs-cache/`).
    public var output: URL
    /// Sections below `api-reference/` to limit the crawl to (`crm`, `crm/deals`); empty means all.
    public var sections: [String]
    /// Requests in flight at once.
    public var concurrency: Int
    /// Requests started per second at most; `0` means no limit.
    public var requestsPerSecond: Double
    /// Responses larger than this are rejected.
    public var maxPageBytes: Int
    /// The longest one exchange may take, in seconds.
    public var timeout: TimeInterval
    /// Attempts per page for network errors, timeouts, 5xx and 429.
    public var maxAttempts: Int
    /// The first retry waits this long; each further retry waits twice as long.
    public var retryBackoff: TimeInterval
    /// Redirects followed per request (same site only).
    public var maxRedirects: Int
    /// The most pages one crawl visits.
    public var maxPages: Int
    /// Continue an interrupted crawl (the journal in the output directory) instead of starting over.
    public var resume: Bool
    /// Remove pages listed in the manifest that the crawl no longer reaches or that are gone (404/410).
    public var prune: Bool
    /// Sent as `User-Agent`.
    public var userAgent: String

    public init(
        start: URL = URL(string: "https://apidocs.bitrix24.com/api-reference/index.html")!,
        output: URL, sections: [String] = [], concurrency: Int = 2, requestsPerSecond: Double = 4,
        maxPageBytes: Int = 20 * 1024 * 1024, timeout: TimeInterval = 30, maxAttempts: Int = 3,
        retryBackoff: TimeInterval = 1, maxRedirects: Int = 5, maxPages: Int = 20_000,
        resume: Bool = true, prune: Bool = false,
        userAgent: String = "b24gen-scrape/1 (swift-bitrix24 documentation mirror)"
    ) {
        self.start = start
        self.output = output
        self.sections = sections
        self.concurrency = concurrency
        self.requestsPerSecond = requestsPerSecond
        self.maxPageBytes = maxPageBytes
        self.timeout = timeout
        self.maxAttempts = maxAttempts
        self.retryBackoff = retryBackoff
        self.maxRedirects = maxRedirects
        self.maxPages = maxPages
        self.resume = resume
        self.prune = prune
        self.userAgent = userAgent
    }
}

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

/// Crawls the documentation site into an output directory (see ``ScrapeOptions``).
///
/// The crawl follows article links under `api-reference/` found in each page's state JSON, in its
/// `#root` markup and in the site's table of contents (`toc.js`), stores each page at its URL path,
/// and keeps `manifest.json` (URL, ETag, Last-Modified, SHA-256, size) so the next crawl asks with
/// `If-None-Match` / `If-Modified-Since`. A journal (`.scrape-journal.jsonl`) records each page stored or
/// updated as it is finished; an interrupted crawl picks up from it without requesting those pages again (a page
/// a refresh had only confirmed unchanged is asked for again: one conditional request, answered 304).
public struct Scraper: Sendable {
    /// How the crawl behaves.
    public let options: ScrapeOptions

    /// The journal's file name inside the output directory.
    public static let journalName = ".scrape-journal.jsonl"

    public init(options: ScrapeOptions) {
        self.options = options
    }

    /// Runs the crawl. Throws `CancellationError` when cancelled (the journal stays for resuming) and
    /// ``ScrapeError`` when it cannot start; page failures are diagnostics in the report.
    public func run(progress: (@Sendable (ScrapeProgress) -> Void)? = nil) async throws -> ScrapeReport {
        guard let rootURL = SiteMap.guessRoot(from: options.start),
              let site = SiteMap(root: rootURL, sections: options.sections)
        else { throw ScrapeError("\(options.start.absoluteString): not an http(s) URL") }
        guard case .success(let startPath) = site.pagePath(for: options.start) else {
            throw ScrapeError("\(options.start.absoluteString): the start page must be an .html page under \(site.root.absoluteString)api-reference/")
        }
        let output = OutputDirectory(root: options.output)
        do { try output.create() } catch { throw ScrapeError("\(options.output.path): cannot create the output directory: \(error)") }

        var crawl = try Crawl(options: options, site: site, output: output, startPath: startPath)
        return try await crawl.run(progress: progress)
    }
}

/// The state of one crawl, owned by the task that runs it.
private struct Crawl {
    let options: ScrapeOptions
    let site: SiteMap
    let output: OutputDirectory
    let startPath: String

    var manifest: [String: Manifest.Entry] = [:]
    var linkCache = LinkCache()
    /// Pages finished in this crawl before an interruption.
    var journalled: [String: JournalRecord] = [:]
    var journal: FileHandle?
    /// Journal records not yet written (see ``handle(_:)``).
    var pendingJournal = Data()
    /// Encodes journal lines (one encoder for the whole crawl).
    let lineEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    var queue: [String] = []
    var queueIndex = 0
    var seen: Set<String> = []
    var referrer: [String: String] = [:]
    var seenTOC: Set<String> = []
    var finished: Set<String> = []
    var transientFailures: Set<String> = []
    var gone: Set<String> = []

    /// The manifest as loaded, and whether the crawl changed it or the link cache (unchanged files are not rewritten).
    var manifestBefore: [String: Manifest.Entry] = [:]
    var manifestChanged = false
    var linksChanged = false

    var report = ScrapeReport()
    var counters = ScrapeProgress()
    var diagnostics: [ScrapeDiagnostic] = []

    init(options: ScrapeOptions, site: SiteMap, output: OutputDirectory, startPath: String) throws {
        self.options = options
        self.site = site
        self.output = output
        self.startPath = startPath
        loadState()
        manifestBefore = manifest
    }

    // MARK: State on disk

    private mutating func loadState() {
        if let data = output.readMetadata(name: Manifest.fileName) {
            if let decoded = try? JSONDecoder().decode(Manifest.self, from: data) {
                if decoded.root == site.root.absoluteString {
                    for entry in decoded.pages { manifest[entry.path] = entry }
                } else {
                    diagnostics.append(.init(subject: Manifest.fileName, severity: .note,
                                             message: "manifest is for \(decoded.root); starting a new one"))
                }
            } else {
                diagnostics.append(.init(subject: Manifest.fileName, severity: .warning,
                                         message: "manifest unreadable; every page will be downloaded again"))
            }
        }
        if let data = output.readMetadata(name: LinkCache.fileName), let read = LinkCache.read(from: data) {
            linkCache = read
        }
        guard let data = output.readMetadata(name: Scraper.journalName) else { return }
        let lines = data.split(separator: 0x0A)
        let header = lines.first.flatMap { try? JSONDecoder().decode(JournalHeader.self, from: Data($0)) }
        guard options.resume, let header, header.start == options.start.absoluteString,
              header.sections == site.sections.map({ $0.joined(separator: "/") })
        else {
            diagnostics.append(.init(subject: Scraper.journalName, severity: .note,
                                     message: "an earlier crawl's journal does not match this one; starting over"))
            return
        }
        for line in lines.dropFirst() {
            // A line cut short by an interruption fails to decode and is ignored.
            guard let record = try? JSONDecoder().decode(JournalRecord.self, from: Data(line)) else { continue }
            journalled[record.entry.path] = record
            manifest[record.entry.path] = record.entry
        }
    }

    private mutating func openJournal() throws {
        let path = try output.metadataPath(name: Scraper.journalName)
        let resuming = !journalled.isEmpty
        let flags = O_WRONLY | O_CREAT | O_NOFOLLOW | (resuming ? O_APPEND : O_TRUNC)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw ScrapeError("\(path): cannot open the journal (\(String(cString: strerror(errno))))") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        if resuming {
            // Make sure a record cut short by the interruption does not glue onto the next one.
            try handle.write(contentsOf: Data([0x0A]))
        } else {
            let header = JournalHeader(journal: 1, start: options.start.absoluteString,
                                       sections: site.sections.map { $0.joined(separator: "/") })
            try handle.write(contentsOf: encodeLine(header))
        }
        journal = handle
    }

    private mutating func flushJournal() {
        guard !pendingJournal.isEmpty, let journal else { return }
        do {
            try journal.write(contentsOf: pendingJournal)
        } catch {
            diagnostics.append(.init(subject: Scraper.journalName, severity: .warning, message: "cannot append: \(error)"))
        }
        pendingJournal.removeAll(keepingCapacity: true)
    }

    private func encodeLine(_ value: some Encodable) throws -> Data {
        var data = try lineEncoder.encode(value)
        data.append(0x0A)
        return data
    }

    /// Writes the manifest (and, with `links`, the link cache) atomically.
    private mutating func saveSnapshot(links: Bool) {
        do {
            if manifestChanged || !output.hasMetadata(name: Manifest.fileName) {
                let snapshot = Manifest(root: site.root.absoluteString, pages: Array(manifest.values))
                try output.writeMetadata(try snapshot.jsonData(), name: Manifest.fileName)
                manifestChanged = false
            }
            if links && linksChanged {
                try output.writeMetadata(try linkCache.jsonData(), name: LinkCache.fileName)
                linksChanged = false
            }
        } catch {
            diagnostics.append(.init(subject: Manifest.fileName, severity: .error, message: "cannot write: \(error)"))
        }
    }

    // MARK: The crawl

    mutating func run(progress: (@Sendable (ScrapeProgress) -> Void)?) async throws -> ScrapeReport {
        try openJournal()
        let site = self.site
        let fetcher: HTTPFetcher
        do {
            fetcher = try HTTPFetcher(
                maxBytes: options.maxPageBytes, maxRedirects: options.maxRedirects, timeout: options.timeout,
                maxConnections: options.concurrency,
                redirectAllowed: { url in
                    switch site.pagePath(for: url) {
                    case .success: nil
                    case .failure(let rejection): rejection.description
                    }
                }
            )
        } catch {
            throw ScrapeError("cannot start the HTTP client: \(error)")
        }
        defer { fetcher.invalidate() }
        let limiter = RateLimiter(perSecond: options.requestsPerSecond)
        let worker = PageWorker(options: options, site: site, output: output, fetcher: fetcher, limiter: limiter, manifest: manifest)

        enqueue(startPath, from: nil)
        var lastProgress = ContinuousClock.now
        var lastSnapshot = ContinuousClock.now
        var cancelled = false

        await withTaskGroup(of: Outcome.self) { group in
            var inFlight = 0
            while true {
                if !cancelled && Task.isCancelled { cancelled = true }
                while !cancelled, inFlight < max(1, options.concurrency), let job = nextJob() {
                    let record = job.path.flatMap { journalled[$0] }
                    let cached = job.path.flatMap { linkCache.pages[$0] }
                    let cachedTOC = job.path == nil ? linkCache.tocs[job.url.absoluteString] : nil
                    group.addTask {
                        await worker.process(job, journalled: record, cachedLinks: cached, cachedTOC: cachedTOC)
                    }
                    inFlight += 1
                }
                guard inFlight > 0, let outcome = await group.next() else { break }
                inFlight -= 1
                handle(outcome)
                // The journal has every finished page already; the manifest is refreshed now and then so that
                // it is current even if the journal is lost.
                if ContinuousClock.now - lastSnapshot > .seconds(10) {
                    lastSnapshot = .now
                    saveSnapshot(links: false)
                }
                if let progress, ContinuousClock.now - lastProgress > .milliseconds(100) {
                    lastProgress = .now
                    counters.pending = queue.count - queueIndex + inFlight
                    progress(counters)
                }
            }
        }
        counters.pending = queue.count - queueIndex
        progress?(counters)
        flushJournal()
        try? journal?.close()
        journal = nil
        if cancelled || Task.isCancelled {
            saveSnapshot(links: true)
            throw CancellationError()
        }
        finish()
        saveSnapshot(links: true)
        try? FileManager.default.removeItem(atPath: try output.metadataPath(name: Scraper.journalName))
        report.diagnostics = diagnostics.sorted()
        report.downloaded.sort()
        report.unchanged.sort()
        report.resumed.sort()
        report.failed.sort()
        return report
    }

    private mutating func enqueue(_ path: String, from page: String?) {
        guard seen.count < options.maxPages else {
            if seen.count == options.maxPages {
                diagnostics.append(.init(subject: path, severity: .warning, message: "page limit (\(options.maxPages)) reached; not followed"))
            }
            return
        }
        guard path == startPath || site.inSections(path) else { return }
        if seen.insert(path).inserted {
            queue.append(path)
            if let page { referrer[path] = page }
        }
    }

    private var pendingTOC: [URL] = []

    private mutating func nextJob() -> Job? {
        if let toc = pendingTOC.popLast() { return Job(path: nil, url: toc, referrer: nil) }
        guard queueIndex < queue.count else { return nil }
        let path = queue[queueIndex]
        queueIndex += 1
        guard let url = site.url(forPage: path) else {
            diagnostics.append(.init(subject: path, severity: .warning, message: "cannot form a URL"))
            return nextJob()
        }
        return Job(path: path, url: url, referrer: referrer[path])
    }

    private mutating func handle(_ outcome: Outcome) {
        diagnostics.append(contentsOf: outcome.diagnostics)
        report.requests += outcome.requests
        report.bytes += outcome.bytes
        counters.bytes += outcome.bytes
        if outcome.isTOC {
            if let toc = outcome.toc, linkCache.tocs[outcome.path] != toc {
                linkCache.tocs[outcome.path] = toc
                linksChanged = true
            }
            for link in outcome.links where !seen.contains(link) { enqueue(link, from: nil) }
            return
        }
        counters.done += 1
        let path = outcome.path
        switch outcome.result {
        case .downloaded: report.downloaded.append(path); counters.downloaded += 1
        case .unchanged: report.unchanged.append(path); counters.unchanged += 1
        case .resumed: report.resumed.append(path); counters.resumed += 1
        case .failed(let transient, let isGone):
            report.failed.append(path)
            counters.failed += 1
            if transient { transientFailures.insert(path) }
            if isGone { gone.insert(path) }
        }
        if let entry = outcome.entry {
            finished.insert(entry.path)
            if entry.path != path { finished.insert(path) }
            manifest[entry.path] = entry
            // Links taken from the link cache are in it already.
            if !outcome.linksFromCache {
                let item = LinkCache.Item(sha256: entry.sha256, links: outcome.links, toc: outcome.tocs)
                if linkCache.pages[entry.path] != item {
                    linkCache.pages[entry.path] = item
                    linksChanged = true
                }
            }
            let entryChanged = manifestBefore[entry.path] != entry
            if entryChanged { manifestChanged = true }
            switch outcome.result {
            case .resumed:
                break
            case .unchanged where !entryChanged:
                // Confirmed unchanged, and the manifest on disk says so already: nothing to journal. After an
                // interruption the page is asked for again, which costs a conditional request (a 304), no body.
                break
            default:
                guard journal != nil else { break }
                // Links of an unchanged page are in the link cache already.
                let unchanged: Bool = if case .unchanged = outcome.result { true } else { false }
                let record = JournalRecord(entry: entry, links: unchanged ? nil : outcome.links,
                                           toc: unchanged ? nil : outcome.tocs)
                do {
                    // A downloaded page's record is written at once (its body must never be fetched again);
                    // records of unchanged pages are batched (losing one costs only a conditional request).
                    pendingJournal.append(try encodeLine(record))
                    if !unchanged || pendingJournal.count >= 64 * 1024 { flushJournal() }
                } catch {
                    diagnostics.append(.init(subject: Scraper.journalName, severity: .warning, message: "cannot append: \(error)"))
                }
            }
            seen.insert(entry.path)
        }
        // Most links name pages already seen (every page links its neighbours): checked here, before the call.
        let from = outcome.entry?.path ?? path
        for link in outcome.links where !seen.contains(link) { enqueue(link, from: from) }
        for toc in outcome.tocs where seenTOC.insert(toc).inserted {
            if let url = URL(string: toc) { pendingTOC.append(url) }
        }
    }

    /// After a complete crawl: report (and with `prune`, remove) pages the manifest lists but the crawl did not keep.
    private mutating func finish() {
        let stale = manifest.keys.filter { path in
            !finished.contains(path) && (path == startPath || site.inSections(path)) && !transientFailures.contains(path)
        }.sorted()
        for path in stale {
            if options.prune {
                try? output.remove(path)
                manifest[path] = nil
                manifestChanged = true
                linkCache.pages[path] = nil
                linksChanged = true
                report.pruned.append(path)
            } else {
                report.notReached.append(path)
            }
        }
        for path in linkCache.pages.keys where manifest[path] == nil {
            linkCache.pages[path] = nil
            linksChanged = true
        }
        for url in linkCache.tocs.keys where !seenTOC.contains(url) {
            linkCache.tocs[url] = nil
            linksChanged = true
        }
    }
}

/// One unit of work: a page or the table of contents.
private struct Job: Sendable {
    /// The page path; `nil` for the table of contents.
    var path: String?
    var url: URL
    var referrer: String?
}

/// What processing a job gave.
private struct Outcome: Sendable {
    enum Result: Sendable {
        case downloaded, unchanged, resumed
        case failed(transient: Bool, gone: Bool)
    }

    var path: String
    var isTOC = false
    var result: Result
    var entry: Manifest.Entry?
    /// Page paths linked from the page (sorted).
    var links: [String] = []
    /// Table-of-contents scripts the page names, as absolute URLs (kept as text: nearly every page names the same
    /// one, and only a new one is turned into a `URL`).
    var tocs: [String] = []
    /// Whether ``links`` and ``tocs`` came from the link cache (so it needs no update).
    var linksFromCache = false
    /// For a table of contents: what to cache.
    var toc: LinkCache.TableOfContents?
    var diagnostics: [ScrapeDiagnostic] = []
    var requests = 0
    var bytes = 0
}

/// Fetches, checks, stores and reads one page; runs in child tasks.
private struct PageWorker: Sendable {
    let options: ScrapeOptions
    let site: SiteMap
    let output: OutputDirectory
    let fetcher: HTTPFetcher
    let limiter: RateLimiter
    /// What was stored when the crawl started.
    let manifest: [String: Manifest.Entry]

    /// Validators for a URL whose page is stored (and still has the recorded size).
    private func validators(for url: URL) -> [String: String] {
        guard case .success(let path) = site.pagePath(for: url) else { return [:] }
        return validators(forPath: path)
    }

    private func validators(forPath path: String?) -> [String: String] {
        guard let path, let entry = manifest[path], output.size(of: path) == entry.size else { return [:] }
        return Self.conditionalHeaders(etag: entry.etag, lastModified: entry.lastModified)
    }

    /// The headers that ask for a body only when it changed. If-None-Match wins over If-Modified-Since
    /// (RFC 9110 §13.2.2), so the date is sent only without an ETag.
    static func conditionalHeaders(etag: String?, lastModified: String?) -> [String: String] {
        if let etag { return ["If-None-Match": etag] }
        if let lastModified { return ["If-Modified-Since": lastModified] }
        return [:]
    }

    func process(_ job: Job, journalled: JournalRecord?, cachedLinks: LinkCache.Item?, cachedTOC: LinkCache.TableOfContents?) async -> Outcome {
        guard let path = job.path else { return await processTOC(job, cached: cachedTOC) }
        let subject = path
        let from = job.referrer.map { " (linked from \($0))" } ?? ""

        // Finished before an interruption: trust what is on disk.
        if let journalled, output.size(of: path) == journalled.entry.size {
            var outcome = Outcome(path: path, result: .resumed, entry: journalled.entry)
            if let links = journalled.links {
                outcome.links = links
                outcome.tocs = journalled.toc ?? []
            } else if let cachedLinks, cachedLinks.sha256 == journalled.entry.sha256, let toc = cachedLinks.toc {
                outcome.links = cachedLinks.links
                outcome.tocs = toc
                outcome.linksFromCache = true
            } else if let data = output.read(path) {
                collectLinks(from: data, pageURL: job.url, into: &outcome)
            }
            return outcome
        }

        let request = FetchRequest(url: job.url, headers: ["User-Agent": options.userAgent])

        var outcome = Outcome(path: path, result: .failed(transient: false, gone: false))
        // The first URL is the page's own (its path is known); a redirect target's path is worked out from its URL.
        let validators: @Sendable (URL) -> [String: String] = { [self] url in
            url == job.url ? self.validators(forPath: path) : self.validators(for: url)
        }
        let response: FetchResponse
        switch await fetchWithRetries(request, expectHTML: true, validators: validators, outcome: &outcome) {
        case .success(let value): response = value
        case .failure(let failure):
            outcome.result = .failed(transient: failure.retryable, gone: false)
            outcome.diagnostics.append(.init(subject: subject, severity: .warning, message: "\(failure)\(from)"))
            return outcome
        }

        // Where the page really is (after redirects).
        let storedPath: String
        switch response.finalURL == job.url ? .success(path) : site.pagePath(for: response.finalURL) {
        case .success(let finalPath): storedPath = finalPath
        case .failure(let rejection):
            outcome.diagnostics.append(.init(subject: subject, severity: .warning, message: "ended at \(response.finalURL.absoluteString): \(rejection)"))
            return outcome
        }
        let known = manifest[storedPath]

        switch response.status {
        case 304:
            guard response.conditional, let known else {
                outcome.diagnostics.append(.init(subject: subject, severity: .warning, message: "HTTP 304 to a request without validators\(from)"))
                return outcome
            }
            var entry = known
            if let etag = response.headers["etag"] { entry.etag = etag }
            if let modified = response.headers["last-modified"] { entry.lastModified = modified }
            outcome.path = storedPath
            outcome.result = .unchanged
            outcome.entry = entry
            if let cachedLinks = storedPath == path ? cachedLinks : nil, cachedLinks.sha256 == known.sha256, let toc = cachedLinks.toc {
                outcome.links = cachedLinks.links
                outcome.tocs = toc
                outcome.linksFromCache = true
            } else if let data = output.read(storedPath) {
                collectLinks(from: data, pageURL: response.finalURL, into: &outcome)
            }
            return outcome
        case 200:
            break
        case 404, 410:
            outcome.result = .failed(transient: false, gone: true)
            outcome.diagnostics.append(.init(subject: subject, severity: .warning, message: "HTTP \(response.status)\(from)"))
            return outcome
        default:
            outcome.result = .failed(transient: response.status >= 500 || response.status == 429, gone: false)
            let what = (300..<400).contains(response.status) ? "HTTP \(response.status) redirect not followed" : "HTTP \(response.status)"
            outcome.diagnostics.append(.init(subject: subject, severity: .warning, message: "\(what)\(from)"))
            return outcome
        }

        let body = response.body
        if !Self.looksLikeHTML(body) {
            outcome.diagnostics.append(.init(subject: subject, severity: .warning, message: "not an HTML page, rejected"))
            return outcome
        }
        let sha = SHA256.hex(body)
        let unchangedOnDisk = known?.sha256 == sha && output.size(of: storedPath) == body.count
        if !unchangedOnDisk {
            do {
                try output.write(body, to: storedPath)
            } catch {
                outcome.diagnostics.append(.init(subject: storedPath, severity: .error, message: "not stored: \(error)"))
                return outcome
            }
        }
        outcome.path = storedPath
        outcome.result = .downloaded
        outcome.entry = Manifest.Entry(
            path: storedPath, url: site.url(forPage: storedPath)?.absoluteString ?? response.finalURL.absoluteString,
            etag: response.headers["etag"], lastModified: response.headers["last-modified"], sha256: sha, size: body.count
        )
        collectLinks(from: body, pageURL: response.finalURL, into: &outcome)
        return outcome
    }

    /// Fetches a table of contents, conditionally when it is cached: an unchanged one (304) gives the cached page paths.
    private func processTOC(_ job: Job, cached: LinkCache.TableOfContents?) async -> Outcome {
        var outcome = Outcome(path: job.url.absoluteString, isTOC: true, result: .failed(transient: false, gone: false))
        let request = FetchRequest(url: job.url, headers: ["User-Agent": options.userAgent])
        let conditional = Self.conditionalHeaders(etag: cached?.etag, lastModified: cached?.lastModified)
        let validators: @Sendable (URL) -> [String: String] = { [conditional] url in url == job.url ? conditional : [:] }
        switch await fetchWithRetries(request, expectHTML: false, validators: validators, outcome: &outcome) {
        case .failure(let failure):
            outcome.diagnostics.append(.init(subject: job.url.absoluteString, severity: .note, message: "table of contents: \(failure)"))
        case .success(let response) where response.status == 304 && response.conditional && response.finalURL == job.url:
            guard var toc = cached else { break }
            if let etag = response.headers["etag"] { toc.etag = etag }
            if let modified = response.headers["last-modified"] { toc.lastModified = modified }
            outcome.links = toc.links
            outcome.toc = toc
        case .success(let response) where response.status == 200:
            var links = Set<String>()
            for href in LinkExtractor.links(inTableOfContents: response.body) {
                if case .success(let path) = site.pagePath(forLink: href, base: site.root) { links.insert(path) }
            }
            outcome.links = links.sorted()
            // Cached only when it came from the URL asked for and the server gave validators to ask with next time.
            if response.finalURL == job.url, response.headers["etag"] != nil || response.headers["last-modified"] != nil {
                outcome.toc = .init(etag: response.headers["etag"], lastModified: response.headers["last-modified"], links: outcome.links)
            }
        case .success(let response):
            outcome.diagnostics.append(.init(subject: job.url.absoluteString, severity: .note, message: "table of contents: HTTP \(response.status)"))
        }
        return outcome
    }

    private func collectLinks(from data: Data, pageURL: URL, into outcome: inout Outcome) {
        let found = LinkExtractor.links(inPage: data)
        let base = found.base.flatMap { URL(string: $0, relativeTo: pageURL)?.absoluteURL } ?? pageURL
        var links = Set<String>()
        var unsafe = Set<String>()
        for href in found.hrefs {
            switch site.pagePath(forLink: href, base: base) {
            case .success(let path): links.insert(path)
            case .failure(.unsafe(let why)): unsafe.insert("skipped \(why): \(href)")
            case .failure: break
            }
        }
        outcome.links = links.sorted()
        for message in unsafe.sorted() {
            outcome.diagnostics.append(.init(subject: outcome.path, severity: .warning, message: message))
        }
        for src in found.tocScripts {
            if let url = URL(string: src, relativeTo: base)?.absoluteURL, url.host?.lowercased() == site.root.host?.lowercased(),
               url.port == site.root.port, url.scheme == site.root.scheme {
                outcome.tocs.append(url.absoluteString)
            }
        }
    }

    /// Fetches with bounded retries (network errors, timeouts, 5xx, 429), waiting for the rate limiter before each attempt.
    ///
    /// - Parameter validators: the conditional headers for a URL (the first one or where a redirect leads).
    private func fetchWithRetries(
        _ request: FetchRequest, expectHTML: Bool, validators lookup: @escaping @Sendable (URL) -> [String: String], outcome: inout Outcome
    ) async -> Result<FetchResponse, FetchFailure> {
        var attempt = 0
        var last: FetchFailure = .transport("not attempted")
        while attempt < max(1, options.maxAttempts) {
            if attempt > 0 {
                let delay = options.retryBackoff * pow(2, Double(attempt - 1))
                try? await Task.sleep(for: .seconds(delay))
            }
            attempt += 1
            if Task.isCancelled { return .failure(.transport("cancelled")) }
            // Without a rate limit there is nothing to wait for (and no hop to the limiter's actor per request).
            if options.requestsPerSecond > 0 { await limiter.wait() }
            outcome.requests += 1
            do {
                let response = try await fetcher.fetch(request, expectHTML: expectHTML, validators: lookup)
                outcome.bytes += response.body.count
                if (response.status >= 500 || response.status == 429) && attempt < options.maxAttempts { continue }
                return .success(response)
            } catch let failure as FetchFailure {
                last = failure
                if !failure.retryable { return .failure(failure) }
            } catch {
                return .failure(.transport("cancelled"))
            }
        }
        return .failure(last)
    }

    /// A light check on top of `Content-Type`: the body starts (after whitespace and a BOM) with `<`.
    static func looksLikeHTML(_ data: Data) -> Bool {
        for byte in data.prefix(1024) {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF: continue
            case 0x3C: return true
            default: return false
            }
        }
        return false
    }
}

/// Spaces request starts at least `1 / perSecond` apart.
actor RateLimiter {
    private let interval: Duration
    private var next: ContinuousClock.Instant = .now

    init(perSecond: Double) {
        interval = perSecond > 0 ? .nanoseconds(Int64(1_000_000_000 / perSecond)) : .zero
    }

    func wait() async {
        guard interval > .zero else { return }
        let now = ContinuousClock.now
        let slot = max(now, next)
        next = slot + interval
        if slot > now { try? await Task.sleep(until: slot, clock: .continuous) }
    }
}
