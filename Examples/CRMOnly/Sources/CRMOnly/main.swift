// Lists a pipeline's deals through `crm.item.list` (typed rows, paged by `id`), reads one with `crm.item.get` in a
// batch, and prints a short report — against `FakePortal`, a real HTTP server on 127.0.0.1, so it runs anywhere.
// Exits non-zero when what came back is not what the portal holds (CI runs it: `.ci/example-crm`).
import Bitrix24CRM
import Bitrix24Testing
import Foundation

/// `crm.item.*` works on every CRM object type; deals are type 2.
let dealType = 2

func run() async throws -> [String] {
    var problems: [String] = []
    let portal = try await FakePortal.start()
    do {
        // The portal answers crm.item.list as the docs show it: rows under `items`, each with a lowercase `id`,
        // amounts as strings.
        await portal.setListShape(FakePortal.ListShape(rowsKey: "items", idField: "id"), for: "crm.item")
        let deals: [[String: Bitrix24JSON]] = (1...120).map { n in
            ["title": .string("Deal \(n)"), "opportunity": .string(String(format: "%.2f", Double(n) * 10)),
             "currencyId": .string("EUR"), "stageId": .string(n.isMultiple(of: 3) ? "WON" : "NEW")]
        }
        let ids = await portal.seed(entity: "crm.item", records: deals)
        let first = deals[0].merging(["id": .int(ids[0])]) { _, new in new }
        await portal.handle("crm.item.get") { _ in .result(.object(["item": .object(first)])) }

        let b24 = Bitrix24Client(auth: .webhook(await portal.webhookURL()))

        var count = 0, won = 0, total = 0.0
        var seen = Set<Int>()
        for try await deal in b24.crm.item.list(entityTypeID: dealType, select: ["id", "title", "opportunity", "stageId"]) {
            count += 1
            total += deal.opportunity ?? 0
            if deal.stageID == "WON" { won += 1 }
            if let id = deal.id { seen.insert(id) }
        }
        print("crm.item.list: \(count) deals (\(seen.count) distinct ids), \(won) won, \(String(format: "%.2f", total)) EUR in all")
        if count != 120 || seen.count != 120 { problems.append("expected 120 distinct deals, got \(count) rows and \(seen.count) ids") }
        if won != 40 { problems.append("expected 40 won deals, got \(won)") }
        if abs(total - 72_600) > 0.001 { problems.append("expected 72600.00 EUR, got \(total)") }

        let (got, fields) = try await b24.batch {
            $0.crm.item.get(entityTypeID: dealType, id: ids[0])
            $0.crm.item.list(entityTypeID: dealType, select: ["id"])
        }
        print("batch: crm.item.get → \(got.item?.title ?? "nothing"); crm.item.list's first page → \(fields.count) rows")
        if got.item?.title != "Deal 1" { problems.append("crm.item.get in a batch read \(String(describing: got.item?.title))") }
        if fields.count != 50 { problems.append("the first page of a batch list had \(fields.count) rows, not 50") }
    } catch {
        await portal.stop()
        throw error
    }
    await portal.stop()
    return problems
}

do {
    let problems = try await run()
    for problem in problems { print("error: \(problem)") }
    exit(problems.isEmpty ? 0 : 1)
} catch {
    print("error: \(error)")
    exit(1)
}
