import Bitrix24Core
import Bitrix24Locking
import Bitrix24Testing
import Foundation
import Testing

/// A list row as the generator writes one; its ID field may be spelled `ID` or `id`.
struct TestItem: Bitrix24Record {
    var rawValue: [String: Bitrix24JSON]
    init(rawValue: [String: Bitrix24JSON]) { self.rawValue = rawValue }
    static var documentedKeys: [String] { ["ID", "id", "TITLE"] }
    var id: Int? { value("ID") ?? value("id") }
}

/// A deterministic generator for the property test's sizes (a 64-bit linear congruential generator, Knuth's
/// MMIX constants; the high bits are good enough for picking sizes).
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state ^ (state >> 29)
    }
}

extension FakePortalSuites {
    /// Paging cannot drop rows: whatever the ID's spelling, wherever the rows sit, whichever strategy.
    @Suite("Runtime: paging that cannot drop rows")
    struct PagingPropertyTests {
        static func list(rowsKey: String?, idField: String) -> Bitrix24Request<[TestItem]> {
            Bitrix24Request(
                method: RuntimeTest.method("x.item.list", .read, paging: .init(rowsKey: rowsKey, idField: idField)),
                parameters: ["select": ["TITLE"]])
        }

        /// Seeded random sizes (boundaries included) × the ID spelled `ID` or `id` in the rows, whichever the
        /// paging metadata says × rows in `result` or under a key × every strategy: every row exactly once, in order.
        @Test func everyRowExactlyOnceInOrder() async throws {
            var random = SeededRandom(state: 20_261_203)
            let sizes = [0, 1, 49, 50, 51, 100] + (0..<3).map { _ in Int.random(in: 2...260, using: &random) }
            print("paging property test: sizes \(sizes)")
            for (rowSpelling, idField) in [("ID", "ID"), ("id", "id"), ("id", "ID"), ("ID", "id")] {
                for rowsKey in [nil, "items"] as [String?] {
                    for size in sizes {
                        try await withFakePortal(.init(rateLimit: nil)) { portal in
                            await portal.setListShape(.init(rowsKey: rowsKey, idField: rowSpelling), for: "x.item")
                            await portal.seed(entity: "x.item", records: (0..<size).map { ["TITLE": .string("Item \($0 + 1)")] })
                            let client = await RuntimeTest.client(portal, logger: CapturingLogger())
                            for strategy in [Bitrix24Client.PagingStrategy.automatic, .offset, .keyset] {
                                var ids: [Int] = []
                                for try await item in client.paginate(Self.list(rowsKey: rowsKey, idField: idField), strategy: strategy) {
                                    ids.append(item.id ?? -1)
                                }
                                #expect(ids == Array(stride(from: 1, through: size, by: 1)), "rows \(rowSpelling), paging \(idField), \(rowsKey ?? "-"), \(size), \(strategy)")
                            }
                        }
                    }
                }
            }
        }

        /// A method that cannot page by ID (its full pages carry no ID): the keyset export gives way to offsets
        /// after the first page, and no row is lost or repeated.
        @Test func keysetFallsBackToOffsetsWhenRowsHaveNoID() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                let titles = (1...120).map { "Row \($0)" }
                await portal.handle("x.item.list") { call in
                    let start = Int(bitrix24JSON: call.parameters["start"] ?? 0) ?? 0
                    let page = Array(titles.dropFirst(max(0, start)).prefix(50))
                    let next = max(0, start) + 50 < titles.count ? max(0, start) + 50 : nil
                    return .result(.array(page.map { ["TITLE": .string($0)] }), total: titles.count, next: next)
                }
                let logger = CapturingLogger()
                let client = await RuntimeTest.client(portal, logger: logger)
                var seen: [String] = []
                for try await item in client.paginate(Self.list(rowsKey: nil, idField: "ID"), strategy: .keyset) {
                    if case .string(let title)? = item[field: "TITLE"] { seen.append(title) }
                }
                #expect(seen == titles)
                let starts = await portal.requests().map { $0.parameters["start"] }
                #expect(starts == [.int(-1), .int(50), .int(100)])
                #expect(logger.lines.contains { $0.contains("paging on by offsets") })
            }
        }

        /// A page that arrived is delivered before a later page's failure is thrown.
        @Test func aFetchedPageIsYieldedBeforeALaterFailure() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                await portal.seed(entity: "x.item", records: (1...80).map { ["TITLE": .string("Item \($0)")] })
                let client = await RuntimeTest.client(portal, logger: CapturingLogger())
                var delivered = 0
                var failed = false
                do {
                    for try await _ in client.paginate(Self.list(rowsKey: nil, idField: "ID"), strategy: .offset) {
                        delivered += 1
                        if delivered == 50 { await portal.inject(.overloadLimit, method: "x.item.list") }
                    }
                } catch let error as Bitrix24Error {
                    failed = error.code == .overloadLimit
                }
                #expect(delivered == 50)
                #expect(failed)
            }
        }
    }
}
