@testable import B24DocParser
import B24DocModel
import Foundation
import Testing

/// Which definition a type link, a type text or a method's result names (issue 13), from small models.
@Suite struct TypeIndexTests {
    static func definition(_ id: String, _ name: String, _ fields: [String]) -> TypeDefinition {
        TypeDefinition(id: id, name: name, title: name, fields: fields.map { Field(name: $0) }, line: 1)
    }

    static func method(_ path: String, _ name: String, result type: String?, link: String? = nil,
                       returns extra: [Field] = [], types: [TypeDefinition] = []) -> Page {
        let result = type.map { [Field(name: "result", type: $0, typeLink: link)] } ?? []
        return Page(path: path, kind: .restMethod, name: name, returns: result + extra, types: types)
    }

    static let pages: [Page] = [
        method("api-reference/demo/widget/demo-widget-get.html", "demo.widget.get", result: "widget",
               link: "api-reference/demo/widget/demo-widget-get.html#widget",
               types: [definition("api-reference/demo/widget/demo-widget-get.html#widget", "widget", ["ID", "TITLE"])]),
        method("api-reference/demo/widget/demo-widget-list.html", "demo.widget.list", result: "widget[]",
               link: "/api-reference/demo/widget/demo-widget-get.html#widget"),
        method("api-reference/demo/widget/demo-widget-fields.html", "demo.widget.fields", result: "object"),
        method("api-reference/demo/gizmo/demo-gizmo-get.html", "demo.gizmo.get", result: "object"),
        method("api-reference/demo/gizmo/demo-gizmo-fields.html", "demo.gizmo.fields", result: nil,
               types: [definition("api-reference/demo/gizmo/demo-gizmo-fields.html#returned-data", "demo.gizmo", ["ID", "SIZE"])]),
        method("api-reference/demo/task/demo-task-get.html", "demo.task.get", result: "object"),
        method("api-reference/demo/task/demo-task-list.html", "demo.task.list", result: "array"),
        Page(path: "api-reference/demo/task/fields.html", kind: .other,
             types: [definition("api-reference/demo/task/fields.html", "Task Fields", ["id", "title"]),
                     definition("api-reference/demo/task/fields.html#part", "part", ["n"])]),
        Page(path: "api-reference/demo/data-types.html", kind: .other,
             types: [definition("api-reference/demo/data-types.html#part", "part", ["m"]),
                     definition("api-reference/demo/data-types.html#demo_money", "demo_money", ["sum", "currency"])]),
        Page(path: "api-reference/other/data-types.html", kind: .other,
             types: [definition("api-reference/other/data-types.html#demo_money", "demo_money", ["x"])]),
    ]

    @Test func linksNamesAndTies() throws {
        let index = TypeIndex(pages: Self.pages)
        let list = try #require(index.result(of: Self.pages[1]))
        #expect(list.definition.id == "api-reference/demo/widget/demo-widget-get.html#widget")
        #expect(list.route == .link && list.isList)
        // By name: the nearest folder wins …
        let part = index.resolve(type: "part[]", link: nil, from: "api-reference/demo/task/demo-task-get.html")
        #expect(part?.definition.id == "api-reference/demo/task/fields.html#part")
        #expect(part?.route == .name && part?.isList == true)
        #expect(index.resolve(type: "part", link: nil, from: "api-reference/demo/demo-x.html")?.definition.id
            == "api-reference/demo/data-types.html#part")
        // … a tie names none, and basic types and unknown links never name one.
        #expect(index.resolve(type: "demo_money | null", link: nil, from: "api-reference/top.html") == nil)
        #expect(index.resolve(type: "demo_money", link: nil, from: "api-reference/demo/a.html")?.definition.id
            == "api-reference/demo/data-types.html#demo_money")
        #expect(index.resolve(type: "object", link: "api-reference/data-types.html", from: "api-reference/demo/a.html") == nil)
        #expect(index.definition(forLink: "api-reference/demo/data-types.html#nothing") == nil)
    }

    @Test func resultsOfEntityMethods() throws {
        let index = TypeIndex(pages: Self.pages)
        func result(_ name: String) -> TypeIndex.Match? { index.result(of: Self.pages.first { $0.name == name }!) }
        // `.fields` of an entity whose `.get` links its record: that record.
        #expect(result("demo.widget.fields")?.definition.name == "widget")
        #expect(result("demo.widget.fields")?.route == .entity("demo.widget", .getResult))
        // A `.get` returning a bare object: the record its `.fields` page lists.
        #expect(result("demo.gizmo.get")?.route == .entity("demo.gizmo", .fieldsMethod))
        #expect(result("demo.gizmo.get")?.definition.fields.map(\.name) == ["ID", "SIZE"])
        // No `.fields` method: the fields page in the methods' folder; `list` yields many.
        #expect(result("demo.task.get")?.definition.id == "api-reference/demo/task/fields.html")
        #expect(result("demo.task.list")?.route == .entity("demo.task", .fieldsPage))
        #expect(result("demo.task.list")?.isList == true)
    }

    @Test func answersDoNotDependOnPageOrder() {
        let forward = TypeIndex(pages: Self.pages)
        let backward = TypeIndex(pages: Self.pages.reversed())
        for page in Self.pages { #expect(forward.result(of: page) == backward.result(of: page)) }
        #expect(forward.definitions(named: "part").map(\.id) == backward.definitions(named: "part").map(\.id))
    }

    @Test func aFieldsMethodPageDefinesItsEntitysRecord() {
        let bytes = Array("""
            <h1>Describe Gizmo Fields demo.gizmo.fields</h1>
            <p>Who can execute the method: any user</p>
            <p>The method demo.gizmo.fields returns the description of gizmo fields.</p>
            <h2 id="method-parameters">Method Parameters</h2><p>None.</p>
            <h2 id="returned-data">Returned Data</h2>
            <table><tbody><tr><td><strong>Name</strong><br/><code>type</code></td><td><strong>Description</strong></td></tr>
            <tr><td><strong>ID</strong><br/><code>integer</code></td><td>Number of the gizmo.</td></tr>
            <tr><td><strong>SIZE</strong><br/><code>double</code></td><td>How big it is.</td></tr>
            <tr><td><strong>time</strong><br/><code>time</code></td><td>Timing.</td></tr>
            </tbody></table>
            """.utf8)
        let (page, _) = DocParser.parse(bytes, path: "api-reference/demo/gizmo/demo-gizmo-fields.html")
        #expect(page.types.map(\.id) == ["api-reference/demo/gizmo/demo-gizmo-fields.html#returned-data"])
        #expect(page.types.first?.name == "demo.gizmo")
        #expect(page.types.first?.fields.map(\.name) == ["ID", "SIZE"])
    }
}

/// The index over the dev corpus: how the results of entity methods resolve (printed), and the cases issue 13
/// names. Runs when `B24_CORPUS` is set.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["B24_CORPUS"] != nil, "set B24_CORPUS to the corpus directory to run"))
struct CorpusTypeIndexTests {
    @Test func entityResultsResolve() throws {
        let model = try corpusModel()
        let index = TypeIndex(pages: model.pages)
        let methods = model.pages.filter { $0.kind == .restMethod }
        var routes: [String: Int] = [:]
        var entityMethods = 0
        for page in methods {
            let leaf = page.name?.split(separator: ".").last.map { $0.lowercased() } ?? ""
            guard TypeIndex.entityVerbs.contains(leaf) else { continue }
            entityMethods += 1
            let key = index.result(of: page).map { match in
                switch match.route {
                case .link: "link"
                case .name: "name"
                case .entity(_, let how): "entity/" + how.rawValue
                }
            } ?? "none"
            routes[key, default: 0] += 1
        }
        print("results of \(entityMethods) get/list/fields/add/update methods: "
            + routes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        func result(_ name: String) -> TypeIndex.Match? { methods.first { $0.name == name }.flatMap { index.result(of: $0) } }
        #expect(result("crm.deal.list")?.definition.id == "api-reference/crm/deals/crm-deal-get.html#deal")
        #expect(result("crm.deal.list")?.isList == true)
        #expect(result("crm.deal.fields")?.route == .entity("crm.deal", .getResult))
        #expect(result("tasks.task.get")?.definition.id == "api-reference/tasks/fields.html")
        #expect(result("tasks.task.get")?.definition.fields.count ?? 0 >= 70)
        #expect(result("crm.company.get")?.route == .entity("crm.company", .fieldsMethod))
        #expect(result("crm.company.get")?.definition.name == "crm.company")
    }
}
