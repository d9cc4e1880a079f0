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
    /// Why this client may not use the portal's shared limiter (another client of the same portal and
    /// credentials has another rate limit): every call fails with it.
    let limiterConflict: Bitrix24Error?
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
        if case .webhook(let url) = auth {
            // One base for both APIs: a webhook given at its REST 3.0 address (`…/rest/api/1/code/`) is kept classic.
            var text = Self.classicBase(of: url).absoluteString
            if !text.hasSuffix("/") { text += "/" }
            normalized = .webhook(URL(string: text) ?? url)
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
        if let own = configuration.limiter {
            (limiter, limiterConflict) = (own, nil)
        } else {
            do {
                limiter = try PortalLimiter.shared(
                    portal: portal, credentials: normalized.limiterIdentity, limit: configuration.rateLimit, clock: configuration.clock)
                limiterConflict = nil
            } catch {
                // Loud: logged now, and every call fails with it.
                limiter = PortalLimiter(portal: portal, limit: configuration.rateLimit, clock: configuration.clock)
                limiterConflict = error as? Bitrix24Error ?? Bitrix24Error(kind: .configuration, message: "\(error)")
                configuration.logger.log(.error, "Bitrix24Client for \(portal): \(limiterConflict?.message ?? "")")
            }
        }
        self.redactor = Locked(Bitrix24Redactor(secrets: normalized.secrets))
        self.renamedBase = Locked(nil)
    }

    /// The auth kind and portal, never a secret.
    public var description: String { "Bitrix24Client(\(auth))" }

    /// Redacts `text` with every secret this client knows.
    public func redact(_ text: String) -> String { redactor.get().redact(text) }

    func log(_ level: Bitrix24LogLevel, _ message: @autoclosure () -> String) {
        let logger = configuration.logger
        guard level >= logger.minimumLevel else { return }
        logger.log(level, redact(message()))
    }

    /// Reports the values in `json` that `type` documents as another type, to the logger (warnings) and to
    /// ``Configuration/onDecodingMismatch`` — when either listens.
    func report<T>(_ type: T.Type, in json: Bitrix24JSON, at path: String, method: String?) {
        let hook = configuration.onDecodingMismatch
        guard hook != nil || configuration.logger.minimumLevel <= .warning else { return }
        for var mismatch in Bitrix24ResultDecoding.mismatches(type, in: json, path: path) {
            mismatch.method = method
            mismatch.path = redact(mismatch.path)
            log(.warning, mismatch.description)
            hook?(mismatch)
        }
    }

    /// `error` with every secret this client knows removed from its texts — the code included (a portal
    /// may echo a token in `error`).
    func redacted(_ error: Bitrix24Error) -> Bitrix24Error {
        Self.redacted(error, by: redactor.get())
    }

    static func redacted(_ error: Bitrix24Error, by redactor: Bitrix24Redactor) -> Bitrix24Error {
        var error = error
        error.message = redactor.redact(error.message)
        if let code = error.code { error.code = Bitrix24ErrorCode(rawValue: redactor.redact(code.rawValue)) }
        error.validation = error.validation.map {
            Bitrix24Error.ValidationIssue(field: $0.field.map(redactor.redact), message: redactor.redact($0.message))
        }
        return error
    }

    // MARK: Calls

    /// Sends `request` and returns the decoded envelope (`result`, `total`, `next`, `time`, and for REST 3.0 the
    /// `Idempotency-Key` sent and whether the portal replayed a stored reply).
    ///
    /// Sends it to its API's address (`request.method.version`: `/rest/…` or `/rest/api/…`). Waits for the
    /// portal's leaky bucket and the method's operating-time window; refreshes an expired OAuth token once;
    /// retries `QUERY_LIMIT_EXCEEDED` with backoff and network errors, timeouts and 5xx for reads, idempotent
    /// writes and deletes — and for every REST 3.0 call, whose writes carry an `Idempotency-Key`; follows a
    /// portal rename. When `request.method.paging?.rowsKey` is set, `Result` describes `result[rowsKey]`.
    /// - Parameter idempotencyKey: the `Idempotency-Key` of a REST 3.0 call (1 to 255 printable ASCII characters;
    ///   default: the key of an enclosing ``withIdempotencyKey(_:isolation:_:)``, else a fresh one for calls that
    ///   are not reads). Keep it with your job to repeat the call safely later. Classic methods take none.
    /// - Throws: ``Bitrix24Error`` (an invalid key or a key for a classic method before anything is sent), or
    ///   `CancellationError` when the task is cancelled.
    public func send<R>(_ request: Bitrix24Request<R>, idempotencyKey: String? = nil) async throws -> Bitrix24Response<R> {
        let payload = try encodePayload(request)
        guard case .widgetCommand(let command) = request.reading else {
            return try await execute(request.method, payload: payload, as: R.self, idempotencyKey: idempotencyKey)
        }
        let reply = try await execute(request.method, payload: payload, as: Bitrix24JSON.self, idempotencyKey: idempotencyKey)
        let result = try widgetResult(R.self, from: reply.result, command: command, method: request.method.name)
        return Bitrix24Response(result: result, total: reply.total, next: reply.next, time: reply.time)
    }

    /// A widget's answer to `command` as `R`, or its interface error thrown.
    func widgetResult<R: Decodable>(_ type: R.Type, from json: Bitrix24JSON, command: String, method: String) throws -> R {
        if let error = Bitrix24PlacementCommand<Bitrix24JSON>.interfaceError(in: json, command: command) {
            let error = redacted(error)
            log(.error, error.description)
            throw error
        }
        do {
            let result = try Bitrix24ResultDecoding.decode(R.self, from: json, path: "result")
            report(R.self, in: json, at: "result", method: method)
            return result
        } catch var error as Bitrix24Error {
            error.method = method
            throw redacted(error)
        }
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

    /// The current OAuth tokens (after any refresh), or `nil` for a webhook client.
    public func currentTokens() async -> Bitrix24Client.OAuthTokens? {
        await tokens?.current().0
    }
}
