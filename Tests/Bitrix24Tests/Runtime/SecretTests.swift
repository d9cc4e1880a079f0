import Bitrix24Core
import Bitrix24Testing
import Foundation
import Testing

extension FakePortalSuites {
    /// A token echoed back wherever a portal or proxy could put it: in `error`, in `error_description`, in a
    /// URL (plain or percent-encoded), in a batch — never in a description, a log line or a bridged error.
    @Suite("Runtime: secrets in every text that leaves the client")
    struct SecretTests {
        /// Every text an error shows: description, localized description, message, code, the bridged `NSError`.
        static func texts(of error: any Error) -> [String] {
            var texts = [String(describing: error), error.localizedDescription, "\(error as NSError)", (error as NSError).localizedDescription]
            texts.append("\((error as NSError).userInfo)")
            if let error = error as? Bitrix24Error {
                texts += [error.message, error.code?.rawValue ?? "", error.description, error.errorDescription ?? ""]
            }
            return texts
        }

        @Test func aTokenEchoedInTheErrorCodeOrDescriptionIsRedacted() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                let webhook = await portal.webhookURL()
                let code = webhook.lastPathComponent
                let encoded = code.utf8.map { String(format: "%%%02X", $0) }.joined()
                await portal.handle("echo.code") { _ in .error(status: 400, code: code, description: "bad") }
                await portal.handle("echo.description") { _ in
                    .error(status: 400, code: "ERROR", description: "no access for \(webhook.absoluteString) (\(encoded))")
                }
                await portal.handle("echo.url") { _ in
                    .error(status: 400, code: "ERROR", description: "see https%3A%2F%2Fportal%2Frest%2F1%2F\(code)%2Fx and ?next=%2Frest%2F1%2F\(encoded)")
                }
                let logger = CapturingLogger()
                let client = await RuntimeTest.client(portal, logger: logger)
                var texts: [String] = []
                for method in ["echo.code", "echo.description", "echo.url"] {
                    do {
                        _ = try await client.call(method: method, retry: .read)
                        Issue.record("expected an error")
                    } catch {
                        texts += Self.texts(of: error)
                    }
                }
                // The batch path: a command whose error echoes the code.
                let batch = try await client.batch([Bitrix24Batch.Command(key: "k", method: "echo.code", retry: .read)])
                let batchError = try #require(batch.errors["k"])
                texts += Self.texts(of: batchError)
                #expect(batchError.code?.rawValue == "***")
                // (Not expectNoSecrets: the portal's own records hold the code it echoed.)
                let secrets = await portal.allSecrets() + [encoded]
                for text in texts + logger.lines {
                    for secret in secrets where text.contains(secret) {
                        Issue.record("secret leaked in: \(text)")
                    }
                }
            }
        }

        @Test func aTokenEchoedByTheTokenEndpointIsRedacted() async throws {
            let access = "access-\(UUID().uuidString)"
            let refresh = "refresh-\(UUID().uuidString)"
            let secret = "secret-\(UUID().uuidString)"
            let transport = ScriptedTransport([
                .reply(401, #"{"error":"expired_token","error_description":"expired"}"#),
                .reply(400, #"{"error":"\#(refresh)","error_description":"refresh token \#(refresh) of client secret \#(secret) rejected"}"#),
            ])
            let tokens = Bitrix24Client.OAuthTokens(
                accessToken: access, refreshToken: refresh, clientEndpoint: URL(string: "https://portal.example/rest/")!)
            let logger = CapturingLogger()
            let client = Bitrix24Client(
                auth: .oauth(tokens, credentials: .init(clientID: "app", clientSecret: secret)),
                configuration: .init(
                    transport: transport, logger: logger,
                    limiter: Bitrix24Client.PortalLimiter(portal: "secrets-\(UUID().uuidString)", limit: .unlimited)))
            do {
                _ = try await client.call(method: "user.current", retry: .read)
                Issue.record("expected an error")
            } catch {
                let error = try #require(error as? Bitrix24Error)
                #expect(error.kind == .tokenRefresh)
                for text in Self.texts(of: error) + logger.lines {
                    for leaked in [access, refresh, secret] where text.contains(leaked) {
                        Issue.record("secret leaked in: \(text)")
                    }
                }
            }
        }

        @Test func theRedactorFindsSecretsPercentEncoded() {
            let redactor = Bitrix24Redactor(secrets: ["hooksecret42"])
            let cases = [
                "https%3A%2F%2Fp.example%2Frest%2F3%2Fhooksecret42%2Fcrm.deal.add",
                "https%253A%252F%252Fp.example%252Frest%252F3%252Fhooksecret42%252F",
                "next=%68%6F%6F%6B%73%65%63%72%65%74%34%32",
                "next=%68%6f%6fksecret%34%32 and %2568%256F%256Fksecret42",
                "a%26access_token%3Dabc123def%26b%3D1",
                "%7B%22refresh_token%22%3A%22r1r2r3r4%22%7D",
                "ok%3Fauth%255Bapplication_token%255D%253Dapptok99",
            ]
            for text in cases {
                let redacted = redactor.redact(text)
                for leaked in ["hooksecret42", "hooksecret", "abc123def", "r1r2r3r4", "apptok99"] {
                    #expect(!redacted.contains(leaked), "\(text) → \(redacted)")
                }
                #expect(redacted.contains("***"), "\(text) → \(redacted)")
            }
            #expect(redactor.redact("100% sure, hooks are fine") == "100% sure, hooks are fine")
        }
    }
}
