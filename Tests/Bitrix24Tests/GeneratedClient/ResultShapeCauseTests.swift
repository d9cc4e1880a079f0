import Bitrix24
import Bitrix24Testing
import Foundation
import Testing

/// Issue 13's causes, each shown with a reply shaped like the docs' own response example, decoded through the checked-in
/// generated client against the fake portal (cause 7, widget commands, is in `GeneratedClientTests`).
enum ResultShapeCause {
    /// The tests' client of `portal` (``RuntimeTest/client(_:logger:rateLimit:configure:)``), reporting decoding
    /// mismatches to `mismatches`.
    static func client(_ portal: FakePortal, mismatches: MismatchLog? = nil) async -> Bitrix24Client {
        await RuntimeTest.client(portal, logger: CapturingLogger()) { $0.onDecodingMismatch = mismatches?.hook }
    }

    /// A `crm.item.list` row as the page's example shows it: camel-case keys, numbers as numbers.
    static func item(id: Int, title: String, opportunity: Double = 100, lastName: String? = nil) -> Bitrix24JSON {
        [
            "id": .int(id), "assignedById": 3, "stageId": "NEW", "opportunity": .double(opportunity), "sourceId": "WEB",
            "title": .string(title), "name": "Ann", "lastName": lastName.map(Bitrix24JSON.string) ?? .null, "isManualOpportunity": "N",
        ]
    }

    /// A `tasks.task.*` task as the pages show it: camel-case keys, numbers as strings, nested people.
    static func task(_ n: Int) -> [String: Bitrix24JSON] {
        [
            "title": .string("Task \(n)"), "responsibleId": .string(String(n % 5 + 1)), "priority": n.isMultiple(of: 2) ? "2" : "1",
            "status": "2", "createdDate": "2026-03-01T09:30:00+03:00", "auditors": ["7"], "accomplices": [],
            "responsible": ["id": .string(String(n % 5 + 1)), "name": "Ann Lee", "link": "/company/personal/user/1/", "icon": "", "workPosition": "Lead"],
        ]
    }
}

extension FakePortalSuites {
    /// Causes 1–3 of issue 13: where list rows sit, how their ID is spelled, and named object types.
    @Suite("Generated client: result shapes as portals send them (causes 1–3)")
    struct ResultShapeCauseTests {
        /// Cause 1: `tasks.task.list` nests its rows under `tasks` inside `result`; paging by `next` (the order rules
        /// out keyset) still yields every row of every page, typed.
        @Test func taskRowsNestedUnderTasksComeTypedFromEveryPage() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.setListShape(FakePortal.ListShape(rowsKey: "tasks", idField: "id"), for: "tasks.task")
                await portal.seed(entity: "tasks.task", records: (1...120).map(ResultShapeCause.task))
                let b24 = await ResultShapeCause.client(portal)
                var tasks: [TasksAPI.Objects.Task] = []
                for try await task in b24.tasks.task.list(order: ["id": "desc"]) { tasks.append(task) }
                #expect(tasks.count == 120)
                #expect(tasks.map(\.title) == (1...120).reversed().map { "Task \($0)" })
                #expect(tasks.map(\.id) == (1...120).reversed().map { String($0) })
                let first = try #require(tasks.first)
                #expect(first.responsibleID == "1")
                #expect(first.priority == ._2)
                #expect(first.status == ._2)
                #expect(first.auditors == ["7"])
                #expect(first.responsible?.name == "Ann Lee")
                #expect(first.responsible?.workPosition == "Lead")
                #expect(tasks.last?.priority == ._1)
                let requests = await portal.requests()
                #expect(requests.map(\.method) == ["tasks.task.list", "tasks.task.list", "tasks.task.list"])
                #expect(requests.map { $0.parameters["start"] } == [nil, .int(50), .int(100)])
            }
        }

        /// Cause 1: `crm.item.list` nests its rows under `items`; the example's rows (camel-case keys) read through the
        /// typed properties of the row type (the universal item's fields, not one entity's such as the lead's).
        @Test func itemRowsNestedUnderItemsReadThroughTypedProperties() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.handle("crm.item.list") { _ in
                    .result(["items": [ResultShapeCause.item(id: 12, title: "Fence repair", opportunity: 1500),
                                       ResultShapeCause.item(id: 14, title: "Window order", opportunity: 320.5, lastName: "Lee")]], total: 2)
                }
                let mismatches = MismatchLog()
                let b24 = await ResultShapeCause.client(portal, mismatches: mismatches)
                var rows: [CRMAPI.Objects.Item] = []
                for try await row in b24.crm.item.list(entityTypeID: 2) { rows.append(row) }
                #expect(rows.map(\.title?.rawValue) == ["Fence repair", "Window order"])
                #expect(rows.map(\.id) == [12, 14])
                #expect(rows.map(\.stageID) == ["NEW", "NEW"])
                #expect(rows.map(\.sourceID) == ["WEB", "WEB"])
                #expect(rows.map(\.opportunity) == [1500, 320.5])
                #expect(rows.map(\.assignedByID) == [3, 3])
                #expect(rows.map(\.isManualOpportunity) == [false, false])
                #expect(rows.map(\.lastName) == [nil, "Lee"])
                // The item fields' table has no `id`; the example shows one, so the type has it (the example wins).
                #expect(rows.first?.additionalFields == [:], "every key the example shows is typed")
                #expect(mismatches.all.isEmpty, "\(mismatches.all)")
                let sent = await portal.requests().first?.parameters ?? [:]
                #expect(sent["entityTypeId"] == .int(2))
            }
        }

        /// Cause 2: keyset paging of `crm.item.list`, whose rows spell the ID `id` (numbers, as in the page's example):
        /// each page continues after the last row's `id`; across three pages no row is dropped or repeated.
        @Test func keysetPagingWithLowercaseIDKeepsEveryRowOnce() async throws {
            let ids = (1...130).map { $0 * 3 }
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.handle("crm.item.list") { call in
                    var after = 0
                    if case .object(let filter)? = call.parameters["filter"], let value = filter[">id"] { after = Int(bitrix24JSON: value) ?? -1 }
                    let page = ids.filter { $0 > after }.prefix(50).map { ResultShapeCause.item(id: $0, title: "Item \($0)") }
                    return .result(["items": .array(Array(page))])
                }
                let b24 = await ResultShapeCause.client(portal)
                var seen: [Int] = []
                for try await row in b24.crm.item.list(entityTypeID: 1036, select: ["id", "title"]) { seen.append(row.id ?? -1) }
                #expect(seen == ids)
                let requests = await portal.requests()
                #expect(requests.count == 3)
                #expect(requests.map { $0.parameters["filter"] } == [nil, [">id": .int(150)], [">id": .int(300)]])
                #expect(requests.allSatisfy { $0.parameters["order"] == ["id": "ASC"] && $0.parameters["start"] == .int(-1) })
                #expect(requests.allSatisfy { $0.parameters["entityTypeId"] == .int(1036) })
            }
        }

        /// Cause 2: the paging metadata says `id`, the rows say `ID`: the ID field is matched without regard to case, so
        /// keyset paging goes on past the first page instead of failing (or dropping the 50 rows already fetched).
        @Test func keysetPagingMatchesTheIDFieldWithoutCase() async throws {
            #expect(CRMAPI.Item.List.method.paging?.idField == "id")
            #expect(CRMAPI.Item.List.method.paging?.rowsKey == "items")
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.setListShape(FakePortal.ListShape(rowsKey: "items", idField: "ID"), for: "crm.item")
                await portal.seed(entity: "crm.item", records: (1...120).map { ["title": .string("Item \($0)")] })
                let b24 = await ResultShapeCause.client(portal)
                var titles: [String] = []
                for try await row in b24.crm.item.list(entityTypeID: 2) { titles.append(row.title?.rawValue ?? "?") }
                #expect(titles == (1...120).map { "Item \($0)" })
                let requests = await portal.requests()
                #expect(requests.map { $0.parameters["filter"] } == [nil, [">id": "50"], [">id": "100"]])
            }
        }

        /// Cause 3: `crm.deal.list` rows and the `crm.deal.get` result are one Swift type, `CRMAPI.Objects.Deal`; its typed
        /// properties read the wire values (numbers and flags as strings), custom fields stay reachable.
        @available(*, deprecated, message: "exercises the deprecated crm.deal methods")
        @Test func dealListRowsAndDealGetShareOneTypedRecord() async throws {
            let listed: [Bitrix24JSON] = [
                ["ID": "415", "TITLE": "Annual plan", "STAGE_ID": "NEW", "OPPORTUNITY": "4800.00", "CURRENCY_ID": "USD", "UF_CRM_1700000001": "gold"],
                ["ID": "402", "TITLE": "Extension", "STAGE_ID": "WON", "OPPORTUNITY": "1200.50", "CURRENCY_ID": "EUR", "UF_CRM_1700000001": nil],
            ]
            let full: Bitrix24JSON = [
                "ID": "415", "TITLE": "Annual plan", "STAGE_ID": "NEW", "OPPORTUNITY": "4800.00", "CURRENCY_ID": "USD", "IS_NEW": "Y",
                "CLOSED": "N", "PROBABILITY": nil, "ASSIGNED_BY_ID": "1", "BEGINDATE": "2026-02-01T03:00:00+03:00",
                "UF_CRM_1700000001": "gold", "PARENT_ID_1036": "7",
            ]
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.handle("crm.deal.list") { _ in .result(.array(listed), total: 2) }
                await portal.handle("crm.deal.get") { _ in .result(full) }
                let mismatches = MismatchLog()
                let b24 = await ResultShapeCause.client(portal, mismatches: mismatches)
                let sequence: Bitrix24RowSequence<CRMAPI.Objects.Deal> = b24.crm.deal.list(select: ["*", "UF_*"])
                var rows: [CRMAPI.Objects.Deal] = []
                for try await row in sequence { rows.append(row) }
                let deal: CRMAPI.Objects.Deal = try await b24.crm.deal.get(id: 415)
                let first = try #require(rows.first, "the list yields its rows")
                #expect(Self.sameDeal(first, deal), "a list row and a get result compare as the same type")
                #expect(rows.map(\.id) == [415, 402])
                #expect(rows.map(\.opportunity) == [4800, 1200.5])
                #expect(rows.map(\.stageID) == ["NEW", "WON"])
                #expect(rows.map(\.currencyID) == ["USD", "EUR"])
                #expect(rows[0][field: "UF_CRM_1700000001"] == "gold")
                #expect(rows[1][field: "UF_CRM_1700000001"] == .null)
                #expect(deal.isNew == true)
                #expect(deal.closed == false)
                #expect(deal.probability == nil)
                #expect(deal.assignedByID == 1)
                #expect(deal.begindate?.rawValue == "2026-02-01T03:00:00+03:00")
                #expect(deal.additionalFields == ["UF_CRM_1700000001": "gold", "PARENT_ID_1036": "7"])
                #expect(mismatches.all.isEmpty, "\(mismatches.all)")
            }
        }

        /// Cause 3: `tasks.task.list` rows and `tasks.task.get`'s `task` are one Swift type, `TasksAPI.Objects.Task`.
        @Test func taskListRowsAndTaskGetShareOneTypedRecord() async throws {
            var task = ResultShapeCause.task(8)
            task["id"] = "8"
            task["ufCrmTask"] = ["D_415"]
            task["ufAuto781234"] = "custom"
            let row = Bitrix24JSON.object(task)
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.handle("tasks.task.list") { _ in .result(["tasks": [row]], total: 1) }
                await portal.handle("tasks.task.get") { _ in .result(["task": row]) }
                let b24 = await ResultShapeCause.client(portal)
                var rows: [TasksAPI.Objects.Task] = []
                for try await listed in b24.tasks.task.list() { rows.append(listed) }
                let got: TasksAPI.Objects.Task? = try await b24.tasks.task.get(taskID: 8).task
                let single = try #require(got)
                #expect(rows == [single])
                #expect(single.id == "8")
                #expect(single.responsibleID == "4")
                #expect(single.ufCRMTask == ["D_415"])
                #expect(single.additionalFields == ["ufAuto781234": "custom"])
                #expect(await portal.requests().last?.parameters["taskId"] == .int(8))
            }
        }

        @available(*, deprecated, message: "exercises the deprecated crm.deal methods")
        static func sameDeal(_ listed: CRMAPI.Objects.Deal, _ got: CRMAPI.Objects.Deal) -> Bool { listed.id == got.id && listed.title == got.title }
    }
}
