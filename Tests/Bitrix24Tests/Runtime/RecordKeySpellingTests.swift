import Testing
@testable import Bitrix24Core

/// A record documented in capitals (`RESPONSIBLE_ID`), as object definitions spell fields that some methods send in
/// camel case (`responsibleId`).
private struct CapitalTask: Bitrix24Record {
    var rawValue: [String: Bitrix24JSON]
    init(rawValue: [String: Bitrix24JSON]) { self.rawValue = rawValue }
    static var documentedKeys: [String] { ["ID", "RESPONSIBLE_ID", "IS_PINNED", "UF_CRM_TASK"] }
    static var documentedFieldTypes: [String: any Bitrix24Value.Type] {
        ["ID": Int.self, "RESPONSIBLE_ID": Int.self, "IS_PINNED": Bool.self, "UF_CRM_TASK": [String].self]
    }
    var id: Int? { value("ID") }
    var responsibleID: Int? {
        get { value("RESPONSIBLE_ID") }
        set { setValue(newValue, "RESPONSIBLE_ID") }
    }
    var isPinned: Bool? {
        get { value("IS_PINNED") }
        set { setYesNo(newValue, "IS_PINNED") }
    }
    var ufCRMTask: [String]? { value("UF_CRM_TASK") }
}

@Suite("Runtime: record keys spelled another way")
struct RecordKeySpellingTests {
    @Test func documentedFieldsAreFoundIgnoringCaseAndUnderscores() {
        let task = CapitalTask(rawValue: ["id": "8", "responsibleId": "4", "isPinned": "Y", "ufCrmTask": ["D_1"], "ufAuto12": "x"])
        #expect(task.id == 8)
        #expect(task.responsibleID == 4)
        #expect(task.isPinned == true)
        #expect(task.ufCRMTask == ["D_1"])
        #expect(task.additionalFields == ["ufAuto12": "x"], "a documented field in another spelling is not additional")
        #expect(CapitalTask(rawValue: ["responsibleid": "5"]).responsibleID == 5)
        #expect(CapitalTask(rawValue: ["RESPONSIBLEID": "6"]).responsibleID == 6)
        #expect(CapitalTask(rawValue: ["responsible": "7"]).responsibleID == nil, "only case and underscores may differ")
    }

    @Test func theExactKeyWinsAndAmbiguityIsDeterministic() {
        #expect(CapitalTask(rawValue: ["responsibleId": "1", "RESPONSIBLE_ID": "2"]).responsibleID == 2)
        #expect(CapitalTask(rawValue: ["responsibleId": "1", "responsible_id": "3"]).responsibleID == 1, "the first key in sorted order")
    }

    @Test func writesKeepTheSpellingTheRecordHolds() {
        var task = CapitalTask(rawValue: ["responsibleId": "4", "isPinned": "N"])
        task.responsibleID = 9
        task.isPinned = true
        #expect(task.rawValue == ["responsibleId": 9, "isPinned": "Y"])
        var fresh = CapitalTask(rawValue: [:])
        fresh.responsibleID = 3
        #expect(fresh.rawValue == ["RESPONSIBLE_ID": 3])
    }

    @Test func mismatchesAreCheckedUnderTheWireSpelling() {
        let json: Bitrix24JSON = ["id": "x", "responsibleId": "4", "isPinned": "maybe"]
        let found = CapitalTask.bitrix24Mismatches(in: json, at: "result").map { "\($0.path) \($0.expectedType) \($0.found)" }
        #expect(found == ["result.id Int string", "result.isPinned Bool string"])
    }

    /// The allocation-free comparison agrees with comparing the loose forms, ASCII or not.
    @Test func spellingComparisonAgreesWithLooseForms() {
        let keys = ["RESPONSIBLE_ID", "responsibleId", "responsible_id", "RESPONSIBLEID", "responsible", "responsibleIdX", "_id", "ID", "id",
                    "", "_", "Ärger_ID", "ärgerId", "ÄRGERID", "straße", "STRASSE", "İd", "i̇d", "x_Ä", "xä"]
        for key in keys {
            for other in keys {
                let wanted = Bitrix24FieldKey.loose(other)
                #expect(Bitrix24FieldKey.spells(key, looseKey: wanted) == (Bitrix24FieldKey.loose(key) == wanted), "\(key) vs \(other)")
            }
        }
    }
}
