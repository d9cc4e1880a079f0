import Foundation
import Testing
@testable import B24Scraper

/// The libcurl engine against the loopback site: connection reuse, cancellation, shutdown.
@Suite("HTTP fetcher (libcurl) against a real HTTP server on 127.0.0.1", .serialized)
struct FetcherTests {
    /// Runs `body` with a small site of `count` pages served while it runs.
    static func withSite(
        _ temp: TempRoot, count: Int = 60, faults: TestSite.Faults = [.slow], _ body: (TestSite) async throws -> Void
    ) async throws {
        try TestSite.writeSmallSite(into: temp.site, count: count, padding: 8_000)
        try await TestSite.serving(temp.site, faults: faults, body)
    }

    static func fetcher(timeout: Duration = .seconds(10)) throws -> HTTPFetcher {
        try HTTPFetcher(maxBytes: 1_048_576, maxRedirects: 3, timeout: timeout, maxConnections: 4, redirectAllowed: { _ in nil })
    }

    /// A fetch of the page the site answers after 4 s, under way for 0.2 s.
    static func stalledFetch(_ fetcher: HTTPFetcher, on site: TestSite) async throws -> Task<FetchResponse, any Error> {
        let url = site.baseURL.appending(path: "api-reference/faults/stall.html")
        let task = Task { try await fetcher.fetch(FetchRequest(url: url), expectHTML: true) }
        try await Task.sleep(for: .milliseconds(200))
        return task
    }

    @Test("a crawl keeps its connections open: no more connections than requests in flight, however many pages")
    func connectionsAreReused() async throws {
        let temp = try TempRoot()
        defer { temp.remove() }
        // No faults: a timed-out exchange rightly drops its connection.
        try await Self.withSite(temp, faults: []) { site in
            // A generous timeout: on a loaded machine a timed-out exchange would drop its connection.
            var options = testOptions(site, temp, concurrency: 4)
            options.timeout = .seconds(10)
            let report = try await Scraper(options: options).run()
            #expect(report.downloaded == site.reachablePages, "the crawl reached every page")
            #expect(report.requests > 60)
            #expect(site.connectionsAccepted <= 4, "\(report.requests) requests over \(site.connectionsAccepted) connections")
        }
    }

    @Test("cancelling the task of an exchange ends it at once, not when the server answers")
    func cancellationEndsAnExchange() async throws {
        let temp = try TempRoot()
        defer { temp.remove() }
        try await Self.withSite(temp, count: 4) { site in
            let fetcher = try Self.fetcher()
            defer { fetcher.invalidate() }
            let clock = ContinuousClock()
            let began = clock.now
            let task = try await Self.stalledFetch(fetcher, on: site)
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(clock.now - began < .seconds(2), "ended by the cancellation, not by the 4 s answer")
            // The fetcher goes on working.
            let page = site.reachablePages.first { !$0.hasPrefix("api-reference/faults/") }!
            let response = try await fetcher.fetch(FetchRequest(url: site.baseURL.appending(path: page)), expectHTML: true)
            #expect(response.status == 200)
            #expect(response.body == site.bytes(of: page))
        }
    }

    @Test("invalidate() ends the exchanges in flight and refuses new ones")
    func invalidateEndsEverything() async throws {
        let temp = try TempRoot()
        defer { temp.remove() }
        try await Self.withSite(temp, count: 4) { site in
            let fetcher = try Self.fetcher()
            let clock = ContinuousClock()
            let began = clock.now
            let inFlight = try await Self.stalledFetch(fetcher, on: site)
            fetcher.invalidate()
            await #expect(throws: CancellationError.self) { try await inFlight.value }
            #expect(clock.now - began < .seconds(2))
            await #expect(throws: CancellationError.self) {
                try await fetcher.fetch(FetchRequest(url: site.baseURL.appending(path: "api-reference/index.html")), expectHTML: true)
            }
            fetcher.invalidate()  // a second call is harmless
        }
    }

    @Test("a body over the limit (announced or not), a wrong type, a timeout and a redirect loop are failures of their own")
    func boundsAreFailures() async throws {
        let temp = try TempRoot()
        defer { temp.remove() }
        try await Self.withSite(temp, count: 4, faults: [.quick, .slow]) { site in
            // The short timeout only for the stalled page: the others must fail for their own reason even on a loaded machine.
            let fetcher = try Self.fetcher()
            let impatient = try Self.fetcher(timeout: .milliseconds(500))
            defer { fetcher.invalidate(); impatient.invalidate() }
            func failure(_ path: String) async -> FetchFailure? {
                do {
                    let chosen = path.hasSuffix("stall.html") ? impatient : fetcher
                    _ = try await chosen.fetch(FetchRequest(url: site.baseURL.appending(path: path)), expectHTML: true)
                    return nil
                } catch {
                    return error as? FetchFailure
                }
            }
            #expect(await failure("api-reference/faults/huge.html") == .tooLarge(limit: 1_048_576))
            #expect(await failure("api-reference/faults/huge-chunked.html") == .tooLarge(limit: 1_048_576))
            #expect(await failure("api-reference/faults/image.html") == .notHTML(contentType: "image/png"))
            #expect(await failure("api-reference/faults/stall.html") == .timedOut(after: .milliseconds(500)))
            #expect(await failure("api-reference/faults/loop-a.html") == .redirectRefused("more than 3 redirects"))
        }
    }

    @Test("a timeout becomes whole milliseconds for libcurl, clamped, whatever the Duration")
    func timeoutInMilliseconds() {
        #expect(CurlEngine.milliseconds(.milliseconds(500)) == 500)
        #expect(CurlEngine.milliseconds(.seconds(30)) == 30_000)
        #expect(CurlEngine.milliseconds(.microseconds(10)) == 1, "never 0 (no timeout at all)")
        #expect(CurlEngine.milliseconds(.zero) == 1)
        #expect(CurlEngine.milliseconds(.seconds(-5)) == 1)
        #expect(CurlEngine.milliseconds(.seconds(Int64.max)) == Int(Int32.max), "no trap on a huge timeout")
    }

    @Test("header lines a server makes up cannot crash or confuse the fetcher")
    func hostileHeaderLines() async throws {
        let body = Data("<html><body>ok</body></html>".utf8)
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/overflow.html":
                // A line that starts like a status line, with a number far beyond Int.
                return .init(status: 200, headers: [("Content-Type", "text/html"), ("HTTP/1.1 99999999999999999999999", "x"), ("ETag", "\"e1\"")], body: .data(body))
            default:
                return .init(status: 404)
            }
        }
        server.start()
        defer { server.stop() }
        let fetcher = try Self.fetcher()
        defer { fetcher.invalidate() }
        let response = try await fetcher.fetch(FetchRequest(url: URL(string: "http://127.0.0.1:\(server.port)/overflow.html")!), expectHTML: true)
        #expect(response.body == body)
        #expect(response.headers["etag"] == "\"e1\"")
        #expect(response.headers["content-type"] == "text/html", "a header line is not taken for a new response")
        #expect(response.headers["http/1.1 99999999999999999999999"] == "x")
    }
}
