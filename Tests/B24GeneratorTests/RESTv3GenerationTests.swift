import B24DocModel
import B24DocParser
import Foundation
import Testing
@testable import B24Generator

/// REST 3.0 methods in the generated client: their common parameters take the runtime's REST 3.0 types, their
/// lists page the REST 3.0 way, and every page documented at `/rest/api/` gets a `b24.v3…` entry point and no
/// classic one (checked over `docs-cache/`, the source of the checked-in client).
@Suite struct RESTv3GenerationTests {
    /// The snippet tests' rendering of small pages and lookup of one file.
    let snippets = SnippetTests()
    func render(_ pages: [Page]) throws -> GeneratorOutput { try snippets.render(pages) }
    func file(_ output: GeneratorOutput, _ path: String) -> String { snippets.file(output, path) }

    /// The code of every file whose path satisfies `include`.
    func code(_ output: GeneratorOutput, where include: (String) -> Bool) -> String {
        output.files.filter { include($0.path) }.map(\.contents).joined(separator: "\n")
    }

    /// `crm.deal.list` documented at `/rest/api/` with REST 3.0's common list parameters.
    static var v3DealList: Page {
        var page = Fixtures.dealList
        page.path = "api-reference/crm/deals/crm-deal-list-rest-v3.html"
        page.apiVersions = [.v3]
        page.parameters = [
            Parameter(name: "select", type: "array"), Parameter(name: "filter", type: "array"),
            Parameter(name: "order", type: "object"), Parameter(name: "pagination", type: "object"),
        ]
        return page
    }

    @Test func aRESTv3ListTakesTheRuntimesFilterOrderAndPagination() throws {
        let output = try render([Self.v3DealList, Fixtures.dealList])
        let v3Code = file(output, "Bitrix24CRM/V3.CRM.Deal.swift")
        #expect(v3Code.contains(
            "public func list(select: [String]? = nil, filter: Bitrix24V3.Filter? = nil, order: Bitrix24V3.Order? = nil, "
                + "pagination: Bitrix24V3.Pagination? = nil) -> Bitrix24RowSequence<"))
        #expect(v3Code.contains("client.paginate(CRMAPI.V3.CRM.Deal.List.request(select: select, filter: filter, order: order, pagination: pagination))"))
        // It pages: REST 3.0 paging is chosen by the version, and the method takes `pagination`.
        #expect(v3Code.contains("version: .v3)"))
        #expect(!v3Code.contains("takesPagination"))
        // The classic twin keeps the classic forms.
        let classic = code(output) { !$0.hasPrefix("Bitrix24CRM/V3.") }
        #expect(classic.contains("filter: [String: Bitrix24JSON]? = nil, order: [String: String]? = nil"))
        #expect(!classic.contains("Bitrix24V3"))
        let rest3 = try #require(output.viewModel.methods.first { $0.apiVersion == "v3" })
        #expect(rest3.arguments.map(\.typeCode) == ["[String]", "Bitrix24V3.Filter", "Bitrix24V3.Order", "Bitrix24V3.Pagination"])
        // The classic `filter` (an untyped dictionary) is the one parameter left without a concrete type.
        #expect(output.coverage.text.contains("REST-method parameters with a concrete type: 7/8 ("))
    }

    @Test func aRESTv3ListThatTakesNoPaginationIsReadInOneRequest() throws {
        var page = Self.v3DealList
        page.name = "crm.deal.field.list"
        page.path = "api-reference/crm/deals/crm-deal-field-list-rest-v3.html"
        page.parameters = [Parameter(name: "select", type: "array")]
        let output = try render([page])
        #expect(code(output) { $0.hasPrefix("Bitrix24CRM/V3.") }.contains("paging: Bitrix24MethodInfo.Paging(rowsKey: nil, idField: nil, takesPagination: false), version: .v3)"))
    }

    @Test func aRESTv3FilterOrPaginationWhoseFieldsThePageDocumentsIsARecordOfThem() throws {
        var page = Self.v3DealList
        page.parameters = [
            Parameter(name: "filter", type: "object", required: true, children: [
                Parameter(name: "startDate", type: "object", required: true, children: [
                    Parameter(name: "from", type: "string", required: true), Parameter(name: "to", type: "string", required: true),
                ]),
                Parameter(name: "participantId", type: "integer"),
            ]),
            Parameter(name: "order", type: "object", children: [Parameter(name: "startDate", type: "string")]),
            Parameter(name: "pagination", type: "object", children: [Parameter(name: "limit", type: "integer")]),
        ]
        let output = try render([page])
        let method = try #require(output.viewModel.methods.first)
        #expect(method.arguments.map(\.typeCode) == ["CRMAPI.V3.CRM.Deal.List.Filter", "CRMAPI.V3.CRM.Deal.List.Order", "CRMAPI.V3.CRM.Deal.List.Pagination"])
        #expect(method.arguments.map(\.isOptional) == [false, true, true])
        let v3Code = file(output, "Bitrix24CRM/V3.CRM.Deal.swift")
        #expect(v3Code.contains("startDate: CRMAPI.V3.CRM.Deal.List.StartDate,"))
    }

    /// REST 3.0 pages list an item's fields flat beside `result` and `item`; the example nests them. The fields
    /// keep the table's types where the example's values agree (`moduleId` a string, not an ID guessed from its
    /// name; `timestampX` a date-time; `parentId` `null` in the example, an integer in the table).
    @Test func fieldsTheTableListsFlatKeepTheTablesTypes() throws {
        func object(_ members: [(String, JSONShape)]) -> JSONShape {
            JSONShape(kind: .object, members: members.map { JSONShape.Member(key: $0.0, shape: $0.1) })
        }
        let item = object([
            ("id", JSONShape(kind: .number)), ("moduleId", JSONShape(kind: .string)), ("timestampX", JSONShape(kind: .string)),
            ("parentId", JSONShape(kind: .null)), ("guestId", JSONShape(kind: .number)),
        ])
        var page = Fixtures.dealList
        page.name = "main.eventlog.get"
        page.path = "api-reference/event-log/main-eventlog-get.html"
        page.apiVersions = [.v3]
        page.parameters = [Parameter(name: "id", type: "integer", required: true)]
        page.returns = [
            Field(name: "result", type: "object"), Field(name: "item", type: "object"), Field(name: "id", type: "integer"),
            Field(name: "moduleId", type: "string"), Field(name: "timestampX", type: "datetime"), Field(name: "parentId", type: "integer"),
            Field(name: "guestId", type: "string"),
        ]
        page.responseExamples = [ResponseExample(shape: object([("result", object([("item", item)]))]), line: 1)]
        let code = file(try render([page]), "Bitrix24Main/V3.Main.Eventlog.swift")
        #expect(code.contains("public var moduleID: String? { value(\"moduleId\") }"))
        #expect(code.contains("public var timestampX: Bitrix24DateTime? { value(\"timestampX\") }"))
        #expect(code.contains("public var parentID: Int? { value(\"parentId\") }"))
        // Where the example disagrees with the table (a number the table calls a string), the example wins as before.
        #expect(code.contains("public var guestID: Int? { value(\"guestId\") }"))
    }

    @Test func aClassicMethodKeepsItsDictionaries() throws {
        let output = try render([Fixtures.dealList])
        let method = try #require(output.viewModel.methods.first)
        #expect(method.arguments.map(\.typeCode) == ["[String]", "[String: Bitrix24JSON]", "[String: String]", "Int"])
        #expect(method.paging?.takesNoPagination == false)
    }
}

extension RESTv3GenerationTests {
    /// The repository's `docs-cache/` with its configuration applied, as `make generate` reads it.
    static func docsCache() throws -> (DocModel, GeneratorConfiguration) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let cache = root.appending(path: "docs-cache")
        var model = try DocSet.load(directory: cache)
        let file = try ConfigurationFile.parse(try Data(contentsOf: cache.appending(path: "bitrix24-generator.json")))
        model = file.transform(model).0
        return (model, file.apply(to: GeneratorConfiguration()))
    }

    /// Per method name, the API versions its pages document (a page that names none is classic).
    static func versionsByName(_ model: DocModel) -> [String: Set<APIVersion>] {
        var versions: [String: Set<APIVersion>] = [:]
        for page in model.pages where page.kind == .restMethod {
            guard let name = page.name else { continue }
            versions[name, default: []].formUnion(page.apiVersions.isEmpty ? [.v2] : page.apiVersions)
        }
        return versions
    }

    @Test func everyMethodOfDocsCacheHasAnEntryPointPerDocumentedVersionAndNoOther() throws {
        let (model, configuration) = try Self.docsCache()
        let output = try Generator(configuration: configuration).generate(model)
        let versions = Self.versionsByName(model)
        var generated: [String: Set<APIVersion>] = [:]
        for method in output.viewModel.methods {
            generated[method.methodName, default: []].insert(method.apiVersion == "v3" ? .v3 : .v2)
        }
        #expect(generated == versions)
        let onlyV3 = versions.filter { $0.value == [.v3] }.keys.sorted()
        let both = versions.filter { $0.value == [.v2, .v3] }.keys.sorted()
        #expect(onlyV3.count >= 100, "the REST-3.0-only methods of docs-cache: \(onlyV3.count)")
        #expect(both == ["tasks.task.add", "tasks.task.delete", "tasks.task.get", "tasks.task.list", "tasks.task.result.list", "tasks.task.update"])

        // The generated metadata: every `Bitrix24MethodInfo` of a REST-3.0-only method says `.v3` (so the runtime sends
        // it to /rest/api/), and it sits in a `V3.…` file, reached through `b24.v3`; a twin has one of each.
        var infos: [String: [(version: APIVersion, file: String)]] = [:]
        let pattern = /Bitrix24MethodInfo\(name: "([^"]+)", retry: [^\n]*?(, version: \.v3)?\)\n/
        for file in output.files {
            for match in file.contents.matches(of: pattern) {
                infos[String(match.output.1), default: []].append((match.output.2 == nil ? .v2 : .v3, file.path))
            }
        }
        for name in onlyV3 {
            let found = infos[name] ?? []
            #expect(found.count == 1 && found.allSatisfy { $0.version == .v3 }, "\(name): \(found)")
            #expect(found.allSatisfy { ($0.file.split(separator: "/").last ?? "").hasPrefix("V3.") }, "\(name): \(found)")
        }
        for name in both {
            #expect((infos[name] ?? []).map(\.version).sorted() == [.v2, .v3], "\(name)")
        }
        #expect(infos.values.joined().filter { $0.version == .v3 }.count == onlyV3.count + both.count)
    }
}
