import Bitrix24Locking
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The Bitrix24 REST client: auth, transport, limits, retries, batch and paging.
///
/// ```swift
/// let b24 = Bitrix24Client(auth: .webhook(URL(string: "https://example.bitrix24.com/rest/1/<code>/")!))
/// let id = try await b24.crm.deal.add(fields: .init(title: "New deal"))
/// ```
///
/// One client can be shared by any number of tasks. All clients of one portal share one leaky bucket.
public final class Bitrix24Client: Sendable, CustomStringConvertible {
    /// The configuration the client was created with.
    public let configuration: Bitrix24Client.Configuration
    let auth: Bitrix24Client.Auth
    let transport: any Bitrix24Client.Transport
    let limiter: Bitrix24Client.PortalLimiter
    let tokens: Bitrix24TokenManager?
    let redactor: Locked<Bitrix24Redactor>
    /// The REST base after a portal rename (replaces the webhook base / client endpoint).
    let renamedBase: Locked<URL?>
    /// The portal's host (and port), the key of its shared limiter.
    public let portal: String

    /// A client for one portal. Never throws: URLs are checked (HTTPS) when a call is made.
    public init(auth: Bitrix24Client.Auth, configuration: Bitrix24Client.Configuration = Bitrix24Client.Configuration()) {
        self.configuration = configuration
        var normalized = auth
        if case .webhook(let url) = auth, !url.absoluteString.hasSuffix("/"), let fixed = URL(string: url.absoluteString + "/") {
            normalized = .webhook(fixed)
        }
        self.auth = normalized
        self.transport = configuration.transport ?? Bitrix24Client.URLSessionTransport()
        let base: URL
        switch normalized {
        case .webhook(let url):
            base = url
            tokens = nil
        case .oauth(let oauthTokens, let credentials, let store):
            base = oauthTokens.clientEndpoint
            tokens = Bitrix24TokenManager(tokens: oauthTokens, credentials: credentials, store: store)
        }
        let portal = Self.hostKey(base)
        self.portal = portal
        self.limiter = configuration.limiter ?? Bitrix24Client.PortalLimiter.shared(portal: portal, limit: configuration.rateLimit, clock: configuration.clock)
        self.redactor = Locked(Bitrix24Redactor(secrets: normalized.secrets))
        self.renamedBase = Locked(nil)
    }

    /// The auth kind and portal, never a secret.
    public var description: String { "Bitrix24Client(\(auth))" }

    static func hostKey(_ url: URL) -> String {
        let host = url.host?.lowercased() ?? "unknown"
        if let port = url.port { return "\(host):\(port)" }
        return host
    }

    /// Redacts `text` with every secret this client knows.
    public func redact(_ text: String) -> String { redactor.get().redact(text) }

    func log(_ level: Bitrix24LogLevel, _ message: @autoclosure () -> String) {
        let logger = configuration.logger
        guard level >= logger.minimumLevel else { return }
        logger.log(level, redact(message()))
    }

    func redacted(_ error: Bitrix24Error) -> Bitrix24Error {
        var error = error
        error.message = redact(error.message)
        return error
    }

    // MARK: Calls

    /// Sends `request` and returns the decoded envelope (`result`, `total`, `next`, `time`).
    ///
    /// Waits for the portal's leaky bucket and the method's operating-time window; refreshes an
    /// expired OAuth token once; retries `QUERY_LIMIT_EXCEEDED` with backoff and, for reads and
    /// idempotent writes only, network errors, timeouts and 5xx; follows a portal rename.
    /// When `request.method.paging?.rowsKey` is set, `Result` describes `result[rowsKey]`.
    /// - Throws: ``Bitrix24Error``, or `CancellationError` when the task is cancelled.
    public func send<R>(_ request: Bitrix24Request<R>) async throws -> Bitrix24Response<R> {
        let payload = try encodePayload(request)
        return try await execute(request.method, payload: payload, as: R.self)
    }

    /// Sends `request` and returns its `result`.
    public func perform<R>(_ request: Bitrix24Request<R>) async throws -> R {
        try await send(request).result
    }

    /// Sends a widget command through `placement.call` and returns its result.
    public func call<R>(_ command: Bitrix24PlacementCommand<R>) async throws -> R {
        try await perform(command.request)
    }

    /// Binds `handler` to a widget event through `placement.bindEvent`.
    @discardableResult
    public func bindEvent<D>(_ event: Bitrix24PlacementEvent<D>, handler: URL) async throws -> Bitrix24JSON {
        try await perform(event.bindRequest(handler: handler))
    }

    /// Calls any method by name with JSON parameters.
    public func call(
        method name: String, retry: Bitrix24MethodInfo.RetryClass = .write, parameters: [String: Bitrix24JSON] = [:]
    ) async throws -> Bitrix24Response<Bitrix24JSON> {
        try await send(Bitrix24Request<Bitrix24JSON>(method: Bitrix24MethodInfo(name: name, retry: retry), parameters: parameters))
    }

    func encodePayload<R>(_ request: Bitrix24Request<R>) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data: Data
        do {
            switch request.body {
            case .object(let object): data = try encoder.encode(object)
            case .encodable(let value): data = try encoder.encode(value)
            }
        } catch {
            throw Bitrix24Error(kind: .encoding, message: "cannot encode parameters: \(error)", method: request.method.name)
        }
        if data.elementsEqual("null".utf8) { return Data("{}".utf8) }
        guard data.first == UInt8(ascii: "{") else {
            throw Bitrix24Error(kind: .encoding, message: "parameters must encode to a JSON object", method: request.method.name)
        }
        return data
    }

    /// `payload` with `"auth": token` added as the first member.
    static func addingAuth(_ token: String, to payload: Data) -> Data {
        let quoted = (try? JSONEncoder().encode(token)) ?? Data("\"\"".utf8)
        var body = Data("{\"auth\":".utf8)
        body.append(quoted)
        let rest = payload.dropFirst()  // drop "{"
        let isEmpty = rest.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) == UInt8(ascii: "}")
        if !isEmpty { body.append(UInt8(ascii: ",")) }
        body.append(contentsOf: isEmpty ? Data("}".utf8) : Data(rest))
        return body
    }

    private func restBase() async -> (URL, token: String?, generation: Int) {
        if let tokens {
            let (current, generation) = await tokens.current()
            return (renamedBase.get() ?? current.clientEndpoint, current.accessToken, generation)
        }
        if case .webhook(let url) = auth { return (renamedBase.get() ?? url, nil, 0) }
        return (URL(fileURLWithPath: "/"), nil, 0)
    }

    /// The loop every call goes through.
    func execute<R: Decodable & Sendable>(
        _ method: Bitrix24MethodInfo, payload: Data, as type: R.Type, idField: String? = nil
    ) async throws -> Bitrix24Response<R> {
        var attempt = 1
        var queryLimitRetries = 0
        var operatingRetries = 0
        var refreshed = false
        var redirectTarget: URL?
        var hops = 0
        while true {
            try Task.checkCancellation()
            try await limiter.acquire(method: method.name, maxOperatingWait: configuration.maxOperatingWait)
            let (base, token, generation) = await restBase()
            let url: URL
            if let redirectTarget {
                url = redirectTarget
            } else if let built = URL(string: method.name, relativeTo: base)?.absoluteURL {
                url = built
            } else {
                throw redacted(Bitrix24Error(kind: .insecureURL, message: "cannot build a URL for the method", method: method.name))
            }
            do {
                try bitrix24RequireSecure(url, method: method.name)
            } catch let error as Bitrix24Error {
                throw redacted(error)
            }
            let body = token.map { Self.addingAuth($0, to: payload) } ?? payload
            let httpRequest = Bitrix24Client.HTTPRequest(
                method: "POST", url: url,
                headers: [
                    "Content-Type": "application/json; charset=utf-8", "Accept": "application/json",
                    "User-Agent": configuration.userAgent,
                ],
                body: body, timeout: configuration.timeout)
            log(.debug, "→ \(method.name) \(url.absoluteString) (attempt \(attempt))")

            // 1. Transport.
            let response: Bitrix24Client.HTTPResponse
            do {
                response = try await transport.send(httpRequest)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                let failure = error as? Bitrix24Client.TransportFailure
                    ?? Bitrix24Client.TransportFailure(requestMayHaveBeenSent: true, message: String(describing: error))
                let wrapped = redacted(Bitrix24Error(
                    kind: failure.isTimeout ? .timeout : .network, message: failure.message, method: method.name))
                let mayRetry = method.retry != .write || !failure.requestMayHaveBeenSent
                if mayRetry, attempt < configuration.retry.maxAttempts {
                    let delay = configuration.retry.delay(attempt: attempt)
                    log(.warning, "\(method.name): \(wrapped.message); retrying in \(delay.inMilliseconds) ms")
                    attempt += 1
                    try await configuration.clock.sleep(delay)
                    continue
                }
                log(.error, "\(method.name): \(wrapped.message)")
                throw wrapped
            }

            // 2. Portal renamed: re-send the POST to Location.
            if [301, 302, 303, 307, 308].contains(response.status) {
                guard let location = response.header("Location"), let target = URL(string: location, relativeTo: url)?.absoluteURL else {
                    throw redacted(Bitrix24Error(kind: .redirect, message: "redirect without a Location", httpStatus: response.status, method: method.name))
                }
                hops += 1
                guard hops <= configuration.maxRedirects else {
                    throw redacted(Bitrix24Error(kind: .redirect, message: "too many redirects (\(hops))", httpStatus: response.status, method: method.name))
                }
                do {
                    try bitrix24RequireSecure(target, method: method.name)
                } catch let error as Bitrix24Error {
                    throw redacted(error)
                }
                await portalMoved(from: url, to: target, method: method.name, base: base)
                redirectTarget = target
                continue
            }
            redirectTarget = nil

            // 3. Envelope.
            let (decoded, apiError) = try Bitrix24ResponseDecoder.decode(
                R.self, from: response, method: method.name, rowsKey: method.paging?.rowsKey, idField: idField)
            if let decoded {
                if let operating = decoded.time?.operatingTime, operating >= configuration.operatingTimeThreshold {
                    await limiter.record(method: method.name, time: decoded.time, threshold: configuration.operatingTimeThreshold)
                }
                log(.debug, "← \(method.name) \(response.status)")
                return decoded
            }
            let error = redacted(apiError ?? Bitrix24Error(kind: .malformedResponse, message: "no result", httpStatus: response.status, method: method.name))

            // 4. Errors.
            switch error.code {
            case .some(.expiredToken) where tokens != nil && !refreshed:
                refreshed = true
                log(.info, "\(method.name): access token expired; refreshing")
                try await refreshTokens(after: generation)
                continue
            case .some(.queryLimitExceeded):
                await limiter.bucketOverflowed()
                if queryLimitRetries < configuration.retry.queryLimitRetries {
                    queryLimitRetries += 1
                    let delay = configuration.retry.delay(attempt: queryLimitRetries)
                    log(.warning, "\(method.name): QUERY_LIMIT_EXCEEDED; retrying in \(delay.inMilliseconds) ms")
                    try await configuration.clock.sleep(delay)
                    continue
                }
            case .some(.operationTimeLimit):
                let untilReset = error.operatingResetAt.map { configuration.clock.wait(until: $0) } ?? .zero
                let wait = untilReset > .zero ? untilReset : configuration.retry.delay(attempt: operatingRetries + 1)
                await limiter.block(method: method.name, for: wait)
                if operatingRetries < configuration.retry.operatingTimeRetries {
                    operatingRetries += 1
                    log(.warning, "\(method.name): OPERATION_TIME_LIMIT; waiting \(wait.inMilliseconds) ms for the window to reset")
                    continue
                }
            case .some(.overloadLimit):
                log(.error, "\(method.name): OVERLOAD_LIMIT (the portal blocked REST calls; not retrying)")
                throw error
            default:
                let retryable = error.kind != .api && error.kind != .decoding
                    ? (response.status >= 500 || error.kind == .htmlResponse || error.kind == .malformedResponse)
                    : (response.status >= 500 && error.code != nil)
                if retryable, method.retry != .write, attempt < configuration.retry.maxAttempts {
                    let delay = configuration.retry.delay(attempt: attempt)
                    log(.warning, "\(method.name): \(error.description); retrying in \(delay.inMilliseconds) ms")
                    attempt += 1
                    try await configuration.clock.sleep(delay)
                    continue
                }
            }
            log(.error, error.description)
            throw error
        }
    }

    private func portalMoved(from old: URL, to new: URL, method: String, base: URL) async {
        // The new REST base is Location minus the method name, when it ends with it.
        var newBase: URL?
        let target = new.absoluteString
        if target.hasSuffix("/" + method), let url = URL(string: String(target.dropLast(method.count))) {
            newBase = url
        }
        if let newBase { renamedBase.set(newBase) }
        let rename = Bitrix24Client.PortalRename(
            oldHost: Self.hostKey(old), newHost: Self.hostKey(new),
            newBase: redact(newBase?.absoluteString ?? new.absoluteString))
        log(.warning, "\(method): \(rename); re-sending the request to the new address")
        if rename.oldHost != rename.newHost || newBase != base {
            await configuration.onPortalRenamed?(rename)
        }
    }

    // MARK: OAuth

    private func refreshTokens(after generation: Int) async throws {
        guard let tokens else { return }
        let transport = self.transport
        let configuration = self.configuration
        let redactor = self.redactor
        let logger = configuration.logger
        let (fresh, _) = try await tokens.refresh(
            after: generation,
            using: { old, credentials in
                try await Self.requestRefresh(old: old, credentials: credentials, transport: transport, configuration: configuration, redactor: redactor)
            },
            storeFailed: { error in
                logger.log(.error, redactor.get().redact("could not store the refreshed OAuth tokens: \(error)"))
            })
        redactor.withLock {
            $0.add(fresh.accessToken)
            $0.add(fresh.refreshToken)
        }
    }

    /// The token endpoint for `tokens`: `{serverEndpoint}token/` (an endpoint ending in `/rest/`
    /// is the OAuth server's REST path; its token endpoint is under `/oauth/`), else the configured server.
    static func tokenEndpoint(_ tokens: Bitrix24Client.OAuthTokens, configuration: Bitrix24Client.Configuration) -> URL {
        var server = tokens.serverEndpoint ?? configuration.oauthServer
        if server.path.hasSuffix("/rest/") || server.path.hasSuffix("/rest"),
            let mapped = URL(string: server.absoluteString.replacingOccurrences(of: "/rest/", with: "/oauth/"))
        {
            server = mapped
        }
        return server.appendingPathComponent("token").appendingPathComponent("")
    }

    static func requestRefresh(
        old: Bitrix24Client.OAuthTokens, credentials: Bitrix24Client.OAuthCredentials, transport: any Bitrix24Client.Transport,
        configuration: Bitrix24Client.Configuration, redactor: Locked<Bitrix24Redactor>
    ) async throws -> Bitrix24Client.OAuthTokens {
        let endpoint = tokenEndpoint(old, configuration: configuration)
        try bitrix24RequireSecure(endpoint, method: "oauth/token")
        let query = [
            ("grant_type", "refresh_token"), ("client_id", credentials.clientID),
            ("client_secret", credentials.clientSecret), ("refresh_token", old.refreshToken),
        ].map { "\($0.0)=\(Bitrix24FormEncoding.urlencode($0.1))" }.joined(separator: "&")
        guard let url = URL(string: endpoint.absoluteString + "?" + query) else {
            throw Bitrix24Error(kind: .tokenRefresh, message: "cannot build the token URL", method: "oauth/token")
        }
        let response: Bitrix24Client.HTTPResponse
        do {
            response = try await transport.send(Bitrix24Client.HTTPRequest(
                method: "GET", url: url, headers: ["Accept": "application/json", "User-Agent": configuration.userAgent],
                timeout: configuration.timeout))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw Bitrix24Error(kind: .tokenRefresh, message: redactor.get().redact("token refresh failed: \(error)"), method: "oauth/token")
        }
        struct Reply: Decodable {
            var access_token: String?
            var refresh_token: String?
            var expires: Double?
            var expires_in: Double?
            var client_endpoint: String?
            var server_endpoint: String?
            var member_id: String?
            var domain: String?
            var scope: String?
            var user_id: Int?
            var error: String?
            var error_description: String?
        }
        guard let reply = try? JSONDecoder().decode(Reply.self, from: response.body) else {
            throw redactedRefreshError(Bitrix24ResponseDecoder.brokenBody(response, method: "oauth/token"), redactor)
        }
        guard let access = reply.access_token, let refresh = reply.refresh_token, reply.error == nil else {
            throw Bitrix24Error(
                kind: .tokenRefresh, code: reply.error.map(Bitrix24ErrorCode.init(rawValue:)),
                message: redactor.get().redact(reply.error_description ?? "the token endpoint refused to refresh"),
                httpStatus: response.status, method: "oauth/token")
        }
        redactor.withLock {
            $0.add(access)
            $0.add(refresh)
        }
        var fresh = old
        fresh.accessToken = access
        fresh.refreshToken = refresh
        if let endpoint = reply.client_endpoint.flatMap(URL.init(string:)) { fresh.clientEndpoint = endpoint }
        if let endpoint = reply.server_endpoint.flatMap(URL.init(string:)) { fresh.serverEndpoint = endpoint }
        if let expires = reply.expires {
            fresh.expiresAt = Date(timeIntervalSince1970: expires)
        } else if let expiresIn = reply.expires_in {
            fresh.expiresAt = configuration.clock.wall().addingTimeInterval(expiresIn)
        }
        fresh.memberID = reply.member_id ?? old.memberID
        fresh.domain = reply.domain ?? old.domain
        fresh.scope = reply.scope ?? old.scope
        fresh.userID = reply.user_id ?? old.userID
        return fresh
    }

    private static func redactedRefreshError(_ error: Bitrix24Error, _ redactor: Locked<Bitrix24Redactor>) -> Bitrix24Error {
        var error = error
        error.kind = .tokenRefresh
        error.message = redactor.get().redact(error.message)
        return error
    }

    /// The current OAuth tokens (after any refresh), or `nil` for a webhook client.
    public func currentTokens() async -> Bitrix24Client.OAuthTokens? {
        await tokens?.current().0
    }
}
