import Foundation

extension Bitrix24Client {
    /// OAuth 2.0 tokens of an installed application.
    public struct OAuthTokens: Sendable, Hashable, Codable, CustomStringConvertible {
        /// The access token sent as `auth` (valid about an hour).
        public var accessToken: String
        /// The refresh token (rotates on every refresh).
        public var refreshToken: String
        /// Where REST calls go: `https://{portal}/rest/` (the method name is appended).
        public var clientEndpoint: URL
        /// The OAuth server; the token endpoint is `{serverEndpoint}token/`. Defaults to `https://oauth.bitrix.info/oauth/`.
        public var serverEndpoint: URL?
        /// When the access token expires, if known.
        public var expiresAt: Date?
        /// The portal's unique id (`member_id`).
        public var memberID: String?
        /// The portal's domain.
        public var domain: String?
        /// The scopes granted to the application.
        public var scope: String?
        /// The user the tokens belong to.
        public var userID: Int?

        /// Tokens as received from the install event or the token endpoint.
        public init(
            accessToken: String, refreshToken: String, clientEndpoint: URL, serverEndpoint: URL? = nil,
            expiresAt: Date? = nil, memberID: String? = nil, domain: String? = nil, scope: String? = nil, userID: Int? = nil
        ) {
            self.accessToken = accessToken
            self.refreshToken = refreshToken
            self.clientEndpoint = clientEndpoint
            self.serverEndpoint = serverEndpoint
            self.expiresAt = expiresAt
            self.memberID = memberID
            self.domain = domain
            self.scope = scope
            self.userID = userID
        }

        /// The endpoint and expiry; never the tokens.
        public var description: String {
            "Bitrix24Client.OAuthTokens(clientEndpoint: \(clientEndpoint.absoluteString), accessToken: \(Bitrix24Redactor.mask), refreshToken: \(Bitrix24Redactor.mask))"
        }
    }

    /// The application's OAuth client id and secret.
    public struct OAuthCredentials: Sendable, Hashable, CustomStringConvertible {
        /// The application's `client_id`.
        public var clientID: String
        /// The application's `client_secret` (never logged).
        public var clientSecret: String

        /// Credentials from the application's registration.
        public init(clientID: String, clientSecret: String) {
            self.clientID = clientID
            self.clientSecret = clientSecret
        }

        public var description: String { "Bitrix24Client.OAuthCredentials(clientID: \(clientID), clientSecret: \(Bitrix24Redactor.mask))" }
    }

    /// Where rotated tokens go. Refresh tokens rotate on every refresh, so persist what you receive:
    /// the old refresh token no longer works.
    public protocol TokenStore: Sendable {
        func store(_ tokens: Bitrix24Client.OAuthTokens) async throws
    }

    /// A token store backed by a closure.
    public struct ClosureTokenStore: Bitrix24Client.TokenStore {
        private let body: @Sendable (Bitrix24Client.OAuthTokens) async throws -> Void

        /// A store that calls `body` with every new pair of tokens.
        public init(_ body: @escaping @Sendable (Bitrix24Client.OAuthTokens) async throws -> Void) {
            self.body = body
        }

        public func store(_ tokens: Bitrix24Client.OAuthTokens) async throws { try await body(tokens) }
    }

    /// How the client authenticates.
    public enum Auth: Sendable, CustomStringConvertible {
        /// An incoming webhook: `https://{portal}/rest/{user_id}/{code}/`.
        case webhook(URL)
        /// An OAuth application: tokens, the app's credentials for refreshing them, and where rotated tokens go.
        case oauth(Bitrix24Client.OAuthTokens, credentials: Bitrix24Client.OAuthCredentials, store: (any Bitrix24Client.TokenStore)? = nil)

        /// The kind and portal; never the code or tokens.
        public var description: String {
            switch self {
            case .webhook(let url): "webhook(\(Bitrix24Redactor.redactByShape(url.absoluteString)))"
            case .oauth(let tokens, _, _): "oauth(\(tokens.clientEndpoint.absoluteString))"
            }
        }

        /// Who calls, for sharing a portal's limiter, without the secret: the webhook's user and a digest of
        /// its code (this process only), or the OAuth application.
        var limiterIdentity: String {
            switch self {
            case .webhook(let url):
                let parts = Self.webhookParts(url)
                guard let rest = parts.firstIndex(of: "rest"), parts.count > rest + 2 else { return "webhook:\(url.path.hashValue)" }
                return "webhook:\(parts[rest + 1]):\(parts[rest + 2].hashValue)"
            case .oauth(_, let credentials, _):
                return "oauth:\(credentials.clientID)"
            }
        }

        /// The path segments of a webhook URL, without the `api` of a REST 3.0 address (`/rest/api/1/code/`).
        private static func webhookParts(_ url: URL) -> [String] {
            var parts = url.path.split(separator: "/").map(String.init)
            if let rest = parts.firstIndex(of: "rest"), parts.count > rest + 1, parts[rest + 1] == "api" { parts.remove(at: rest + 1) }
            return parts
        }

        /// The literal secrets this auth carries, for the redactor.
        var secrets: [String] {
            switch self {
            case .webhook(let url):
                let parts = Self.webhookParts(url)
                if let rest = parts.firstIndex(of: "rest"), parts.count > rest + 2 {
                    return [parts[rest + 2]]
                }
                return []
            case .oauth(let tokens, let credentials, _):
                return [tokens.accessToken, tokens.refreshToken, credentials.clientSecret]
            }
        }
    }
}

/// Checks that `url` is HTTPS, or plain HTTP to 127.0.0.1 / localhost / ::1.
func bitrix24RequireSecure(_ url: URL, method: String?) throws {
    let scheme = url.scheme?.lowercased()
    let host = url.host?.lowercased() ?? ""
    if scheme == "https", !host.isEmpty { return }
    if scheme == "http", ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) { return }
    throw Bitrix24Error(
        kind: .insecureURL,
        message: "refusing to send to \(Bitrix24Redactor.redactByShape(url.absoluteString)): HTTPS is required (plain HTTP only for 127.0.0.1 and localhost)",
        method: method)
}

/// Holds the current OAuth tokens and merges concurrent refreshes into one request.
actor Bitrix24TokenManager {
    private(set) var tokens: Bitrix24Client.OAuthTokens
    private(set) var generation = 0
    private let credentials: Bitrix24Client.OAuthCredentials
    private let store: (any Bitrix24Client.TokenStore)?
    private var inFlight: Task<(Bitrix24Client.OAuthTokens, Int), any Error>?

    init(tokens: Bitrix24Client.OAuthTokens, credentials: Bitrix24Client.OAuthCredentials, store: (any Bitrix24Client.TokenStore)?) {
        self.tokens = tokens
        self.credentials = credentials
        self.store = store
    }

    func current() -> (Bitrix24Client.OAuthTokens, Int) { (tokens, generation) }

    /// Refreshes the tokens once for everyone who saw generation `failed` expire. Callers that arrive
    /// while a refresh is running wait for it; callers whose tokens are already newer get them at once.
    func refresh(
        after failed: Int,
        using perform: @escaping @Sendable (Bitrix24Client.OAuthTokens, Bitrix24Client.OAuthCredentials) async throws -> Bitrix24Client.OAuthTokens,
        storeFailed: @escaping @Sendable (any Error) -> Void
    ) async throws -> (Bitrix24Client.OAuthTokens, Int) {
        if generation > failed { return (tokens, generation) }
        if let inFlight { return try await inFlight.value }
        let old = tokens
        let credentials = self.credentials
        let store = self.store
        let next = generation + 1
        let task = Task { () async throws -> (Bitrix24Client.OAuthTokens, Int) in
            let fresh = try await perform(old, credentials)
            // The task runs on this actor: the tokens are installed before it completes, so every
            // waiter's retry sees them.
            self.install(fresh, generation: next)
            do {
                try await store?.store(fresh)
            } catch {
                // The new tokens are valid (the old refresh token is not): keep using them and report.
                storeFailed(error)
            }
            return (fresh, next)
        }
        inFlight = task
        defer { inFlight = nil }
        return try await task.value
    }

    private func install(_ fresh: Bitrix24Client.OAuthTokens, generation: Int) {
        tokens = fresh
        self.generation = generation
    }
}
