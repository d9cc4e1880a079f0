import CCurl
import Foundation

/// One GET the scraper sends.
struct FetchRequest: Sendable {
    var url: URL
    /// Extra request headers (`User-Agent`, …); the conditional ones come from the validators.
    var headers: [String: String] = [:]
}

/// What one HTTP exchange ended with.
struct FetchResponse: Sendable {
    var status: Int
    /// Header values by lowercased name.
    var headers: [String: String]
    var body: Data
    /// Where the last redirect (if any) led.
    var finalURL: URL
    /// Whether the request that got this response carried validators (`If-None-Match` / `If-Modified-Since`).
    var conditional = false
}

/// Why an exchange produced no usable response.
enum FetchFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case tooLarge(limit: Int)
    case notHTML(contentType: String)
    case redirectRefused(String)
    case timedOut(after: Duration)
    case transport(String)

    var retryable: Bool {
        switch self {
        case .timedOut, .transport: true
        case .tooLarge, .notHTML, .redirectRefused: false
        }
    }

    var description: String {
        switch self {
        case .tooLarge(let limit): "response larger than \(limit) bytes, rejected"
        case .notHTML(let type): "not an HTML page (Content-Type: \(type.isEmpty ? "none" : type)), rejected"
        case .redirectRefused(let why): "redirect refused: \(why)"
        case .timedOut(let timeout): "timed out after \(timeout)"
        case .transport(let what): "network error: \(what)"
        }
    }
}

/// Fetches over HTTP(S) with libcurl and bounds what a server can do: the body size (checked against
/// `Content-Length` and while receiving), the content type, the time of an exchange, and redirects (libcurl follows
/// none; ``fetch(_:expectHTML:validators:)`` follows a bounded number, each checked by `redirectAllowed`).
///
/// One thread drives a libcurl multi handle for all exchanges: connections are kept alive and reused, and an
/// exchange costs one wake-up of that thread and one continuation. (`URLSession` on Linux spent several thread
/// hops, an easy handle set up from scratch and a dispatch source per request: most of a refresh's time when every
/// page answers 304.) Call ``invalidate()`` when done.
final class HTTPFetcher: Sendable {
    private let engine: CurlEngine
    private let maxRedirects: Int
    private let redirectAllowed: @Sendable (URL) -> String?

    /// - Parameters:
    ///   - maxConnections: connections kept open to the site at most (the crawl's concurrency).
    ///   - redirectAllowed: returns `nil` when a redirect to the URL may be followed, else why not.
    init(
        maxBytes: Int, maxRedirects: Int, timeout: Duration, maxConnections: Int = 8,
        redirectAllowed: @escaping @Sendable (URL) -> String?
    ) throws(FetchFailure) {
        engine = try CurlEngine(maxBytes: maxBytes, timeout: timeout, maxConnections: maxConnections)
        self.maxRedirects = maxRedirects
        self.redirectAllowed = redirectAllowed
    }

    deinit { engine.stop() }

    /// Ends the thread and the connections; exchanges still running end with `CancellationError`.
    func invalidate() { engine.stop() }

    /// Performs `request`, following at most `maxRedirects` redirects, each only where `redirectAllowed` agrees.
    /// Throws ``FetchFailure`` or `CancellationError`.
    ///
    /// - Parameter validators: the conditional headers for a URL (what is stored for it), applied to the
    ///   first request and to each redirected one.
    func fetch(
        _ request: FetchRequest, expectHTML: Bool, validators: @Sendable (URL) -> [String: String] = { _ in [:] }
    ) async throws -> FetchResponse {
        var current = request
        var hops = 0
        while true {
            let conditional = validators(current.url)
            var headers = current.headers
            for (name, value) in conditional { headers[name] = value }
            var response = try await engine.exchange(url: current.url, headers: headers, expectHTML: expectHTML)
            response.conditional = !conditional.isEmpty
            guard [301, 302, 303, 307, 308].contains(response.status), let location = response.headers["location"] else {
                return response
            }
            guard let target = URL(string: location, relativeTo: current.url)?.absoluteURL else {
                throw FetchFailure.redirectRefused("unusable Location \(location)")
            }
            hops += 1
            if hops > maxRedirects { throw FetchFailure.redirectRefused("more than \(maxRedirects) redirects") }
            if let why = redirectAllowed(target) { throw FetchFailure.redirectRefused("to \(target.absoluteString) (\(why))") }
            // The validators of the URL redirected from do not apply to the target: they are looked up for it anew.
            current.url = target
        }
    }
}
