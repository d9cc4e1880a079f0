import Bitrix24Core
import Foundation
import Testing

/// `Bitrix24V3.Order` and `Bitrix24V3.Pagination` encode to the forms the REST 3.0 method pages write
/// (`"order": {"id": "ASC"}`, `"pagination": {"page": 1, "limit": 20, "offset": 0}`) and read them back.
@Suite("REST 3.0: order and pagination encoding")
struct RESTv3OrderPaginationTests {
    @Test func anOrderIsAnObjectOfDirections() {
        let order: Bitrix24V3.Order = ["timestampX": .descending, "id": .ascending]
        #expect(order.bitrix24JSON.description == #"{"id":"ASC","timestampX":"DESC"}"#)
        #expect(Bitrix24V3.Order.ascending("id").bitrix24JSON == ["id": "ASC"])
        #expect(Bitrix24V3.Order.descending("startTime").bitrix24JSON == ["startTime": "DESC"])
        #expect(Bitrix24V3.Order().bitrix24JSON == [:])
    }

    @Test func anOrderReadsBackAndKeepsADirectionItDoesNotKnow() {
        #expect(Bitrix24V3.Order(bitrix24JSON: ["id": "ASC", "title": "desc"]) == ["id": .ascending, "title": "desc"])
        #expect(Bitrix24V3.Order(bitrix24JSON: ["id": "ASC"])?.fields["id"] == .ascending)
        #expect(Bitrix24V3.Order(bitrix24JSON: ["id": 1]) == nil)
        #expect(Bitrix24V3.Order(bitrix24JSON: [["id", "ASC"]]) == nil)
    }

    @Test func aPaginationSendsThePartsThatAreSet() {
        #expect(Bitrix24V3.Pagination(page: 1, limit: 20, offset: 0).bitrix24JSON.description == #"{"limit":20,"offset":0,"page":1}"#)
        #expect(Bitrix24V3.Pagination(limit: 200).bitrix24JSON == ["limit": 200])
        #expect(Bitrix24V3.Pagination().bitrix24JSON == [:])
    }

    @Test func aPaginationReadsBackOnlyWholeNumbers() {
        #expect(Bitrix24V3.Pagination(bitrix24JSON: ["page": 2, "limit": "50"]) == Bitrix24V3.Pagination(page: 2, limit: 50))
        #expect(Bitrix24V3.Pagination(bitrix24JSON: [:]) == Bitrix24V3.Pagination())
        #expect(Bitrix24V3.Pagination(bitrix24JSON: ["page": "first"]) == nil)
        #expect(Bitrix24V3.Pagination(bitrix24JSON: [1, 2]) == nil)
    }

    @Test func generatedArgumentsSetThemAsTheirJSON() {
        var parameters = Bitrix24Parameters()
        parameters.set("order", Bitrix24V3.Order.descending("id"))
        parameters.set("pagination", Bitrix24V3.Pagination(page: 3, limit: 10))
        parameters.set("filter", Bitrix24V3.Filter.where("status", .equal, "NEW"))
        parameters.set("select", nil as Bitrix24V3.Pagination?)
        #expect(parameters.values == [
            "order": ["id": "DESC"], "pagination": ["page": 3, "limit": 10], "filter": [["status", "=", "NEW"]],
        ])
    }
}
