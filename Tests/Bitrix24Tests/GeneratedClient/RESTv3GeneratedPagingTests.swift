import Bitrix24
import Bitrix24Testing
import Foundation
import Testing

extension FakePortalSuites {
    /// REST 3.0 lists and writes through the checked-in generated client: a list with a typed `Bitrix24V3.Filter`
    /// reads every page by REST 3.0 `pagination`; a REST 3.0 add whose reply is lost is repeated with the same
    /// `Idempotency-Key` and runs once, while its classic twin is not repeated.
    @Suite("REST 3.0 through the generated client: paging and Idempotency-Key")
    struct RESTv3GeneratedPagingTests {
        @Test func anEventLogListWithATypedFilterReadsEveryPage() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.markRESTv3Only(["main.eventlog.list"])
                let severities = ["WARNING", "INFO", "WARNING", "WARNING", "SECURITY", "WARNING", "WARNING"]
                let ids = await portal.seed(entity: "main.eventlog", records: severities.enumerated().map { index, severity in
                    ["severity": .string(severity), "auditTypeId": "USER_LOGIN", "moduleId": "main", "userId": .int(index + 1)]
                })
                let b24 = await RuntimeTest.client(portal, logger: CapturingLogger())
                let filter: Bitrix24V3.Filter = [.equal("severity", "WARNING"), .where("userId", .lessOrEqual, 6)]
                var rows: [MainAPI.V3.Main.Eventlog.List.Row] = []
                for try await row in b24.v3.main.eventlog.list(filter: filter, order: .ascending("id"), pagination: .init(limit: 2)) {
                    rows.append(row)
                }
                // WARNING rows of users 1…6: the 1st, 3rd, 4th and 6th record; two pages of two, then an empty one.
                #expect(rows.map(\.id) == [ids[0], ids[2], ids[3], ids[5]])
                #expect(rows.map(\.userID) == [1, 3, 4, 6])
                #expect(rows.allSatisfy { $0.severity == "WARNING" })
                let requests = await portal.requests()
                #expect(requests.map(\.path) == Array(repeating: "/rest/api/1/***/main.eventlog.list", count: 3))
                #expect(requests.map { $0.parameters["pagination"] } == [["limit": 2], ["limit": 2, "page": 2], ["limit": 2, "page": 3]])
                #expect(requests.allSatisfy { $0.parameters["filter"] == filter.bitrix24JSON && $0.parameters["order"] == ["id": "ASC"] })
                #expect(requests.map(\.idempotencyKey) == [nil, nil, nil], "a read carries no key")
            }
        }

        @Test func aListThatTakesNoPaginationIsOneRequestSentAsItIs() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.handle("main.eventlog.field.list") { _ in
                    .result(["items": .array((1...50).map { ["name": .string("field\($0)"), "type": "string", "filterable": true] })])
                }
                let b24 = await RuntimeTest.client(portal, logger: CapturingLogger())
                #expect(MainAPI.V3.Main.Eventlog.Field.List.method.paging?.takesPagination == false)
                var names: [String] = []
                for try await field in b24.v3.main.eventlog.field.list(select: ["name", "type"]) { names.append(field.name ?? "") }
                #expect(names.count == 50)
                #expect(names.last == "field50")
                // A full page of a list without `pagination` does not make the client ask for another.
                #expect(await portal.requests().map(\.parameters) == [["select": ["name", "type"]]])
            }
        }

        @Test func aLostReplyOfAGeneratedRESTv3AddIsRepeatedWithTheSameKeyAndRunsOnce() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.setListShape(FakePortal.ListShape(rowsKey: "tasks", idField: "id"), for: "tasks.task")
                await portal.inject(.internalServerError, method: "tasks.task.add")
                let logger = CapturingLogger()
                let b24 = await RuntimeTest.client(portal, logger: logger)
                let created = try await b24.v3.tasks.task.add(fields: .init(title: "Quarterly report", creatorID: 1, responsibleID: 2))
                #expect(created.item?.title == "Quarterly report")
                #expect(created.item?.responsibleID == 2)
                let adds = await portal.requests().filter { $0.method == "tasks.task.add" }
                #expect(adds.map(\.path) == Array(repeating: "/rest/api/1/***/tasks.task.add", count: 2))
                #expect(adds.map(\.status) == [500, 200])
                #expect(adds.map(\.replayed) == [false, true])
                let key = try #require(adds.first?.idempotencyKey)
                #expect(adds.map(\.idempotencyKey) == [key, key])
                #expect(await portal.records(entity: "tasks.task").count == 1)
                #expect(await portal.idempotencyLog() == [.init(key: key, method: "tasks.task.add", replays: 1)])
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func theSameFaultOnTheClassicTwinGivesOneRequestAndOneRecord() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.setListShape(FakePortal.ListShape(rowsKey: "tasks", idField: "id"), for: "tasks.task")
                await portal.inject(.internalServerError, method: "tasks.task.add")
                let logger = CapturingLogger()
                let b24 = await RuntimeTest.client(portal, logger: logger)
                var thrown: Bitrix24Error?
                do {
                    _ = try await b24.tasks.task.add(fields: Bitrix24Fields(rawValue: ["TITLE": "Quarterly report"]))
                    Issue.record("the lost reply of a classic add was not reported")
                } catch let error as Bitrix24Error {
                    thrown = error
                }
                #expect(thrown?.mayHaveBeenExecuted == true)
                #expect(thrown?.idempotencyKey == nil)
                let adds = await portal.requests().filter { $0.method == "tasks.task.add" }
                #expect(adds.map(\.path) == ["/rest/1/***/tasks.task.add"])
                #expect(adds.map(\.version) == [.classic])
                #expect(adds.first?.idempotencyKey == nil)
                #expect(await portal.records(entity: "tasks.task").count == 1)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [thrown.map { "\($0)" } ?? ""])
            }
        }
    }
}
