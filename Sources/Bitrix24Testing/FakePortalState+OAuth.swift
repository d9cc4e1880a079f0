import Bitrix24Core
import Foundation

/// The OAuth token endpoint: refreshes rotate both tokens.
extension FakePortalState {
    func tokenEndpoint(query: String, record: inout FakePortal.RecordedRequest) async -> Outcome {
        let parameters = Bitrix24FormEncoding.parse(query)
        func string(_ key: String) -> String? { if case .string(let s)? = parameters[key] { s } else { nil } }
        guard string("grant_type") == "refresh_token", string("client_id") == configuration.clientID,
            string("client_secret") == configuration.clientSecret
        else {
            return reply(401, ["error": .string("invalid_client"), "error_description": .string("Invalid client credentials")], record: &record)
        }
        guard let presented = string("refresh_token"), presented == refreshToken else {
            return reply(400, ["error": .string("invalid_grant"), "error_description": .string("Invalid refresh token")], record: &record)
        }
        // Rotate at once so a second refresh with the same token fails, then answer after the delay.
        refreshCount += 1
        accessToken = "at" + FakePortal.randomSecret()
        refreshToken = "rt" + FakePortal.randomSecret()
        accessExpired = false
        issued.append(accessToken)
        issued.append(refreshToken)
        let now = configuration.clock.wall().timeIntervalSince1970
        let body: [String: Bitrix24JSON] = [
            "access_token": .string(accessToken), "refresh_token": .string(refreshToken),
            "expires": .int(Int(now) + 3600), "expires_in": .int(3600), "scope": .string("crm,user,placement"),
            "domain": .string("127.0.0.1:\(port)"), "client_endpoint": .string("http://127.0.0.1:\(port)/rest/"),
            "server_endpoint": .string("http://127.0.0.1:\(port)/oauth/"), "member_id": .string("fake-member"),
            "user_id": .int(1), "status": .string("L"),
        ]
        record.status = 200
        let outcome = Outcome.reply(status: 200, headers: ["Content-Type": "application/json"], body: Self.encode(.object(body)))
        return configuration.refreshDelay > .zero ? .delayed(configuration.refreshDelay, outcome) : outcome
    }
}
