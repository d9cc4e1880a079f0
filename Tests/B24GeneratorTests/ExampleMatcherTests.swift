import B24DocModel
import Testing
@testable import B24Generator

/// Which documented structure an example's object is taken to be an instance of.
@Suite struct ExampleMatcherTests {
    static func definition(_ name: String, title: String, keys: [String], page: String) -> Page {
        Page(
            path: page, kind: .overview, title: title, scopes: ["task"],
            types: [TypeDefinition(id: page + "#" + name, name: name, title: title, fields: keys.map { Field(name: $0, type: "string") }, line: 1)]
        )
    }

    static func object(_ keys: [String]) -> JSONShape {
        JSONShape(kind: .object, members: keys.map { JSONShape.Member(key: $0, shape: JSONShape(kind: .string)) })
    }

    static let documented = ["ID", "TITLE", "DESCRIPTION", "RESPONSIBLE_ID", "CREATED_BY", "CREATED_DATE", "STATUS", "PRIORITY", "DEADLINE", "GROUP_ID"]
    static let sent = ["id", "title", "description", "responsibleId", "createdBy", "createdDate", "status", "priority", "deadline", "groupId", "favorite", "subStatus"]

    let families = Families(configuration: GeneratorConfiguration())

    @Test func keysSpelledAnotherWayMatchTheStructureNamedAfterTheMethodsEntity() {
        let pages = [Self.definition("task", title: "Task fields", keys: Self.documented, page: "api-reference/tasks/fields.html")]
        let matcher = ExampleMatcher(pages: pages, families: families)
        // 10 of 12 keys once case and underscores are ignored; none as spelled.
        #expect(matcher.match(Self.object(Self.sent), family: "tasks", entity: "task") == "api-reference/tasks/fields.html#task")
        #expect(ExampleMatcher.entity(ofMethod: "tasks.task.list") == "task")
    }

    @Test func aLooseMatchNeverTakesAStructureNamedForAnotherEntity() {
        // crm.item.list's rows share most keys with the lead's structure, but an item is not a lead.
        let pages = [Self.definition("lead", title: "Lead", keys: Self.documented, page: "api-reference/tasks/lead.html")]
        let matcher = ExampleMatcher(pages: pages, families: families)
        #expect(matcher.match(Self.object(Self.sent), family: "tasks", entity: "item") == nil)
        #expect(matcher.match(Self.object(Self.sent), family: "tasks", entity: nil) == nil)
    }

    @Test func keysSpelledAsDocumentedMatchWhateverTheStructuresName() {
        let pages = [Self.definition("lead", title: "Lead", keys: Self.documented, page: "api-reference/tasks/lead.html")]
        let matcher = ExampleMatcher(pages: pages, families: families)
        let example = Self.object(Array(Self.documented.prefix(8)) + ["EXTRA_ONE", "EXTRA_TWO"])
        #expect(matcher.match(example, family: "tasks", entity: "item") == "api-reference/tasks/lead.html#lead")
        // Below three quarters as spelled: no match for a structure named otherwise.
        let thin = Self.object(Array(Self.documented.prefix(6)) + ["A1", "A2", "A3", "A4"])
        #expect(matcher.match(thin, family: "tasks", entity: "item") == nil)
    }
}
