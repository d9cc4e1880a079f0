import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension Bitrix24Client {
    /// A portal that answered `302` with a new address: the client re-sent the call there and uses the
    /// new address from now on.
    public struct PortalRename: Sendable, Hashable, CustomStringConvertible {
        /// The old host (and port).
        public var oldHost: String
        /// The new host (and port).
        public var newHost: String
        /// The new REST base (webhook base or OAuth client endpoint), redacted.
        public var newBase: String

        public var description: String { "portal moved from \(oldHost) to \(newHost)" }
    }

    /// Everything about a client except its credentials.
    public struct Configuration: Sendable {
        /// Sent as `User-Agent`: name your integration.
        public var userAgent: String
        /// How long to wait for each HTTP response.
        public var timeout: Duration
        /// The portal's leaky bucket (the client waits rather than get `QUERY_LIMIT_EXCEEDED`).
        public var rateLimit: Bitrix24Client.RateLimit
        /// How failures are retried (see ``Bitrix24Client/RetryPolicy``).
        public var retry: Bitrix24Client.RetryPolicy
        /// When a reply says a method has used this much operating time, the client waits for
        /// `operating_reset_at` before calling that method again. The portal's limit is 480 s per 10 minutes.
        public var operatingTimeThreshold: Duration
        /// The longest the client waits for an operating-time window before failing instead.
        public var maxOperatingWait: Duration
        /// How many `302` hops one call may follow.
        public var maxRedirects: Int
        /// The HTTP transport; `nil` for ``Bitrix24Client/URLSessionTransport``.
        public var transport: (any Bitrix24Client.Transport)?
        /// Where redacted log lines go (default: nowhere).
        public var logger: any Bitrix24Logger
        /// The time source for limits and backoff (inject an accelerated one in tests).
        public var clock: Bitrix24Client.Clock
        /// A limiter to use instead of the process-wide one for the portal.
        public var limiter: Bitrix24Client.PortalLimiter?
        /// The OAuth server used to refresh tokens when the tokens carry no `serverEndpoint`.
        public var oauthServer: URL
        /// Called once when the portal answers with `302` to a new address.
        public var onPortalRenamed: (@Sendable (Bitrix24Client.PortalRename) async -> Void)?

        /// The default OAuth server (`https://oauth.bitrix.info/oauth/`).
        public static let defaultOAuthServer = URL(string: "https://oauth.bitrix.info/oauth/")!

        /// A configuration; every parameter has a production default.
        public init(
            userAgent: String = "swift-bitrix24/0.1",
            timeout: Duration = .seconds(30),
            rateLimit: Bitrix24Client.RateLimit = .standard,
            retry: Bitrix24Client.RetryPolicy = .default,
            operatingTimeThreshold: Duration = .seconds(480),
            maxOperatingWait: Duration = .seconds(600),
            maxRedirects: Int = 3,
            transport: (any Bitrix24Client.Transport)? = nil,
            logger: any Bitrix24Logger = Bitrix24NoLogger(),
            clock: Bitrix24Client.Clock = .system,
            limiter: Bitrix24Client.PortalLimiter? = nil,
            oauthServer: URL = Bitrix24Client.Configuration.defaultOAuthServer,
            onPortalRenamed: (@Sendable (Bitrix24Client.PortalRename) async -> Void)? = nil
        ) {
            self.userAgent = userAgent
            self.timeout = timeout
            self.rateLimit = rateLimit
            self.retry = retry
            self.operatingTimeThreshold = operatingTimeThreshold
            self.maxOperatingWait = maxOperatingWait
            self.maxRedirects = maxRedirects
            self.transport = transport
            self.logger = logger
            self.clock = clock
            self.limiter = limiter
            self.oauthServer = oauthServer
            self.onPortalRenamed = onPortalRenamed
        }
    }
}
