import B24DocModel

/// A method's result type, from its returned-data table and its response example: the example is the evidence of
/// what the portal really sends. Where the two disagree — on nesting (rows the table lists beside `result` sit inside
/// it), on a key's spelling (`ID`/`id`), on one-versus-many — the example wins and a diagnostic says so. List
/// methods get their rows key and the spelling of their ID field from the example's rows.
struct ResultTyping {
    let page: Page
    /// The documented object type an example object is an instance of (see ``ExampleMatcher``), by id.
    let match: (JSONShape) -> String?
    private(set) var diagnostics: [Diagnostic] = []

    /// The scalar type text the returned-data table gives each field name, at any depth (a name the table types
    /// twice differently is left out): what a row made from the example takes when the example's value agrees.
    let tableTypes: [String: String]

    init(page: Page, match: @escaping (JSONShape) -> String? = { _ in nil }) {
        self.page = page
        self.match = match
        self.tableTypes = Self.scalarTypes(page.returns.map(Node.init))
    }

    /// What the reply's `result` holds, and for list methods where the rows are.
    struct Plan {
        /// `result` as the method's result type will be resolved.
        var result: Node?
        /// For list methods: the key inside `result` holding the rows (`nil`: `result` is the array).
        var rowsKey: String?
        /// For list methods: the rows.
        var rows: Node?
        /// The spelling of the rows' ID field in the example (`ID`, `id`).
        var idField: String?
    }

    static let envelope: Set<String> = ["time", "total", "next"]

    /// The type text the generator gives a map of field descriptors (`[String: Bitrix24FieldDescriptor]`).
    static let fieldDescriptorsType = "bitrix24_field_descriptors"
    /// The type text of a success that carries nothing (`result: []`): `Bitrix24Done`.
    static let doneType = "bitrix24_done"

    /// A `*.fields` method: its result is one descriptor per field (`type`, `isRequired`, `title`, …), which the
    /// example shows; or the page says nothing more than `object` of a method named `fields`.
    func isFieldDescriptors(table: Node?) -> Bool {
        if let members = exampleResult?.members, members.count > 1 {
            let descriptors = members.filter { member in
                guard let keys = member.shape.members?.map(\.key) else { return false }
                return keys.contains("type") && (keys.contains("isRequired") || keys.contains("title"))
            }
            return descriptors.count == members.count
        }
        let leaf = (page.name ?? "").split(separator: ".").last.map { $0.lowercased() }
        return leaf == "fields" && exampleResult == nil && (table.map(Self.saysLittle) ?? false)
    }

    /// The shape of `result` in the first response example that could be read.
    var exampleResult: JSONShape? { Self.exampleResult(of: page) }

    static func exampleResult(of page: Page) -> JSONShape? {
        page.responseExamples.lazy.compactMap(\.shape).compactMap { $0["result"] }.first
    }

    mutating func plan(isList: Bool) -> Plan {
        let returns = page.returns.map(Node.init)
        let table = returns.first { $0.name.lowercased() == "result" }
        let siblings = returns.filter { !Self.envelope.contains($0.name.lowercased()) && $0.name.lowercased() != "result" }
        if isFieldDescriptors(table: table) {
            return Plan(result: Node(name: "result", type: Self.fieldDescriptorsType, children: [], line: table?.line ?? page.line))
        }
        if !isList, let example = exampleResult, example.kind == .array, (example.elements ?? []).isEmpty, table.map(Self.saysLittle) ?? true {
            // The example's `result` is `[]`: a success that carries nothing.
            return Plan(result: Node(name: "result", type: Self.doneType, children: [], line: table?.line ?? page.line))
        }
        guard let example = exampleResult else {
            if let table { return Plan(result: table) }
            return Plan(result: siblings.isEmpty ? nil : Node(name: "result", type: "object", children: siblings, line: page.line))
        }
        var result = merge(table ?? Node(name: "result", type: nil, children: [], line: page.line), siblings: siblings, example: example)
        guard isList else { return Plan(result: result) }
        return listPlan(&result, example: example)
    }

    /// Where a list method's rows are: `result` itself when the example's result is an array, else the one array
    /// of objects inside it.
    private mutating func listPlan(_ result: inout Node, example: JSONShape) -> Plan {
        if example.kind == .array {
            let element = example.elements?.first
            return Plan(result: result, rowsKey: nil, rows: Self.element(of: result), idField: element.flatMap(Self.idField))
        }
        guard example.kind == .object, let members = example.members else { return Plan(result: result) }
        let arrays = members.filter { $0.shape.kind == .array && $0.shape.elements?.first?.kind == .object }
        guard let rows = arrays.first(where: { Self.listKeys.contains($0.key.lowercased()) }) ?? (arrays.count == 1 ? arrays.first : nil) else {
            return Plan(result: result)
        }
        var node = result.children.first { $0.name == rows.key }.flatMap(Self.element(of:))
        if let row = rows.shape.elements?.first, let id = match(row), node.map(Self.saysLittleOrSynthesized) ?? true {
            node = Node(name: rows.key, type: "object", children: [], line: node?.line ?? page.line)
            node?.typeLink = id
            node?.isElement = true
        }
        return Plan(result: result, rowsKey: rows.key, rows: node, idField: rows.shape.elements?.first.flatMap(Self.idField))
    }

    /// Keys that hold a page of rows in the replies the docs show.
    static let listKeys: Set<String> = ["items", "tasks", "categories", "productrows", "result", "list", "rows", "users", "files"]

    /// A list node's element (`object[]` → the object).
    static func element(of node: Node) -> Node {
        var element = node
        element.isElement = true
        if let type = element.type {
            if type.hasSuffix("[]") {
                element.type = String(type.dropLast(2))
            } else if ["array", "list", "objects"].contains(type.lowercased()) {
                element.type = element.children.isEmpty ? nil : "object"
            }
        }
        return element
    }

    /// The spelling of the `id` key of an example row (`ID`, `id`), if it has one.
    static func idField(_ row: JSONShape) -> String? {
        row.members?.first { $0.key.lowercased() == "id" }?.key
    }

    /// `node` (the table's `result`) reconciled with the example's shape of it.
    private mutating func merge(_ node: Node, siblings: [Node], example: JSONShape) -> Node {
        var node = node
        let keyedList = example.isIndexKeyedList
        let isArray = example.kind == .array || keyedList
        let shape = keyedList ? (example.members?.first?.shape ?? .null) : isArray ? (example.elements?.first ?? .null) : example
        let tableSaysArray = node.type.map { $0.hasSuffix("[]") || ["array", "object[]"].contains($0.lowercased()) } ?? false
        if isArray != tableSaysArray, node.type != nil, shape.kind == .object || isArray {
            note(node.line, "the table types '\(node.name)' as \(node.type ?? "") but the example shows \(isArray ? "a list" : "one value"); the example is used")
            node.type = isArray ? Self.arrayType(node.type) : Self.singleType(node.type)
        }
        if Self.saysLittle(node), let id = match(shape) {
            node.typeLink = id
            node.type = isArray ? "object[]" : "object"
            return node
        }
        guard shape.kind == .object, let members = shape.members else {
            // A list of strings or numbers the table types only as `array`: the example says of what.
            if Self.saysLittle(node), shape.kind != .null, let scalar = Self.node(key: node.name, shape: shape, line: node.line).type {
                node.type = isArray ? scalar + "[]" : scalar
            }
            return node
        }
        if node.children.isEmpty, !hasObjectLink(node) {
            // The rows the table lists beside `result` that the example shows inside it.
            let nested = siblings.filter { sibling in members.contains { $0.key.lowercased() == sibling.name.lowercased() } }
            if !nested.isEmpty {
                note(nested[0].line, "the table lists \(nested.map { "'\($0.name)'" }.joined(separator: ", ")) beside 'result'; the example nests them inside it")
            }
            node.children = nested
            if node.type == nil || DocType.parse(node.type)?.type == .scalar(.json) { node.type = isArray ? "object[]" : "object" }
        }
        if !hasObjectLink(node) { node.children = reconcile(node.children, with: members) }
        return node
    }

    /// `rows` with the example's key spellings, and a row for each key only the example has.
    private mutating func reconcile(_ rows: [Node], with members: [JSONShape.Member]) -> [Node] {
        var rows = rows
        for member in members where !Self.isCustomField(member.key) {
            if let index = rows.firstIndex(where: { $0.name.lowercased() == member.key.lowercased() }) {
                if rows[index].name != member.key {
                    note(rows[index].line, "the table spells '\(rows[index].name)' where the example has '\(member.key)'; the example's spelling is sent and read")
                    rows[index].name = member.key
                }
                if rows[index].children.isEmpty, rows[index].typeLink.flatMap(TypeDefinition.id(forLink:)) == nil {
                    let synthesized = node(key: member.key, shape: member.shape, line: rows[index].line)
                    if synthesized.typeLink != nil {
                        rows[index].typeLink = synthesized.typeLink
                    } else if member.shape.objectMembers != nil {
                        rows[index].children = synthesized.children
                    }
                }
            } else {
                rows.append(node(key: member.key, shape: member.shape, line: page.line))
            }
        }
        return rows
    }

    /// A row the table does not type by a link (what an example may still name the type of).
    static func saysLittleOrSynthesized(_ node: Node) -> Bool {
        node.typeLink.flatMap(TypeDefinition.id(forLink:)) == nil
    }

    /// A row whose type says nothing about what it holds (`array`, `object`, none) and that lists no fields.
    static func saysLittle(_ node: Node) -> Bool {
        guard node.children.isEmpty, node.typeLink.flatMap(TypeDefinition.id(forLink:)) == nil else { return false }
        guard let type = node.type?.lowercased() else { return true }
        return ["array", "object", "object[]", "json", "mixed", "any"].contains(type)
    }

    private func hasObjectLink(_ node: Node) -> Bool {
        node.typeLink.flatMap(TypeDefinition.id(forLink:)) != nil
    }

    private mutating func note(_ line: Int, _ message: String) {
        diagnostics.append(Diagnostic(path: page.path, line: line, severity: .note, message: message, context: page.name))
    }

    /// `UF_CRM_…`, `PARENT_ID_…`: custom fields stay reachable through `additionalFields`, never properties.
    static func isCustomField(_ key: String) -> Bool {
        let upper = key.uppercased()
        return upper.hasPrefix("UF_") || upper.hasPrefix("PARENT_ID_")
    }

    static func arrayType(_ type: String?) -> String {
        guard let type, !type.isEmpty else { return "object[]" }
        if ["object", "json", "map"].contains(type.lowercased()) { return "object[]" }
        return type + "[]"
    }

    static func singleType(_ type: String?) -> String {
        guard let type else { return "object" }
        if ["array", "object[]"].contains(type.lowercased()) { return "object" }
        return type.hasSuffix("[]") ? String(type.dropLast(2)) : type
    }

    /// A row for an example key the table does not list: an instance of a documented object type when one matches,
    /// else typed from the value's kind.
    func node(key: String, shape: JSONShape, line: Int) -> Node {
        let object = shape.kind == .array ? shape.elements?.first : shape
        if let object, object.kind == .object, let id = match(object) {
            var row = Node(name: key, type: shape.kind == .array ? "object[]" : "object", children: [], line: line)
            row.typeLink = id
            return row
        }
        return typedByTable(Self.node(key: key, shape: shape, line: line), shape: shape)
    }

    /// `row` (made from the example) with the table's scalar type for its name where the example's value agrees
    /// with it: a table that lists an object's fields flat beside it (`item`, `id`, `moduleId`, …) still types
    /// them (`moduleId` a `string`, not an ID guessed from its name; `timestampX` a `datetime`).
    func typedByTable(_ row: Node, shape: JSONShape) -> Node {
        var row = row
        if let members = shape.objectMembers {
            row.children = row.children.map { child in
                members.first { $0.key == child.name }.map { typedByTable(child, shape: $0.shape) } ?? child
            }
            return row
        }
        guard let type = tableTypes[row.name.lowercased()], let parsed = DocType.parse(type)?.type else { return row }
        let agrees: Bool
        switch (shape.kind == .array ? shape.elements?.first?.kind : shape.kind, parsed) {
        case (.string?, .scalar(let scalar)): agrees = ![.int, .double, .bool, .yesNo, .json].contains(scalar)
        case (.number?, .scalar(let scalar)): agrees = [.int, .double].contains(scalar)
        case (.bool?, .scalar(let scalar)): agrees = [.bool, .yesNo].contains(scalar)
        case (.null?, .scalar(let scalar)): agrees = scalar != .json
        default: agrees = false
        }
        guard agrees else { return row }
        row.type = shape.kind == .array ? type + "[]" : type
        return row
    }

    /// The scalar type texts of `rows` and their descendants, by lowercased name; a name typed twice differently
    /// is left out.
    static func scalarTypes(_ rows: [Node]) -> [String: String] {
        var types: [String: String] = [:]
        var conflicting = Set<String>()
        func visit(_ rows: [Node]) {
            for row in rows {
                visit(row.children)
                guard row.children.isEmpty, let type = row.type?.trimmingSpaces(), case .scalar? = DocType.parse(type)?.type else { continue }
                let key = row.name.lowercased()
                if let known = types[key], known != type { conflicting.insert(key) } else { types[key] = type }
            }
        }
        visit(rows)
        for key in conflicting { types[key] = nil }
        return types
    }

    /// A row for an example key the table does not list, typed from the value's kind.
    static func node(key: String, shape: JSONShape, line: Int) -> Node {
        let idLike = key.lowercased() == "id" || key.hasSuffix("Id") || key.hasSuffix("ID") || key.uppercased().hasSuffix("_ID")
        switch shape.kind {
        case .object:
            let children = (shape.members ?? []).filter { !isCustomField($0.key) }.map { node(key: $0.key, shape: $0.shape, line: line) }
            return Node(name: key, type: "object", children: children, line: line)
        case .array:
            guard let element = shape.elements?.first else { return Node(name: key, type: "array", children: [], line: line) }
            var row = node(key: key, shape: element, line: line)
            row.type = element.kind == .object ? "object[]" : row.type.map { $0 + "[]" } ?? "array"
            return row
        case .string: return Node(name: key, type: idLike ? nil : "string", children: [], line: line)
        case .number: return Node(name: key, type: idLike ? "integer" : "double", children: [], line: line)
        case .bool: return Node(name: key, type: "boolean", children: [], line: line)
        case .null: return Node(name: key, type: nil, children: [], line: line)
        }
    }
}

extension JSONShape {
    /// An object whose keys are all indexes (`"0"`, `"1"`, …): a PHP list, a list all the same.
    var isIndexKeyedList: Bool {
        guard kind == .object, let members, !members.isEmpty else { return false }
        return members.allSatisfy { !$0.key.isEmpty && $0.key.allSatisfy(\.isNumber) }
    }

    /// An object's members, or the members of an array's first element when that is an object.
    var objectMembers: [Member]? {
        switch kind {
        case .object: members
        case .array: elements?.first?.kind == .object ? elements?.first?.members : nil
        default: nil
        }
    }
}
