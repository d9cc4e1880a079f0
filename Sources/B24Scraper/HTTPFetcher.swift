import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
    case timedOut(seconds: Double)
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
        case .timedOut(let seconds): "timed out after \(seconds) s"
        case .transport(let what): "network error: \(what)"
        }
    }
}

/// Fetches through a shared `URLSession` whose delegate bounds what a server can do: the body size (checked
/// against `Content-Length` and while receiving), the content type, and redirects (the delegate stops every
/// automatic redirect; ``fetch(_:expectHTML:)`` follows a bounded number, each checked by `redirectAllowed`).
/// A watchdog bounds the total time of an exchange whatever the platform's timeouts do: one task per fetcher that
/// cancels exchanges past their deadline (a task per exchange cost a task, a timer and a cancellation per request).
final class HTTPFetcher: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private struct TaskState {
        var continuation: CheckedContinuation<FetchResponse, any Error>
        var expectHTML: Bool
        var task: URLSessionTask
        /// When the watchdog cancels the exchange.
        var deadline: ContinuousClock.Instant
        var data = Data()
        var failure: FetchFailure?
    }

    private let lock = NSLock()
    private var states: [ObjectIdentifier: TaskState] = [:]
    private let configuration: URLSessionConfiguration
    private let maxBytes: Int
    private let maxRedirects: Int
    private let timeout: TimeInterval
    private let redirectAllowed: @Sendable (URL) -> String?
    private var watchdog: Task<Void, Never>?

    /// - Parameter redirectAllowed: returns `nil` when a redirect to the URL may be followed, else why not.
    init(maxBytes: Int, maxRedirects: Int, timeout: TimeInterval, redirectAllowed: @escaping @Sendable (URL) -> String?) {
        self.maxBytes = maxBytes
        self.maxRedirects = maxRedirects
        self.timeout = timeout
        self.redirectAllowed = redirectAllowed
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        // Also keeps FoundationNetworking from parsing every header line for cookies.
        configuration.httpCookieAcceptPolicy = .never
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpMaximumConnectionsPerHost = 8
        self.configuration = configuration
        super.init()
    }

    deinit { watchdog?.cancel() }

    /// Starts the watchdog with the first exchange: every quarter of a second it cancels exchanges past their deadline.
    private func startWatchdogIfNeeded() {
        lock.withLock {
            guard watchdog == nil else { return }
            watchdog = Task { [weak self, timeout] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(250))
                    guard let self else { return }
                    let now = ContinuousClock.now
                    let overdue: [URLSessionTask] = self.lock.withLock {
                        var overdue: [URLSessionTask] = []
                        for (id, state) in self.states where state.deadline <= now && state.failure == nil {
                            self.states[id]?.failure = .timedOut(seconds: timeout)
                            overdue.append(state.task)
                        }
                        return overdue
                    }
                    for task in overdue { task.cancel() }
                }
            }
        }
    }

    /// Performs `request`, following at most `maxRedirects` redirects, each only where `redirectAllowed` agrees.
    /// Throws ``FetchFailure`` or `CancellationError`.
    ///
    /// - Parameter validators: the conditional headers for a URL (what is stored for it), applied to the
    ///   first request and to each redirected one.
    func fetch(
        _ request: URLRequest, expectHTML: Bool, validators: @Sendable (URL) -> [String: String] = { _ in [:] }
    ) async throws -> FetchResponse {
        var current = request
        var hops = 0
        while true {
            if hops > 0 {
                // The validators of the URL redirected from do not apply to the target.
                current.setValue(nil, forHTTPHeaderField: "If-None-Match")
                current.setValue(nil, forHTTPHeaderField: "If-Modified-Since")
            }
            let conditional = current.url.map(validators) ?? [:]
            for (name, value) in conditional { current.setValue(value, forHTTPHeaderField: name) }
            var response = try await exchange(current, expectHTML: expectHTML)
            response.conditional = !conditional.isEmpty
            guard [301, 302, 303, 307, 308].contains(response.status), let location = response.headers["location"] else {
                return response
            }
            guard let from = current.url, let target = URL(string: location, relativeTo: from)?.absoluteURL else {
                throw FetchFailure.redirectRefused("unusable Location \(location)")
            }
            hops += 1
            if hops > maxRedirects { throw FetchFailure.redirectRefused("more than \(maxRedirects) redirects") }
            if let why = redirectAllowed(target) { throw FetchFailure.redirectRefused("to \(target.absoluteString) (\(why))") }
            current.url = target
            if response.status == 303 { current.httpMethod = "GET" }
        }
    }

    /// One request and its response, without following redirects.
    private func exchange(_ request: URLRequest, expectHTML: Bool) async throws -> FetchResponse {
        let session = acquireSession()
        var healthy = false
        defer { releaseSession(session, reuse: healthy) }
        let handle = TaskHandle()
        startWatchdogIfNeeded()
        let deadline = ContinuousClock.now + .seconds(timeout + 1)
        let response = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<FetchResponse, any Error>) in
                let task = session.dataTask(with: request)
                lock.withLock {
                    states[ObjectIdentifier(task)] = TaskState(continuation: continuation, expectHTML: expectHTML, task: task, deadline: deadline)
                }
                handle.attach(task)
                task.resume()
            }
        } onCancel: {
            handle.cancel()
        }
        healthy = true
        return response
    }

    // MARK: - Sessions

    // A session runs one exchange at a time: on Linux, FoundationNetworking can crash when one task of a
    // session waits on a redirect decision while another task of the same session streams a chunked body.
    // Idle sessions are kept (with their connections) for the next exchange; one that saw a failure is dropped.
    private var idleSessions: [URLSession] = []

    private func acquireSession() -> URLSession {
        if let session = lock.withLock({ idleSessions.popLast() }) { return session }
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        return URLSession(configuration: configuration, delegate: self, delegateQueue: queue)
    }

    private func releaseSession(_ session: URLSession, reuse: Bool) {
        if reuse {
            lock.withLock { idleSessions.append(session) }
        } else {
            session.finishTasksAndInvalidate()
        }
    }

    /// Ends the idle sessions (they hold the delegate) and the watchdog; call when the crawl is over.
    func invalidate() {
        let sessions = lock.withLock {
            defer { idleSessions = [] }
            watchdog?.cancel()
            watchdog = nil
            return idleSessions
        }
        for session in sessions { session.finishTasksAndInvalidate() }
    }

    // MARK: - Delegate

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        var failure: FetchFailure?
        if let http = response as? HTTPURLResponse, http.statusCode == 200 {
            let expected = http.expectedContentLength
            if expected > Int64(maxBytes) {
                failure = .tooLarge(limit: maxBytes)
            } else if lock.withLock({ states[ObjectIdentifier(dataTask)]?.expectHTML ?? true }) {
                let type = (http.value(forHTTPHeaderField: "Content-Type") ?? "").lowercased()
                if !type.isEmpty && !type.hasPrefix("text/html") && !type.hasPrefix("application/xhtml+xml") {
                    failure = .notHTML(contentType: type)
                }
            }
        }
        if let failure {
            lock.withLock { states[ObjectIdentifier(dataTask)]?.failure = failure }
            completionHandler(.cancel)
        } else {
            completionHandler(.allow)
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let exceeded: Bool = lock.withLock {
            let id = ObjectIdentifier(dataTask)
            guard let state = states[id], state.failure == nil else { return false }
            if state.data.count + data.count > maxBytes {
                states[id]?.failure = .tooLarge(limit: maxBytes)
                states[id]?.data = Data()
                return true
            }
            // Appended in place (no copy of what arrived so far).
            states[id]?.data.append(data)
            return false
        }
        // Cancelled from outside the delegate queue: FoundationNetworking mishandles a cancel issued inside
        // a data callback while other tasks wait on a redirect decision.
        if exceeded { DispatchQueue.global().async { dataTask.cancel() } }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        // Never let the HTTP stack follow a redirect: the exchange ends with the 3xx response, and
        // ``fetch(_:expectHTML:)`` decides whether to follow it.
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let state = lock.withLock({ states.removeValue(forKey: ObjectIdentifier(task)) }) else { return }
        if let failure = state.failure {
            state.continuation.resume(throwing: failure)
            return
        }
        if let error {
            if let urlError = error as? URLError {
                switch urlError.code {
                case .timedOut: state.continuation.resume(throwing: FetchFailure.timedOut(seconds: timeout))
                case .cancelled: state.continuation.resume(throwing: CancellationError())
                default: state.continuation.resume(throwing: FetchFailure.transport(urlError.localizedDescription))
                }
            } else {
                state.continuation.resume(throwing: FetchFailure.transport(String(describing: error)))
            }
            return
        }
        guard let http = task.response as? HTTPURLResponse, let url = http.url ?? task.currentRequest?.url else {
            state.continuation.resume(throwing: FetchFailure.transport("no HTTP response"))
            return
        }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        state.continuation.resume(returning: FetchResponse(status: http.statusCode, headers: headers, body: state.data, finalURL: url))
    }
}

/// The `URLSessionTask` of one fetch, cancellable from any thread, even before it exists.
private final class TaskHandle: @unchecked Sendable {
    private let lock = NSLock()
    private var storedTask: URLSessionTask?
    private var cancelled = false

    var task: URLSessionTask? { lock.withLock { storedTask } }

    func attach(_ task: URLSessionTask) {
        let cancelNow: Bool = lock.withLock {
            storedTask = task
            return cancelled
        }
        if cancelNow { task.cancel() }
    }

    func cancel() {
        let task: URLSessionTask? = lock.withLock {
            cancelled = true
            return storedTask
        }
        task?.cancel()
    }
}
