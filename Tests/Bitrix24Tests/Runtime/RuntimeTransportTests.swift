import Bitrix24Core
import Bitrix24Locking
import Foundation
import Testing

/// A transport that replays scripted outcomes and records what it was sent.
struct ScriptedTransport: Bitrix24Client.Transport {
    enum Step: Sendable {
        case fail(Bitrix24Client.TransportFailure)
        case reply(Int, String)
    }

    private struct State {
        var steps: [Step]
        var sent: [Bitrix24Client.HTTPRequest] = []
    }

    private let state: Locked<State>

    init(_ steps: [Step]) { state = Locked(State(steps: steps)) }

    var sent: [Bitrix24Client.HTTPRequest] { state.withLock { $0.sent } }

    func send(_ request: Bitrix24Client.HTTPRequest) async throws -> Bitrix24Client.HTTPResponse {
        let step: Step = state.withLock { state in
            state.sent.append(request)
            return state.steps.isEmpty ? .reply(200, #"{"result":true}"#) : state.steps.removeFirst()
        }
        switch step {
        case .fail(let failure): throw failure
        case .reply(let status, let body): return Bitrix24Client.HTTPResponse(status: status, body: Data(body.utf8))
        }
    }
}

@Suite("Runtime: pluggable transport and retry classes")
struct RuntimeTransportTests {
    func client(_ transport: ScriptedTransport, auth: Bitrix24Client.Auth? = nil) -> Bitrix24Client {
        Bitrix24Client(
            auth: auth ?? .webhook(URL(string: "https://portal.example/rest/3/hooksecret42")!),
            configuration: Bitrix24Client.Configuration(
                rateLimit: .unlimited, retry: .init(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(10)), transport: transport,
                limiter: Bitrix24Client.PortalLimiter(portal: "scripted-\(UUID().uuidString)", limit: .unlimited)))
    }

    let notSent = Bitrix24Client.TransportFailure(requestMayHaveBeenSent: false, message: "connection refused")
    let maybeSent = Bitrix24Client.TransportFailure(requestMayHaveBeenSent: true, message: "connection lost")

    @Test func writeIsRetriedOnlyWhenTheRequestCertainlyWasNotSent() async throws {
        let refused = ScriptedTransport([.fail(notSent), .reply(200, #"{"result":7}"#)])
        #expect(try await client(refused).perform(RuntimeTest.add("x")) == 7)
        #expect(refused.sent.count == 2)

        let lost = ScriptedTransport([.fail(maybeSent), .reply(200, #"{"result":7}"#)])
        await #expect(throws: Bitrix24Error.self) { _ = try await client(lost).perform(RuntimeTest.add("x")) }
        #expect(lost.sent.count == 1)
    }

    @Test func idempotentWritesAndReadsAreRetriedAfterAmbiguousFailures() async throws {
        let update = Bitrix24Request<Bool>(method: RuntimeTest.method("crm.deal.update", .idempotentWrite), parameters: ["id": .int(1)])
        let lost = ScriptedTransport([.fail(maybeSent), .reply(503, "<html>busy</html>"), .reply(200, #"{"result":true}"#)])
        #expect(try await client(lost).perform(update))
        #expect(lost.sent.count == 3)
        // Bounded: three attempts, then the last error.
        let down = ScriptedTransport([.fail(maybeSent), .fail(maybeSent), .fail(maybeSent), .reply(200, #"{"result":{}}"#)])
        await #expect(throws: Bitrix24Error.self) { _ = try await client(down).perform(RuntimeTest.get(1)) }
        #expect(down.sent.count == 3)
    }

    @Test func requestShape() async throws {
        let transport = ScriptedTransport([.reply(200, #"{"result":1}"#)])
        _ = try await client(transport).perform(RuntimeTest.add("Shape"))
        let request = try #require(transport.sent.first)
        #expect(request.method == "POST")
        #expect(request.url.absoluteString == "https://portal.example/rest/3/hooksecret42/crm.deal.add")
        #expect(request.headers["Accept"] == "application/json")
        #expect(request.headers["Content-Type"]?.hasPrefix("application/json") == true)
        #expect(request.headers["User-Agent"] == "swift-bitrix24/0.1")
        #expect(!request.description.contains("hooksecret42"))
        let body = try JSONDecoder().decode(Bitrix24JSON.self, from: request.body ?? Data())
        #expect(body == .object(["fields": .object(["TITLE": .string("Shape")])]))
    }

    @Test func oauthSendsTheTokenAsAuthInTheBody() async throws {
        struct Parameters: Encodable, Sendable {
            var fields: [String: String]
        }
        let transport = ScriptedTransport([.reply(200, #"{"result":1}"#), .reply(200, #"{"result":true}"#)])
        let tokens = Bitrix24Client.OAuthTokens(
            accessToken: "access-token-1", refreshToken: "refresh-token-1", clientEndpoint: URL(string: "https://portal.example/rest/")!)
        let b24 = client(transport, auth: .oauth(tokens, credentials: .init(clientID: "app", clientSecret: "app-secret-1")))
        _ = try await b24.perform(Bitrix24Request<Int>(method: RuntimeTest.method("crm.deal.add", .write), encoding: Parameters(fields: ["TITLE": "T"])))
        _ = try await b24.perform(Bitrix24Request<Bool>(method: RuntimeTest.method("app.info", .read)))
        let bodies = try transport.sent.map { try JSONDecoder().decode(Bitrix24JSON.self, from: $0.body ?? Data()) }
        #expect(bodies == [
            .object(["auth": .string("access-token-1"), "fields": .object(["TITLE": .string("T")])]),
            .object(["auth": .string("access-token-1")]),
        ])
        #expect(transport.sent.first?.url.absoluteString == "https://portal.example/rest/crm.deal.add")
        #expect(!b24.description.contains("access-token-1"))
    }

    @Test func envelopeFieldsAndLenientNumbers() async throws {
        let transport = ScriptedTransport([
            .reply(200, #"{"result":[{"ID":"1"}],"total":"120","next":50,"time":{"start":1.5,"operating":3,"operating_reset_at":1700000600,"date_start":"x"}}"#)
        ])
        let response = try await client(transport).send(
            Bitrix24Request<[Bitrix24JSON]>(method: RuntimeTest.method("crm.deal.list", .read)))
        #expect(response.total == 120)
        #expect(response.next == 50)
        #expect(response.time?.operating == 3)
        #expect(response.time?.operatingResetAt == 1_700_000_600)
        #expect(response.result.count == 1)
    }

    @Test func decodingErrorsNameThePath() async throws {
        let transport = ScriptedTransport([.reply(200, #"{"result":{"ID":"not a number"}}"#)])
        do {
            _ = try await client(transport).perform(Bitrix24Request<[String: Int]>(method: RuntimeTest.method("crm.deal.get", .read)))
            Issue.record("expected an error")
        } catch let error as Bitrix24Error {
            #expect(error.kind == .decoding)
            #expect(error.message.contains("ID"))
        }
    }

    @Test func standardErrorLoggerFiltersByLevel() {
        let logger = Bitrix24StandardErrorLogger(minimumLevel: .warning)
        #expect(logger.minimumLevel == .warning)
        #expect(Bitrix24LogLevel.debug < .warning)
        #expect(Bitrix24NoLogger().minimumLevel == .error)
    }
}
