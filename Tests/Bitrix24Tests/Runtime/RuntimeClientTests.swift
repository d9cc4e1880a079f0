import Bitrix24Core
import Bitrix24Testing
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension FakePortalSuites {
    @Suite("Runtime: calls against the fake portal")
    struct RuntimeClientTests {
        @Test func webhookCallDecodesEnvelopeAndSendsHeaders() async throws {
            try await withFakePortal { portal in
                let logger = CapturingLogger()
                let client = await RuntimeTest.client(portal, logger: logger)
                await portal.seed(entity: "crm.deal", records: [["TITLE": .string("First")]])

                let response = try await client.send(RuntimeTest.get(1))
                #expect(response.result["TITLE"] == .string("First"))
                #expect(response.time?.operatingResetAt != nil)
                let id = try await client.perform(RuntimeTest.add("Second"))
                #expect(id == 2)

                let requests = await portal.requests()
                #expect(requests.map(\.method) == ["crm.deal.get", "crm.deal.add"])
                #expect(requests.allSatisfy { $0.httpMethod == "POST" && $0.userAgent == "swift-bitrix24-tests/1.0" })
                #expect(requests[1].parameters["fields"] == .object(["TITLE": .string("Second")]))
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [client.description, "\(requests)"])
            }
        }

        @Test func scalarAndListResultsAreReadInEverySpellingThePortalUses() async throws {
            try await withFakePortal { portal in
                let logger = CapturingLogger()
                let client = await RuntimeTest.client(portal, logger: logger)
                let replies: [String: Bitrix24JSON] = [
                    "t.int": .string("123"), "t.bool.y": .string("Y"), "t.bool.one": .int(1), "t.bool.true": .bool(true),
                    "t.string": .int(42), "t.double": .string("1.5"), "t.list": .object(["1": .string("b"), "0": .string("a")]),
                    "t.dict": .array([]), "t.private": .object(["PHONE": .string("+7 900 123-45-67")]),
                ]
                for (method, reply) in replies {
                    await portal.handle(method) { _ in .result(reply) }
                }
                func request<R>(_ name: String, _: R.Type) -> Bitrix24Request<R> {
                    Bitrix24Request(method: Bitrix24MethodInfo(name: name, retry: .read))
                }
                #expect(try await client.perform(request("t.int", Int.self)) == 123)
                #expect(try await client.perform(request("t.bool.y", Bool.self)) == true)
                #expect(try await client.perform(request("t.bool.one", Bool.self)) == true)
                #expect(try await client.perform(request("t.bool.true", Bool.self)) == true)
                #expect(try await client.perform(request("t.string", String.self)) == "42")
                #expect(try await client.perform(request("t.double", Double.self)) == 1.5)
                #expect(try await client.perform(request("t.list", [String].self)) == ["a", "b"])
                #expect(try await client.perform(request("t.dict", [String: Int].self)) == [:])
                // A value that cannot mean the type: a decoding error that does not quote the reply.
                do {
                    _ = try await client.perform(request("t.private", Int.self))
                    Issue.record("expected a decoding error")
                } catch let error as Bitrix24Error {
                    #expect(error.kind == .decoding)
                    #expect(!error.description.contains("900"), "the reply's data is not quoted: \(error.description)")
                    #expect(!logger.lines.joined().contains("900"))
                }
            }
        }

        @Test func apiErrorsCarryCodeStatusAndMethod() async throws {
            try await withFakePortal { portal in
                let logger = CapturingLogger()
                let client = await RuntimeTest.client(portal, logger: logger)
                let sink = TextSink()
                do {
                    _ = try await client.call(method: "no.such.method", retry: .read)
                    Issue.record("expected an error")
                } catch let error as Bitrix24Error {
                    sink.add(error)
                    #expect(error.kind == .api)
                    #expect(error.code == .methodNotFound)
                    #expect(error.code == Bitrix24ErrorCode("error_method_not_found"))
                    #expect(error.httpStatus == 404)
                    #expect(error.method == "no.such.method")
                }
                // A wrong webhook code: 401 NO_AUTH_FOUND, and the code is not in the error.
                let wrong = Bitrix24Client(
                    auth: .webhook(portal.baseURL.appendingPathComponent("rest/1/wrongsecretcode123/")),
                    configuration: Bitrix24Client.Configuration(logger: logger, limiter: Bitrix24Client.PortalLimiter(portal: "x", limit: .unlimited)))
                do {
                    _ = try await wrong.perform(RuntimeTest.get(1))
                    Issue.record("expected an error")
                } catch let error as Bitrix24Error {
                    #expect(error.code == .noAuthFound)
                    #expect(!error.description.contains("wrongsecretcode123"))
                    #expect(!logger.lines.joined().contains("wrongsecretcode123"))
                    #expect(!wrong.description.contains("wrongsecretcode123"))
                }
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func refusesPlainHTTPToOtherHosts() async throws {
            let client = Bitrix24Client(
                auth: .webhook(URL(string: "http://example.com/rest/1/abcdefsecret/")!),
                configuration: Bitrix24Client.Configuration(limiter: Bitrix24Client.PortalLimiter(portal: "insecure", limit: .unlimited)))
            await #expect(throws: Bitrix24Error.self) { _ = try await client.perform(RuntimeTest.get(1)) }
            do {
                _ = try await client.perform(RuntimeTest.get(1))
            } catch let error as Bitrix24Error {
                #expect(error.kind == .insecureURL)
                #expect(!error.description.contains("abcdefsecret"))
            }
        }

        /// 500 calls from 50 tasks against a portal whose bucket is 10 burst, 50/s.
        @Test func leakyBucketKeepsClientUnderPortalLimit() async throws {
            let limit = Bitrix24Client.RateLimit(burst: 10, perSecond: 50, safetyMargin: 0)
            try await withFakePortal(.init(rateLimit: limit)) { portal in
                await portal.handle("app.ping") { _ in .result(.string("pong")) }
                let logger = CapturingLogger()
                let client = await RuntimeTest.client(portal, logger: logger, rateLimit: Bitrix24Client.RateLimit(burst: 10, perSecond: 50))
                let request = Bitrix24Request<String>(method: RuntimeTest.method("app.ping", .read))
                let failures = Counter()
                let started = Date()
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<50 {
                        group.addTask {
                            for _ in 0..<10 {
                                do {
                                    let pong = try await client.perform(request)
                                    if pong != "pong" { failures.increment() }
                                } catch {
                                    failures.increment()
                                }
                            }
                        }
                    }
                }
                let elapsed = Date().timeIntervalSince(started)
                let minimum = Double(500 - 10) / 50
                let requests = await portal.requests()
                let rejected = requests.filter { $0.errorCode == "QUERY_LIMIT_EXCEEDED" }.count
                print("bucket test: 500 calls in \(elapsed) s (minimum \(minimum) s, ratio \(elapsed / minimum)); portal rejected \(rejected)")
                #expect(failures.value == 0)
                #expect(requests.filter { $0.status == 200 }.count == 500)
                #expect(elapsed <= 1.1 * minimum)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func concurrentExpiredTokenCallsShareOneRefresh() async throws {
            try await withFakePortal(.init(refreshDelay: .milliseconds(200))) { portal in
                await portal.handle("user.current") { _ in .result(.object(["ID": .string("1")])) }
                let logger = CapturingLogger()
                let stored = TokenLog()
                let initial = await portal.oauthTokens()
                let client = Bitrix24Client(
                    auth: .oauth(initial, credentials: await portal.oauthCredentials(), store: Bitrix24Client.ClosureTokenStore { tokens in await stored.add(tokens) }),
                    configuration: Bitrix24Client.Configuration(logger: logger, limiter: Bitrix24Client.PortalLimiter(portal: "oauth-\(portal.port)", limit: .unlimited)))
                await portal.expireAccessToken()

                let request = Bitrix24Request<Bitrix24JSON>(method: RuntimeTest.method("user.current", .read))
                let failures = Counter()
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<20 {
                        group.addTask {
                            do { _ = try await client.perform(request) } catch { failures.increment() }
                        }
                    }
                }
                #expect(failures.value == 0)
                #expect(await portal.refreshCount() == 1)
                let requests = await portal.requests()
                #expect(requests.filter { $0.method == "oauth/token" }.count == 1)
                #expect(requests.filter { $0.method == "user.current" && $0.status == 200 }.count == 20)
                let saved = await stored.tokens
                #expect(saved.count == 1)
                let current = await portal.oauthTokens()
                #expect(saved.first?.accessToken == current.accessToken)
                #expect(saved.first?.refreshToken == current.refreshToken)
                #expect(await client.currentTokens()?.accessToken == current.accessToken)
                // The next call uses the new token without another refresh.
                _ = try await client.perform(request)
                #expect(await portal.refreshCount() == 1)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [client.description, "\(current)", "\(saved)"])
            }
        }

        @Test func refreshHappensOnlyOnExpiredToken() async throws {
            try await withFakePortal { portal in
                let logger = CapturingLogger()
                let client = Bitrix24Client(
                    auth: .oauth(await portal.oauthTokens(), credentials: .init(clientID: "app.fake.client", clientSecret: "wrong-secret-value")),
                    configuration: Bitrix24Client.Configuration(logger: logger, limiter: Bitrix24Client.PortalLimiter(portal: "o2-\(portal.port)", limit: .unlimited)))
                // A 404 is not a reason to refresh.
                await #expect(throws: Bitrix24Error.self) { _ = try await client.call(method: "no.such.method", retry: .read) }
                #expect(await portal.refreshCount() == 0)
                // An expired token with wrong client credentials: one refresh attempt, a clear error.
                await portal.expireAccessToken()
                do {
                    _ = try await client.perform(RuntimeTest.get(1))
                    Issue.record("expected an error")
                } catch let error as Bitrix24Error {
                    #expect(error.kind == .tokenRefresh)
                    #expect(error.code == .invalidClient)
                    #expect(!error.description.contains("wrong-secret-value"))
                }
                #expect(await portal.requests().filter { $0.method == "oauth/token" }.count == 1)
                #expect(!logger.lines.joined().contains("wrong-secret-value"))
            }
        }
    }
}

actor TokenLog {
    var tokens: [Bitrix24Client.OAuthTokens] = []
    func add(_ token: Bitrix24Client.OAuthTokens) { tokens.append(token) }
}
