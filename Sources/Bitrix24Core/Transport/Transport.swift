import Bitrix24Locking
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension Bitrix24Client {
    /// One HTTP request as the client hands it to a transport.
    public struct HTTPRequest: Sendable, CustomStringConvertible {
        /// `POST` for REST calls, `GET` for the OAuth token endpoint.
        public var method: String
        public var url: URL
        /// Header fields; names as written.
        public var headers: [String: String]
        public var body: Data?
        /// How long to wait for the response.
        public var timeout: Duration

        public init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil, timeout: Duration = .seconds(30)) {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
            self.timeout = timeout
        }

        /// The method and URL, with secrets redacted.
        public var description: String { Bitrix24Redactor.redactByShape("\(method) \(url.absoluteString)") }
    }

    /// One HTTP response as a transport returns it. Redirects are returned as they are (status 3xx with
    /// `Location`), never followed: the client re-sends the POST itself.
    public struct HTTPResponse: Sendable {
        public var status: Int
        /// Header fields with lower-cased names.
        public var headers: [String: String]
        public var body: Data

        public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
            self.status = status
            var lowered: [String: String] = [:]
            for (name, value) in headers { lowered[name.lowercased()] = value }
            self.headers = lowered
            self.body = body
        }

        /// The value of header `name` (case-insensitive).
        public func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    /// Sends HTTP requests for the client. The library ships ``Bitrix24Client/URLSessionTransport``; plug in
    /// another (AsyncHTTPClient, a test double) by conforming to this protocol.
    ///
    /// Rules for conformers: do not follow redirects (return the 3xx response); honour
    /// `request.timeout`; throw ``Bitrix24Client/TransportFailure`` for failures without a response, saying
    /// whether the request may have reached the server; honour task cancellation.
    public protocol Transport: Sendable {
        func send(_ request: Bitrix24Client.HTTPRequest) async throws -> Bitrix24Client.HTTPResponse
    }

    /// What a transport throws when a request failed before any response arrived. Transports should
    /// say whether the request may have reached the server: the client retries writes only when it
    /// certainly did not.
    public struct TransportFailure: Error, Sendable, CustomStringConvertible {
        /// True unless the failure happened before a byte of the request was sent (DNS, refused connection).
        public var requestMayHaveBeenSent: Bool
        /// True for timeouts.
        public var isTimeout: Bool
        /// What went wrong (redacted by the client before it is shown).
        public var message: String

        /// A failure without a response.
        public init(requestMayHaveBeenSent: Bool, isTimeout: Bool = false, message: String) {
            self.requestMayHaveBeenSent = requestMayHaveBeenSent
            self.isTimeout = isTimeout
            self.message = message
        }

        public var description: String { Bitrix24Redactor.redactByShape(message) }
    }

    /// The default transport: a `URLSession` (FoundationNetworking on Linux) that never follows
    /// redirects, with an ephemeral configuration (no cookies, no cache).
    public final class URLSessionTransport: Bitrix24Client.Transport {
        private let session: URLSession
        private let delegate: Bitrix24SessionDelegate

        /// - Parameter maximumConnectionsPerHost: parallel connections to one portal.
        public init(maximumConnectionsPerHost: Int = 8) {
            let configuration = URLSessionConfiguration.ephemeral
            configuration.httpMaximumConnectionsPerHost = maximumConnectionsPerHost
            configuration.httpCookieStorage = nil
            configuration.urlCache = nil
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            configuration.httpShouldSetCookies = false
            let delegate = Bitrix24SessionDelegate()
            self.delegate = delegate
            self.session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        }

        deinit {
            session.finishTasksAndInvalidate()
        }

        public func send(_ request: Bitrix24Client.HTTPRequest) async throws -> Bitrix24Client.HTTPResponse {
            var urlRequest = URLRequest(url: request.url)
            urlRequest.httpMethod = request.method
            urlRequest.httpBody = request.body
            // swift-corelibs-foundation truncates the interval to whole seconds (0.5 → 0 → fails at
            // once), so URLSession gets a rounded-up interval and the exact timeout is enforced below.
            let timeout = max(.milliseconds(1), request.timeout)
            urlRequest.timeoutInterval = max(1, timeout.inSeconds.rounded(.up))
            urlRequest.cachePolicy = .reloadIgnoringLocalCacheData
            for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
                urlRequest.setValue(value, forHTTPHeaderField: name)
            }
            let task = session.dataTask(with: urlRequest)
            let delegate = self.delegate
            let timer = Task {
                try await Task.sleep(for: timeout)
                delegate.timeOut(task: task)
            }
            defer { timer.cancel() }
            let (data, response): (Data, URLResponse?) = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Data, URLResponse?), any Error>) in
                    delegate.register(task: task, continuation: continuation)
                    if Task.isCancelled { task.cancel() }
                    task.resume()
                }
            } onCancel: {
                task.cancel()
            }
            guard let http = response as? HTTPURLResponse else {
                throw Bitrix24Client.TransportFailure(requestMayHaveBeenSent: true, message: "no HTTP response")
            }
            var headers: [String: String] = [:]
            for (name, value) in http.allHeaderFields {
                if let name = name as? String, let value = value as? String { headers[name] = value }
            }
            return Bitrix24Client.HTTPResponse(status: http.statusCode, headers: headers, body: data)
        }

        static func failure(from error: any Error) -> any Error {
            if error is CancellationError { return error }
            guard let urlError = error as? URLError else {
                return Bitrix24Client.TransportFailure(requestMayHaveBeenSent: true, message: String(describing: error))
            }
            switch urlError.code {
            case .cancelled:
                return CancellationError()
            case .timedOut:
                return Bitrix24Client.TransportFailure(requestMayHaveBeenSent: true, isTimeout: true, message: "the request timed out")
            case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet,
                .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .appTransportSecurityRequiresSecureConnection:
                return Bitrix24Client.TransportFailure(
                    requestMayHaveBeenSent: false, message: "could not connect (URLError \(urlError.code.rawValue))")
            case .networkConnectionLost:
                return Bitrix24Client.TransportFailure(
                    requestMayHaveBeenSent: true, message: "the connection was lost (URLError \(urlError.code.rawValue))")
            default:
                return Bitrix24Client.TransportFailure(
                    requestMayHaveBeenSent: true, message: "network error (URLError \(urlError.code.rawValue))")
            }
        }
    }
}

/// Collects each task's body and refuses redirects (so a POST is never turned into a GET).
final class Bitrix24SessionDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private struct Pending {
        var data = Data()
        var timedOut = false
        var continuation: CheckedContinuation<(Data, URLResponse?), any Error>
    }

    private let pending = Locked<[Int: Pending]>([:])

    func register(task: URLSessionTask, continuation: CheckedContinuation<(Data, URLResponse?), any Error>) {
        pending.withLock { $0[task.taskIdentifier] = Pending(continuation: continuation) }
    }

    /// Cancels `task` and reports it as timed out.
    func timeOut(task: URLSessionTask) {
        let found = pending.withLock { pending in
            let found = pending[task.taskIdentifier] != nil
            pending[task.taskIdentifier]?.timedOut = true
            return found
        }
        if found { task.cancel() }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        pending.withLock { $0[dataTask.taskIdentifier]?.data.append(data) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let entry = pending.withLock { $0.removeValue(forKey: task.taskIdentifier) }
        guard let entry else { return }
        if entry.timedOut {
            entry.continuation.resume(throwing: Bitrix24Client.TransportFailure(
                requestMayHaveBeenSent: true, isTimeout: true, message: "the request timed out"))
        } else if let error {
            entry.continuation.resume(throwing: Bitrix24Client.URLSessionTransport.failure(from: error))
        } else {
            entry.continuation.resume(returning: (entry.data, task.response))
        }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
