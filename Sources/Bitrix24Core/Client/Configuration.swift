import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension Bitrix24Client {
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
        /// Which hosts a renamed portal may send the client to (default: the Bitrix24 cloud domains and the
        /// portal's own domain family); a rename anywhere else fails and sends nothing there.
        public var renamePolicy: Bitrix24Client.RenamePolicy
        /// The HTTP transport; `nil` for ``Bitrix24Client/URLSessionTransport``.
        public var transport: (any Bitrix24Client.Transport)?
        /// Where redacted log lines go (default: nowhere). Values a reply holds that their documented type
        /// cannot read are reported here as warnings (``Bitrix24Client/DecodingMismatch``).
        public var logger: any Bitrix24Logger
        /// Called with each value in a reply that its documented type cannot read (the reply still decodes and
        /// the record keeps the raw value); paths are redacted. Reports are computed only when this is set or
        /// the logger takes warnings.
        public var onDecodingMismatch: (@Sendable (Bitrix24Client.DecodingMismatch) -> Void)?
        /// The time source for limits and backoff (inject an accelerated one in tests).
        public var clock: Bitrix24Client.Clock
        /// A limiter to use instead of the process-wide one for the portal.
        public var limiter: Bitrix24Client.PortalLimiter?
        /// The OAuth server used to refresh tokens when the tokens carry no `serverEndpoint`.
        public var oauthServer: URL
        /// Asked once when the portal answers with `302` to a new address the ``renamePolicy`` allows, before
        /// anything is sent there; `.refuse` fails the call instead.
        public var onPortalRenamed: (@Sendable (Bitrix24Client.PortalRename) async -> Bitrix24Client.PortalRename.Decision)?

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
            renamePolicy: Bitrix24Client.RenamePolicy = .bitrix24Cloud,
            transport: (any Bitrix24Client.Transport)? = nil,
            logger: any Bitrix24Logger = Bitrix24NoLogger(),
            clock: Bitrix24Client.Clock = .system,
            limiter: Bitrix24Client.PortalLimiter? = nil,
            oauthServer: URL = Bitrix24Client.Configuration.defaultOAuthServer,
            onPortalRenamed: (@Sendable (Bitrix24Client.PortalRename) async -> Bitrix24Client.PortalRename.Decision)? = nil
        ) {
            self.userAgent = userAgent
            self.timeout = timeout
            self.rateLimit = rateLimit
            self.retry = retry
            self.operatingTimeThreshold = operatingTimeThreshold
            self.maxOperatingWait = maxOperatingWait
            self.maxRedirects = maxRedirects
            self.renamePolicy = renamePolicy
            self.transport = transport
            self.logger = logger
            self.clock = clock
            self.limiter = limiter
            self.oauthServer = oauthServer
            self.onPortalRenamed = onPortalRenamed
            self.onDecodingMismatch = nil
        }
    }
}
