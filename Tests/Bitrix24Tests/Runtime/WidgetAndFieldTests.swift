import Bitrix24Core
import Bitrix24Testing
import Foundation
import Testing

extension Bitrix24PlacementCommand where Result == Bitrix24Done {
    /// A widget command as the generator writes one documented to answer an empty array.
    static func testSetHold(held: Bool) -> Bitrix24PlacementCommand<Bitrix24Done> {
        Bitrix24PlacementCommand<Bitrix24Done>(name: "CallCardSetHold", placement: "PAGE_BACKGROUND_WORKER", parameters: ["held": .bool(held)])
    }
}

extension Bitrix24ErrorCode {
    /// A widget interface error code as the generator declares one.
    static let testCallCardIsUndefined = Bitrix24ErrorCode(rawValue: "Call card is undefined")
}

extension FakePortalSuites {
    @Suite("Runtime: widget command replies and field descriptors")
    struct WidgetAndFieldTests {
        @Test func aWidgetCommandSucceedsWithATypedValueOrThrowsItsInterfaceError() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                let logger = CapturingLogger()
                let client = await RuntimeTest.client(portal, logger: logger)
                let done = try await client.call(.testSetHold(held: true))
                #expect(done.rawValue == .array([]))
                #expect(await portal.requests().last?.parameters["PARAMS"] == .object(["held": .bool(true)]))

                await portal.answerWidgetCommand("CallCardSetHold", withInterfaceError: "Call card is undefined")
                do {
                    _ = try await client.call(.testSetHold(held: false))
                    Issue.record("expected an interface error")
                } catch let error as Bitrix24Error {
                    #expect(error.kind == .interface)
                    #expect(error.code == .testCallCardIsUndefined)
                    #expect(error.httpStatus == 200)
                    #expect(error.method == "placement.call")
                    #expect(error.description.contains("CallCardSetHold"))
                }
                // The request value (what generated code and batches use) reads the reply the same way.
                await #expect(throws: Bitrix24Error.self) { _ = try await client.perform(Bitrix24PlacementCommand.testSetHold(held: true).request) }
                let (inBatch, _) = try await client.batchResults { _ in
                    Bitrix24PlacementCommand.testSetHold(held: true).request
                    Bitrix24Request<Bitrix24JSON>(method: RuntimeTest.method("app.info", .read))
                }
                if case .failure(let error) = inBatch {
                    #expect(error.kind == .interface)
                    #expect(error.code == .testCallCardIsUndefined)
                    #expect(error.batchKey == "c0")
                } else {
                    Issue.record("the batch command's interface error was not reported")
                }
                await portal.answerWidgetCommand("CallCardSetHold", withInterfaceError: nil)
                #expect(try await client.call(.testSetHold(held: false)) == Bitrix24Done())
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func fieldsRepliesDecodeAsDescriptors() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.handle("crm.deal.fields") { _ in
                    .result([
                        "ID": ["type": "integer", "isRequired": false, "isReadOnly": true, "isImmutable": false, "isMultiple": false,
                               "isDynamic": false, "title": "ID"],
                        "STAGE_ID": ["type": "crm_status", "isRequired": "Y", "isReadOnly": "N", "statusType": "DEAL_STAGE", "title": "Stage"],
                        "UF_CRM_COLOR": [
                            "type": "enumeration", "isDynamic": true, "isMultiple": true, "title": "UF_CRM_COLOR", "listLabel": "Colour", "userTypeId": "enumeration",
                            "items": [["ID": "1", "VALUE": "Red"], ["ID": "2", "VALUE": "Green"]], "settings": ["DISPLAY": "LIST"],
                        ],
                    ])
                }
                let mismatches = MismatchLog()
                let client = await RuntimeTest.client(portal, logger: CapturingLogger()) { $0.onDecodingMismatch = mismatches.hook }
                let fields = try await client.perform(
                    Bitrix24Request<[String: Bitrix24FieldDescriptor]>(method: RuntimeTest.method("crm.deal.fields", .read)))
                #expect(fields.keys.sorted() == ["ID", "STAGE_ID", "UF_CRM_COLOR"])
                #expect(fields["ID"]?.type == "integer")
                #expect(fields["ID"]?.isReadOnly == true)
                #expect(fields["STAGE_ID"]?.isRequired == true)
                #expect(fields["STAGE_ID"]?.statusType == "DEAL_STAGE")
                let color = try #require(fields["UF_CRM_COLOR"])
                #expect(color.isDynamic == true && color.isMultiple == true)
                #expect(color.items?.map(\.id) == ["1", "2"])
                #expect(color.items?.map(\.value) == ["Red", "Green"])
                #expect(color.listLabel == "Colour")
                #expect(color.settings == ["DISPLAY": "LIST"])
                #expect(color.additionalFields == ["userTypeId": "enumeration"], "keys beyond the documented ones are kept")
                #expect(mismatches.all.isEmpty)
            }
        }
    }
}
