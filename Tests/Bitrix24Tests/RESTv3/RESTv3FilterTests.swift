import Bitrix24Core
import Foundation
import Testing

/// `Bitrix24V3.Filter` encodes to the REST 3.0 filter syntax exactly as the overview's examples write it.
@Suite("REST 3.0: filter encoding")
struct RESTv3FilterTests {
    /// The JSON text of a value, keys sorted.
    static func json(_ value: some Bitrix24Value) -> String { value.bitrix24JSON.description }

    @Test func theSimpleFilterOfTheDocs() {
        let filter: Bitrix24V3.Filter = [.where("status", .equal, "NEW"), .in("id", [3, 4, 5])]
        #expect(Self.json(filter) == #"[["status","=","NEW"],["id","in",[3,4,5]]]"#)
    }

    @Test func theFilterWithLogicOfTheDocs() {
        let filter: Bitrix24V3.Filter = [
            .where("status", .equal, "NEW"),
            .or([.match(field: "id", value: [1, 2]), .in("id", [3, 4, 5])]),
        ]
        #expect(Self.json(filter) == #"[["status","=","NEW"],{"conditions":[["id",[1,2]],["id","in",[3,4,5]]],"logic":"or"}]"#)
    }

    @Test func everyOperatorOfTheDocs() {
        let operators: [Bitrix24V3.Filter.Operator] = [.equal, .notEqual, .greater, .greaterOrEqual, .less, .lessOrEqual, .in, .between]
        #expect(operators.map(\.rawValue) == ["=", "!=", ">", ">=", "<", "<=", "in", "between"])
        let filter: Bitrix24V3.Filter = [
            .where("status", .notEqual, "CLOSED"), .where("date", .greater, "2025-01-01"), .where("price", .greaterOrEqual, 1000),
            .where("date", .less, "2025-01-01"), .where("price", .lessOrEqual, 1000), .between("date", "2025-01-01", "2025-12-31"),
            .equal("responsible.id", 7), .where("ratio", .less, 0.5),
        ]
        #expect(Self.json(filter) == #"[["status","!=","CLOSED"],["date",">","2025-01-01"],["price",">=",1000],"#
            + #"["date","<","2025-01-01"],["price","<=",1000],["date","between",["2025-01-01","2025-12-31"]],"#
            + #"["responsible.id","=",7],["ratio","<",0.5]]"#)
    }

    @Test func aFilterOfOneConditionAndAnOperatorTheDocsDoNotList() {
        #expect(Self.json(Bitrix24V3.Filter.where("status", .equal, "NEW")) == #"[["status","=","NEW"]]"#)
        #expect(Self.json(Bitrix24V3.Filter.in("id", ["a", "b"])) == #"[["id","in",["a","b"]]]"#)
        #expect(Self.json(Bitrix24V3.Filter.between("id", 1, 9).and(.where("title", "like", "x"))) == #"[["id","between",[1,9]],["title","like","x"]]"#)
        #expect(Self.json(Bitrix24V3.Filter.or([.equal("a", 1), .equal("b", 2)])) == #"[{"conditions":[["a","=",1],["b","=",2]],"logic":"or"}]"#)
        #expect(Self.json(Bitrix24V3.Filter()) == "[]")
        #expect(Bitrix24V3.Filter.where("status", .equal, "NEW").description == #"[["status","=","NEW"]]"#)
    }

    @Test func aFilterReadsBackFromItsJSONAndRefusesOtherShapes() throws {
        let filter: Bitrix24V3.Filter = [.where("status", .equal, "NEW"), .or([.match(field: "id", value: [1, 2]), .in("id", [3])])]
        #expect(Bitrix24V3.Filter(bitrix24JSON: filter.bitrix24JSON) == filter)
        let text = #"[["userId",1],["startTime","between",["2026-06-01T00:00:00+02:00","2026-06-30T23:59:59+02:00"]]]"#
        let timeman = try #require(Bitrix24V3.Filter(bitrix24JSON: try JSONDecoder().decode(Bitrix24JSON.self, from: Data(text.utf8))))
        #expect(timeman.conditions == [
            .match(field: "userId", value: 1),
            .between("startTime", "2026-06-01T00:00:00+02:00", "2026-06-30T23:59:59+02:00"),
        ])
        #expect(Self.json(timeman) == text)
        for bad: Bitrix24JSON in [["status": "NEW"], [["status"]], [[1, "=", 2]], [["logic": "and", "conditions": []]], "x"] {
            #expect(Bitrix24V3.Filter(bitrix24JSON: bad) == nil)
        }
    }

    @Test func aFilterIsAParameterLikeAnyOther() throws {
        var parameters = Bitrix24Parameters()
        parameters.set("filter", Bitrix24V3.Filter.where("id", .greater, 1000))
        parameters.set("select", ["id", "responsible.name", "responsible.email"])
        #expect(Bitrix24JSON.object(parameters.values).description
            == #"{"filter":[["id",">",1000]],"select":["id","responsible.name","responsible.email"]}"#)
    }
}
