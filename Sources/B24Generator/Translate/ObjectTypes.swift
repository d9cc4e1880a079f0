import B24DocModel

/// The object types the docs define (``TypeDefinition``: data-type pages, "object structure" sections, an entity's
/// field list) that the generated entry points use: each becomes one Swift type, shared by every parameter, field
/// and result whose type link names it (`deal[]` → `[CRMAPI.Objects.Deal]`).
///
/// A type lives in the family of the page that defines it (`CRMAPI.Objects`), or in the common module
/// (`CommonAPI.Objects`) when entry points of several families use it, so that no scope module needs another.
struct ObjectTypes {
    struct Entry: Sendable {
        var definition: TypeDefinition
        var page: Page
        /// The family whose module declares it; `""` for the common module.
        var family: String
        var typeName: String
        var qualifiedName: String
        /// A parameter (at any depth) names it: callers build values of it, so it is writable.
        var inParameters: Bool
    }

    /// By id, for the types in use.
    private(set) var entries: [String: Entry] = [:]
    private(set) var diagnostics: [Diagnostic] = []

    /// The type name of the common module's container.
    static let commonTypeName = "CommonAPI"

    /// `Objects` of `family` (`CRMAPI.Objects`, `CommonAPI.Objects`).
    static func host(family: String) -> String {
        (family.isEmpty ? commonTypeName : FamilyNames.typeName(family)) + ".Objects"
    }

    /// An example's object matched to a definition (see ``ExampleMatcher``): `name` is the method's entity.
    struct ExampleUse: Sendable {
        var id: String
        var family: String
        var name: String?
        var shape: JSONShape
        var method: String
    }

    /// `definition` with the keys `use`'s example shows and the definition does not document (compared ignoring case
    /// and underscores), typed by their example's value: the example is what the portal sends (`crm.item.list`'s rows
    /// carry an `id` the item fields' table leaves out).
    static func adding(_ use: ExampleUse, to definition: TypeDefinition) -> TypeDefinition {
        var known = Set(definition.fields.map { ExampleMatcher.normalized($0.name) })
        var result = definition
        for member in use.shape.members ?? [] where !ResultTyping.isCustomField(member.key) {
            guard let type = exampleType(member), known.insert(ExampleMatcher.normalized(member.key)).inserted else { continue }
            result.fields.append(Field(name: member.key, type: type, description: "Shown in the response example of `\(use.method)`."))
        }
        return result
    }

    /// The docs' type text for a value an example shows, by the rule for any key only an example shows
    /// (``ResultTyping/node(key:shape:line:)``); `nil` for `null`: nothing to go by.
    /// A list stays `array`: a type many methods share does not take its elements' type from one example.
    static func exampleType(_ member: JSONShape.Member) -> String? {
        switch member.shape.kind {
        case .null: return nil
        case .array: return "array"
        // An ID-like string has no type there (its type comes from its name); here it is a string.
        default: return ResultTyping.node(key: member.key, shape: member.shape, line: 0).type ?? "string"
        }
    }

    /// Finds the definitions the entry points link to (and the ones those link to), and names them.
    init(
        model pages: [Page], entryPoints: [(page: Page, family: String)], exampleUses: [ExampleUse],
        families: Families, tree: inout NamespaceTree
    ) {
        var definitions: [String: (TypeDefinition, Page)] = [:]
        for page in pages {
            for definition in page.types where definitions[definition.id] == nil && !Self.isScalar(definition) {
                definitions[definition.id] = (definition, page)
            }
        }
        for use in exampleUses {
            guard let (definition, page) = definitions[use.id] else { continue }
            definitions[use.id] = (Self.adding(use, to: definition), page)
        }
        // Which families use each definition, following links inside used definitions too.
        var users: [String: Set<String>] = [:]
        var writable: Set<String> = []
        // The type text a link names a definition by (`item[]` → `item`), for definitions named only by their section.
        var namedAs: [String: String] = [:]
        for (page, _) in entryPoints {
            for (id, name) in Self.linkNames(page.parameters.map(Node.init) + page.returns.map(Node.init)) where namedAs[id] == nil {
                namedAs[id] = name
            }
        }
        var queue: [(id: String, family: String, parameter: Bool)] = []
        for (page, family) in entryPoints {
            for id in Self.links(page.parameters.map(Node.init)) where definitions[id] != nil { queue.append((id, family, true)) }
            for id in Self.links(page.returns.map(Node.init)) where definitions[id] != nil { queue.append((id, family, false)) }
        }
        queue += exampleUses.filter { definitions[$0.id] != nil }.map { ($0.id, $0.family, false) }
        for use in exampleUses where namedAs[use.id] == nil { namedAs[use.id] = use.name }
        while let (id, family, parameter) = queue.popLast() {
            let newFamily = users[id, default: []].insert(family).inserted
            let newParameter = parameter && writable.insert(id).inserted
            guard newFamily || newParameter, let (definition, _) = definitions[id] else { continue }
            for link in Self.links(definition.fields.map(Node.init)) where definitions[link] != nil { queue.append((link, family, parameter)) }
        }
        for id in users.keys.sorted() {
            guard let (definition, page) = definitions[id], let using = users[id] else { continue }
            let home = Self.family(of: page, families: families)
            let family = using.subtracting([home]).isEmpty ? home : ""
            let host = Self.host(family: family)
            var wanted = Self.typeName(definition, namedAs: namedAs[id], family: family)
            if tree.isTaken(wanted, in: host) { wanted += "Object" }
            let name = tree.claimType(wanted, in: host, for: id)
            entries[id] = Entry(
                definition: definition, page: page, family: family, typeName: name, qualifiedName: host + "." + name,
                inParameters: writable.contains(id)
            )
        }
    }

    /// Swift names by id, for the translators' type resolution.
    var names: [String: String] { entries.mapValues(\.qualifiedName) }

    /// The families whose modules declare object types (`""`: the common module).
    var families: Set<String> { Set(entries.values.map(\.family)) }

    /// A definition named like a scalar (`time`, `date`, `file`) stays the runtime's type.
    static func isScalar(_ definition: TypeDefinition) -> Bool {
        if case .scalar(let scalar) = DocType.parseSingle(definition.name.lowercased()), scalar != .json { return true }
        return false
    }

    /// The ids every row (at any depth) links to.
    static func links(_ nodes: [Node]) -> [String] {
        nodes.flatMap { node -> [String] in
            let own = candidateIDs(node)
            return own + links(node.children)
        }
    }

    /// The ids a row's type link may name: the link's own anchor, or — for a link to a data-type page without one
    /// (`…/data-types.html` with type `crm_multifield[]`) — the section named like the type.
    static func candidateIDs(_ node: Node) -> [String] {
        guard let link = node.typeLink else { return [] }
        if let id = TypeDefinition.id(forLink: link) { return [id] }
        guard !link.contains("://"), let base = baseTypeName(node.type) else { return [link] }
        return [link, link + "#" + base]
    }

    /// `crm_multifield[]` → `crm_multifield`; `nil` for texts that are no identifier.
    static func baseTypeName(_ type: String?) -> String? {
        guard var text = type?.trimmingSpaces().lowercased(), !text.isEmpty else { return nil }
        if text.hasSuffix("[]") { text.removeLast(2) }
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }) else { return nil }
        return text
    }

    /// The family of the page that defines a type: a method page's method family, else its scopes or section.
    static func family(of page: Page, families: Families) -> String {
        if page.kind == .restMethod, let name = page.name { return families.family(ofMethod: name) }
        return families.family(ofEventPage: page)
    }

    /// Each id a row links to with the type text's name (`item[]` → `item`), in row order.
    static func linkNames(_ nodes: [Node]) -> [(String, String)] {
        nodes.flatMap { node -> [(String, String)] in
            let own = candidateIDs(node).compactMap { id in baseTypeName(node.type).map { (id, $0) } }
            return own + linkNames(node.children)
        }
    }

    /// Words a section's own name has when it names no type (`parameter-fields`, `result-fields`).
    static let genericWords: Set<String> = ["parameter", "parameters", "fields", "field", "result", "structure", "object", "description"]

    /// `crm_multifield` in `crm` → `Multifield`; `deal` → `Deal`; the family's own prefix is dropped. A section
    /// named like `parameter-fields` takes the name the linking rows give it (`item[]` → `Item`).
    static func typeName(_ definition: TypeDefinition, namedAs: String? = nil, family: String) -> String {
        var name = definition.name
        if let namedAs, !["object", "array", "result", "objects"].contains(namedAs),
            Naming.words(name).contains(where: genericWords.contains)
        {
            name = namedAs
        }
        var words = Naming.words(name)
        if words.count > 1, let first = words.first, first == family.lowercased() { words.removeFirst() }
        return Naming.typeName(words.isEmpty ? [name] : words)
    }
}
