import Bitrix24Core
import Bitrix24Testing
import Foundation
import Testing

extension FakePortalSuites {
    /// A portal that answers 302: followed only to a host the policy allows and the user does not refuse;
    /// nothing is ever sent to any other host.
    @Suite("Runtime: portal renames")
    struct RenameTests {
        /// A second fake portal on another loopback port stands in for a foreign host.
        @Test(arguments: ["webhook", "oauth"])
        func aRenameToAForeignHostSendsNothingThere(auth kind: String) async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                try await withFakePortal(.init(rateLimit: nil)) { foreign in
                    await portal.inject(.redirectElsewhere(foreign.baseURL), times: 5)
                    let logger = CapturingLogger()
                    let limiter = Bitrix24Client.PortalLimiter(portal: "rename-\(portal.port)", limit: .unlimited)
                    let auth: Bitrix24Client.Auth =
                        kind == "webhook"
                        ? .webhook(await portal.webhookURL())
                        : .oauth(await portal.oauthTokens(), credentials: await portal.oauthCredentials())
                    let client = Bitrix24Client(auth: auth, configuration: .init(logger: logger, limiter: limiter))
                    do {
                        _ = try await client.call(method: "crm.deal.get", retry: .read, parameters: ["id": 1])
                        Issue.record("expected an error")
                    } catch let error as Bitrix24Error {
                        #expect(error.kind == .redirect)
                        #expect(error.message.contains("127.0.0.1:\(foreign.port)"), "the error names the host: \(error.message)")
                        await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: SecretTests.texts(of: error))
                    }
                    #expect(await foreign.requests().isEmpty, "nothing reached the foreign host")
                    #expect(await portal.requests().count == 1)
                }
            }
        }

        @Test func theCallbackCanRefuseARename() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.rename(host: "127.0.0.1", to: "localhost")
                let asked = RenameLog()
                let logger = CapturingLogger()
                let client = await RuntimeTest.client(portal, logger: logger) {
                    $0.onPortalRenamed = { rename in
                        await asked.add(rename)
                        return .refuse
                    }
                }
                do {
                    _ = try await client.perform(RuntimeTest.add("Refused"))
                    Issue.record("expected an error")
                } catch let error as Bitrix24Error {
                    #expect(error.kind == .redirect)
                    #expect(error.message.contains("localhost:\(portal.port)"))
                    #expect(error.message.contains("refused"))
                    await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: SecretTests.texts(of: error))
                }
                #expect(await asked.renames.map(\.newHost) == ["localhost:\(portal.port)"])
                let requests = await portal.requests()
                #expect(requests.map(\.status) == [302], "nothing was sent to the new address")
                #expect(await portal.records(entity: "crm.deal").isEmpty)
            }
        }

        @Test func aPolicyOfNeverFollowsNothing() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.rename(host: "127.0.0.1", to: "localhost")
                let client = await RuntimeTest.client(portal, logger: CapturingLogger()) { $0.renamePolicy = .never }
                await #expect(throws: Bitrix24Error.self) { _ = try await client.perform(RuntimeTest.get(1)) }
                #expect(await portal.requests().count == 1)
            }
        }

        @Test(arguments: [
            ("https://old.bitrix24.com/rest/1/x/", "https://new.bitrix24.de/rest/1/x/", true),
            ("https://old.bitrix24.com/rest/", "https://new.bitrix24.com.br/rest/", true),
            ("https://crm.example.com/rest/", "https://portal.example.com/rest/", true),
            ("https://crm.example.co.uk/rest/", "https://b24.example.co.uk/rest/", true),
            ("https://crm.example.com/rest/", "https://evil.example.org/rest/", false),
            ("https://crm.example.com/rest/", "https://evilbitrix24.com/rest/", false),
            ("https://crm.example.co.uk/rest/", "https://other.co.uk/rest/", false),
            ("https://crm.example.com/rest/", "https://portal.example.com:8443/rest/", false),
            ("http://127.0.0.1:8080/rest/", "http://localhost:8080/rest/", true),
            ("http://127.0.0.1:8080/rest/", "http://127.0.0.1:9090/rest/", false),
            ("https://10.0.0.5/rest/", "https://10.0.0.6/rest/", false),
        ])
        func theDefaultPolicy(from portal: String, to target: String, allowed: Bool) throws {
            let policy = Bitrix24Client.RenamePolicy.bitrix24Cloud
            #expect(policy.allows(try #require(URL(string: target)), from: try #require(URL(string: portal))) == allowed)
        }
    }
}
