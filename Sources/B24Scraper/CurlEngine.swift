import Bitrix24Locking
import CCurl
import Foundation

/// libcurl's global state, set up once per process.
private let curlReady: Bool = b24_curl_global_init() == CURLE_OK

/// Owns the multi handle and the thread that drives it. Everything libcurl touches (handles, transfers in flight)
/// is used on that thread only; other threads hand work over through the queues in `shared` and a wake-up.
final class CurlEngine: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let maxBytes: Int
    private let timeout: Duration
    /// `timeout` for libcurl, clamped (an infinite or huge timeout must not trap in the conversion).
    private let timeoutMilliseconds: Int

    /// What other threads hand to the loop thread.
    private struct Shared {
        /// Exchanges to start.
        var toStart: [CurlTransfer] = []
        /// Exchanges to cancel.
        var toCancel: [CurlTransfer] = []
        var stopping = false
        var threadStarted = false
        /// Set when the multi handle is gone.
        var cleanedUp = false
    }

    /// Its lock also guards each transfer's `cancelRequested`.
    private let shared = Locked(Shared())
    /// Signalled when the thread has cleaned up.
    private let finished = DispatchSemaphore(value: 0)

    /// The loop thread's own state.
    private var running: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []

    init(maxBytes: Int, timeout: Duration, maxConnections: Int) throws(FetchFailure) {
        guard curlReady, let multi = curl_multi_init() else { throw .transport("libcurl could not be initialised") }
        self.multi = multi
        self.maxBytes = maxBytes
        self.timeout = timeout
        timeoutMilliseconds = Self.milliseconds(timeout)
        _ = b24_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, maxConnections))
        _ = b24_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(1, maxConnections))
    }

    /// `duration` in whole milliseconds for libcurl, at least 1 and at most `Int32.max` (about 24 days).
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 1 }
        guard seconds < Int64(Int32.max) / 1000 else { return Int(Int32.max) }
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// One request and its response, without following redirects.
    func exchange(url: URL, headers: [String: String], expectHTML: Bool) async throws -> FetchResponse {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw FetchFailure.transport("not an http(s) URL: \(url.absoluteString)")
        }
        let transfer = CurlTransfer(url: url, headers: headers, expectHTML: expectHTML, maxBytes: maxBytes)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<FetchResponse, any Error>) in
                transfer.continuation = continuation
                let accepted: Bool = shared.withLock { shared in
                    guard !shared.stopping else { return false }
                    shared.toStart.append(transfer)
                    if !shared.threadStarted {
                        shared.threadStarted = true
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
            shared.withLock { shared in
                transfer.cancelRequested = true
                shared.toCancel.append(transfer)
            }
            wake()
        }
    }

    /// Asks the thread to end (it fails what is in flight with `CancellationError`) and waits for it.
    func stop() {
        let (first, started) = shared.withLock { shared -> (Bool, Bool) in
            defer { shared.stopping = true }
            return (!shared.stopping, shared.threadStarted)
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
        shared.withLock { shared in
            if !shared.cleanedUp { curl_multi_wakeup(multi) }
        }
    }

    // MARK: The loop thread

    private func loop() {
        while true {
            let (starts, cancels, stop) = shared.withLock { shared in
                defer { shared.toStart = []; shared.toCancel = [] }
                return (shared.toStart, shared.toCancel, shared.stopping)
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

    private func start(_ transfer: CurlTransfer) {
        if shared.withLock({ _ in transfer.cancelRequested }) {
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

    private func cancel(_ transfer: CurlTransfer) {
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
            transfer.finish(.failure(FetchFailure.timedOut(after: timeout)))
        } else {
            transfer.finish(.failure(FetchFailure.transport(String(cString: curl_easy_strerror(code)))))
        }
    }

    /// A handle with the options every exchange shares, set once; ``CurlTransfer/attach(to:)`` sets the rest.
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
    /// handle). Its per-exchange options point at a finished transfer until the next ``CurlTransfer/attach(to:)``; a
    /// handle outside the multi handle calls nothing.
    private func recycle(_ easy: UnsafeMutableRawPointer) {
        idleHandles.append(easy)
    }

    private func cleanUp() {
        for easy in idleHandles { curl_easy_cleanup(easy) }
        idleHandles = []
        shared.withLock { shared in
            shared.cleanedUp = true
            curl_multi_cleanup(multi)
        }
    }
}
