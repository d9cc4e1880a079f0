import B24DocModel
import B24DocParser

/// Object structures that no parameter or returned-data table of the page already writes: each under a
/// heading with its anchor and title, as a `Value / type` table (a table the parser reads as an object's
/// fields and as nothing else).
extension ArticleWriter {
    /// The object structures not written yet, at the end of the page.
    mutating func typeSections() {
        let rest = page.types.filter { type in
            guard let anchor = structures.anchor(of: type) else { return false }
            return !anchorsWritten.contains(anchor) && !structures.isEnclosing(anchor)
        }
        guard !rest.isEmpty else { return }
        markup.heading(2, "Object structures")
        for type in rest { structure(type) }
    }

    /// A heading with an anchor; the structures that come before it on the page and that no table of the page
    /// writes are written first, and a structure made of parts gets its own heading above its first part.
    mutating func heading(_ level: Int, _ text: String, anchor: String?, ownTable: Bool = true) {
        var level = level
        if let anchor {
            writeStructures(before: anchor)
            if let enclosing = structures.enclosing[anchor] {
                if !anchorsWritten.contains(enclosing), let type = structures.type(at: enclosing) {
                    anchorsWritten.insert(enclosing)
                    markup.heading(level, type.title, id: enclosing)
                }
                level += 1
            }
            anchorsWritten.insert(anchor)
            if ownTable { tableAnchors.insert(anchor) }
        }
        markup.heading(level, text, id: anchor)
    }

    /// Before the page's table under `anchor`: the structures that come before it on the page and that no table
    /// of the page writes (only in the second writing, when those are known).
    mutating func writeStructures(before anchor: String) {
        guard let reserved, let index = structures.index(of: anchor) else { return }
        for type in page.types[..<index] {
            guard let other = structures.anchor(of: type), !reserved.contains(other), !anchorsWritten.contains(other),
                  !structures.isEnclosing(other) else { continue }
            structure(type)
        }
    }

    mutating func structure(_ type: TypeDefinition) {
        guard let anchor = structures.anchor(of: type) else { return }
        heading(3, type.title, anchor: anchor, ownTable: false)
        TypeSections.table(type.fields, into: &markup)
    }
}

/// The object structures of a page by anchor, and those made of the structures after them (a heading whose
/// subsections hold the tables, on pages that document no entry point).
struct Structures {
    let page: Page
    private(set) var anchors: [String?] = []
    /// The anchor of the structure that encloses a part, by the part's anchor.
    private(set) var enclosing: [String: String] = [:]

    init(page: Page) {
        self.page = page
        anchors = page.types.map { TypeSections.anchor(of: $0, on: page) }
        guard page.kind == .other || page.kind == .overview else { return }
        for (i, type) in page.types.enumerated() {
            guard let outer = anchors[i], !type.fields.isEmpty else { continue }
            var names: [String] = []
            var k = i + 1
            while k < page.types.count, names.count < type.fields.count, anchors[k] != nil, !Self.isNamed(page.types[k].title) {
                names += page.types[k].fields.map(\.name)
                k += 1
            }
            guard k > i + 1, names == type.fields.map(\.name) else { continue }
            for j in (i + 1)..<k { if let part = anchors[j] { enclosing[part] = outer } }
        }
    }

    /// A heading that names a structure (one word, or an identifier with `_` or `.` in it), which the parser
    /// never takes as a part of an enclosing one.
    static func isNamed(_ title: String) -> Bool {
        DocParser.headingNamesStructure(title)
    }

    func anchor(of type: TypeDefinition) -> String? { TypeSections.anchor(of: type, on: page) }

    func index(of anchor: String) -> Int? { anchors.firstIndex { $0 == anchor } }

    func type(at anchor: String) -> TypeDefinition? { index(of: anchor).map { page.types[$0] } }

    func isEnclosing(_ anchor: String) -> Bool { enclosing.values.contains(anchor) }
}

enum TypeSections {
    /// The anchor of a type defined on `page` (`nil` for a table before any heading, whose id is the path).
    static func anchor(of type: TypeDefinition, on page: Page) -> String? {
        let prefix = page.path + "#"
        guard type.id.hasPrefix(prefix) else { return nil }
        return String(type.id.dropFirst(prefix.count))
    }

    /// The fields as a `Value / type` table.
    static func table(_ fields: [Field], into markup: inout Markup) {
        let rows = fields.map { field in
            [ParameterTableWriter.nameCell(field.asParameter), ParameterTableWriter.descriptionCell(field.asParameter)]
        }
        markup.table(header: ["Value / type", "Description"], rows: rows)
    }
}

/// Request bodies as the parser reads them.
enum DocParserShapes {
    static func shape(_ text: String) -> JSONShape? { DocParser.exampleShape(text) }
}
