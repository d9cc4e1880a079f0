import Foundation

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
    /// The longest one exchange may take (connecting included).
    public var timeout: Duration
    /// Attempts per page for network errors, timeouts, 5xx and 429.
    public var maxAttempts: Int
    /// The first retry waits this long; each further retry waits twice as long.
    public var retryBackoff: Duration
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
        maxPageBytes: Int = 20 * 1024 * 1024, timeout: Duration = .seconds(30), maxAttempts: Int = 3,
        retryBackoff: Duration = .seconds(1), maxRedirects: Int = 5, maxPages: Int = 20_000,
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
