import B24DocModel
import Foundation

extension PageWorker {
    /// Fetches a table of contents, conditionally when it is cached: an unchanged one (304) gives the cached page paths.
    func processTOC(_ job: Job, cached: LinkCache.TableOfContents?) async -> Outcome {
        var outcome = Outcome(path: job.url.absoluteString, isTOC: true, result: .failed(transient: false, gone: false))
        let request = FetchRequest(url: job.url, headers: ["User-Agent": options.userAgent])
        let conditional = Self.conditionalHeaders(etag: cached?.etag, lastModified: cached?.lastModified)
        let validators: @Sendable (URL) -> [String: String] = { [conditional] url in url == job.url ? conditional : [:] }
        switch await fetchWithRetries(request, expectHTML: false, validators: validators, outcome: &outcome) {
        case .failure(let failure):
            outcome.diagnostics.append(.init(path: job.url.absoluteString, line: 0, severity: .note, message: "table of contents: \(failure)"))
        case .success(let response) where response.status == 304 && response.conditional && response.finalURL == job.url:
            guard var toc = cached else { break }
            if let etag = response.headers["etag"] { toc.etag = etag }
            if let modified = response.headers["last-modified"] { toc.lastModified = modified }
            outcome.links = toc.links
            outcome.toc = toc
        case .success(let response) where response.status == 200:
            var links = Set<String>()
            for href in LinkExtractor.links(inTableOfContents: response.body) {
                guard case .success(let path) = site.pagePath(forLink: href, base: site.root) else { continue }
                if let problem = output.storageProblem(path) {
                    outcome.diagnostics.append(.init(path: job.url.absoluteString, line: 0, severity: .warning,
                                                     message: Self.unstorable(href, problem)))
                } else {
                    links.insert(path)
                }
            }
            outcome.links = links.sorted()
            // Cached only when it came from the URL asked for and the server gave validators to ask with next time.
            if response.finalURL == job.url, response.headers["etag"] != nil || response.headers["last-modified"] != nil {
                outcome.toc = .init(etag: response.headers["etag"], lastModified: response.headers["last-modified"], links: outcome.links)
            }
        case .success(let response):
            outcome.diagnostics.append(.init(path: job.url.absoluteString, line: 0, severity: .note, message: "table of contents: HTTP \(response.status)"))
        }
        return outcome
    }

    /// Fetches with bounded retries (network errors, timeouts, 5xx, 429), waiting for the rate limiter before each attempt.
    ///
    /// - Parameter validators: the conditional headers for a URL (the first one or where a redirect leads).
    func fetchWithRetries(
        _ request: FetchRequest, expectHTML: Bool, validators lookup: @escaping @Sendable (URL) -> [String: String], outcome: inout Outcome
    ) async -> Result<FetchResponse, FetchFailure> {
        var attempt = 0
        var last: FetchFailure = .transport("not attempted")
        while attempt < max(1, options.maxAttempts) {
            if attempt > 0 {
                let delay = options.retryBackoff * (1 << min(attempt - 1, 20))
                try? await Task.sleep(for: delay)
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
}

/// Spaces request starts at least `1 / perSecond` apart (at most a day: a rate near zero must not trap).
actor RateLimiter {
    private let interval: Duration
    private var next: ContinuousClock.Instant = .now

    init(perSecond: Double) {
        interval = perSecond > 0 ? .nanoseconds(Int64(min(1_000_000_000 / perSecond, 86_400e9))) : .zero
    }

    func wait() async {
        guard interval > .zero else { return }
        let now = ContinuousClock.now
        let slot = max(now, next)
        next = slot + interval
        if slot > now { try? await Task.sleep(until: slot, clock: .continuous) }
    }
}
