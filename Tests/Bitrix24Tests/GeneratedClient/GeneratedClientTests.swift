import Bitrix24
import Bitrix24Testing
import Foundation
import Testing

extension FakePortalSuites {
    /// The checked-in generated client (from `docs-cache/`) exercised against the fake portal on 127.0.0.1.
    @Suite("Generated client against the fake portal")
    struct GeneratedClientTests {
        static func client(_ portal: FakePortal) async -> Bitrix24Client {
            let configuration = Bitrix24Client.Configuration(
                userAgent: "swift-bitrix24-generated-tests/1.0", timeout: .seconds(10), rateLimit: .unlimited,
                limiter: Bitrix24Client.PortalLimiter(portal: "generated-\(portal.port)", limit: .unlimited)
            )
            return Bitrix24Client(auth: .webhook(await portal.webhookURL()), configuration: configuration)
        }

        @Test func widgetCommandCallCardSetHoldGoesThroughPlacementCall() async throws {
            try await withFakePortal { portal in
                await portal.handle("placement.call") { call in
                    .result(.object(["received": .object(call.parameters)]))
                }
                let b24 = await Self.client(portal)
                // Success is documented as an empty array: a typed `Bitrix24Done`, not untyped JSON.
                let command: Bitrix24PlacementCommand<Bitrix24Done> = .callCardSetHold(held: true)
                #expect(command.name == "CallCardSetHold")
                #expect(command.placement == "PAGE_BACKGROUND_WORKER")
                #expect(command.parameters == ["held": .bool(true)])
                let reply = try await b24.placement.call(.callCardSetHold(held: true))
                let requests = await portal.requests()
                #expect(requests.map(\.method) == ["placement.call"])
                let sent = requests.first?.parameters ?? [:]
                #expect(sent["PARAMS"] == .object(["held": .bool(true)]))
                #expect(reply.rawValue["received"]?["PARAMS"] == .object(["held": .bool(true)]))
            }
        }

        /// Cause 7 of issue 13: a widget's interface error arrives with HTTP 200 as `[{"result": "error", "errorCode": …}]`;
        /// through the generated command it is thrown as a typed error whose code the page documents.
        @Test func widgetCommandInterfaceErrorIsThrownWithItsDocumentedCode() async throws {
            try await withFakePortal { portal in
                let b24 = await Self.client(portal)
                _ = try await b24.placement.call(.callCardSetHold(held: true))
                await portal.answerWidgetCommand("CallCardSetHold", withInterfaceError: "Call card is undefined")
                do {
                    _ = try await b24.placement.call(.callCardSetHold(held: true))
                    Issue.record("the interface error was not thrown")
                } catch let error as Bitrix24Error {
                    #expect(error.kind == .interface)
                    #expect(error.httpStatus == 200)
                    #expect(error.code == .callCardIsUndefined, "a member of Bitrix24ErrorCode per code the page documents")
                }
            }
        }

        @Test func widgetEventBindsWithTypedHandlerData() async throws {
            try await withFakePortal { portal in
                await portal.handle("placement.bindEvent") { _ in .result(.bool(true)) }
                let b24 = await Self.client(portal)
                let event: Bitrix24PlacementEvent<Bool> = .backgroundCallCardHoldButtonClick
                #expect(event.name == "BackgroundCallCard::holdButtonClick")
                try await b24.placement.bindEvent(.backgroundCallCardHoldButtonClick, handler: URL(string: "https://app.example/hold")!)
                let sent = await portal.requests().first?.parameters ?? [:]
                #expect(sent["HANDLER"] == .string("https://app.example/hold"))
            }
        }

        // crm.deal.* are deprecated in the docs (in favour of crm.item.*): so are these tests.
        @available(*, deprecated, message: "exercises the deprecated crm.deal methods")
        @Test func dealAddSendsNestedFieldsAndCustomFields() async throws {
            try await withFakePortal { portal in
                let b24 = await Self.client(portal)
                var fields = CRMAPI.Deal.Add.Fields(title: "New deal", currencyID: "EUR", opportunity: 1000, opened: true)
                fields[field: "UF_CRM_1700000000"] = .string("custom")
                let id = try await b24.crm.deal.add(fields: fields)
                #expect(id == 1)
                let stored = await portal.records(entity: "crm.deal")
                #expect(stored.count == 1)
                #expect(stored.first?["TITLE"] == .string("New deal"))
                #expect(stored.first?["CURRENCY_ID"] == .string("EUR"))
                #expect(stored.first?["OPPORTUNITY"].flatMap { Double(bitrix24JSON: $0) } == 1000)
                #expect(stored.first?["OPENED"] == .string("Y"))
                #expect(stored.first?["UF_CRM_1700000000"] == .string("custom"))
                #expect(fields.additionalFields == ["UF_CRM_1700000000": .string("custom")])

                // Reading it back: typed, lenient (the portal sends IDs and numbers as strings).
                let deal = try await b24.crm.deal.get(id: id)
                #expect(deal.title == "New deal")
                #expect(deal.opened == true)
                #expect(deal[field: "UF_CRM_1700000000"] == .string("custom"))
            }
        }

        // crm.deal.* are deprecated in the docs (in favour of crm.item.*): so are these tests.
        @available(*, deprecated, message: "exercises the deprecated crm.deal methods")
        @Test func listMethodPagesThroughEveryRow() async throws {
            try await withFakePortal { portal in
                let b24 = await Self.client(portal)
                let titles = (1...120).map { "Deal \($0)" }
                await portal.seed(entity: "crm.deal", records: titles.map { ["TITLE": .string($0)] })
                var seen: [String] = []
                for try await deal in b24.crm.deal.list(select: ["ID", "TITLE"]) {
                    if case .string(let title)? = deal[field: "TITLE"] { seen.append(title) }
                }
                #expect(seen == titles)
                #expect(CRMAPI.Deal.List.method.paging?.idField == "ID")
                #expect(CRMAPI.Deal.List.method.retry == .read)
            }
        }

        // crm.deal.* are deprecated in the docs (in favour of crm.item.*): so are these tests.
        @available(*, deprecated, message: "exercises the deprecated crm.deal methods")
        @Test func batchTakesGeneratedRequests() async throws {
            try await withFakePortal { portal in
                let b24 = await Self.client(portal)
                await portal.seed(entity: "crm.deal", records: [["TITLE": .string("One")]])
                await portal.seed(entity: "crm.contact", records: [["NAME": .string("Ann")]])
                let (deal, contact) = try await b24.batch { $0.crm.deal.get(id: 1); $0.crm.contact.get(id: 1) }
                #expect(deal.title == "One")
                #expect(contact[field: "NAME"] == .string("Ann"))
            }
        }

        @Test func eventDeliveryIsDecodedAndVerified() throws {
            let token = "app-token-\(UUID().uuidString)"
            let body = [
                "event=ONCRMDEALADD", "event_handler_id=7", "data%5BFIELDS%5D%5BID%5D=42", "ts=1700000000",
                "auth%5Bdomain%5D=example.bitrix24.com", "auth%5Bapplication_token%5D=\(token)",
            ].joined(separator: "&")
            let event = try Bitrix24Event(formEncoded: body, expectedApplicationToken: token)
            let payload = try #require(event.payload(CRMAPI.Events.OnCRMDealAdd.self), "decoded as \(event)")
            #expect(payload.data?.fields?.id == 42)
            #expect(payload.eventHandlerID == 7)
            #expect(payload.ts == 1_700_000_000)
            #expect(payload.auth?.domain == "example.bitrix24.com")
            #expect(event.payload(CRMAPI.Events.OnCRMDealUpdate.self) == nil, "another event's payload type does not match")
            #expect(throws: (any Error).self) {
                try Bitrix24Event(formEncoded: body, expectedApplicationToken: "wrong")
            }
            let unknown = try Bitrix24Event(formEncoded: "event=OnSomethingNew&auth%5Bapplication_token%5D=\(token)", expectedApplicationToken: token)
            #expect(unknown.payload(CRMAPI.Events.OnCRMDealAdd.self) == nil)
            #expect(unknown.name.rawValue == "OnSomethingNew")
            #expect(event.name == .onCRMDealAdd, "a delivery names its event in capitals; names compare without case")
            switch event.name {
            case .onCRMDealAdd: break
            default: Issue.record("a switch over the name finds the event")
            }
        }

        @Test func restEventsBindByTypedName() async throws {
            try await withFakePortal { portal in
                await portal.handle("event.bind") { _ in .result(.bool(true)) }
                await portal.handle("event.unbind") { _ in .result(.object(["count": .int(1)])) }
                let b24 = await Self.client(portal)
                #expect(Bitrix24EventName.onCRMDealAdd.rawValue == "onCrmDealAdd")
                let handler = URL(string: "https://app.example/deal-added")!
                #expect(try await b24.event.bind(.onCRMDealAdd, handler: handler))
                let removed = try await b24.event.unbind(.onCRMDealUpdate, handler: handler)
                #expect(removed["count"] == .int(1))
                let requests = await portal.requests()
                #expect(requests.map(\.method) == ["event.bind", "event.unbind"])
                #expect(requests.first?.parameters["event"] == .string("onCrmDealAdd"))
                #expect(requests.first?.parameters["handler"] == .string("https://app.example/deal-added"))
                #expect(requests.last?.parameters["event"] == .string("onCrmDealUpdate"))
                // The same request for a batch.
                let request = Bitrix24Requests().event.bind(.onCRMContactAdd, handler: handler)
                #expect(try request.encodedParameters() == ["event": .string("onCrmContactAdd"), "handler": .string("https://app.example/deal-added")])
            }
        }

        @Test func errorCodesArePerMethodAndOpen() {
            #expect(Bitrix24ErrorCode(rawValue: "error_placement_max_count") == .errorPlacementMaxCount)
            #expect(PlatformAPI.Placement.Bind.errors.contains(.errorPlacementMaxCount))
        }
    }
}
