import B24DocModel

/// A field table as the walk found it, with the sections it sits in.
struct TypeSource {
    var rows: [Parameter]
    var line: Int
    /// The open sections, outermost first.
    var sections: [Section]
    /// The innermost section's anchor, the table's identity.
    var anchor: String? { sections.last?.id }
}

/// The page's object structures: the sections whose tables list an object's fields.
///
/// On pages that document no entry point (data types, entities, structures, field lists) every headed
/// field table is one, and a heading whose subsections hold the tables (`bot` with "common fields" and
/// "fields for the owner") is one made of them all. On entry-point pages only the nested tables are
/// (the structure a row links to, `#deal` on `crm.deal.get`), never the page's own parameter or result list.
extension Extractor {
    mutating func collectTypeSource(_ rows: [Parameter], line: Int) {
        guard !rows.isEmpty else { return }
        collected.typeSources.append(TypeSource(rows: rows, line: line, sections: cursor.stack))
    }

    /// `Value` with a type under it (`value type`) as the first header cell: an object structure's table.
    static func isValueTypeHeader(_ header: [String]) -> Bool {
        guard header.count >= 2, let first = header.first else { return false }
        return first.hasPrefix("value") && first.has("type")
    }

    mutating func buildTypes() {
        let sources = collected.typeSources
        guard !sources.isEmpty else { return }
        let entryPoint = page.kind != .other && page.kind != .overview
        let pageTables = Set([collected.parameterTables.first?.line, collected.returnTables.first?.line].compactMap { $0 })
        var byAnchor: [String: [Parameter]] = [:]
        for source in sources {
            if let anchor = source.anchor { byAnchor[anchor, default: []] += source.rows }
        }
        var seen = Set<String>()
        var types: [TypeDefinition] = []
        for source in sources {
            if entryPoint && (pageTables.contains(source.line) || source.anchor == nil) { continue }
            if !entryPoint { types += enclosingTypes(of: source, sources: sources, seen: &seen, byAnchor: byAnchor) }
            let key = source.anchor ?? ""
            guard seen.insert(key).inserted else { continue }
            let section = source.sections.last ?? Section(level: 1, role: .neutral, text: page.title, id: nil)
            let rows = source.anchor.flatMap { byAnchor[$0] } ?? source.rows
            types.append(definition(section, anchor: source.anchor, rows: rows, line: source.line, byAnchor: byAnchor))
        }
        page.types = types
    }

    /// A `*.fields` method's reply lists its entity's fields (as rows beside the envelope, as `result`'s
    /// children, or as `result.fields`'): the entity's record, named after the entity (`crm.company`),
    /// unless one of the page's structures already holds exactly those fields.
    mutating func buildEntityType() {
        guard page.kind == .restMethod, let name = page.name, name.hasSuffix(".fields"), name.count > 7 else { return }
        let envelope: Set<String> = ["time", "total", "next"]
        let rows = page.returns.filter { !envelope.contains($0.name.lowercased()) }
        var fields: [Field]
        if let result = rows.first(where: { $0.name == "result" }) {
            let nested = result.children.first { $0.name == "fields" && !$0.children.isEmpty }
            fields = nested?.children ?? result.children
        } else {
            fields = rows
        }
        guard fields.count >= 2 else { return }
        let names = fields.map(\.name)
        guard !page.types.contains(where: { $0.fields.map(\.name) == names }) else { return }
        let table = collected.returnTables.first
        let id = table?.anchor.map { path + "#" + $0 } ?? path
        guard !page.types.contains(where: { $0.id == id }) else { return }
        page.types.append(TypeDefinition(id: id, name: String(name.dropLast(".fields".count)), title: table?.heading ?? page.title,
                                         fields: fields, line: table?.line ?? page.line))
    }

    /// Headings above a table that hold no table of their own and whose subsections are parts, not named
    /// types ("Common fields", "Fields the owner sees"): an object made of their subsections' tables.
    private func enclosingTypes(of source: TypeSource, sources: [TypeSource], seen: inout Set<String>,
                                byAnchor: [String: [Parameter]]) -> [TypeDefinition] {
        var out: [TypeDefinition] = []
        for section in source.sections.dropLast() where section.level >= 2 {
            guard let anchor = section.id, byAnchor[anchor] == nil, !seen.contains(anchor) else { continue }
            let inside = sources.filter { s in s.sections.contains { $0.id == anchor } }
            // "Object structure" above `crm_multifield`, `crm_currency`, …: a group of named types, not one.
            let partsAreNamed = inside.contains { s in
                s.sections.last.map { Self.typeIdentifier(heading: $0.text) != nil } ?? false
            }
            guard !partsAreNamed else { continue }
            seen.insert(anchor)
            let rows = inside.flatMap(\.rows)
            out.append(definition(section, anchor: anchor, rows: rows, line: inside.first?.line ?? source.line, byAnchor: byAnchor))
        }
        return out
    }

    private func definition(_ section: Section, anchor: String?, rows: [Parameter], line: Int,
                            byAnchor: [String: [Parameter]]) -> TypeDefinition {
        var visited: Set<String> = anchor.map { [$0] } ?? []
        let fields = rows.map { Self.typeField($0, byAnchor: byAnchor, visited: &visited, depth: 0) }
        return TypeDefinition(id: anchor.map { path + "#" + $0 } ?? path, name: Self.typeName(heading: section.text, anchor: anchor),
                              title: section.text, fields: fields, line: line)
    }

    /// A row as a field, with the rows of the same-page table it links to as children (no cycles, bounded).
    static func typeField(_ row: Parameter, byAnchor: [String: [Parameter]], visited: inout Set<String>, depth: Int) -> Field {
        var field = Self.field(row)
        guard field.children.isEmpty, depth < 8, let anchor = row.nestedAnchor, let rows = byAnchor[anchor],
              !visited.contains(anchor) else { return field }
        visited.insert(anchor)
        field.children = rows.map { typeField($0, byAnchor: byAnchor, visited: &visited, depth: depth + 1) }
        visited.remove(anchor)
        return field
    }

    /// The docs' name of a structure: the heading when it is one word, else its last identifier with `_` or
    /// `.` in it (`Description of a Single Field crm_rest_field_description`), else the anchor.
    static func typeName(heading: String, anchor: String?) -> String {
        typeIdentifier(heading: heading) ?? anchor ?? heading
    }

    /// The identifier a heading names a structure by, if it names one.
    static func typeIdentifier(heading: String) -> String? {
        let words = heading.split(whereSeparator: { $0 == " " || $0 == "\u{A0}" }).map { String($0).trimmingPunctuation() }
        if words.count == 1, let word = words.first, !word.isEmpty { return word }
        return words.last { w in
            (w.contains("_") || w.contains(".")) && w.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        }
    }
}
