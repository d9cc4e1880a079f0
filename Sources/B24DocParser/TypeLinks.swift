import B24DocModel

/// Checks the type links of a whole documentation set against the object structures its pages define.
public enum TypeLinks {
    /// Counts of a model's object types: defined, linked (distinct ids named by a type link), resolved
    /// links and unresolved ones.
    public struct Counts: Sendable, Equatable {
        public var defined = 0
        public var used = 0
        public var links = 0
        public var unresolved = 0
    }

    /// Every type link with an anchor (`…data-types.html#crm_multifield`) that names no definition: a
    /// diagnostic at the row that writes it. Links without an anchor (the basic-types page) name no object.
    public static func check(_ pages: [Page]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        visit(pages) { page, link, line, index, known in
            guard let id = TypeDefinition.id(forLink: link), index[id] == nil else { return }
            let target = String(id[..<(id.firstIndex(of: "#") ?? id.endIndex)])
            let why = known.contains(target) ? "that page defines no object structure there" : "that page is not in the docs"
            out.append(Diagnostic(path: page.path, line: line, message: "type link `\(link)` resolves to no object type (\(why))",
                                  context: "object types"))
        }
        return out
    }

    public static func counts(_ pages: [Page]) -> Counts {
        var counts = Counts()
        var used = Set<String>()
        counts.defined = pages.reduce(0) { $0 + $1.types.count }
        visit(pages) { _, link, _, index, _ in
            guard let id = TypeDefinition.id(forLink: link) else { return }
            counts.links += 1
            if index[id] == nil { counts.unresolved += 1 } else { used.insert(id) }
        }
        counts.used = used.count
        return counts
    }

    /// Calls `body` for every type link of every parameter, returned field and type field, in page order.
    static func visit(_ pages: [Page], _ body: (Page, String, Int, [String: Int], Set<String>) -> Void) {
        var index: [String: Int] = [:]
        for page in pages {
            for type in page.types { index[type.id] = type.line }
        }
        let known = Set(pages.map(\.path))
        func fields(_ page: Page, _ list: [Field]) {
            for f in list {
                if let link = f.typeLink { body(page, link, f.line, index, known) }
                fields(page, f.children)
            }
        }
        func parameters(_ page: Page, _ list: [Parameter]) {
            for p in list {
                if let link = p.typeLink { body(page, link, p.line, index, known) }
                parameters(page, p.children)
            }
        }
        for page in pages {
            parameters(page, page.parameters)
            for table in page.extraParameterTables { parameters(page, table.parameters) }
            fields(page, page.returns)
            for type in page.types { fields(page, type.fields) }
        }
    }
}
