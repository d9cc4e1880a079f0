@testable import B24DocParser
import B24DocModel
import Foundation
import Testing

/// Object types, examples as shapes, request calls and REST versions (issues 13 and 9).
@Suite struct EvidenceTests {
    static func pages() throws -> [DocSet.File] {
        [
            DocSet.File(path: "api-reference/demo/demo-widget-add.html", bytes: try fixtureBytes("examples-rest3")),
            DocSet.File(path: "api-reference/demo/data-types.html", bytes: try fixtureBytes("data-types")),
        ]
    }

    @Test func objectStructuresBecomeTypesAndLinksResolve() throws {
        let model = DocSet.parse(try Self.pages())
        let types = try #require(model.pages.first { $0.path.hasSuffix("data-types.html") }).types
        #expect(types.map(\.id) == [
            "api-reference/demo/data-types.html#demo_widget", "api-reference/demo/data-types.html#demo_part",
            "api-reference/demo/data-types.html#gadget", "api-reference/demo/data-types.html#gadget-common",
            "api-reference/demo/data-types.html#gadget-owner",
        ])
        #expect(types.map(\.name) == ["demo_widget", "demo_part", "gadget", "gadget-common", "gadget-owner"])
        let widget = types[0]
        #expect(widget.fields.map(\.name) == ["title", "size", "part"])
        #expect(widget.fields[2].typeLink == "api-reference/demo/data-types.html#demo_part")
        #expect(widget.fields[2].children.map(\.name) == ["ID"])
        // A heading whose subsections hold the tables is one object made of them.
        #expect(types[2].fields.map(\.name) == ["id", "secret"])
        // The enumeration (no type column) is no object structure.
        #expect(!types.contains { $0.title == "Widget Colours" })
        // The method's link resolves; the link to a section without a table is reported, once.
        let unresolved = model.diagnostics.filter { $0.message.contains("resolves to no object type") }
        #expect(unresolved.map(\.path) == ["api-reference/demo/demo-widget-add.html"])
        #expect(unresolved.first?.message.contains("demo_nothing") == true)
        #expect(unresolved.first?.message.contains("defines no object structure there") == true)
        let counts = TypeLinks.counts(model.pages)
        #expect(counts == TypeLinks.Counts(defined: 5, used: 2, links: 3, unresolved: 1))
    }

    @Test func examplesBecomeShapesAndCalls() throws {
        let (page, diagnostics) = DocParser.parse(try fixtureBytes("examples-rest3"), path: "api-reference/demo/demo-widget-add.html")
        #expect(page.kind == .restMethod && page.name == "demo.widget.add")
        #expect(page.requests.map(\.methods) == [["demo.widget.add"], ["demo.widget.add"], ["demo.widget.add"], ["demo.widget.add"]])
        #expect(page.requests.map(\.language) == ["bash", "js", "php", "go"])
        #expect(page.requests.first?.version == .v3)
        #expect(page.requests.first?.body == .object([("fields", .object([("title", .string), ("size", .number), ("tags", .array([.string]))]))]))
        #expect(page.apiVersions == [.v3])
        // Comments, trailing commas and `...` are read; values are not kept, keys keep their order.
        let item = JSONShape.object([("id", .number), ("title", .string), ("ready", .bool), ("parent", .null), ("tags", .array([.string]))])
        #expect(page.responseExamples.map(\.shape) == [.object([("result", .object([("item", item)])), ("time", .object([("start", .number)]))])])
        // The broken error example is not a response example (it sits under the error heading).
        #expect(!diagnostics.contains { $0.message.contains("not readable JSON") })
        // Types of an entry-point page: only nested tables, never its own parameter or result list.
        #expect(page.types.isEmpty)
    }

    @Test func unreadableJSONIsReported() {
        let html = Array("""
            <h1>Get demo.thing.get</h1><p>Who can execute the method: any user</p>
            <h2>Method Parameters</h2><p>None.</p>
            <h2>Response Handling</h2><pre><code class="hljs json">{"result": [1, 2</code></pre>
            """.utf8)
        let (page, diagnostics) = DocParser.parse(html, path: "t.html")
        #expect(page.responseExamples == [ResponseExample(shape: nil, line: 3)])
        #expect(diagnostics.contains { $0.message.contains("response example is not readable JSON") })
        #expect(page.apiVersions == [.v2])
    }

    @Test(arguments: [
        ("{\"a\": 1, /* c */ \"b\": [true, false, null]}", JSONShape.object([("a", .number), ("b", .array([.bool, .null]))])),
        ("[{\"id\": 1}, {\"id\": 2}, {\"id\": \"3\"}]", .array([.object([("id", .number)]), .object([("id", .string)])])),
        ("{key: 'v', n: -1.5e3, 'q': …}", .object([("key", .string), ("n", .number)])),
        ("[]", .array([])),
    ])
    func shapes(_ text: String, _ expected: JSONShape) throws {
        #expect(try JSONShapeReader.shape(of: text).get() == expected)
    }

    @Test func badJSONFails() {
        for text in ["{\"a\": }", "{\"a\" 1}", "[1, 2", "\"open", "{} x", String(repeating: "[", count: 100)] {
            if case .success = JSONShapeReader.shape(of: text) { Issue.record("read: \(text)") }
        }
    }

    @Test func callsInExamples() {
        #expect(CallFinder.calls(in: "curl https://x.bitrix24.com/rest/1/abc/crm.deal.get.json?x=1").methods == ["crm.deal.get"])
        #expect(CallFinder.calls(in: "curl https://x.bitrix24.com/rest/api/tasks.task.get").version == .v3)
        #expect(CallFinder.calls(in: "curl https://x.bitrix24.com/rest/scope").methods == ["scope"])
        #expect(CallFinder.calls(in: "await $b24.actions.v3.call.make({ method: 'tasks.task.list' })").version == .v3)
        #expect(CallFinder.calls(in: "BX24.placement.call('CallCardSetHold', {})").methods.isEmpty)
        #expect(CallFinder.calls(in: "CRest::call('crm.xxx.add')").methods.isEmpty)
    }
}
