import Bitrix24Core
import Bitrix24Testing
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension FakePortalSuites {
    @Suite("Runtime: scripted faults")
    struct RuntimeFaultTests {
        /// Runs `body` with a portal holding one deal, a capturing logger and a client; stops the portal after.
        func withSetUp(
            _ configuration: FakePortal.Configuration = .init(rateLimit: nil),
            configure: (inout Bitrix24Client.Configuration) -> Void = { _ in },
            _ body: (FakePortal, CapturingLogger, Bitrix24Client) async throws -> Void
        ) async throws {
            try await withFakePortal(configuration) { portal in
                await portal.seed(entity: "crm.deal", records: [["TITLE": .string("Existing")]])
                let logger = CapturingLogger()
                let client = await RuntimeTest.client(portal, logger: logger, configure: configure)
                try await body(portal, logger, client)
            }
        }

        func expectError(
            _ client: Bitrix24Client, _ sink: TextSink, sourceLocation: SourceLocation = #_sourceLocation,
            _ body: (Bitrix24Client) async throws -> Void
        ) async -> Bitrix24Error? {
            do {
                try await body(client)
                Issue.record("expected an error", sourceLocation: sourceLocation)
                return nil
            } catch let error as Bitrix24Error {
                sink.add(error)
                return error
            } catch {
                Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
                return nil
            }
        }

        @Test func queryLimitExceededBurstIsRetried() async throws {
            try await withSetUp { portal, logger, client in
                await portal.inject(.queryLimitExceeded, method: "crm.deal.add", times: 4)
                let id = try await client.perform(RuntimeTest.add("After burst"))
                #expect(id == 2)
                let adds = await portal.requests().filter { $0.method == "crm.deal.add" }
                #expect(adds.map(\.status) == [503, 503, 503, 503, 200])
                #expect(await portal.records(entity: "crm.deal").count == 2)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func overloadLimitIsSurfacedNotRetried() async throws {
            try await withSetUp { portal, logger, client in
                let sink = TextSink()
                await portal.inject(.overloadLimit, times: 5)
                let error = await expectError(client, sink) { _ = try await $0.perform(RuntimeTest.get(1)) }
                #expect(error?.code == .overloadLimit)
                #expect(error?.httpStatus == 503)
                #expect(await portal.requests().count == 1)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func operationTimeLimitWaitsForResetThenSucceeds() async throws {
            try await withSetUp { portal, logger, client in
                await portal.inject(.operationTimeLimit(resetAfter: .milliseconds(600)), method: "crm.deal.get")
                let started = Date()
                let deal = try await client.perform(RuntimeTest.get(1))
                let elapsed = Date().timeIntervalSince(started)
                #expect(deal["TITLE"] == .string("Existing"))
                let gets = await portal.requests().filter { $0.method == "crm.deal.get" }
                #expect(gets.map(\.status) == [429, 200])
                #expect(elapsed >= 0.55)
                if gets.count == 2 { #expect(gets[1].time - gets[0].time >= .milliseconds(550)) }
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func operatingTimeIsTrackedSoTheClientWaitsInsteadOfFailing() async throws {
            // Each call costs 1 s of operating time; 2 s per 0.7 s window.
            let configuration = FakePortal.Configuration(
                rateLimit: nil, operatingTimeLimit: .seconds(2), operatingWindow: .milliseconds(700),
                operatingCost: ["crm.deal.get": .seconds(1)])
            try await withSetUp(configuration, configure: { $0.operatingTimeThreshold = .seconds(2) }) { portal, logger, client in
                for _ in 0..<5 { _ = try await client.perform(RuntimeTest.get(1)) }
                let gets = await portal.requests().filter { $0.method == "crm.deal.get" }
                #expect(gets.count == 5)
                #expect(gets.allSatisfy { $0.status == 200 })
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func serverErrorOnAddIsNotRetried() async throws {
            try await withSetUp { portal, logger, client in
                let sink = TextSink()
                await portal.inject(.internalServerError, method: "crm.deal.add", times: 3)
                let error = await expectError(client, sink) { _ = try await $0.perform(RuntimeTest.add("Once")) }
                #expect(error?.code == .internalServerError)
                #expect(error?.httpStatus == 500)
                #expect(await portal.requests().filter { $0.method == "crm.deal.add" }.count == 1)
                // The portal executed it once: exactly one record was created, never two.
                #expect(await portal.records(entity: "crm.deal").filter { $0["TITLE"] == .string("Once") }.count == 1)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func serverErrorOnReadIsRetried() async throws {
            try await withSetUp { portal, logger, client in
                await portal.inject(.internalServerError, method: "crm.deal.get", times: 2)
                let deal = try await client.perform(RuntimeTest.get(1))
                #expect(deal["ID"] == .string("1"))
                #expect(await portal.requests().map(\.status) == [500, 500, 200])
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func portalRenameResendsThePostAndTellsTheUser() async throws {
            let renames = RenameLog()
            try await withSetUp(configure: {
                $0.onPortalRenamed = { rename in
                    await renames.add(rename)
                    return .follow
                }
            }) { portal, logger, client in
                await portal.rename(host: "127.0.0.1", to: "localhost")
                let id = try await client.perform(RuntimeTest.add("Moved"))
                #expect(id == 2)
                let requests = await portal.requests()
                #expect(requests.map(\.status) == [302, 200])
                #expect(requests.map(\.httpMethod) == ["POST", "POST"])
                #expect(requests.last?.host.hasPrefix("localhost") == true)
                #expect(requests.last?.parameters["fields"] == .object(["TITLE": .string("Moved")]))
                let seen = await renames.renames
                #expect(seen.count == 1)
                #expect(seen.first?.oldHost == "127.0.0.1:\(portal.port)")
                #expect(seen.first?.newHost == "localhost:\(portal.port)")
                // Later calls go to the new address directly.
                _ = try await client.perform(RuntimeTest.get(1))
                #expect(await portal.requests().last?.host.hasPrefix("localhost") == true)
                #expect(await portal.requests().count == 3)
                #expect(await renames.renames.count == 1)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: seen.map { "\($0) \($0.newBase)" })
            }
        }

        @Test func urlSessionTransportDoesNotFollowRedirects() async throws {
            try await withFakePortal { portal in
                await portal.rename(host: "127.0.0.1", to: "localhost")
                let transport = Bitrix24Client.URLSessionTransport()
                let response = try await transport.send(Bitrix24Client.HTTPRequest(
                    method: "POST", url: portal.baseURL.appendingPathComponent("rest/1/x/app.ping"), body: Data("{}".utf8), timeout: .seconds(5)))
                #expect(response.status == 302)
                #expect(response.header("location")?.hasPrefix("http://localhost:") == true)
                #expect(await portal.requests().count == 1)
            }
        }

        @Test func htmlBodyIsAClearError() async throws {
            try await withSetUp { portal, logger, client in
                let sink = TextSink()
                await portal.inject(.html, method: "crm.deal.add")
                let error = await expectError(client, sink) { _ = try await $0.perform(RuntimeTest.add("Html")) }
                #expect(error?.kind == .htmlResponse)
                #expect(error?.httpStatus == 502)
                #expect(await portal.requests().count == 1)
                // A read is retried past it.
                await portal.inject(.html, method: "crm.deal.get")
                _ = try await client.perform(RuntimeTest.get(1))
                #expect(await portal.requests().count == 3)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func truncatedJSONIsAClearError() async throws {
            try await withSetUp { portal, logger, client in
                let sink = TextSink()
                await portal.inject(.truncatedJSON, method: "crm.deal.add")
                let error = await expectError(client, sink) { _ = try await $0.perform(RuntimeTest.add("Cut")) }
                #expect(error?.kind == .malformedResponse)
                #expect(error?.httpStatus == 200)
                #expect(await portal.requests().count == 1)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func connectionResetFailsAWriteAndIsRetriedForAReads() async throws {
            try await withSetUp { portal, logger, client in
                let sink = TextSink()
                await portal.inject(.connectionReset, method: "crm.deal.add")
                let error = await expectError(client, sink) { _ = try await $0.perform(RuntimeTest.add("Reset")) }
                #expect(error?.kind == .network)
                #expect(await portal.requests().count == 1)
                await portal.inject(.connectionReset, method: "crm.deal.get")
                let deal = try await client.perform(RuntimeTest.get(1))
                #expect(deal["ID"] == .string("1"))
                #expect(await portal.requests().filter { $0.method == "crm.deal.get" }.count == 2)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func timeoutIsReportedAndAWriteIsNotRepeated() async throws {
            try await withSetUp(configure: { $0.timeout = .milliseconds(500) }) { portal, logger, client in
                let sink = TextSink()
                await portal.inject(.delay(.milliseconds(1500)), method: "crm.deal.add")
                let started = Date()
                let error = await expectError(client, sink) { _ = try await $0.perform(RuntimeTest.add("Slow")) }
                #expect(error?.kind == .timeout)
                #expect(Date().timeIntervalSince(started) < 1.4)
                #expect(await portal.requests().filter { $0.method == "crm.deal.add" }.count == 1)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }
    }
}

actor RenameLog {
    var renames: [Bitrix24Client.PortalRename] = []
    func add(_ rename: Bitrix24Client.PortalRename) { renames.append(rename) }
}
