import Bitrix24Core
import Bitrix24Locking
import Bitrix24Testing
import Foundation
import Testing

extension FakePortalSuites {
    /// Lost replies against the fake portal: its records show that no data is lost unseen or applied twice.
    @Suite("Runtime: retry classes against lost replies")
    struct RetryClassTests {
        /// A queue the portal serves through `event.offline.get`, which (like the real one by default) removes
        /// the events it returns.
        final class OfflineQueue: Sendable {
            let events = Locked((1...9).map { "event-\($0)" })

            func take(_ count: Int) -> [String] {
                events.withLock { events in
                    let taken = Array(events.prefix(count))
                    events.removeFirst(taken.count)
                    return taken
                }
            }
        }

        static func offlineGet(_ retry: Bitrix24MethodInfo.RetryClass) -> Bitrix24Request<Bitrix24JSON> {
            Bitrix24Request(method: RuntimeTest.method("event.offline.get", retry), parameters: ["limit": .int(3)])
        }

        func withQueue(_ body: (FakePortal, Bitrix24Client, OfflineQueue) async throws -> Void) async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                let queue = OfflineQueue()
                await portal.handle("event.offline.get") { _ in
                    .result(.object(["events": .array(queue.take(3).map { .string($0) })]))
                }
                try await body(portal, await RuntimeTest.client(portal, logger: CapturingLogger()), queue)
            }
        }

        @Test(arguments: [FakePortal.Fault.resetAfterExecuting, .internalServerError])
        func aConsumingReadIsNotRepeatedAfterALostReply(fault: FakePortal.Fault) async throws {
            try await withQueue { portal, client, queue in
                await portal.inject(fault, method: "event.offline.get")
                do {
                    _ = try await client.perform(Self.offlineGet(.consumingRead))
                    Issue.record("expected an error")
                } catch let error as Bitrix24Error {
                    #expect(error.mayHaveBeenExecuted, "the caller learns that events may have been taken")
                }
                // One request: the batch whose reply was lost is the only one taken; nothing else vanished unseen.
                #expect(await portal.requests().filter { $0.method == "event.offline.get" }.count == 1)
                #expect(queue.events.get() == (4...9).map { "event-\($0)" })
                // The next read gets the next events.
                let next = try await client.perform(Self.offlineGet(.consumingRead))
                #expect(next["events"] == .array(["event-4", "event-5", "event-6"]))
            }
        }

        /// What the class prevents: a read class here would repeat the call and take a second batch.
        @Test func aQueueReadClassedAsAReadWouldTakeASecondBatch() async throws {
            try await withQueue { portal, client, queue in
                await portal.inject(.resetAfterExecuting, method: "event.offline.get")
                let reply = try await client.perform(Self.offlineGet(.read))
                #expect(reply["events"] == .array(["event-4", "event-5", "event-6"]))
                #expect(await portal.requests().filter { $0.method == "event.offline.get" }.count == 2)
                #expect(queue.events.get().count == 3, "events 1–3 were taken and never seen")
            }
        }

        /// A write whose target is chosen by position (`…@1`): a repeat after an executed 500 would remove the
        /// next item too. As a write it is sent once.
        @Test(arguments: [FakePortal.Fault.internalServerError, .resetAfterExecuting])
        func aPositionalWriteIsNeverRepeated(fault: FakePortal.Fault) async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                let list = Locked(["a", "b", "c", "d"])
                await portal.handle("list.item.remove") { call in
                    guard case .string(let selector)? = call.parameters["selector"], selector.hasPrefix("@"),
                        let position = Int(selector.dropFirst())
                    else { return .error(status: 400, code: "INVALID_SELECTOR", description: "bad selector") }
                    return list.withLock { items in
                        guard items.indices.contains(position) else { return .error(status: 400, code: "NOT_FOUND", description: "no item") }
                        items.remove(at: position)
                        return .result(.bool(true))
                    }
                }
                let client = await RuntimeTest.client(portal, logger: CapturingLogger())
                await portal.inject(fault, method: "list.item.remove")
                let remove = Bitrix24Request<Bool>(method: RuntimeTest.method("list.item.remove", .write), parameters: ["selector": "@1"])
                do {
                    _ = try await client.perform(remove)
                    Issue.record("expected an error")
                } catch let error as Bitrix24Error {
                    #expect(error.mayHaveBeenExecuted)
                }
                #expect(await portal.requests().count == 1)
                #expect(list.get() == ["a", "c", "d"], "exactly one item removed")
            }
        }

        @Test(arguments: [FakePortal.Fault.internalServerError, .resetAfterExecuting])
        func aRepeatedDeleteThatFindsNothingReportsTheItemGone(fault: FakePortal.Fault) async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.seed(entity: "crm.deal", records: ["One", "Two", "Three"].map { ["TITLE": .string($0)] })
                let logger = CapturingLogger()
                let client = await RuntimeTest.client(portal, logger: logger)
                await portal.inject(fault, method: "crm.deal.delete")
                let delete = Bitrix24Request<Bool>(method: RuntimeTest.method("crm.deal.delete", .delete), parameters: ["id": 2])
                do {
                    _ = try await client.perform(delete)
                    Issue.record("expected an error")
                } catch let error as Bitrix24Error {
                    #expect(error.kind == .alreadyDeleted)
                    #expect(error.code == "NOT_FOUND")
                    #expect(error.mayHaveBeenExecuted)
                    #expect(error.description.contains("most likely deleted it"))
                }
                let deletes = await portal.requests().filter { $0.method == "crm.deal.delete" }
                #expect(deletes.map(\.status) == [fault == .internalServerError ? 500 : 0, 400])
                #expect(await portal.records(entity: "crm.deal").map { $0["TITLE"] } == [.string("One"), .string("Three")])
                // A delete of something that never existed is a plain NOT_FOUND.
                await #expect(throws: Bitrix24Error.self) {
                    _ = try await client.perform(Bitrix24Request<Bool>(method: RuntimeTest.method("crm.deal.delete", .delete), parameters: ["id": 99]))
                }
                do {
                    _ = try await client.perform(Bitrix24Request<Bool>(method: RuntimeTest.method("crm.deal.delete", .delete), parameters: ["id": 99]))
                } catch let error as Bitrix24Error {
                    #expect(error.kind == .api)
                    #expect(!error.mayHaveBeenExecuted)
                }
            }
        }

        @Test func anAddWhoseReplyIsLostIsSentOnce() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                let client = await RuntimeTest.client(portal, logger: CapturingLogger())
                await portal.inject(.resetAfterExecuting, method: "crm.deal.add")
                do {
                    _ = try await client.perform(RuntimeTest.add("Once"))
                    Issue.record("expected an error")
                } catch let error as Bitrix24Error {
                    #expect(error.kind == .network)
                    #expect(error.mayHaveBeenExecuted)
                }
                #expect(await portal.requests().count == 1)
                #expect(await portal.records(entity: "crm.deal").count == 1)
            }
        }
    }
}
