import B24DocModel

/// The namespaces of the REST methods (`crm`, `crm.deal`, …), merged case-insensitively, with every Swift name
/// they get: the struct (`CRMAPI.Deal`), the property on the parent (`deal`), and the name scopes their members
/// and nested types are claimed in. Built once, in sorted order; methods then claim their names in it.
struct NamespaceTree {
    struct Node {
        /// The lower-cased docs path (`crm.deal`).
        var key: String
        /// The path as displayed (`crm.deal`, the spelling with the most capitals per segment).
        var display: String
        var family: String
        /// The struct as referenced (`CRMAPI.Deal`, `CRMAPI`).
        var qualifiedType: String
        var structName: String
        /// The type the struct is declared in; `nil` when the struct is its family's top-level type.
        var declarationHost: String?
        var memberName: String
        /// The parent namespace's key (`""` for top-level namespaces, whose parent is the client).
        var parentKey: String
    }

    private(set) var nodes: [String: Node] = [:]
    /// Member names (properties, functions) per namespace key; `""` is the client.
    var memberScopes: [String: NameScope] = [:]
    /// Nested type names per type (qualified name).
    var typeScopes: [String: NameScope] = [:]
    private(set) var diagnostics: [Diagnostic] = []
    let families: Families

    /// Members of `Bitrix24Client` that the runtime already has.
    static let clientReserved = [
        "send", "perform", "paginate", "pages", "batch", "batchResults", "call", "auth", "client", "init", "configuration", "v3",
    ]
    /// Nested type names every namespace struct or family type declares itself.
    static let reservedNestedTypes = Naming.reservedTypeNames + ["Requests", "Events", "Widgets"]

    init(methodNames: [String], needsPlacement: Bool, families: Families, configuration: GeneratorConfiguration) {
        self.families = families
        var spellings: [String: [String]] = [:]
        for name in methodNames {
            let segments = name.split(separator: ".").map(String.init)
            for depth in 0..<max(0, segments.count - 1) {
                let key = segments[0...depth].map { $0.lowercased() }.joined(separator: ".")
                spellings[key, default: []].append(segments[depth])
            }
        }
        if needsPlacement, spellings["placement"] == nil { spellings["placement"] = ["placement"] }
        let displays = spellings.mapValues(Self.preferredSpelling)
        for key in spellings.keys.sorted() {
            add(key: key, displays: displays, configuration: configuration)
        }
    }

    /// The spelling with the most capitals (then the first alphabetically): `userField` over `userfield`.
    static func preferredSpelling(_ options: [String]) -> String {
        options.min { lhs, rhs in
            let l = lhs.utf8.filter { $0 >= 0x41 && $0 <= 0x5A }.count
            let r = rhs.utf8.filter { $0 >= 0x41 && $0 <= 0x5A }.count
            return l != r ? l > r : lhs < rhs
        } ?? ""
    }

    static func parentKey(_ key: String) -> String {
        guard let dot = key.lastIndex(of: ".") else { return "" }
        return String(key[..<dot])
    }

    /// The type a namespace's methods are declared on (`Bitrix24Client` for `""`).
    func type(of key: String) -> String { key.isEmpty ? "Bitrix24Client" : nodes[key]?.qualifiedType ?? "Bitrix24Client" }

    /// The type a namespace's request builders are declared on (`Bitrix24Requests` for `""`).
    func requestsType(of key: String) -> String { key.isEmpty ? "Bitrix24Requests" : type(of: key) + ".Requests" }

    func contains(_ key: String) -> Bool { nodes[key] != nil }

    /// Claims a nested type name in `host` (a qualified type).
    mutating func claimType(_ wanted: String, in host: String, for original: String) -> String {
        var scope = typeScopes[host] ?? NameScope(reserved: Self.reservedNestedTypes)
        let given = scope.claim(wanted, for: original)
        typeScopes[host] = scope
        return given
    }

    /// `true` when `name` is reserved or already claimed in `host`.
    func isTaken(_ name: String, in host: String) -> Bool {
        (typeScopes[host] ?? NameScope(reserved: Self.reservedNestedTypes)).contains(name)
    }

    /// Claims a member name in the namespace `key` (`""`: the client).
    mutating func claimMember(_ wanted: String, in key: String, for original: String) -> String {
        var scope = memberScopes[key] ?? NameScope(reserved: key.isEmpty ? Self.clientReserved : ["client", "init"])
        let given = scope.claim(wanted, for: original)
        memberScopes[key] = scope
        return given
    }

    private mutating func add(key: String, displays: [String: String], configuration: GeneratorConfiguration) {
        let parts = key.split(separator: ".").map(String.init)
        let display = parts.indices.map { displays[parts[0...$0].joined(separator: ".")] ?? parts[$0] }
        let parent = Self.parentKey(key)
        let family = nodes[parent]?.family ?? families.family(ofSegment: parts[0])
        let segment = configuration.override("namespace", key) ?? display.last ?? key
        var wanted = Naming.namespaceMember(segment)
        if parent.isEmpty, Self.clientReserved.contains(Naming.bare(wanted)) {
            // `b24.call` is the runtime's; the `call.*` methods live under `b24.callMethods`.
            wanted = Naming.bare(wanted) + "Methods"
        }
        let member = claimMember(wanted, in: parent, for: key)
        if member != wanted {
            diagnostics.append(Diagnostic(
                path: "", line: 0, message: "namespace '\(key)' would be '\(Naming.bare(wanted))', which is taken; using '\(member)'",
                context: key
            ))
        }
        let familyType = FamilyNames.typeName(family)
        var node = Node(
            key: key, display: display.joined(separator: "."), family: family, qualifiedType: familyType,
            structName: familyType, declarationHost: nil, memberName: member, parentKey: parent
        )
        if !(parent.isEmpty && parts[0] == family) {
            let host = parent.isEmpty ? familyType : type(of: parent)
            node.structName = claimType(Naming.typeName([segment]), in: host, for: key)
            node.declarationHost = host
            node.qualifiedType = host + "." + node.structName
        }
        nodes[key] = node
    }
}
