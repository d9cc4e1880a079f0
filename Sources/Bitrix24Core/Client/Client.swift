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

    /// The current OAuth tokens (after any refresh), or `nil` for a webhook client.
    public func currentTokens() async -> Bitrix24Client.OAuthTokens? {
        await tokens?.current().0
    }
}
