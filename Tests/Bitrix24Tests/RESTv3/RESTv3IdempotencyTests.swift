import Bitrix24Core
import Bitrix24Testing
import Foundation
import Testing

extension FakePortalSuites {
    /// `Idempotency-Key`: a REST 3.0 write whose reply is lost is repeated with the same key and runs once; the same
    /// fault on a REST 2 write is not repeated; a caller's own key; reused and malformed keys.
    @Suite("REST 3.0: Idempotency-Key")
    struct RESTv3IdempotencyTests {
        /// Injects `fault` into the first `tasks.task.add` and checks that the REST 3.0 add is repeated with the same
        /// key, that the repeat got the stored reply, and that the portal holds one record and one key.
        func lostReplyOfAnAddIsRepeatedWithTheSameKey(
            _ fault: FakePortal.Fault, timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation
        ) async throws {
            try await V3Test.withPortal(configure: { $0.timeout = timeout }) { portal, logger, client in
                await portal.inject(fault, method: "tasks.task.add")
                let response = try await client.v3.send { $0.tasksV3.add(title: "Exactly once") }
                #expect(response.result.item?.title == "Exactly once", sourceLocation: sourceLocation)
                #expect(response.isReplayed, sourceLocation: sourceLocation)
                let adds = await V3Test.requests(portal, "tasks.task.add")
                #expect(adds.count == 2, sourceLocation: sourceLocation)
                let key = try #require(response.idempotencyKey, sourceLocation: sourceLocation)
                #expect(adds.map(\.idempotencyKey) == [key, key], sourceLocation: sourceLocation)
                #expect(adds.map(\.replayed) == [false, true], sourceLocation: sourceLocation)
                #expect(await portal.records(entity: "tasks.task").count == 1, sourceLocation: sourceLocation)
                #expect(await portal.idempotencyLog() == [.init(key: key, method: "tasks.task.add", replays: 1)], sourceLocation: sourceLocation)
                #expect(Bitrix24Client.isValidIdempotencyKey(key), sourceLocation: sourceLocation)
                #expect(logger.lines.contains { $0.contains("replayed the stored reply") }, sourceLocation: sourceLocation)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [], sourceLocation: sourceLocation)
            }
        }

        /// The same fault on the classic `tasks.task.add`: one request, one record, and an error that says it may
        /// have run.
        func lostReplyOfAClassicAddIsNotRepeated(
            _ fault: FakePortal.Fault, timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation
        ) async throws {
            try await V3Test.withPortal(configure: { $0.timeout = timeout }) { portal, logger, client in
                await portal.inject(fault, method: "tasks.task.add")
                let sink = TextSink()
                let error = await V3Test.error(sink, sourceLocation: sourceLocation) { _ = try await client.perform(V3Test.classicAdd("Once")) }
                #expect(error?.mayHaveBeenExecuted == true, sourceLocation: sourceLocation)
                let adds = await V3Test.requests(portal, "tasks.task.add")
                #expect(adds.count == 1, sourceLocation: sourceLocation)
                #expect(adds.first?.idempotencyKey == nil, sourceLocation: sourceLocation)
                #expect(await portal.records(entity: "tasks.task").count == 1, sourceLocation: sourceLocation)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts, sourceLocation: sourceLocation)
            }
        }

        @Test func aServerErrorAfterTheRecordWasStored() async throws {
            try await lostReplyOfAnAddIsRepeatedWithTheSameKey(.internalServerError)
            try await lostReplyOfAClassicAddIsNotRepeated(.internalServerError)
        }

        @Test func aTimeout() async throws {
            try await lostReplyOfAnAddIsRepeatedWithTheSameKey(.delay(.milliseconds(1500)), timeout: .milliseconds(500))
            try await lostReplyOfAClassicAddIsNotRepeated(.delay(.milliseconds(1500)), timeout: .milliseconds(500))
        }

        @Test func aConnectionResetAfterTheCallRan() async throws {
            try await lostReplyOfAnAddIsRepeatedWithTheSameKey(.resetAfterExecuting)
            try await lostReplyOfAClassicAddIsNotRepeated(.resetAfterExecuting)
        }

        @Test func aCallThatFailsEveryAttemptNamesItsKeySoThatItCanBeRepeatedLater() async throws {
            try await V3Test.withPortal { portal, logger, client in
                await portal.inject(.internalServerError, method: "tasks.task.add", times: 3)
                let sink = TextSink()
                let error = try #require(await V3Test.error(sink) { _ = try await client.v3.tasksV3.add(title: "Later") })
                #expect(error.code == .internalServerError)
                #expect(error.mayHaveBeenExecuted)
                let key = try #require(error.idempotencyKey)
                #expect(await V3Test.requests(portal, "tasks.task.add").map(\.replayed) == [false, true, true])
                // Later (another process, say): the same call with the key gets the reply of the run that happened.
                let repeated = try await client.v3.send(idempotencyKey: key) { $0.tasksV3.add(title: "Later") }
                #expect(repeated.isReplayed)
                #expect(repeated.result.item?.title == "Later")
                #expect(await portal.records(entity: "tasks.task").count == 1)
                // A classic write's error names no key.
                await portal.inject(.internalServerError, method: "tasks.task.add")
                let classic = await V3Test.error(sink) { _ = try await client.perform(V3Test.classicAdd("Classic")) }
                #expect(classic?.idempotencyKey == nil)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func aKeyIsMadeOncePerCallAndKeptAcrossEveryRetry() async throws {
            try await V3Test.withPortal { portal, logger, client in
                await portal.inject(.queryLimitExceeded, method: "tasks.task.add", times: 2)
                let first = try await client.v3.send { $0.tasksV3.add(title: "One") }
                let second = try await client.v3.send { $0.tasksV3.add(title: "One") }
                let adds = await V3Test.requests(portal, "tasks.task.add")
                #expect(adds.map(\.status) == [503, 503, 200, 200])
                #expect(adds.prefix(3).allSatisfy { $0.idempotencyKey == first.idempotencyKey })
                // Another logical call gets another key, so the same body creates a second record.
                #expect(adds.last?.idempotencyKey == second.idempotencyKey)
                #expect(first.idempotencyKey != second.idempotencyKey)
                #expect(!first.isReplayed && !second.isReplayed)
                #expect(await portal.records(entity: "tasks.task").count == 2)
                // Reads carry no key; an update and a delete do.
                let id = try #require(first.result.item?.id)
                _ = try await client.v3.tasksV3.get(id: id)
                _ = try await client.perform(TasksV3Requests().update(id: id, title: "Renamed"))
                _ = try await client.v3.tasksV3.delete(id: id)
                let later = await portal.requests().suffix(3)
                #expect(later.map(\.method) == ["tasks.task.get", "tasks.task.update", "tasks.task.delete"])
                #expect(later.map { $0.idempotencyKey != nil } == [false, true, true])
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func aCallersOwnKeyMakesARerunOfAJobGetTheStoredReply() async throws {
            try await V3Test.withPortal { portal, logger, client in
                // The job runs, and runs again (after a crash, say) with the key it keeps.
                let first = try await client.withIdempotencyKey("job-42") { try await client.v3.tasksV3.add(title: "Job 42") }
                let rerun = try await client.withIdempotencyKey("job-42") { try await client.v3.tasksV3.add(title: "Job 42") }
                #expect(first.item?.id == rerun.item?.id)
                let replayed = try await client.v3.send(idempotencyKey: "job-42") { $0.tasksV3.add(title: "Job 42") }
                #expect(replayed.isReplayed)
                #expect(replayed.idempotencyKey == "job-42")
                #expect(await V3Test.requests(portal, "tasks.task.add").map(\.idempotencyKey) == ["job-42", "job-42", "job-42"])
                #expect(await portal.records(entity: "tasks.task").count == 1)
                #expect(await portal.idempotencyLog() == [.init(key: "job-42", method: "tasks.task.add", replays: 2)])
                // The key is this client's: another client's calls inside make their own, and reads carry none.
                let other = await RuntimeTest.client(portal, logger: logger)
                try await client.withIdempotencyKey("job-43") {
                    _ = try await other.v3.tasksV3.add(title: "Other client")
                    _ = try await client.v3.tasksV3.get(id: try #require(first.item?.id))
                }
                let last = await portal.requests().suffix(2)
                #expect(last.first?.method == "tasks.task.add")
                let otherKey = try #require(last.first?.idempotencyKey, "the other client's add carries a key of its own")
                #expect(otherKey != "job-43")
                #expect(last.last?.idempotencyKey == nil)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func aKeyReusedWithAnotherBodyIsATypedErrorAndNotRepeated() async throws {
            try await V3Test.withPortal { portal, logger, client in
                let sink = TextSink()
                _ = try await client.v3.send(idempotencyKey: "order-7") { $0.tasksV3.add(title: "First") }
                let error = await V3Test.error(sink) { _ = try await client.v3.send(idempotencyKey: "order-7") { $0.tasksV3.add(title: "Second") } }
                #expect(error?.code == .restV3IdempotencyKeyReused)
                #expect(error?.httpStatus == 422)
                #expect(await V3Test.requests(portal, "tasks.task.add").map(\.status) == [200, 422])
                #expect(await portal.records(entity: "tasks.task").count == 1)
                // The same key in another method is another call.
                _ = try await client.v3.send(idempotencyKey: "order-7") { _ in TasksV3Requests().update(id: 1, title: "Third") }
                #expect(await portal.idempotencyLog().map(\.method) == ["tasks.task.add", "tasks.task.update"])
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func anInvalidKeyIsRefusedBeforeSendingAndThePortalsRefusalIsTyped() async throws {
            try await V3Test.withPortal { portal, logger, client in
                let sink = TextSink()
                for key in ["", String(repeating: "k", count: 256), "ключ", "tab\there", " padded "] {
                    let error = await V3Test.error(sink) { _ = try await client.withIdempotencyKey(key) { try await client.v3.tasksV3.add(title: "x") } }
                    #expect(error?.code == .restV3InvalidIdempotencyKey)
                    #expect(error?.kind == .encoding)
                    let direct = await V3Test.error(sink) { _ = try await client.v3.send(idempotencyKey: key) { $0.tasksV3.add(title: "x") } }
                    #expect(direct?.code == .restV3InvalidIdempotencyKey)
                }
                #expect(Bitrix24Client.isValidIdempotencyKey(String(repeating: "k", count: 255)))
                #expect(Bitrix24Client.isValidIdempotencyKey("a b~!"))
                // A key for a classic method is refused too: REST 2 ignores the header, and its writes are never repeated.
                let classic = await V3Test.error(sink) { _ = try await client.send(V3Test.classicAdd("x"), idempotencyKey: "job-1") }
                #expect(classic?.kind == .configuration)
                #expect(await portal.requests().isEmpty)
                // The portal's own refusal reaches the caller typed, and is not repeated.
                await portal.handle("strict.add") { _ in
                    .restV3Error(code: "BITRIX_REST_V3_EXCEPTION_INVALIDIDEMPOTENCYKEYEXCEPTION", message: "bad key")
                }
                let refused = await V3Test.error(sink) { _ = try await client.v3.call(method: "strict.add") }
                #expect(refused?.code == .restV3InvalidIdempotencyKey)
                #expect(refused?.httpStatus == 400)
                #expect(await portal.requests().count == 1)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func thePortalRefusesAMalformedKeyItself() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                let url = await portal.restV3WebhookURL().appendingPathComponent("tasks.task.add")
                let response = try await Bitrix24Client.URLSessionTransport().send(Bitrix24Client.HTTPRequest(
                    method: "POST", url: url,
                    headers: ["Content-Type": "application/json", "Idempotency-Key": String(repeating: "k", count: 256)],
                    body: Data(#"{"fields":{"title":"x"}}"#.utf8)))
                #expect(response.status == 400)
                #expect(try JSONDecoder().decode(Bitrix24JSON.self, from: response.body)["error"]?["code"]
                    == "BITRIX_REST_V3_EXCEPTION_INVALIDIDEMPOTENCYKEYEXCEPTION")
                #expect(await portal.records(entity: "tasks.task").isEmpty)
            }
        }

        @Test func theRetryClassOfACallWithAKey() {
            typealias RetryClass = Bitrix24MethodInfo.RetryClass
            #expect(RetryClass.allCases.map(\.withIdempotencyKey) == [.read, .idempotentWrite, .idempotentWrite, .delete, .idempotentWrite])
            #expect(RetryClass.allCases.allSatisfy { $0.withIdempotencyKey.repeatsSafely })
            // The pure decision: a 500 on a write is final, on the same write with a key it is repeated.
            let policy = Bitrix24Client.RetryPolicy.default
            let outcome = Bitrix24Client.RetryPolicy.Outcome.failedReply(status: 500, code: .internalServerError, kind: .api)
            let attempts = Bitrix24Client.RetryPolicy.Attempts()
            #expect(policy.decide(outcome, retryClass: .write, attempts: attempts, canRefreshToken: false, jitter: 1) == .fail)
            #expect(policy.decide(outcome, retryClass: RetryClass.write.withIdempotencyKey, attempts: attempts, canRefreshToken: false, jitter: 1)
                == .retry(after: .milliseconds(500)))
        }
    }
}
