import B24DocModel
import B24DocParser
import Testing

/// Names checked against the page's own examples and file name; non-methods and events by structure (issue 13).
@Suite struct NameCheckTests {
    static func page(_ title: String, who: String? = "Who can execute the method: any user", table: String = "", call: String) -> [UInt8] {
        Array("""
            <h1>\(title)</h1>
            <blockquote><p>Scope: <code>demo</code></p>\(who.map { "<p>\($0)</p>" } ?? "")</blockquote>
            <h2 id="method-parameters">Method Parameters</h2>
            <table><tbody><tr><td><p><strong>Name</strong><br /><code>type</code></p></td><td><p><strong>Description</strong></p></td></tr>
            \(table.isEmpty ? "<tr><td><p><strong>id</strong><br /><code>integer</code></p></td><td><p>Which one.</p></td></tr>" : table)</tbody></table>
            <h2 id="code-examples">Code Examples</h2>
            <pre><code class="hljs js">BX24.callMethod('\(call)', {}, (r) => r);</code></pre>
            """.utf8)
    }

    @Test func aMangledTitleGivesWayToExamplesAndFileName() {
        let (page, diagnostics) = DocParser.parse(Self.page("Remove demo.demo.remove", call: "demo.remove"), path: "x/demo-remove.html")
        #expect(page.kind == .restMethod && page.name == "demo.remove" && page.nameSource == .fileName)
        #expect(diagnostics.contains { $0.message.contains("as the file name says; read as demo.remove") })
    }

    @Test func pastedExamplesDoNotRenameThePage() {
        let (page, diagnostics) = DocParser.parse(Self.page("Change demo.note.update", call: "demo.note.add"), path: "x/demo-note-update.html")
        #expect(page.name == "demo.note.update" && page.nameSource == .title)
        #expect(diagnostics.contains { $0.message.contains("pasted from another page?") })
    }

    @Test func oneWordMethodFromExamplesAndFileName() {
        let (page, _) = DocParser.parse(Self.page("Show the Permissions", who: nil, call: "scope"), path: "x/scope.html")
        #expect(page.kind == .restMethod && page.name == "scope" && page.nameSource == .examples)
        // The same page under another file name is no method.
        #expect(DocParser.parse(Self.page("Show the Permissions", who: nil, call: "scope"), path: "x/rights.html").page.kind == .other)
    }

    @Test func aGuideIsNoMethod() {
        let guide = Array("<h1>Moving from demo to demo.v2</h1><h2>Method Parameters</h2><p>They are now in camel case.</p>".utf8)
        let (page, diagnostics) = DocParser.parse(guide, path: "x/migration.html")
        #expect(page.kind == .other && page.name == nil)
        #expect(diagnostics.contains { $0.message.contains("nothing on the page documents it as a method") })
    }

    @Test func anEventIsKnownByItsPayload() {
        let rows = ["event", "event_handler_id", "data", "ts", "auth"].map {
            "<tr><td><p><strong>\($0)</strong><br /><code>string</code></p></td><td><p>Part of the delivery.</p></td></tr>"
        }.joined()
        let (page, _) = DocParser.parse(Self.page("A Widget Was Dropped widgetDropped", who: nil, table: rows, call: "event.bind"), path: "x/widget-dropped.html")
        #expect(page.kind == .restEvent && page.name == "widgetDropped")
    }
}
