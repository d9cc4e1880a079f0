import B24DocModel
import Foundation

/// The state of one crawl, owned by the task that runs it: the queue, what was seen and finished, the manifest
/// and link cache as they change, the report. Its state on disk is in `Crawl+State.swift`, what it does with a
/// finished job in `Crawl+Outcome.swift`; the jobs themselves run in ``PageWorker``.
struct Crawl {
    let options: ScrapeOptions
    let site: SiteMap
    let output: OutputDirectory
    let startPath: String

    var manifest: [String: Manifest.Entry] = [:]
    var linkCache = LinkCache()
    /// Pages finished in this crawl before an interruption.
    var journalled: [String: JournalRecord] = [:]
    /// The journal this crawl created and appends to; `nil` when it could not be created.
    var journal: AppendableFile?
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
    var pendingTOC: [URL] = []
    var finished: Set<String> = []
    var transientFailures: Set<String> = []
    var gone: Set<String> = []

    /// The manifest as loaded, and whether the crawl changed it or the link cache (unchanged files are not rewritten).
    var manifestBefore: [String: Manifest.Entry] = [:]
    var manifestChanged = false
    var linksChanged = false

    var report = ScrapeReport()
    var counters = ScrapeProgress()
    var diagnostics: [Diagnostic] = []

    init(options: ScrapeOptions, site: SiteMap, output: OutputDirectory, startPath: String) throws {
        self.options = options
        self.site = site
        self.output = output
        self.startPath = startPath
        loadState()
        manifestBefore = manifest
    }

    // MARK: The crawl

    mutating func run(progress: (@Sendable (ScrapeProgress) -> Void)?) async throws -> ScrapeReport {
        openJournal()
        let fetcher = try makeFetcher()
        defer { fetcher.invalidate() }
        let limiter = RateLimiter(perSecond: options.requestsPerSecond)
        let worker = PageWorker(options: options, site: site, output: output, fetcher: fetcher, limiter: limiter, manifest: manifest)

        enqueue(startPath, from: nil)
        let cancelled = await crawl(with: worker, progress: progress)
        counters.pending = queue.count - queueIndex
        progress?(counters)
        flushJournal()
        if cancelled || Task.isCancelled {
            closeJournal()
            saveSnapshot(links: true)
            throw CancellationError()
        }
        finish()
        saveSnapshot(links: true)
        removeJournal()
        // A file that cannot be written is reported once, however often it was tried.
        report.diagnostics = Set(diagnostics).sorted()
        report.downloaded.sort()
        report.unchanged.sort()
        report.resumed.sort()
        report.failed.sort()
        return report
    }

    /// The HTTP client, with redirects allowed only to pages of the site.
    private func makeFetcher() throws -> HTTPFetcher {
        let site = self.site
        do {
            return try HTTPFetcher(
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
    }

    /// Runs jobs, `concurrency` at a time, until the queue is empty or the task is cancelled; returns whether it was.
    private mutating func crawl(with worker: PageWorker, progress: (@Sendable (ScrapeProgress) -> Void)?) async -> Bool {
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
        return cancelled
    }

    mutating func enqueue(_ path: String, from page: String?) {
        guard seen.count < options.maxPages else {
            if seen.count == options.maxPages {
                diagnostics.append(.init(path: path, line: 0, severity: .warning, message: "page limit (\(options.maxPages)) reached; not followed"))
            }
            return
        }
        guard path == startPath || site.inSections(path) else { return }
        if seen.insert(path).inserted {
            queue.append(path)
            if let page { referrer[path] = page }
        }
    }

    private mutating func nextJob() -> Job? {
        if let toc = pendingTOC.popLast() { return Job(path: nil, url: toc, referrer: nil) }
        guard queueIndex < queue.count else { return nil }
        let path = queue[queueIndex]
        queueIndex += 1
        guard let url = site.url(forPage: path) else {
            diagnostics.append(.init(path: path, line: 0, severity: .warning, message: "cannot form a URL"))
            return nextJob()
        }
        return Job(path: path, url: url, referrer: referrer[path])
    }
}

/// One unit of work: a page or the table of contents.
struct Job: Sendable {
    /// The page path; `nil` for the table of contents.
    var path: String?
    var url: URL
    var referrer: String?
}

/// What processing a job gave.
struct Outcome: Sendable {
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
    var diagnostics: [Diagnostic] = []
    var requests = 0
    var bytes = 0
}
