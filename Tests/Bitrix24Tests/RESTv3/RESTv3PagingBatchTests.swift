import Bitrix24Core
import Bitrix24Testing
import Foundation
import Testing

extension FakePortalSuites {
    /// REST 3.0 `select` with related fields, `filter`, list paging and the batch, against the fake portal.
    @Suite("REST 3.0: select, filter, paging and batch")
    struct RESTv3PagingBatchTests {
        /// Seeds `count` tasks (`title` "Task n", `status` NEW for odd n) and a user "Ann" responsible for all.
        func seed(_ portal: FakePortal, count: Int) async {
            let users = await portal.seed(entity: "user", records: [["name": "Ann", "email": "ann@example.com"]])
            let tasks: [[String: Bitrix24JSON]] = (1...max(1, count)).map { n in
                ["title": .string("Task \(n)"), "status": .string(n % 2 == 1 ? "NEW" : "DONE"), "responsibleId": .int(users[0])]
            }
            await portal.seed(entity: "tasks.task", records: Array(tasks.prefix(count)))
            await portal.relate(entity: "tasks.task", field: "responsible", via: "responsibleId", to: "user")
        }

        @Test func selectWithRelatedFieldsAndAnUnknownRelatedField() async throws {
            try await V3Test.withPortal { portal, logger, client in
                await seed(portal, count: 1)
                let task = try await client.v3.tasksV3.get(id: 1, select: ["id", "title", "responsible.name", "responsible.email"])
                #expect(task.item?.title == "Task 1")
                #expect(task.item?.responsible?[field: "name"] == "Ann")
                #expect(task.item?.responsible?[field: "email"] == "ann@example.com")
                #expect(await portal.requests().last?.parameters["select"] == ["id", "title", "responsible.name", "responsible.email"])
                let sink = TextSink()
                let error = await V3Test.error(sink) { _ = try await client.v3.tasksV3.get(id: 1, select: ["responsible.stageId"]) }
                #expect(error?.code == .restV3UnknownDTOProperty)
                #expect(error?.message.contains("stageId") == true)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func aFilterIsSentAsTheDocsWriteItAndSelectsRows() async throws {
            try await V3Test.withPortal { portal, logger, client in
                await seed(portal, count: 9)
                let filter: Bitrix24V3.Filter = [.where("status", .equal, "NEW"), .or([.match(field: "id", value: [1, 2]), .in("id", [3, 4, 5])])]
                var titles: [String] = []
                for try await task in client.v3.tasksV3.list(filter: filter, select: ["id", "title"]) { titles.append(task.title ?? "") }
                #expect(titles == ["Task 1", "Task 3", "Task 5"])
                let sent = await portal.requests().last?.parameters
                #expect(sent?["filter"] == filter.bitrix24JSON)
                #expect(sent?["pagination"] == ["limit": 50])
                // An operator the portal does not know is its typed error.
                let sink = TextSink()
                let error = await V3Test.error(sink) {
                    for try await _ in client.v3.tasksV3.list(filter: .where("title", "like", "Task")) {}
                }
                #expect(error?.code == .restV3UnknownFilterOperator)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func aListPagesByPageAndLimitUntilAShortPage() async throws {
            try await V3Test.withPortal { portal, logger, client in
                await seed(portal, count: 120)
                var pages: [[Int]] = []
                for try await page in client.pages(TasksV3Requests().list(select: ["id"])) { pages.append(page.rows.compactMap(\.id)) }
                #expect(pages.map(\.count) == [50, 50, 20])
                #expect(pages.flatMap { $0 } == Array(1...120))
                let sent = await V3Test.requests(portal, "tasks.task.list").map { $0.parameters["pagination"] }
                #expect(sent == [["limit": 50], ["limit": 50, "page": 2], ["limit": 50, "page": 3]])
                // A page size of its own, and an offset without a page.
                await portal.clearRequests()
                var ids: [Int] = []
                for try await task in client.v3.tasksV3.list(pagination: ["limit": 40, "offset": 30]) { ids.append(task.id ?? 0) }
                #expect(ids == Array(31...120))
                let offsets = await V3Test.requests(portal, "tasks.task.list").map { $0.parameters["pagination"]?["offset"] }
                #expect(offsets == [30, 70, 110])
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func aListFollowsACursorWhenTheReplyHasOne() async throws {
            try await V3Test.withPortal { portal, logger, client in
                await portal.handle("note.collection.list") { call in
                    let after = call.parameters["pagination"]?["afterCursor"]?["id"].flatMap { Int(bitrix24JSON: $0) } ?? 0
                    let ids = Array((after + 1)...min(after + 2, 5))
                    let cursor: Bitrix24JSON = ids.last == 5 ? .null : ["position": 100, "id": .int(ids.last ?? 0)]
                    return .result(["items": .array(ids.map { ["id": .int($0)] }), "nextCursor": cursor])
                }
                let method = Bitrix24MethodInfo(name: "note.collection.list", retry: .read, paging: .init(rowsKey: "items"), version: .v3)
                var ids: [Int] = []
                for try await row in client.paginate(Bitrix24Request<[V3Task]>(method: method)) { ids.append(row.id ?? 0) }
                #expect(ids == [1, 2, 3, 4, 5])
                let cursors = await portal.requests().map { $0.parameters["pagination"]?["afterCursor"]?["id"] }
                #expect(cursors == [nil, 2, 4])
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func aListThatTakesNoPaginationIsOneRequestAndARepeatedPageEndsAList() async throws {
            try await V3Test.withPortal { portal, logger, client in
                let rows = Bitrix24JSON.array((1...60).map { ["id": .int($0)] })
                // Takes no `pagination`: sent as it is, read once however many rows come back.
                await portal.handle("tasks.task.field.list") { _ in .result(["items": rows]) }
                let fields = Bitrix24MethodInfo(
                    name: "tasks.task.field.list", retry: .read, paging: .init(rowsKey: "items", takesPagination: false), version: .v3)
                var count = 0
                for try await _ in client.paginate(Bitrix24Request<[V3Task]>(method: fields, parameters: ["select": ["id"]])) { count += 1 }
                #expect(count == 60)
                #expect(await portal.requests().map(\.parameters) == [["select": ["id"]]])
                // A portal that ignores `pagination` and sends the same full page again: the list ends, nothing twice.
                await portal.clearRequests()
                await portal.handle("note.document.tree.list") { _ in .result(["items": .array((1...50).map { ["id": .int($0)] })]) }
                let tree = Bitrix24MethodInfo(name: "note.document.tree.list", retry: .read, paging: .init(rowsKey: "items"), version: .v3)
                var ids: [Int] = []
                for try await row in client.paginate(Bitrix24Request<[V3Task]>(method: tree)) { ids.append(row.id ?? 0) }
                #expect(ids == Array(1...50))
                #expect(await portal.requests().count == 2)
                #expect(logger.lines.contains { $0.contains("sent the previous page again") })
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func anOperationsResultIsReadFromResultResult() async throws {
            try await V3Test.withPortal { portal, logger, client in
                await seed(portal, count: 3)
                // `{"result": {"result": true}}` read as the generated `Bool`, alone and in a batch.
                let delete = Bitrix24Request<Bool>(method: TasksV3Requests.method("delete", .delete), parameters: ["id": 1])
                #expect(try await client.perform(delete))
                let update = Bitrix24Request<Bool>(method: TasksV3Requests.method("update", .idempotentWrite), parameters: ["id": 2, "fields": ["title": "x"]])
                let (updated, record) = try await client.v3.batch { _ in update; TasksV3Requests().delete(id: 3) }
                #expect(updated)
                #expect(record.result == true)
                // A classic reply is read as it is.
                await portal.handle("classic.flag") { _ in .result(["result": true]) }
                let classic = Bitrix24Request<Bool>(method: Bitrix24MethodInfo(name: "classic.flag", retry: .read))
                let sink = TextSink()
                let error = await V3Test.error(sink) { _ = try await client.perform(classic) }
                #expect(error?.kind == .decoding)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func aFetchedPageIsYieldedBeforeTheFailureOfTheNext() async throws {
            try await V3Test.withPortal { portal, logger, client in
                await seed(portal, count: 60)
                var iterator = client.pages(TasksV3Requests().list()).makeAsyncIterator()
                let first = try await iterator.next()
                #expect(first?.rows.count == 50)
                await portal.inject(.overloadLimit, method: "tasks.task.list")
                let sink = TextSink()
                let error = await V3Test.error(sink) { _ = try await iterator.next() }
                #expect(error?.code == .overloadLimit)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func theBatchSendsAJSONArrayAndReturnsTypedResultsInOrder() async throws {
            try await V3Test.withPortal { portal, logger, client in
                await seed(portal, count: 3)
                let (first, third, done) = try await client.v3.batch {
                    $0.tasksV3.get(id: 1)
                    $0.tasksV3.get(id: 3, select: ["id", "title"])
                    $0.tasksV3.update(id: 2, title: "Renamed")
                }
                #expect(first.item?.title == "Task 1")
                #expect(third.item?.title == "Task 3")
                #expect(done.result == true)
                let request = try #require(await portal.requests().last)
                #expect(request.path == "/rest/api/1/***/batch")
                #expect(request.batchMethods == ["tasks.task.get", "tasks.task.get", "tasks.task.update"])
                #expect(request.idempotencyKey != nil)  // not all reads
                // Every outcome, a failing command among them.
                let (found, missing) = try await client.v3.batchResults { $0.tasksV3.get(id: 2); $0.tasksV3.get(id: 99) }
                #expect(try found.get().item?.title == "Renamed")
                #expect(throws: Bitrix24Error.self) { try missing.get() }
                if case .failure(let error) = missing {
                    #expect(error.code == .restV3EntityNotFound)
                    #expect(error.batchKey == "c1")
                }
                #expect(await portal.requests().last?.idempotencyKey == nil)  // all reads
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func aBatchOfWritesWhoseReplyIsLostRunsOnce() async throws {
            try await V3Test.withPortal { portal, logger, client in
                await portal.inject(.resetAfterExecuting, method: "batch")
                let (a, b) = try await client.v3.batch { $0.tasksV3.add(title: "A"); $0.tasksV3.add(title: "B") }
                #expect([a.item?.title, b.item?.title] == ["A", "B"])
                #expect(await portal.requests().map(\.replayed) == [false, true])
                #expect(await portal.records(entity: "tasks.task").count == 2)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func eachAPIsBatchRefusesTheOthersMethods() async throws {
            try await V3Test.withPortal { portal, logger, client in
                let sink = TextSink()
                let classic = Bitrix24Batch.Command(key: "x", method: "tasks.task.get", retry: .read)
                let v3 = Bitrix24Batch.Command(key: "y", method: TasksV3Requests.method("get", .read))
                let inV3 = await V3Test.error(sink) { _ = try await client.v3.batch([classic]) }
                let inClassic = await V3Test.error(sink) { _ = try await client.batch([v3]) }
                #expect(inV3?.kind == .batch)
                #expect(inClassic?.kind == .batch)
                #expect(await portal.requests().isEmpty)
                // The portal refuses the classic form at the REST 3.0 address.
                await portal.handle("noop") { _ in .result(true) }
                let oldForm = await V3Test.error(sink) { _ = try await client.v3.call(method: "batch", retry: .read, parameters: ["cmd": ["a": "noop"]]) }
                #expect(oldForm?.code == .restV3InvalidSelect)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func anOAuthBatchCarriesItsTokenOutsideTheArray() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await seed(portal, count: 2)
                let logger = CapturingLogger()
                let client = Bitrix24Client(
                    auth: .oauth(await portal.oauthTokens(), credentials: await portal.oauthCredentials()),
                    configuration: .init(rateLimit: .unlimited, logger: logger, limiter: .init(portal: "oauth-batch-\(portal.port)", limit: .unlimited)))
                let (one, two) = try await client.v3.batch { $0.tasksV3.get(id: 1); $0.tasksV3.get(id: 2) }
                #expect([one.item?.id, two.item?.id] == [1, 2])
                #expect(await portal.requests().last?.path == "/rest/api/batch")
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }
    }
}
