import B24DocModel
import Foundation

/// Fetches, checks, stores and reads one page; runs in child tasks. (Fetching with retries is in
/// `PageWorker+Fetch.swift`, the table of contents with it.)
struct PageWorker: Sendable {
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
        // Finished before an interruption: trust what is on disk.
        if let journalled, output.size(of: path) == journalled.entry.size {
            return resumed(path, job: job, journalled: journalled, cachedLinks: cachedLinks)
        }
        let request = FetchRequest(url: job.url, headers: ["User-Agent": options.userAgent])
        var outcome = Outcome(path: path, result: .failed(transient: false, gone: false))
        // The first URL is the page's own (its path is known); a redirect target's path is worked out from its URL.
        let validators: @Sendable (URL) -> [String: String] = { [self] url in
            url == job.url ? self.validators(forPath: path) : self.validators(for: url)
        }
        switch await fetchWithRetries(request, expectHTML: true, validators: validators, outcome: &outcome) {
        case .success(let response):
            handle(response, job: job, path: path, cachedLinks: cachedLinks, into: &outcome)
        case .failure(let failure):
            outcome.result = .failed(transient: failure.retryable, gone: false)
            outcome.diagnostics.append(.init(path: path, line: 0, severity: .warning, message: "\(failure)\(Self.linkedFrom(job))"))
        }
        return outcome
    }

    /// ` (linked from …)`, or nothing for a page found in the table of contents.
    private static func linkedFrom(_ job: Job) -> String {
        job.referrer.map { " (linked from \($0))" } ?? ""
    }

    /// A page finished before an interruption: its links from the journal, the link cache or the stored page.
    private func resumed(_ path: String, job: Job, journalled: JournalRecord, cachedLinks: LinkCache.Item?) -> Outcome {
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

    /// A response to a page's request: unchanged (304), stored (200), or a failure.
    private func handle(_ response: FetchResponse, job: Job, path: String, cachedLinks: LinkCache.Item?, into outcome: inout Outcome) {
        let from = Self.linkedFrom(job)
        // Where the page really is (after redirects).
        let storedPath: String
        switch response.finalURL == job.url ? .success(path) : site.pagePath(for: response.finalURL) {
        case .success(let finalPath): storedPath = finalPath
        case .failure(let rejection):
            outcome.diagnostics.append(.init(path: path, line: 0, severity: .warning, message: "ended at \(response.finalURL.absoluteString): \(rejection)"))
            return
        }
        switch response.status {
        case 304:
            guard response.conditional, let known = manifest[storedPath] else {
                outcome.diagnostics.append(.init(path: path, line: 0, severity: .warning, message: "HTTP 304 to a request without validators\(from)"))
                return
            }
            unchanged(response, known: known, storedPath: storedPath, cachedLinks: storedPath == path ? cachedLinks : nil, into: &outcome)
        case 200:
            store(response, subject: path, storedPath: storedPath, into: &outcome)
        case 404, 410:
            outcome.result = .failed(transient: false, gone: true)
            outcome.diagnostics.append(.init(path: path, line: 0, severity: .warning, message: "HTTP \(response.status)\(from)"))
        default:
            outcome.result = .failed(transient: response.status >= 500 || response.status == 429, gone: false)
            let what = (300..<400).contains(response.status) ? "HTTP \(response.status) redirect not followed" : "HTTP \(response.status)"
            outcome.diagnostics.append(.init(path: path, line: 0, severity: .warning, message: "\(what)\(from)"))
        }
    }

    /// A 304: the stored page stands, with the validators the server sent; its links from the cache or the page.
    private func unchanged(
        _ response: FetchResponse, known: Manifest.Entry, storedPath: String, cachedLinks: LinkCache.Item?, into outcome: inout Outcome
    ) {
        var entry = known
        if let etag = response.headers["etag"] { entry.etag = etag }
        if let modified = response.headers["last-modified"] { entry.lastModified = modified }
        outcome.path = storedPath
        outcome.result = .unchanged
        outcome.entry = entry
        if let cachedLinks, cachedLinks.sha256 == known.sha256, let toc = cachedLinks.toc {
            outcome.links = cachedLinks.links
            outcome.tocs = toc
            outcome.linksFromCache = true
        } else if let data = output.read(storedPath) {
            collectLinks(from: data, pageURL: response.finalURL, into: &outcome)
        }
    }

    /// A 200: the body checked, stored (unless the same bytes are stored already) and read for links.
    private func store(_ response: FetchResponse, subject: String, storedPath: String, into outcome: inout Outcome) {
        let body = response.body
        if !Self.looksLikeHTML(body) {
            outcome.diagnostics.append(.init(path: subject, line: 0, severity: .warning, message: "not an HTML page, rejected"))
            return
        }
        let sha = SHA256.hex(body)
        let unchangedOnDisk = manifest[storedPath]?.sha256 == sha && output.size(of: storedPath) == body.count
        if !unchangedOnDisk {
            do {
                try output.write(body, to: storedPath)
            } catch {
                outcome.diagnostics.append(.init(path: storedPath, line: 0, severity: .error, message: "not stored: \(OutputError.reason(of: error))"))
                return
            }
        }
        outcome.path = storedPath
        outcome.result = .downloaded
        outcome.entry = Manifest.Entry(
            path: storedPath, url: site.url(forPage: storedPath)?.absoluteString ?? response.finalURL.absoluteString,
            etag: response.headers["etag"], lastModified: response.headers["last-modified"], sha256: sha, size: body.count
        )
        collectLinks(from: body, pageURL: response.finalURL, into: &outcome)
    }

    func collectLinks(from data: Data, pageURL: URL, into outcome: inout Outcome) {
        let found = LinkExtractor.links(inPage: data)
        let base = found.base.flatMap { URL(string: $0, relativeTo: pageURL)?.absoluteURL } ?? pageURL
        var links = Set<String>()
        var unsafe = Set<String>()
        for href in found.hrefs {
            switch site.pagePath(forLink: href, base: base) {
            case .success(let path):
                if let problem = output.storageProblem(path) {
                    unsafe.insert(Self.unstorable(href, problem))
                } else {
                    links.insert(path)
                }
            case .failure(.unsafe(let why)): unsafe.insert("skipped \(why): \(href)")
            case .failure: break
            }
        }
        outcome.links = links.sorted()
        for message in unsafe.sorted() {
            outcome.diagnostics.append(.init(path: outcome.path, line: 0, severity: .warning, message: message))
        }
        for src in found.tocScripts {
            if let url = URL(string: src, relativeTo: base)?.absoluteURL, url.host?.lowercased() == site.root.host?.lowercased(),
               url.port == site.root.port, url.scheme == site.root.scheme {
                outcome.tocs.append(url.absoluteString)
            }
        }
    }

    /// Why a link is not followed: the page it names could never be stored (the link shortened to 200 characters).
    static func unstorable(_ href: String, _ problem: String) -> String {
        let shown = href.count > 200 ? href.prefix(200) + "…" : Substring(href)
        return "skipped a link to a page that cannot be stored (\(problem)): \(shown)"
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
