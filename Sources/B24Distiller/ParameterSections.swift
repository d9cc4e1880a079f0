import B24DocModel
import B24DocParser

/// The parameter and returned-data sections: the page's list, its labelled groups, the nested tables under
/// their anchors (headed by the object structure's title where the page defines one), the tables no row owns.
extension ArticleWriter {
    static let groupMarker = "group of parameters"

    /// Structure tables that stand before the parameter list (the parser keeps them apart), the parameter
    /// list with its labelled groups and nested tables, then the tables no row owns.
    mutating func parameterSections() {
        var extras = page.extraParameterTables
        var detached: [ParameterTable] = []
        while labels.detachStructures, let last = extras.last, Self.standsApart(last) {
            detached.insert(extras.removeLast(), at: 0)
        }
        for table in detached {
            heading(2, table.title, anchor: table.key == table.title ? nil : table.key)
            ParameterTableWriter.write(table.parameters, into: &markup)
        }
        var rows = page.parameters
        var groups: [Parameter] = []
        while let last = rows.last, Self.isGroup(last) { groups.insert(rows.removeLast(), at: 0) }
        guard !page.parameters.isEmpty || !extras.isEmpty || labels.methodHeading else { return }
        markup.heading(2, labels.methodHeading ? "Method parameters" : "Parameters")
        guard !page.parameters.isEmpty || !extras.isEmpty else { return }
        let rest = listHeading(rows + groups.flatMap(\.children))
        ParameterTableWriter.write(rows, into: &markup)
        for group in groups {
            markup.paragraph("<strong>\(Markup.escape(group.name))</strong>")
            ParameterTableWriter.write(group.children, into: &markup)
        }
        if !rest.isEmpty { TypeSections.table(rest, into: &markup) }
        let nested = NestingPlan.plan(rows: rows, groups: groups).map(SectionTable.nested)
        for item in inPageOrder(nested + extras.map(SectionTable.extra)) {
            switch item {
            case .nested(let table): nestedTable(table)
            case .extra(let table):
                heading(3, table.title, anchor: table.key == table.title ? nil : table.key)
                ParameterTableWriter.write(table.parameters, into: &markup)
            }
        }
    }

    /// A table after a section's list: a nested table, or a parameter table no row owns.
    enum SectionTable {
        case nested(NestingPlan.Table)
        case extra(ParameterTable)
    }

    /// The tables in the order of the object structures they are (the parser lists structures in page order;
    /// where tables sit does not change what they nest under); a table that is no structure stays after the one
    /// before it.
    func inPageOrder(_ items: [SectionTable]) -> [SectionTable] {
        var key = -1
        let keyed = items.enumerated().map { index, item -> (key: Int, index: Int, item: SectionTable) in
            if let own = typeIndex(of: item) { key = own }
            return (key, index, item)
        }
        return keyed.sorted { ($0.key, $0.index) < ($1.key, $1.index) }.map(\.item)
    }

    func typeIndex(of item: SectionTable) -> Int? {
        let anchor: String?
        switch item {
        case .nested(let table):
            if let own = table.anchor, types[own] != nil {
                anchor = own
            } else {
                anchor = page.types.first { type in
                    structures.anchor(of: type).map { !structures.isEnclosing($0) } ?? false && type.fields.map(\.name) == table.rows.map(\.name)
                }.flatMap(structures.anchor)
            }
        case .extra(let table):
            anchor = table.key == table.title ? nil : table.key
        }
        return anchor.flatMap(structures.index)
    }

    /// The response examples' shapes, then the returned fields and their nested tables.
    mutating func returnSection() {
        guard !page.returns.isEmpty || !page.responseExamples.isEmpty else { return }
        markup.heading(2, "Returned data")
        for example in page.responseExamples {
            // `[?]` is no JSON: an example whose shape the parser could not read reads back the same way.
            markup.codeBlock(example.shape.map(ExampleShape.text) ?? "[?]", language: "json")
        }
        guard !page.returns.isEmpty else { return }
        let rows = page.returns.map(\.asParameter)
        var rest: [Field] = []
        if let entity = entityRecord {
            // A `*.fields` method's reply is its entity's record, known by the heading of the returned fields.
            heading(3, entity.title, anchor: structures.anchor(of: entity))
        } else {
            rest = listHeading(rows)
        }
        ParameterTableWriter.write(rows, into: &markup)
        if !rest.isEmpty { TypeSections.table(rest, into: &markup) }
        nestedTables(NestingPlan.plan(rows: rows))
    }

    /// Nested tables: under their anchor, headed by the object structure's title; a table found by name under
    /// the heading of the object structure it is (which names its row), else under "Parameter <name>".
    mutating func nestedTables(_ tables: [NestingPlan.Table]) {
        for table in inPageOrder(tables.map(SectionTable.nested)) {
            if case .nested(let table) = table { nestedTable(table) }
        }
    }

    mutating func nestedTable(_ table: NestingPlan.Table) {
        if let anchor = table.anchor, let type = types[anchor] {
            heading(3, type.title, anchor: anchor)
        } else if let type = unwrittenType(fields: table.rows), let anchor = TypeSections.anchor(of: type, on: page) {
            heading(3, type.title, anchor: anchor)
        } else {
            // No structure under the row's anchor: the page found this table by its heading's words.
            markup.heading(3, "Parameter \(table.ownerName)")
        }
        ParameterTableWriter.write(table.rows, into: &markup)
    }

    /// The record of a `*.fields` method's entity (`crm.company` on `crm.company.fields`), which the parser
    /// makes of the returned fields, under their heading.
    var entityRecord: TypeDefinition? {
        guard page.kind == .restMethod, let name = page.name, name.hasSuffix(".fields") else { return nil }
        let entity = String(name.dropLast(".fields".count))
        return page.types.last { $0.name == entity && $0.id.hasPrefix(page.path) }
    }

    /// On a page that documents no entry point, a list is an object structure too: under its heading when the
    /// page defines one with these rows.
    /// On a page with an entry point (with ``KindLabels/listUnderStructure``), a structure whose fields begin with
    /// the list's rows shared the list's heading on the page: the list goes under it, and the structure's other
    /// fields follow the list (returned).
    mutating func listHeading(_ rows: [Parameter]) -> [Field] {
        if page.kind == .other || page.kind == .overview {
            guard let type = unwrittenType(fields: rows), let anchor = structures.anchor(of: type) else { return [] }
            heading(3, type.title, anchor: anchor)
            return []
        }
        guard labels.listUnderStructure else { return [] }
        let names = rows.map(\.name)
        let type = page.types.first { type in
            guard let anchor = structures.anchor(of: type), !anchorsWritten.contains(anchor), !structures.isEnclosing(anchor) else { return false }
            return type.fields.count > names.count && type.fields.prefix(names.count).map(\.name) == names
        }
        guard let type, let anchor = structures.anchor(of: type) else { return [] }
        heading(3, type.title, anchor: anchor)
        return Array(type.fields.dropFirst(names.count))
    }

    /// An object structure not written yet whose fields are these rows (by name).
    func unwrittenType(fields rows: [Parameter]) -> TypeDefinition? {
        page.types.first { type in
            guard let anchor = structures.anchor(of: type), !anchorsWritten.contains(anchor), !structures.isEnclosing(anchor) else { return false }
            return type.fields.map(\.name) == rows.map(\.name)
        }
    }

    /// A row the parser made of a labelled table that belongs to no parameter.
    static func isGroup(_ p: Parameter) -> Bool {
        p.description == groupMarker && p.type == nil && p.typeLink == nil && !p.required && p.aliases.isEmpty
            && p.values.isEmpty && p.defaultValue == nil && p.nestedAnchor == nil
    }

    /// "Auth Parameter", "Parameter settings": a structure heading, which the parser keeps apart when it comes
    /// before the parameter list.
    static func standsApart(_ table: ParameterTable) -> Bool {
        DocParser.isStructureHeading(table.title)
    }
}
