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

    /// Where a tree's top-level namespaces hang: the client (classic methods) or `b24.v3` (REST 3.0).
    struct Root: Sendable {
        /// The type top-level namespaces are properties of, and its batch twin.
        var type: String
        var requestsType: String
        /// The root holds the client in `client` (`Bitrix24V3`); else it is the client (`self`).
        var hasClient: Bool
        /// Where a family's top-level namespace structs are declared: in its type (`CRMAPI`) or in its `V3`.
        var familySuffix: String
        /// The family-named top-level namespace is the family's type itself (`b24.crm` is a `CRMAPI`).
        var familyTypeIsNamespace: Bool
        /// Member names the root already has.
        var reserved: [String]

        static let classic = Root(
            type: "Bitrix24Client", requestsType: "Bitrix24Requests", hasClient: false, familySuffix: "",
            familyTypeIsNamespace: true, reserved: NamespaceTree.clientReserved
        )
        static let v3 = Root(
            type: "Bitrix24V3", requestsType: "Bitrix24V3.Requests", hasClient: true, familySuffix: ".V3",
            familyTypeIsNamespace: false, reserved: ["client", "init", "batch"]
        )

        func familyHost(_ family: String) -> String { FamilyNames.typeName(family) + familySuffix }

        /// The method info's version (`v3`), `nil` for the classic API (the runtime's default).
        var version: String? { familySuffix.isEmpty ? nil : "v3" }

        /// A namespace's file, in this tree (`CRM.Deal`; `V3.Tasks.Task` for REST 3.0).
        func fileName(_ base: String) -> String { familySuffix.isEmpty ? base : "V3." + base }
    }

    let root: Root
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
    static let reservedNestedTypes = Naming.reservedTypeNames + ["Requests", "Events", "Widgets", "Objects", "V3"]

    init(methodNames: [String], needsPlacement: Bool, families: Families, configuration: GeneratorConfiguration, root: Root = .classic) {
        self.families = families
        self.root = root
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

    /// The type a namespace's methods are declared on (the root's for `""`).
    func type(of key: String) -> String { key.isEmpty ? root.type : nodes[key]?.qualifiedType ?? root.type }

    /// The type a namespace's request builders are declared on (the root's for `""`).
    func requestsType(of key: String) -> String { key.isEmpty ? root.requestsType : type(of: key) + ".Requests" }

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
        var scope = memberScopes[key] ?? NameScope(reserved: key.isEmpty ? root.reserved : ["client", "init"])
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
        if parent.isEmpty, root.reserved.contains(Naming.bare(wanted)) {
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
        let familyType = root.familyHost(family)
        var node = Node(
            key: key, display: display.joined(separator: "."), family: family, qualifiedType: familyType,
            structName: familyType, declarationHost: nil, memberName: member, parentKey: parent
        )
        if !(root.familyTypeIsNamespace && parent.isEmpty && parts[0] == family) {
            let host = parent.isEmpty ? familyType : type(of: parent)
            node.structName = claimType(Naming.typeName([segment]), in: host, for: key)
            node.declarationHost = host
            node.qualifiedType = host + "." + node.structName
        }
        nodes[key] = node
    }
}
