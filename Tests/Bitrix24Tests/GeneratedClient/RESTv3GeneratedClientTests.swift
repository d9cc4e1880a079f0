import Bitrix24
import Bitrix24Testing
import Foundation
import Testing

extension FakePortalSuites {
    /// REST 3.0 through the checked-in generated client (`b24.v3.…`): one REST-3.0-only method of each family reaches
    /// `/rest/api/` as a JSON POST and decodes a reply shaped like its page's example into its typed result.
    /// The portal refuses each of these methods at the classic address (`404 ERROR_METHOD_NOT_FOUND`), so a call
    /// that went there would fail.
    @Suite("REST 3.0 through the generated client")
    struct RESTv3GeneratedClientTests {
        /// A portal where `method` is REST-3.0-only and answers `result`, and a client for it; returns what `body`
        /// returns after checking that exactly one request for `method` reached `/rest/api/` as a POST with
        /// `parameters` in its JSON body.
        static func call<T>(
            _ method: String, answering result: Bitrix24JSON, expecting parameters: [String: Bitrix24JSON],
            sourceLocation: SourceLocation = #_sourceLocation, _ body: (Bitrix24Client) async throws -> T
        ) async throws -> T {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.markRESTv3Only([method])
                await portal.handle(method) { call in
                    // The handler runs only for a REST 3.0 call: a classic one is refused before it.
                    call.version == .v3 ? .result(result) : .error(status: 400, code: "WRONG_VERSION", description: "classic call")
                }
                let logger = CapturingLogger()
                let value = try await body(await RuntimeTest.client(portal, logger: logger))
                let requests = await portal.requests()
                #expect(requests.map(\.method) == [method], sourceLocation: sourceLocation)
                #expect(requests.map(\.path) == ["/rest/api/1/***/\(method)"], sourceLocation: sourceLocation)
                #expect(requests.map(\.httpMethod) == ["POST"], sourceLocation: sourceLocation)
                #expect(requests.map(\.version) == [.v3], sourceLocation: sourceLocation)
                // FakePortal reads REST 3.0 parameters from a JSON body only (a form body is refused with 400).
                #expect(requests.first?.parameters == parameters, sourceLocation: sourceLocation)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [], sourceLocation: sourceLocation)
                return value
            }
        }

        @Test func tasksChatMessageSend() async throws {
            let sent = try await Self.call(
                "tasks.task.chat.message.send", answering: ["result": true],
                expecting: ["fields": ["taskId": 51, "text": "Status report is ready"]]
            ) { b24 in
                try await b24.v3.tasks.task.chat.message.send(fields: .init(taskID: 51, text: "Status report is ready"))
            }
            #expect(sent.result == true)
        }

        @Test func noteCollectionGet() async throws {
            let reply = try await Self.call(
                "note.collection.get",
                answering: ["item": [
                    "id": 7, "name": "Onboarding handbook", "position": 300, "policyLevel": "edit", "createdBy": 5,
                    "createdAt": "2026-02-01T08:00:00Z", "updatedBy": 5, "updatedAt": "2026-02-03T10:30:00Z",
                ]],
                expecting: ["id": 7]
            ) { b24 in try await b24.v3.note.collection.get(id: 7) }
            let item = try #require(reply.item)
            #expect(item.id == 7)
            #expect(item.name == "Onboarding handbook")
            #expect(item.policyLevel == "edit")
            #expect(item.createdAt?.rawValue == "2026-02-01T08:00:00Z")
            #expect(item.createdAt?.date == Date(timeIntervalSince1970: 1_769_932_800))
        }

        @Test func mailMailboxGet() async throws {
            let reply = try await Self.call(
                "mail.mailbox.get",
                answering: ["item": ["id": 3, "name": "Support inbox", "email": "support@example.org", "senderName": "Help Desk"]],
                expecting: ["id": 3, "select": ["id", "email"]]
            ) { b24 in try await b24.v3.mail.mailbox.get(id: 3, select: ["id", "email"]) }
            #expect(reply.item?.id == 3)
            #expect(reply.item?.email == "support@example.org")
            #expect(reply.item?.senderName == "Help Desk")
        }

        @Test func humanresourcesNodeGet() async throws {
            let reply = try await Self.call(
                "humanresources.node.get",
                answering: ["item": [
                    "id": 12, "name": "Logistics", "type": "DEPARTMENT", "structureId": 1, "parentId": 2, "description": "Warehouses",
                    "accessCode": "DR12", "userCount": 4, "colorName": nil, "xmlId": nil,
                    "createdAt": "2026-03-01T09:00:00+01:00", "updatedAt": "2026-03-02T09:00:00+01:00",
                    "members": [["userId": 9, "name": "Lena Vogel", "workPosition": "Head of logistics", "role": "MEMBER_HEAD"]],
                ]],
                expecting: ["id": 12]
            ) { b24 in try await b24.v3.humanresources.node.get(id: 12) }
            let item = try #require(reply.item)
            #expect(item.name == "Logistics")
            #expect(item.parentID == 2)
            #expect(item.accessCode == "DR12")
            #expect(item.members?.map(\.userID) == [9])
            #expect(item.members?.first?.role == "MEMBER_HEAD")
        }

        @Test func mainEventlogGet() async throws {
            let reply = try await Self.call(
                "main.eventlog.get",
                answering: ["item": [
                    "id": 4021, "timestampX": "2026-04-10T12:00:00+02:00", "severity": "WARNING", "auditTypeId": "USER_LOGOUT", "moduleId": "main",
                    "itemId": "9", "remoteAddr": "192.0.2.10", "userAgent": "curl/8.5", "requestUri": "/rest/api/",
                    "siteId": "s1", "userId": 1, "guestId": 0, "description": "logout",
                ]],
                expecting: ["id": 4021]
            ) { b24 in try await b24.v3.main.eventlog.get(id: 4021) }
            let item = try #require(reply.item)
            #expect(item.id == 4021)
            #expect(item.severity == "WARNING")
            #expect(item.itemID == "9")  // the page types it `string` (its table lists the item's fields flat beside it)
            #expect(item.moduleID == "main")
            #expect(item.timestampX?.date == Date(timeIntervalSince1970: 1_775_815_200))
            #expect(item.remoteAddr == "192.0.2.10")
            #expect(item.userID == 1)
        }

        @Test func timemanRecordListWithATypedFilter() async throws {
            let filter: Bitrix24V3.Filter = [.equal("userId", 5), .between("startTime", "2026-06-01", "2026-06-30")]
            let rows = try await Self.call(
                "timeman.record.list",
                answering: ["items": [["id": 177, "startTime": "2026-06-02T08:00:00+02:00", "endTime": "2026-06-02T17:00:00+02:00", "duration": 32400]]],
                expecting: [
                    "filter": [["userId", "=", 5], ["startTime", "between", ["2026-06-01", "2026-06-30"]]],
                    "order": ["startTime": "DESC"], "pagination": ["limit": 50],
                ]
            ) { b24 in
                var rows: [TimemanAPI.V3.Timeman.Record.List.Row] = []
                for try await row in b24.v3.timeman.record.list(filter: filter, order: .descending("startTime")) { rows.append(row) }
                return rows
            }
            #expect(rows.map(\.id) == [177])
            #expect(rows.first?.endTime == "2026-06-02T17:00:00+02:00")
            #expect(rows.first?.duration == 32400)
        }

        @Test func callFollowupListPagesByItsCursor() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.markRESTv3Only(["call.followup.list"])
                await portal.handle("call.followup.list") { call in
                    let cursor = call.parameters["pagination"]?["afterCursor"]
                    if cursor == nil {
                        return .result([
                            "items": [["callId": 301, "startDate": "2026-01-15T10:00:00+00:00",
                                       "participants": [["userId": 7, "name": "Klaus Weber", "talkedSeconds": 600]]]],
                            "hasMore": true, "afterCursor": ["startDate": "2026-01-15T10:00:00+00:00", "id": 301],
                        ])
                    }
                    return .result(["items": [["callId": 290, "startDate": "2026-01-12T14:30:00+00:00"]], "hasMore": false, "afterCursor": nil])
                }
                let b24 = await RuntimeTest.client(portal, logger: CapturingLogger())
                let filter = TelephonyAPI.V3.Call.Followup.List.Filter(startDate: .init(from: "2026-01-01T00:00:00Z", to: "2026-01-31T23:59:59Z"))
                var calls: [TelephonyAPI.Objects.Followup] = []
                for try await call in b24.v3.call.followup.list(filter: filter, pagination: .init(limit: 1)) { calls.append(call) }
                #expect(calls.map(\.callID) == [301, 290])
                #expect(calls.first?.participants?.first?.talkedSeconds == 600)
                let requests = await portal.requests()
                #expect(requests.map(\.path) == Array(repeating: "/rest/api/1/***/call.followup.list", count: 2))
                #expect(requests.map { $0.parameters["filter"] } == Array(repeating: ["startDate": ["from": "2026-01-01T00:00:00Z", "to": "2026-01-31T23:59:59Z"]], count: 2))
                #expect(requests.map { $0.parameters["pagination"] } == [
                    ["limit": 1], ["limit": 1, "afterCursor": ["startDate": "2026-01-15T10:00:00+00:00", "id": 301]],
                ])
            }
        }
    }
}
