import B24DocModel
import Testing
@testable import B24Generator

/// A parameter the table calls a list while the request examples send an object (issue 13, cause 5).
@Suite struct ParameterShapeTests {
    static let page = Page(
        path: "api-reference/lists/lists-add.html", kind: .restMethod, name: "lists.add",
        parameters: [
            Parameter(name: "FIELDS", type: "array", required: true, children: [
                Parameter(name: "NAME", type: "string", required: true), Parameter(name: "SORT", type: "integer"),
            ]),
            Parameter(name: "RIGHTS", type: "array"),
        ],
        requests: [
            RequestExample(language: "curl", methods: ["lists.add"], body: JSONShape(kind: .object, members: [
                .init(key: "FIELDS", shape: JSONShape(kind: .object, members: [
                    .init(key: "NAME", shape: JSONShape(kind: .string)), .init(key: "SORT", shape: JSONShape(kind: .number)),
                ])),
                .init(key: "RIGHTS", shape: JSONShape(kind: .object, members: [.init(key: "0", shape: JSONShape(kind: .string))])),
            ]), line: 40),
        ]
    )

    @Test func aListWithItsOwnStructureThatTheExamplesSendAsAnObjectIsAnObject() throws {
        let bodies = Self.page.requests.compactMap(\.body)
        var fields = Node(Self.page.parameters[0])
        let note = MethodTranslator.objectWhereTheTableSaysList(&fields, bodies: bodies, page: Self.page)
        #expect(fields.type == "object")
        #expect(fields.children.map(\.name) == ["NAME", "SORT"], "its structure is kept")
        #expect(note?.severity == .note && note?.path == Self.page.path)
    }

    @Test func anObjectWhoseKeysAreAllIndexesStaysAList() throws {
        let bodies = Self.page.requests.compactMap(\.body)
        var rights = Node(Self.page.parameters[1])
        #expect(MethodTranslator.objectWhereTheTableSaysList(&rights, bodies: bodies, page: Self.page) == nil)
        #expect(rights.type == "array")
    }

    @Test func theGeneratedMethodTakesOneRecord() throws {
        let output = try Generator(configuration: Fixtures.configuration).generate(DocModel(pages: [Self.page]))
        let code = output.files.map(\.contents).joined()
        #expect(code.contains("fields: ListsAPI.Add.Fields"))
        #expect(!code.contains("[ListsAPI.Add.Fields]"))
    }
}
