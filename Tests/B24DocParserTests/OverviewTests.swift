@testable import B24DocParser
import B24DocModel
import Testing

/// Guides that end in an index of their methods are overviews (issue 13: no entry points from guides).
@Suite struct OverviewTests {
    static func guide(heading: String, firstColumn: String, rows: [String]) -> [UInt8] {
        let cells = rows.map { "<tr><td><a href=\"api-reference/demo/\($0).html\">\($0)</a></td><td>Does one thing.</td></tr>" }
            .joined(separator: "\n")
        return Array("""
            <h1>Gadget Kinds in the Demo Module</h1>
            <p>Gadgets come in kinds; an application may add its own.</p>
            <h2 id="kinds">Where Kinds Apply</h2>
            <p>Cards and lists show them.</p>
            <h2 id="all-methods">\(heading)</h2>
            <p>Who can execute the method: administrator</p>
            <table><tbody><tr><td>\(firstColumn)</td><td>Description</td></tr>
            \(cells)
            </tbody></table>
            """.utf8)
    }

    @Test func aGuideEndingInItsMethodIndexIsAnOverview() {
        let bytes = Self.guide(heading: "Overview of Methods", firstColumn: "Method", rows: ["demo.kind.add", "demo.kind.list"])
        let (page, _) = DocParser.parse(bytes, path: "api-reference/demo/kinds.html")
        #expect(page.kind == .overview)
        #expect(page.name == nil)
    }

    @Test func otherTablesDoNotMakeOne() {
        // One method only, a table of something else, or a heading that is no index: still a guide.
        let one = Self.guide(heading: "Overview of Methods", firstColumn: "Method", rows: ["demo.kind.add"])
        let values = Self.guide(heading: "Overview of Methods", firstColumn: "Value", rows: ["demo.kind.add", "demo.kind.list"])
        let heading = Self.guide(heading: "Related Calls", firstColumn: "Method", rows: ["demo.kind.add", "demo.kind.list"])
        for bytes in [one, values, heading] {
            #expect(DocParser.parse(bytes, path: "api-reference/demo/kinds.html").page.kind == .other)
        }
    }
}
