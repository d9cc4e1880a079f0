import B24DocModel
import B24DocParser
import Foundation

/// The parser's fixture pages (odd pages on purpose: colspans, lost headings, names only in the text …).
let parserFixtures = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appending(path: "B24DocParserTests/Fixtures", directoryHint: .isDirectory)

func fixturePages() throws -> [DocSet.File] {
    let names = try FileManager.default.contentsOfDirectory(atPath: parserFixtures.path(percentEncoded: false))
        .filter { $0.hasSuffix(".html") }.sorted()
    return try names.map { name in
        DocSet.File(path: "api-reference/fixtures/\(name)", bytes: [UInt8](try Data(contentsOf: parserFixtures.appending(path: name))))
    }
}

/// The article of a page as `DocParser` sees it (the state's `data.html`, entities undone), for text checks.
func articleText(_ bytes: [UInt8]) -> String {
    let page = String(decoding: bytes, as: UTF8.self)
    guard let start = page.firstRange(of: "id=\"diplodoc-state\">"), let end = page.range(of: "</script>", range: start.upperBound..<page.endIndex) else {
        return page
    }
    return String(page[start.upperBound..<end.lowerBound])
        .replacing("&lt;", with: "<").replacing("&gt;", with: ">").replacing("&amp;", with: "&")
}

/// Every piece of prose in a page: the sentences a distilled page must not carry.
func prose(of page: Page) -> [String] {
    var out = [page.whoCan, page.summary, page.deprecation?.message].compactMap { $0 }
    func visit(_ rows: [Parameter]) {
        for row in rows {
            out.append(row.description)
            out += row.values.map(\.description)
            visit(row.children)
        }
    }
    visit(page.parameters)
    visit(page.returns.map(\.asProseCarrier))
    for table in page.extraParameterTables { visit(table.parameters) }
    out += page.errors.map(\.description)
    return out
}

extension Field {
    var asProseCarrier: Parameter {
        Parameter(name: name, description: description, values: values, children: children.map(\.asProseCarrier))
    }
}
