/// Answers "which ``TypeDefinition`` does this name?" for the generator, deterministically, from the model alone.
///
/// - A type link with an anchor (`…/crm-deal-get.html#deal`, `…data-types.html#crm_multifield`) names the
///   definition with that id ("by link").
/// - A type text (`crm_multifield`, `deal[]`, `checklist.item`) names the definitions with that name; when
///   several pages define it, the one nearest the referring page wins (fewest folder steps between them), and a
///   tie names none ("by name"). Basic types (`string`, `object`, …) never name a definition.
/// - A method's result that names no definition itself (`result: object` on `tasks.task.get`) maps to the
///   record of the entity the method works on — the namespace of its name (`tasks.task`), see
///   ``record(ofEntity:)`` ("by entity").
public struct TypeIndex: Sendable {
    /// How a definition was found.
    public enum Route: Sendable, Equatable {
        /// The field's type link names it.
        case link
        /// The field's type text names it (the nearest of the definitions with that name).
        case name
        /// The record of the entity a method works on (`crm.deal`), found as ``EntityRoute`` says.
        case entity(String, EntityRoute)
    }

    /// Where an entity's record was found.
    public enum EntityRoute: String, Sendable, Equatable {
        /// The `result` of the entity's `.get` method links to it (`crm.deal.get` → `#deal`).
        case getResult = "get-result"
        /// The entity's `.fields` method page lists the fields (its definition named after the entity, else its largest).
        case fieldsMethod = "fields-method"
        /// A `fields.html` page in the folder of the entity's methods (the task fields page).
        case fieldsPage = "fields-page"
    }

    /// A definition and how it was found; `isList` when the type text says many (`deal[]`) or the method lists.
    public struct Match: Sendable, Equatable {
        public var definition: TypeDefinition
        public var route: Route
        public var isList: Bool
    }

    private var byID: [String: TypeDefinition] = [:]
    private var byName: [String: [TypeDefinition]] = [:]
    private var methods: [String: Page] = [:]
    private var fieldsPages: [String: TypeDefinition] = [:]

    /// Indexes the definitions and REST methods of `pages` (any order: the answers do not depend on it).
    public init(pages: [Page]) {
        for page in pages.sorted(by: { $0.path < $1.path }) {
            for type in page.types {
                if byID[type.id] == nil { byID[type.id] = type }
                byName[type.name, default: []].append(type)
            }
            if page.kind == .restMethod, let name = page.name, methods[name] == nil { methods[name] = page }
            if page.kind != .restMethod, Self.fileName(page.path) == "fields.html", let first = page.types.first {
                fieldsPages[Self.folder(page.path)] = page.types.first { !$0.id.contains("#") } ?? first
            }
        }
    }

    /// The definition with this id.
    public func definition(id: String) -> TypeDefinition? { byID[id] }

    /// The definition a type link names (`nil` for a link without an anchor or one that resolves to nothing).
    public func definition(forLink link: String) -> TypeDefinition? {
        TypeDefinition.id(forLink: link).flatMap { byID[$0] }
    }

    /// The definitions named `name`, sorted by id.
    public func definitions(named name: String) -> [TypeDefinition] { byName[name] ?? [] }

    /// The definition a field's type names, by its link first, else by its text (nearest to `path`; a tie names none).
    public func resolve(type text: String?, link: String?, from path: String) -> Match? {
        let bare = Self.bareTypeName(text)
        let isList = text.map { $0.contains("[]") } ?? false
        if let link, let definition = definition(forLink: link) {
            return Match(definition: definition, route: .link, isList: isList)
        }
        guard let bare, !Self.basicTypes.contains(bare.lowercased()) else { return nil }
        let candidates = definitions(named: bare)
        guard !candidates.isEmpty else { return nil }
        let scored = candidates.map { ($0, Self.folderDistance($0.id, path)) }
        let best = scored.map(\.1).min() ?? 0
        let nearest = scored.filter { $0.1 == best }.map(\.0)
        guard nearest.count == 1, let only = nearest.first else { return nil }
        return Match(definition: only, route: .name, isList: isList)
    }

    /// The record of the entity `namespace` (`crm.deal`, `tasks.task`): the definition the `.get` method's
    /// `result` links to; else the one the `.fields` method page defines (named after the entity, else its
    /// largest); else the page-level definition of a `fields.html` page in the folder of the entity's methods.
    public func record(ofEntity namespace: String) -> Match? {
        if let get = methods[namespace + ".get"], let result = get.returns.first(where: { $0.name == "result" }),
           let link = result.typeLink, let definition = definition(forLink: link) {
            return Match(definition: definition, route: .entity(namespace, .getResult), isList: false)
        }
        if let fields = methods[namespace + ".fields"], !fields.types.isEmpty {
            let named = fields.types.first { $0.name == namespace }
            let largest = fields.types.max { ($0.fields.count, $1.id) < ($1.fields.count, $0.id) }
            if let definition = named ?? largest {
                return Match(definition: definition, route: .entity(namespace, .fieldsMethod), isList: false)
            }
        }
        let folders = ["get", "list", "add", "update", "fields"].compactMap { methods[namespace + "." + $0].map { Self.folder($0.path) } }
        for folder in folders {
            if let definition = fieldsPages[folder] {
                return Match(definition: definition, route: .entity(namespace, .fieldsPage), isList: false)
            }
        }
        return nil
    }

    /// What a method's `result` is: the definition its type names, else — for a result typed `object`/`array`
    /// (or not typed) of a method that reads or lists its entity (`get`, `list`, `fields`, …) — the entity's
    /// record (a list for `list`). `fields` methods map to the record whose fields their reply describes.
    public func result(of page: Page) -> Match? {
        guard page.kind == .restMethod, let name = page.name else { return nil }
        let result = page.returns.first { $0.name == "result" }
        if let result, let match = resolve(type: result.type, link: result.typeLink, from: page.path) { return match }
        let parts = name.split(separator: ".")
        guard parts.count >= 2, let leaf = parts.last?.lowercased(), Self.entityVerbs.contains(leaf) else { return nil }
        if let type = result?.type?.lowercased(), !["object", "array", "object[]", "array[]"].contains(type) { return nil }
        guard var match = record(ofEntity: parts.dropLast().joined(separator: ".")) else { return nil }
        match.isList = leaf == "list" || leaf == "getlist"
        return match
    }

    /// The last words of method names that read, list or describe their entity's record.
    public static let entityVerbs: Set<String> = ["get", "list", "getlist", "fields", "getfields", "add", "update"]

    /// Type words that are no object (`string`, `integer`, `object`, …).
    public static let basicTypes: Set<String> = [
        "string", "integer", "int", "double", "float", "number", "boolean", "bool", "char", "date", "datetime",
        "object", "array", "any", "mixed", "null", "text", "json", "void", "undefined",
    ]

    /// `deal[]`, `crm_currency | null`, `array of deal` → `deal`; `nil` for no text.
    static func bareTypeName(_ text: String?) -> String? {
        guard var t = text?.split(separator: "|").first.map({ String($0) }) else { return nil }
        t = String(t.drop { $0 == " " || $0 == "\n" || $0 == "`" })
        while let last = t.last, last == " " || last == "\n" || last == "`" { t.removeLast() }
        while t.hasSuffix("[]") { t.removeLast(2) }
        if t.lowercased().hasPrefix("array of ") { t.removeFirst("array of ".count) }
        return t.isEmpty ? nil : t
    }

    static func folder(_ path: String) -> String {
        path.split(separator: "/").dropLast().joined(separator: "/")
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// How many folder steps lead from one page's folder to the other's (`a/b/c.html#x` to `a/d.html`: 2).
    static func folderDistance(_ id: String, _ path: String) -> Int {
        let a = folder(String(id.split(separator: "#").first ?? "")).split(separator: "/")
        let b = folder(path).split(separator: "/")
        let shared = zip(a, b).prefix { $0 == $1 }.count
        return (a.count - shared) + (b.count - shared)
    }
}
