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
        maxBytes: Int, maxRedirects: Int, timeout: TimeInterval, maxConnections: Int = 8,
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

// MARK: - The libcurl engine

/// libcurl's global state, set up once per process.
private let curlReady: Bool = b24_curl_global_init() == CURLE_OK

/// Owns the multi handle and the thread that drives it. Everything libcurl touches (handles, transfers in flight)
/// is used on that thread only; other threads hand work over through `lock`-guarded queues and a wake-up.
private final class CurlEngine: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let maxBytes: Int
    private let timeout: TimeInterval
    /// `timeout` for libcurl, clamped (an infinite or huge timeout must not trap in the conversion).
    private let timeoutMilliseconds: Int

    private let lock = NSLock()
    /// Guarded by `lock`: exchanges to start, exchanges to cancel, whether to stop.
    private var toStart: [Transfer] = []
    private var toCancel: [Transfer] = []
    private var stopping = false
    private var threadStarted = false
    private var cleanedUp = false
    /// Signalled when the thread has cleaned up.
    private let finished = DispatchSemaphore(value: 0)

    /// The loop thread's own state.
    private var running: [UnsafeMutableRawPointer: Transfer] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []

    init(maxBytes: Int, timeout: TimeInterval, maxConnections: Int) throws(FetchFailure) {
        guard curlReady, let multi = curl_multi_init() else { throw .transport("libcurl could not be initialised") }
        self.multi = multi
        self.maxBytes = maxBytes
        self.timeout = timeout
        timeoutMilliseconds = Int(min(max(timeout * 1000, 1), Double(Int32.max)))
        _ = b24_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, maxConnections))
        _ = b24_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(1, maxConnections))
    }

    /// One request and its response, without following redirects.
    func exchange(url: URL, headers: [String: String], expectHTML: Bool) async throws -> FetchResponse {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw FetchFailure.transport("not an http(s) URL: \(url.absoluteString)")
        }
        let transfer = Transfer(url: url, headers: headers, expectHTML: expectHTML, maxBytes: maxBytes)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<FetchResponse, any Error>) in
                transfer.continuation = continuation
                let accepted: Bool = lock.withLock {
                    guard !stopping else { return false }
                    toStart.append(transfer)
                    if !threadStarted {
                        threadStarted = true
                        let thread = Thread { [self] in loop() }
                        thread.name = "b24-scrape-http"
                        thread.start()
                    }
                    return true
                }
                if accepted {
                    wake()
                } else {
                    transfer.continuation = nil
                    continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            lock.withLock {
                transfer.cancelRequested = true
                toCancel.append(transfer)
            }
            wake()
        }
    }

    /// Asks the thread to end (it fails what is in flight with `CancellationError`) and waits for it.
    func stop() {
        let (first, started) = lock.withLock { () -> (Bool, Bool) in
            defer { stopping = true }
            return (!stopping, threadStarted)
        }
        guard first else { return }
        if started {
            wake()
            finished.wait()
        } else {
            cleanUp()
        }
    }

    /// Wakes the loop thread from `curl_multi_poll` (never after the multi handle is gone).
    private func wake() {
        lock.withLock {
            if !cleanedUp { curl_multi_wakeup(multi) }
        }
    }

    // MARK: The loop thread

    private func loop() {
        while true {
            let (starts, cancels, stop) = lock.withLock {
                defer { toStart = []; toCancel = [] }
                return (toStart, toCancel, stopping)
            }
            for transfer in starts { start(transfer) }
            for transfer in cancels { cancel(transfer) }
            if stop {
                // Nothing can be handed over any more: `exchange` refuses once `stopping` is set.
                for transfer in Array(running.values) { cancel(transfer) }
                cleanUp()
                finished.signal()
                return
            }
            var active: Int32 = 0
            curl_multi_perform(multi, &active)
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                complete(easy, code: message.pointee.data.result)
            }
            // Sleeps until a socket is ready, libcurl's next timeout, or a wake-up from another thread.
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    private func start(_ transfer: Transfer) {
        if lock.withLock({ transfer.cancelRequested }) {
            transfer.finish(.failure(CancellationError()))
            return
        }
        guard let easy = idleHandles.popLast() ?? makeHandle() else {
            transfer.finish(.failure(FetchFailure.transport("libcurl could not create a handle")))
            return
        }
        transfer.attach(to: easy)
        if curl_multi_add_handle(multi, easy) != CURLM_OK {
            transfer.finish(.failure(FetchFailure.transport("libcurl refused the request")))
            recycle(easy)
            return
        }
        running[easy] = transfer
    }

    private func cancel(_ transfer: Transfer) {
        guard let easy = transfer.easy, running[easy] === transfer else { return }
        curl_multi_remove_handle(multi, easy)
        running[easy] = nil
        recycle(easy)
        transfer.finish(.failure(CancellationError()))
    }

    private func complete(_ easy: UnsafeMutableRawPointer, code: CURLcode) {
        guard let transfer = running.removeValue(forKey: easy) else {
            curl_multi_remove_handle(multi, easy)
            return
        }
        var status = 0
        b24_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        curl_multi_remove_handle(multi, easy)
        recycle(easy)
        if let failure = transfer.failure {
            transfer.finish(.failure(failure))
        } else if code == CURLE_OK {
            transfer.finish(.success(FetchResponse(status: status, headers: transfer.responseHeaders, body: transfer.body, finalURL: transfer.url)))
        } else if code == CURLE_OPERATION_TIMEDOUT {
            transfer.finish(.failure(FetchFailure.timedOut(seconds: timeout)))
        } else {
            transfer.finish(.failure(FetchFailure.transport(String(cString: curl_easy_strerror(code)))))
        }
    }

    /// A handle with the options every exchange shares, set once; ``Transfer/attach(to:)`` sets the rest.
    private func makeHandle() -> UnsafeMutableRawPointer? {
        guard let easy = curl_easy_init() else { return nil }
        _ = b24_easy_allow_only_http(easy)
        b24_easy_quick_exit(easy)
        _ = b24_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = b24_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, timeoutMilliseconds)
        _ = b24_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, timeoutMilliseconds)
        // Accepts whatever compression libcurl can undo; the body stored is the decoded page.
        _ = b24_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, "")
        _ = b24_easy_setopt_callback(easy, CURLOPT_HEADERFUNCTION, onHeader)
        _ = b24_easy_setopt_callback(easy, CURLOPT_WRITEFUNCTION, onData)
        return easy
    }

    /// Keeps a handle for the next exchange, its shared options as they are (the connections belong to the multi
    /// handle). Its per-exchange options point at a finished transfer until the next ``Transfer/attach(to:)``; a
    /// handle outside the multi handle calls nothing.
    private func recycle(_ easy: UnsafeMutableRawPointer) {
        idleHandles.append(easy)
    }

    private func cleanUp() {
        for easy in idleHandles { curl_easy_cleanup(easy) }
        idleHandles = []
        lock.withLock {
            cleanedUp = true
            curl_multi_cleanup(multi)
        }
    }
}

/// One exchange: the request's libcurl options and what the response brought so far. Touched by the loop
/// thread only, except `continuation` (set before it is handed over) and `cancelRequested` (under the engine's lock).
private final class Transfer: @unchecked Sendable {
    let url: URL
    let expectHTML: Bool
    let maxBytes: Int
    private let urlString: String
    private var headerList: UnsafeMutablePointer<curl_slist>?
    var continuation: CheckedContinuation<FetchResponse, any Error>?
    var cancelRequested = false
    var easy: UnsafeMutableRawPointer?

    var status = 0
    var responseHeaders: [String: String] = [:]
    var body = Data()
    var failure: FetchFailure?
    /// Set by the first piece of the body: header lines after it are trailers, which are not the response's headers.
    private var inBody = false
    /// Whether the next header line is a status line.
    private var atStatusLine = true

    init(url: URL, headers: [String: String], expectHTML: Bool, maxBytes: Int) {
        self.url = url
        self.expectHTML = expectHTML
        self.maxBytes = maxBytes
        urlString = url.absoluteString
        // Sorted: the same request is sent the same way every time.
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            // A header value never carries a line break into the request.
            let clean = value.filter { $0 != "\r" && $0 != "\n" }
            headerList = curl_slist_append(headerList, "\(name): \(clean)")
        }
    }

    deinit { curl_slist_free_all(headerList) }

    /// Points a handle (with the engine's shared options) at this exchange: its URL, its headers, and this
    /// transfer as the context of the header and body callbacks. (libcurl follows no redirect unless told to.)
    func attach(to easy: UnsafeMutableRawPointer) {
        self.easy = easy
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = b24_easy_setopt_string(easy, CURLOPT_URL, urlString)
        _ = b24_easy_setopt_list(easy, CURLOPT_HTTPHEADER, headerList)
        _ = b24_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context)
        _ = b24_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context)
    }

    /// Resumes the waiting task, once.
    func finish(_ result: Result<FetchResponse, any Error>) {
        easy = nil
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(with: result)
    }

    /// One header line (with its CRLF). Returns `false` to abort the exchange. Works on the bytes (no `String`
    /// until a name and a value are cut out): it runs for every line of every response.
    func header(_ line: UnsafeRawBufferPointer) -> Bool {
        guard !inBody else { return true }
        var end = line.count
        while end > 0, line[end - 1] == 0x0D || line[end - 1] == 0x0A { end -= 1 }
        if end == 0 {
            // The end of a head: what follows is the body, or (after an interim 1xx) the next response's status line.
            atStatusLine = true
            return headersComplete()
        }
        if atStatusLine {
            // A response's first line, "HTTP/1.1 200 OK" (a header line that only starts with "HTTP/" is a header).
            // A new response after an interim 1xx starts over. The status is the number after the first space.
            atStatusLine = false
            responseHeaders = [:]
            status = 0
            var index = 5
            while index < end, line[index] != 0x20 { index += 1 }
            index += 1
            // Three digits at most, whatever the server sends (a status code has three).
            var digits = 0
            while index < end, digits < 3, (0x30...0x39).contains(line[index]) {
                status = status * 10 + Int(line[index] - 0x30)
                index += 1
                digits += 1
            }
            return true
        }
        guard let colon = (0..<end).first(where: { line[$0] == 0x3A }) else { return true }
        // Names are ASCII (RFC 9110 tokens): lowercased byte by byte.
        let name = String(decoding: (0..<colon).map { line[$0] >= 0x41 && line[$0] <= 0x5A ? line[$0] + 0x20 : line[$0] }, as: UTF8.self)
        var valueStart = colon + 1
        var valueEnd = end
        while valueStart < valueEnd, line[valueStart] == 0x20 || line[valueStart] == 0x09 { valueStart += 1 }
        while valueEnd > valueStart, line[valueEnd - 1] == 0x20 || line[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        let value = String(decoding: UnsafeRawBufferPointer(rebasing: line[valueStart..<valueEnd]), as: UTF8.self)
        if let earlier = responseHeaders[name] {
            responseHeaders[name] = earlier + ", " + value
        } else {
            responseHeaders[name] = value
        }
        return true
    }

    /// The checks that need only the head of a 200: its announced size and its type.
    private func headersComplete() -> Bool {
        guard status == 200 else { return true }
        if let length = responseHeaders["content-length"].flatMap({ Int($0) }), length > maxBytes {
            failure = .tooLarge(limit: maxBytes)
            return false
        }
        if expectHTML {
            let type = (responseHeaders["content-type"] ?? "").lowercased()
            if !type.isEmpty && !type.hasPrefix("text/html") && !type.hasPrefix("application/xhtml+xml") {
                failure = .notHTML(contentType: type)
                return false
            }
        }
        return true
    }

    /// A piece of the body. Returns `false` to abort the exchange.
    func data(_ bytes: UnsafeRawBufferPointer) -> Bool {
        inBody = true
        guard failure == nil else { return false }
        if body.count + bytes.count > maxBytes {
            failure = .tooLarge(limit: maxBytes)
            body = Data()
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }
}

/// `CURLOPT_HEADERFUNCTION`: returning anything but the size given aborts the transfer.
private let onHeader: b24_curl_data_callback = { buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    return transfer.header(UnsafeRawBufferPointer(start: buffer, count: length)) ? length : 0
}

/// `CURLOPT_WRITEFUNCTION`: returning anything but the size given aborts the transfer.
private let onData: b24_curl_data_callback = { buffer, size, count, context in
    guard let context else { return 0 }
    let length = size * count
    guard let buffer, length > 0 else { return length }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.data(UnsafeRawBufferPointer(start: buffer, count: length)) ? length : 0
}
