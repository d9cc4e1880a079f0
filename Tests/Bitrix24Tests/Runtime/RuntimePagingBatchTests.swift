import Bitrix24Core
import Bitrix24Testing
import Foundation
import Testing

/// A typed row for paging tests.
struct RuntimeTestDeal: Decodable, Sendable, Equatable {
    var id: Int
    var title: String

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case title = "TITLE"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let int = try? c.decode(Int.self, forKey: .id) { id = int } else { id = Int(try c.decode(String.self, forKey: .id)) ?? -1 }
        title = try c.decode(String.self, forKey: .title)
    }
}

/// Request factories as the generated code would add them (under a test-only namespace).
struct RuntimeTestRequests: Sendable {
    func get(id: Int) -> Bitrix24Request<RuntimeTestDeal> {
        Bitrix24Request(method: RuntimeTest.method("crm.deal.get", .read), parameters: ["id": .int(id)])
    }
    func add(title: String) -> Bitrix24Request<Int> {
        Bitrix24Request(method: RuntimeTest.method("crm.deal.add", .write), parameters: ["fields": .object(["TITLE": .string(title)])])
    }
    func list(select: [String] = ["TITLE"]) -> Bitrix24Request<[RuntimeTestDeal]> {
        Bitrix24Request(
            method: RuntimeTest.method("crm.deal.list", .read, paging: .init(idField: "ID")),
            parameters: ["select": .array(select.map { .string($0) })])
    }
}

extension Bitrix24Requests {
    var runtimeTest: RuntimeTestRequests { RuntimeTestRequests() }
}

extension FakePortalSuites {
    @Suite("Runtime: paging and batch")
    struct RuntimePagingBatchTests {
        static let count = 10_000

        /// Runs `body` with a portal holding `count` deals; stops the portal after.
        func withDeals(_ count: Int, _ body: (FakePortal) async throws -> Void) async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.seed(entity: "crm.deal", records: (0..<count).map { ["TITLE": .string("Deal \($0 + 1)"), "STAGE_ID": .string("NEW")] })
                try await body(portal)
            }
        }

        @Test(arguments: [Bitrix24Client.PagingStrategy.offset, .keyset])
        func pagesTenThousandRecordsExactlyOnceInOrder(strategy: Bitrix24Client.PagingStrategy) async throws {
            try await withDeals(Self.count) { portal in
                let logger = CapturingLogger()
                let client = await RuntimeTest.client(portal, logger: logger)
                var ids: [Int] = []
                ids.reserveCapacity(Self.count)
                for try await deal in client.paginate(RuntimeTestRequests().list(), strategy: strategy) {
                    ids.append(deal.id)
                }
                #expect(ids == Array(1...Self.count))
                let requests = await portal.requests()
                #expect(requests.allSatisfy { $0.method == "crm.deal.list" && $0.status == 200 })
                switch strategy {
                case .keyset:
                    // 200 full pages, then an empty one ends it.
                    #expect(requests.count == 201)
                    #expect(requests.allSatisfy { $0.parameters["start"] == .int(-1) && $0.parameters["order"] == .object(["ID": .string("ASC")]) })
                    #expect(requests[1].parameters["filter"] == .object([">ID": .string("50")]))
                    #expect(requests.first?.parameters["select"] == .array([.string("TITLE"), .string("ID")]))
                default:
                    #expect(requests.count == 200)
                    #expect(requests.map { $0.parameters["start"] } == [nil] + (1..<200).map { .int($0 * 50) })
                }
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test(arguments: [Bitrix24Client.PagingStrategy.offset, .keyset])
        func cancellingStopsWithinOnePage(strategy: Bitrix24Client.PagingStrategy) async throws {
            try await withDeals(500) { portal in
                let client = await RuntimeTest.client(portal, logger: CapturingLogger())
                let seen = Counter()
                let task = Task {
                    for try await _ in client.paginate(RuntimeTestRequests().list(), strategy: strategy) {
                        seen.increment()
                        if seen.value == 75 { withUnsafeCurrentTask { $0?.cancel() } }
                    }
                }
                let result = await task.result
                #expect(throws: CancellationError.self) { try result.get() }
                #expect(seen.value == 75)
                // Row 75 is on page 2: no third page was requested.
                #expect(await portal.requests().count == 2)
            }
        }

        @Test func typedBatchReturnsTypedResults() async throws {
            try await withDeals(3) { portal in
                let logger = CapturingLogger()
                let client = await RuntimeTest.client(portal, logger: logger)
                let (first, newID, third) = try await client.batch {
                    $0.runtimeTest.get(id: 1)
                    $0.runtimeTest.add(title: "Batched")
                    $0.runtimeTest.get(id: 3)
                }
                #expect(first.title == "Deal 1")
                #expect(newID == 4)
                #expect(third.title == "Deal 3")
                let requests = await portal.requests()
                #expect(requests.count == 1)
                #expect(requests.first?.batchMethods == ["crm.deal.get", "crm.deal.add", "crm.deal.get"])

                // halt = false: every outcome, failures by position.
                let (missing, found) = try await client.batchResults {
                    $0.runtimeTest.get(id: 999)
                    $0.runtimeTest.get(id: 2)
                }
                #expect(throws: Bitrix24Error.self) { try missing.get() }
                #expect(try found.get().title == "Deal 2")
                if case .failure(let error) = missing {
                    #expect(error.batchKey == "c0")
                    #expect(error.method == "crm.deal.get")
                }
                await #expect(throws: Bitrix24Error.self) {
                    _ = try await client.batch { $0.runtimeTest.get(id: 999) }
                }
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        /// 120 commands: one lone failing read, then add/get pairs where each get references its add,
        /// so the split at 50 would cut a pair and must move.
        @Test func batchOf120WithReferencesSplitsCorrectly() async throws {
            try await withDeals(0) { portal in
                let logger = CapturingLogger()
                let client = await RuntimeTest.client(portal, logger: logger)
                var commands = [Bitrix24Batch.Command(key: "lonely", method: "crm.deal.get", retry: .read, parameters: ["id": .int(424_242)])]
                for pair in 0..<59 {
                    commands.append(Bitrix24Batch.Command(
                        key: "add\(pair)", method: "crm.deal.add", parameters: ["fields": .object(["TITLE": .string("Pair \(pair) & co")])]))
                    commands.append(Bitrix24Batch.Command(
                        key: "get\(pair)", method: "crm.deal.get", retry: .read, parameters: ["id": Bitrix24Batch.result("add\(pair)")]))
                }
                commands.append(Bitrix24Batch.Command(key: "broken", method: "crm.deal.update", parameters: ["id": .int(-1), "fields": .object([:])]))
                #expect(commands.count == 120)

                let groups = try Bitrix24Client.splitBatch(commands)
                #expect(groups.map(\.count) == [49, 50, 21])

                let response = try await client.batch(commands, halt: false)
                #expect(response.requestCount == 3)
                #expect(response.keys.count == 120)
                #expect(Set(response.errors.keys) == ["lonely", "broken"])
                #expect(response.errors["lonely"]?.code == "NOT_FOUND")
                #expect(response.errors["lonely"]?.method == "crm.deal.get")
                for pair in 0..<59 {
                    let deal = try response.decode(RuntimeTestDeal.self, key: "get\(pair)")
                    #expect(deal.title == "Pair \(pair) & co")
                    #expect(try response.decode(Int.self, key: "add\(pair)") == deal.id)
                }
                let batches = await portal.requests()
                #expect(batches.map(\.batchMethods.count) == [49, 50, 21])
                #expect(await portal.records(entity: "crm.deal").count == 59)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: response.errors.values.map(\.description))
            }
        }

        @Test func batchHaltStopsAtTheFirstError() async throws {
            try await withDeals(1) { portal in
                let client = await RuntimeTest.client(portal, logger: CapturingLogger())
                let commands = [
                    Bitrix24Batch.Command(key: "a", method: "crm.deal.get", retry: .read, parameters: ["id": .int(1)]),
                    Bitrix24Batch.Command(key: "b", method: "crm.deal.get", retry: .read, parameters: ["id": .int(77)]),
                    Bitrix24Batch.Command(key: "c", method: "crm.deal.get", retry: .read, parameters: ["id": .int(1)]),
                ]
                let response = try await client.batch(commands, halt: true)
                #expect(response.results.keys.sorted() == ["a"])
                #expect(response.errors.keys.sorted() == ["b"])
                #expect(throws: Bitrix24Error.self) { try response.result("c") }
            }
        }

        @Test func batchReferencesThatCannotBeSplitAreAClearError() async throws {
            // A chain of 60 commands, each referencing the previous: no split keeps references inside.
            var chain = [Bitrix24Batch.Command(key: "k0", method: "crm.deal.add", parameters: ["fields": .object([:])])]
            for index in 1..<60 {
                chain.append(Bitrix24Batch.Command(
                    key: "k\(index)", method: "crm.deal.get", parameters: ["id": Bitrix24Batch.result("k\(index - 1)", "ID")]))
            }
            #expect(throws: Bitrix24Error.self) { try Bitrix24Client.splitBatch(chain) }
            // A reference to a later or unknown key.
            let forward = [
                Bitrix24Batch.Command(key: "a", method: "crm.deal.get", parameters: ["id": Bitrix24Batch.result("b")]),
                Bitrix24Batch.Command(key: "b", method: "crm.deal.add"),
            ]
            do {
                _ = try Bitrix24Client.splitBatch(forward)
                Issue.record("expected an error")
            } catch let error as Bitrix24Error {
                #expect(error.kind == .batch)
                #expect(error.batchKey == "a")
            }
            // 50 commands fit one request exactly; 51 independent ones make two.
            let independent = (0..<51).map { Bitrix24Batch.Command(key: "i\($0)", method: "crm.deal.get") }
            #expect(try Bitrix24Client.splitBatch(independent).map(\.count) == [50, 1])
        }
    }
}
