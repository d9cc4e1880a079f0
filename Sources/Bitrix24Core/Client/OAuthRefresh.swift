import Bitrix24Locking
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Refreshing OAuth tokens: one request for all callers that saw the same token expire.
extension Bitrix24Client {
    func refreshTokens(after generation: Int) async throws {
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
        guard let reply = try? JSONDecoder().decode(TokenReply.self, from: response.body) else {
            throw redactedRefreshError(Bitrix24ResponseDecoder.brokenBody(response, method: "oauth/token"), redactor)
        }
        let errorCode = reply.error.flatMap { $0.isEmpty ? nil : Bitrix24ErrorCode(rawValue: $0) }
        guard let access = reply.access_token, let refresh = reply.refresh_token, errorCode == nil else {
            throw redacted(
                Bitrix24Error(
                    kind: .tokenRefresh, code: errorCode,
                    message: reply.error_description ?? "the token endpoint refused to refresh",
                    httpStatus: response.status, method: "oauth/token"),
                by: redactor.get())
        }
        redactor.withLock {
            $0.add(access)
            $0.add(refresh)
        }
        return reply.applied(to: old, accessToken: access, refreshToken: refresh, now: configuration.clock.wall())
    }

    private static func redactedRefreshError(_ error: Bitrix24Error, _ redactor: Locked<Bitrix24Redactor>) -> Bitrix24Error {
        var error = redacted(error, by: redactor.get())
        error.kind = .tokenRefresh
        return error
    }

    /// The token endpoint's reply.
    struct TokenReply: Decodable {
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

        /// `old` with the new tokens and whatever else the reply says.
        func applied(to old: OAuthTokens, accessToken: String, refreshToken: String, now: Date) -> OAuthTokens {
            var fresh = old
            fresh.accessToken = accessToken
            fresh.refreshToken = refreshToken
            if let endpoint = client_endpoint.flatMap(URL.init(string:)) { fresh.clientEndpoint = endpoint }
            if let endpoint = server_endpoint.flatMap(URL.init(string:)) { fresh.serverEndpoint = endpoint }
            if let expires {
                fresh.expiresAt = Date(timeIntervalSince1970: expires)
            } else if let expires_in {
                fresh.expiresAt = now.addingTimeInterval(expires_in)
            }
            fresh.memberID = member_id ?? old.memberID
            fresh.domain = domain ?? old.domain
            fresh.scope = scope ?? old.scope
            fresh.userID = user_id ?? old.userID
            return fresh
        }
    }
}
