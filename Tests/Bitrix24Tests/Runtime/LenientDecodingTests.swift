import Bitrix24Core
import Bitrix24Locking
import Bitrix24Testing
import Foundation
import Testing

/// A record as the generator writes one, with its documented field types.
struct TestContact: Bitrix24Record {
    var rawValue: [String: Bitrix24JSON]
    init(rawValue: [String: Bitrix24JSON]) { self.rawValue = rawValue }
    static var documentedKeys: [String] { ["ID", "NAME", "OPPORTUNITY", "OPENED", "BIRTHDATE", "PHONE", "COMPANY_IDS"] }
    static var documentedFieldTypes: [String: any Bitrix24Value.Type] {
        [
            "ID": Int.self, "NAME": String.self, "OPPORTUNITY": Double.self, "OPENED": Bool.self, "BIRTHDATE": Bitrix24Date.self,
            "PHONE": [TestMultiField].self, "COMPANY_IDS": [Int].self,
        ]
    }
    var id: Int? { value("ID") }
    var opportunity: Double? { value("OPPORTUNITY") }
    var opened: Bool? { value("OPENED") }
    var phone: [TestMultiField]? { value("PHONE") }
}

/// A multi-value field entry (`{ID, VALUE_TYPE, VALUE, TYPE_ID}`), as the generator writes `crm_multifield`.
struct TestMultiField: Bitrix24Record {
    var rawValue: [String: Bitrix24JSON]
    init(rawValue: [String: Bitrix24JSON]) { self.rawValue = rawValue }
    static var documentedKeys: [String] { ["ID", "VALUE_TYPE", "VALUE", "TYPE_ID"] }
    static var documentedFieldTypes: [String: any Bitrix24Value.Type] {
        ["ID": Int.self, "VALUE_TYPE": String.self, "VALUE": String.self, "TYPE_ID": String.self]
    }
}

/// Collects what the client reports.
struct MismatchLog: Sendable {
    let storage = Locked<[Bitrix24Client.DecodingMismatch]>([])
    var all: [Bitrix24Client.DecodingMismatch] { storage.get() }
    var hook: @Sendable (Bitrix24Client.DecodingMismatch) -> Void {
        let storage = self.storage
        return { mismatch in storage.withLock { $0.append(mismatch) } }
    }
}

extension FakePortalSuites {
    /// Replies shaped the way portals send them decode without losing data quietly.
    @Suite("Runtime: lenient decoding that reports what it cannot read")
    struct LenientDecodingTests {
        static let contact: Bitrix24JSON = [
            "ID": "7", "NAME": "Ann", "OPPORTUNITY": "a lot", "OPENED": "maybe", "BIRTHDATE": ["year": 1990],
            "PHONE": [["ID": "1", "VALUE_TYPE": "WORK", "VALUE": "+1 555 0100", "TYPE_ID": "PHONE"], ["ID": [], "VALUE": "+1 555 0101"]],
            "COMPANY_IDS": ["3", "x", "5"], "UF_CRM_1": "custom",
        ]

        static let expectedMismatches = [
            "result.BIRTHDATE Bitrix24Date object", "result.COMPANY_IDS[1] Int string", "result.OPENED Bool string",
            "result.OPPORTUNITY Double string", "result.PHONE[1].ID Int array",
        ]

        func withContactPortal(_ body: (FakePortal, Bitrix24Client, CapturingLogger, MismatchLog) async throws -> Void) async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.handle("crm.contact.get") { _ in .result(Self.contact) }
                let logger = CapturingLogger()
                let mismatches = MismatchLog()
                let client = await RuntimeTest.client(portal, logger: logger) { $0.onDecodingMismatch = mismatches.hook }
                try await body(portal, client, logger, mismatches)
            }
        }

        static let get = Bitrix24Request<TestContact>(method: RuntimeTest.method("crm.contact.get", .read), parameters: ["id": 7])

        @Test func valuesThatCannotBeReadAreKeptAndReported() async throws {
            try await withContactPortal { portal, client, logger, mismatches in
                let contact = try await client.perform(Self.get)
                #expect(contact.id == 7)
                #expect(contact.opportunity == nil)
                #expect(contact[field: "OPPORTUNITY"] == "a lot", "the raw value stays reachable")
                #expect(contact[field: "OPENED"] == "maybe")
                #expect(contact.phone?.count == 2)
                #expect(contact[field: "UF_CRM_1"] == "custom")
                let seen = mismatches.all.map { "\($0.path) \($0.expectedType) \($0.found)" }
                #expect(seen == Self.expectedMismatches)
                #expect(mismatches.all.allSatisfy { $0.method == "crm.contact.get" })
                let warnings = logger.lines.filter { $0.hasPrefix("warning:") && $0.contains("is documented as") }
                #expect(warnings.count == 5)
                #expect(warnings.contains { $0.contains("crm.contact.get: result.OPPORTUNITY is documented as Double but holds a string") })
                #expect(!logger.lines.joined().contains("a lot") && !logger.lines.joined().contains("555"), "no value is quoted")
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: mismatches.all.map(\.description))
            }
        }

        @Test func batchResultsDecodeThroughTheSameLenientPath() async throws {
            try await withContactPortal { _, client, _, mismatches in
                let (contact, again) = try await client.batch { _ in
                    Self.get
                    Self.get
                }
                #expect(contact.id == 7)
                #expect(again[field: "OPPORTUNITY"] == "a lot")
                #expect(mismatches.all.count == 10)
                #expect(mismatches.all.first?.path == "result[c0].BIRTHDATE")
                // The public decode of a batch response takes the same path.
                let response = try await client.batch([Bitrix24Batch.Command(key: "k", request: Self.get)])
                #expect(try response.decode(TestContact.self, key: "k").id == 7)
                #expect(try response.decode(Int.self, key: "k", rowsKey: "ID") == 7)
            }
        }

        static func scripted(_ transport: ScriptedTransport) -> Bitrix24Client {
            Bitrix24Client(
                auth: .webhook(URL(string: "https://portal.example/rest/1/code1234/")!),
                configuration: .init(
                    transport: transport, limiter: Bitrix24Client.PortalLimiter(portal: "scripted-\(UUID().uuidString)", limit: .unlimited)))
        }

        @Test func anEmptyErrorCodeIsNoError() async throws {
            let client = Self.scripted(ScriptedTransport([
                .reply(200, #"{"result":{"ID":"1"},"error":""}"#),
                .reply(200, #"{"result":{"result":[],"result_error":{"a":{"error":"","error_description":"went wrong"}}}}"#),
            ]))
            let record = try await client.perform(Bitrix24Request<Bitrix24Fields>(method: RuntimeTest.method("x.get", .read)))
            #expect(record[field: "ID"] == "1")
            let batch = try await client.batch([Bitrix24Batch.Command(key: "a", method: "x.get", retry: .read)])
            #expect(batch.errors["a"]?.code == nil)
            #expect(batch.errors["a"]?.message == "went wrong")
        }

        @Test func anEmptyCodeWithoutAResultIsAnErrorWithoutACode() async throws {
            let client = Self.scripted(ScriptedTransport([
                .reply(400, #"{"error":"","error_description":"Not found"}"#),
                .reply(200, #"{"result":{"result":{"a":{"ID":"1"}},"result_error":{"a":"","b":{"error":"","error_description":""}}}}"#),
            ]))
            do {
                _ = try await client.perform(Bitrix24Request<Bitrix24Fields>(method: RuntimeTest.method("x.get", .read)))
                Issue.record("the error was not thrown")
            } catch let error as Bitrix24Error {
                #expect(error.kind == .api && error.code == nil && error.message == "Not found" && error.httpStatus == 400)
            }
            let batch = try await client.batch([
                Bitrix24Batch.Command(key: "a", method: "x.get", retry: .read), Bitrix24Batch.Command(key: "b", method: "x.get", retry: .read),
            ])
            #expect(batch.errors.isEmpty, "entries naming no error are no errors")
            #expect(try batch.result("a") == ["ID": "1"])
        }

        @Test func aListDecodesFromAnObjectOnlyWhenEveryKeyIsAnInteger() async throws {
            let client = Self.scripted(ScriptedTransport([
                .reply(200, #"{"result":{"1":"b","0":"a","10":"c"}}"#),
                .reply(200, #"{"result":{"items":[{"ID":"1"}],"total":1}}"#),
            ]))
            #expect(try await client.perform(Bitrix24Request<[String]>(method: RuntimeTest.method("x.list", .read))) == ["a", "b", "c"])
            do {
                _ = try await client.perform(Bitrix24Request<[Bitrix24Fields]>(method: RuntimeTest.method("x.list", .read)))
                Issue.record("a misplaced rows key became a row")
            } catch let error as Bitrix24Error {
                #expect(error.kind == .decoding)
                #expect(error.message.contains("at result"), "the error names the path: \(error.message)")
            }
            #expect([Int](bitrix24JSON: ["0": 1, "x": 2]) == nil)
            #expect([Int](bitrix24JSON: [:]) == [])
        }
    }
}
