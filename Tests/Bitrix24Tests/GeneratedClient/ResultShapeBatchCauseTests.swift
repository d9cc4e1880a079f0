import Bitrix24
import Bitrix24Testing
import Foundation
import Testing

extension FakePortalSuites {
    /// Causes 4–6 of issue 13: field descriptors, one-versus-many, and batches.
    @Suite("Generated client: descriptors, multi-value fields and batches as portals send them (causes 4–6)")
    struct ResultShapeBatchCauseTests {
        static let descriptors: Bitrix24JSON = [
            "ID": ["type": "integer", "isRequired": false, "isReadOnly": true, "isImmutable": false, "isMultiple": false, "isDynamic": false, "title": "ID"],
            "STAGE_ID": [
                "type": "crm_status", "isRequired": false, "isReadOnly": false, "isImmutable": false, "isMultiple": false, "isDynamic": false,
                "title": "Stage", "statusType": "DEAL_STAGE",
            ],
            "UF_CRM_TIER": [
                "type": "enumeration", "isRequired": true, "isReadOnly": false, "isImmutable": false, "isMultiple": true, "isDynamic": true,
                "title": "UF_CRM_TIER", "listLabel": "Tier", "formLabel": "Customer tier", "filterLabel": "Tier",
                "items": [["ID": "1", "VALUE": "gold"], ["ID": "2", "VALUE": "silver"]], "settings": ["DISPLAY": "LIST"],
            ],
        ]

        /// Cause 4: `crm.deal.fields` answers with one descriptor per field; each decodes into a typed descriptor and no
        /// value the portal sent reads as `nil`.
        @available(*, deprecated, message: "exercises the deprecated crm.deal methods")
        @Test func dealFieldsDecodeIntoTypedDescriptors() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.handle("crm.deal.fields") { _ in .result(Self.descriptors) }
                let mismatches = MismatchLog()
                let b24 = await ResultShapeCause.client(portal, mismatches: mismatches)
                let fields: [String: Bitrix24FieldDescriptor] = try await b24.crm.deal.fields()
                #expect(fields.keys.sorted() == ["ID", "STAGE_ID", "UF_CRM_TIER"])
                let id = try #require(fields["ID"])
                #expect(id.type == "integer" && id.title == "ID")
                #expect(id.isRequired == false && id.isReadOnly == true && id.isImmutable == false)
                #expect(id.isMultiple == false && id.isDynamic == false)
                #expect(fields["STAGE_ID"]?.type == "crm_status")
                #expect(fields["STAGE_ID"]?.statusType == "DEAL_STAGE")
                let tier = try #require(fields["UF_CRM_TIER"])
                #expect(tier.type == "enumeration" && tier.isRequired == true && tier.isMultiple == true && tier.isDynamic == true)
                #expect(tier.listLabel == "Tier" && tier.formLabel == "Customer tier" && tier.filterLabel == "Tier")
                #expect(tier.items?.map(\.id) == ["1", "2"])
                #expect(tier.items?.map(\.value) == ["gold", "silver"])
                #expect(tier.settings == ["DISPLAY": "LIST"])
                for (name, descriptor) in fields {
                    #expect(descriptor.additionalFields.isEmpty, "\(name): every key is a typed property")
                    #expect(Self.unreadKeys(descriptor).isEmpty, "\(name): \(Self.unreadKeys(descriptor)) read as nil")
                }
                #expect(mismatches.all.isEmpty, "\(mismatches.all)")
            }
        }

        /// The keys a descriptor holds a value for whose typed property reads `nil`.
        static func unreadKeys(_ descriptor: Bitrix24FieldDescriptor) -> [String] {
            let typed: [String: Bool] = [
                "type": descriptor.type != nil, "isRequired": descriptor.isRequired != nil, "isReadOnly": descriptor.isReadOnly != nil,
                "isImmutable": descriptor.isImmutable != nil, "isMultiple": descriptor.isMultiple != nil, "isDynamic": descriptor.isDynamic != nil,
                "title": descriptor.title != nil, "listLabel": descriptor.listLabel != nil, "formLabel": descriptor.formLabel != nil,
                "filterLabel": descriptor.filterLabel != nil, "items": descriptor.items != nil, "statusType": descriptor.statusType != nil,
                "settings": descriptor.settings != nil,
            ]
            return descriptor.rawValue.keys.filter { typed[$0] != true }.sorted()
        }

        /// Cause 5: a contact's `PHONE` and `EMAIL` are lists of multi-value records on the wire, and read as such.
        @available(*, deprecated, message: "exercises the deprecated crm.contact methods")
        @Test func contactMultiValueFieldsReadAsListsOfTypedRecords() async throws {
            let contact: Bitrix24JSON = [
                "ID": "58", "NAME": "Maria", "LAST_NAME": "Lopez", "HAS_PHONE": "Y", "HAS_EMAIL": "Y",
                "PHONE": [
                    ["ID": "223", "VALUE_TYPE": "WORK", "VALUE": "+15550100200", "TYPE_ID": "PHONE"],
                    ["ID": "225", "VALUE_TYPE": "MOBILE", "VALUE": "+15550100300", "TYPE_ID": "PHONE"],
                ],
                "EMAIL": [["ID": "224", "VALUE_TYPE": "WORK", "VALUE": "maria@example.com", "TYPE_ID": "EMAIL"]],
            ]
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.handle("crm.contact.get") { _ in .result(contact) }
                let mismatches = MismatchLog()
                let b24 = await ResultShapeCause.client(portal, mismatches: mismatches)
                let got: CRMAPI.Objects.ContactObject = try await b24.crm.contact.get(id: 58)
                let phones: [CRMAPI.Objects.Multifield] = try #require(got.phone)
                #expect(phones.map(\.id) == [223, 225])
                #expect(phones.map(\.value2) == ["+15550100200", "+15550100300"])
                #expect(phones.map(\.valueType) == ["WORK", "MOBILE"])
                #expect(phones.map(\.typeID) == ["PHONE", "PHONE"])
                #expect(got.email?.map(\.value2) == ["maria@example.com"])
                #expect(got.hasPhone == true)
                #expect(got.name == "Maria")
                #expect(mismatches.all.isEmpty, "\(mismatches.all)")
            }
        }

        /// Cause 5: `crm.measure.update`'s `fields` is typed `array` in its table but sent as an object by its examples;
        /// the generated request sends `fields[NAME]`, never `fields[0][NAME]` — in a single call and in a batch.
        @available(*, deprecated, message: "exercises the deprecated crm.measure methods")
        @Test func parameterTheExamplesSendAsAnObjectIsSentAsOne() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.seed(entity: "crm.measure", records: [["MEASURE_TITLE": "Kilo", "SYMBOL_INTL": "k", "CODE": "166"]])
                let b24 = await ResultShapeCause.client(portal)
                let updated = try await b24.crm.measure.update(id: 1, fields: Bitrix24Fields(rawValue: ["MEASURE_TITLE": "Kilogram"]))
                #expect(updated == true)
                #expect(await portal.requests().last?.parameters["fields"] == ["MEASURE_TITLE": "Kilogram"])
                let inBatch = try await b24.batch { $0.crm.measure.update(id: 1, fields: Bitrix24Fields(rawValue: ["SYMBOL_INTL": "kg"])) }
                #expect(inBatch == true)
                let command = await portal.requests().last?.parameters["cmd"]?["c0"]
                #expect(command == "crm.measure.update?fields%5BSYMBOL_INTL%5D=kg&id=1")
                let stored = await portal.records(entity: "crm.measure").first ?? [:]
                #expect(stored["MEASURE_TITLE"] == "Kilogram")
                #expect(stored["SYMBOL_INTL"] == "kg")
                #expect(stored["CODE"] == "166")
                #expect(stored["0"] == nil, "no list index became a field")
            }
        }

        static let deal: Bitrix24JSON = [
            "ID": "415", "TITLE": "Annual plan", "OPPORTUNITY": "4800.00", "IS_NEW": "Y", "PROBABILITY": "high", "UF_CRM_1700000001": "gold",
        ]
        static let contact: Bitrix24JSON = ["ID": "58", "NAME": "Maria", "HAS_PHONE": "Y"]

        /// Cause 6: a batch of generated requests decodes each result leniently, like a single call: numbers and flags
        /// sent as strings are read, a value of the wrong kind is kept raw and reported — the batch does not fail.
        @available(*, deprecated, message: "exercises the deprecated crm.deal methods")
        @Test func batchResultsDecodeLenientlyLikeSingleCalls() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.handle("crm.deal.get") { _ in .result(Self.deal) }
                await portal.handle("crm.contact.get") { _ in .result(Self.contact) }
                let mismatches = MismatchLog()
                let b24 = await ResultShapeCause.client(portal, mismatches: mismatches)
                let (deal, contact) = try await b24.batch { $0.crm.deal.get(id: 415); $0.crm.contact.get(id: 58) }
                #expect(await portal.requests().map(\.batchMethods) == [["crm.deal.get", "crm.contact.get"]])
                #expect(deal.id == 415 && deal.opportunity == 4800 && deal.isNew == true)
                #expect(deal.probability == nil)
                #expect(deal[field: "PROBABILITY"] == "high", "the raw value stays reachable")
                #expect(deal[field: "UF_CRM_1700000001"] == "gold")
                #expect(contact.id == 58 && contact.name == "Maria" && contact.hasPhone == true)
                let single = try await b24.crm.deal.get(id: 415)
                #expect(single == deal)
                #expect(mismatches.all.map { "\($0.method ?? "?") \($0.path) \($0.expectedType) \($0.found)" } == [
                    "crm.deal.get result[c0].PROBABILITY Int string", "crm.deal.get result.PROBABILITY Int string",
                ])
            }
        }

        /// Cause 6: an empty `result_error` entry is no error; an entry with a message but an empty code is an error
        /// without a code; so is a single call's `{"error": "", "error_description": "Not found"}` (`crm.deal.get`'s example).
        @available(*, deprecated, message: "exercises the deprecated crm.deal methods")
        @Test func anEmptyErrorCodeIsNoCode() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.handle("batch") { _ in
                    .result([
                        "result": ["c0": Self.deal, "c1": Self.contact], "result_error": ["c1": ""], "result_total": [], "result_next": [],
                    ])
                }
                let b24 = await ResultShapeCause.client(portal)
                let (deal, contact) = try await b24.batch { $0.crm.deal.get(id: 415); $0.crm.contact.get(id: 58) }
                #expect(deal.title == "Annual plan")
                #expect(contact.name == "Maria")
                await portal.handle("batch") { _ in
                    .result(["result": ["c0": Self.deal], "result_error": ["c1": ["error": "", "error_description": "Not found"]]])
                }
                let (found, missing) = try await b24.batchResults { $0.crm.deal.get(id: 415); $0.crm.deal.get(id: 9) }
                #expect(try found.get().id == 415)
                #expect(Self.failure(missing).map { "\($0.kind) \($0.code?.rawValue ?? "no code") \($0.message)" } == "api no code Not found")
                await portal.handle("crm.deal.get") { _ in .error(status: 400, code: "", description: "Not found") }
                do {
                    _ = try await b24.crm.deal.get(id: 9)
                    Issue.record("the error was not thrown")
                } catch let error as Bitrix24Error {
                    #expect(error.kind == .api)
                    #expect(error.code == nil)
                    #expect(error.message == "Not found")
                    #expect(error.httpStatus == 400)
                }
            }
        }

        /// Cause 6: in a batch, a list result sent as an object keyed `"0"`, `"1"`, … is the list in index order; an
        /// object with other keys (a rows key the request did not expect) is that command's decoding error, not a bogus row.
        @available(*, deprecated, message: "exercises the deprecated crm.deal methods")
        @Test func batchListResultsFromObjectsOnlyWithIntegerKeys() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                let rows: [Bitrix24JSON] = (0...3).map { ["ID": .string(String(400 + $0)), "TITLE": .string("Deal \($0)")] }
                await portal.handle("crm.deal.list") { _ in .result(["1": rows[1], "10": rows[3], "0": rows[0], "2": rows[2]]) }
                await portal.handle("crm.deal.get") { _ in .result(Self.deal) }
                let b24 = await ResultShapeCause.client(portal)
                let (listed, deal) = try await b24.batch { $0.crm.deal.list(select: ["ID", "TITLE"]); $0.crm.deal.get(id: 415) }
                #expect(listed.map(\.id) == [400, 401, 402, 403])
                #expect(deal.id == 415)
                await portal.handle("crm.deal.list") { _ in .result(["deals": .array(rows)]) }
                let (wrong, other) = try await b24.batchResults { $0.crm.deal.list(select: ["ID", "TITLE"]); $0.crm.deal.get(id: 415) }
                #expect(Self.failure(wrong)?.kind == .decoding)
                #expect(Self.failure(wrong)?.batchKey == "c0")
                #expect(try other.get().id == 415, "the other command still decodes")
            }
        }

        static func failure<T>(_ result: Result<T, Bitrix24Error>) -> Bitrix24Error? {
            if case .failure(let error) = result { return error }
            return nil
        }
    }
}
