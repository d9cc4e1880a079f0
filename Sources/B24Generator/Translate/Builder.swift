import B24DocModel

/// A row of a parameter or returned-data table, whichever table it came from.
struct Node: Sendable, Equatable {
    var name: String
    var type: String?
    /// The link the type text points to (`…/data-types.html#crm_multifield`): an object type's identity.
    var typeLink: String?
    /// The node is one element of a list (a list method's row): never itself a list.
    var isElement = false
    var required: Bool
    var aliases: [String]
    var description: String
    var values: [PossibleValue]
    var defaultValue: String?
    var children: [Node]
    var line: Int

    init(_ parameter: Parameter) {
        name = parameter.name
        type = parameter.type
        typeLink = parameter.typeLink
        required = parameter.required
        aliases = parameter.aliases
        description = parameter.description
        values = parameter.values
        defaultValue = parameter.defaultValue
        children = parameter.children.map(Node.init)
        line = parameter.line
    }

    init(_ field: Field) {
        name = field.name
        type = field.type
        typeLink = field.typeLink
        required = false
        aliases = []
        description = field.description
        values = field.values
        defaultValue = nil
        children = field.children.map(Node.init)
        line = field.line
    }

    init(name: String, type: String?, children: [Node], line: Int) {
        self.name = name
        self.type = type
        typeLink = nil
        required = false
        aliases = []
        description = ""
        values = []
        defaultValue = nil
        self.children = children
        self.line = line
    }

    /// Moves rows written as paths (`data.FIELDS`, `fields[TITLE]`) under the row they belong to,
    /// creating the parent when the table does not list it. Keys become the last path component.
    static func restructure(_ rows: [Node]) -> [Node] {
        var result: [Node] = []
        for var row in rows {
            let path = Naming.path(row.name)
            guard path.count > 1 else {
                row.children = restructure(row.children)
                result.append(row)
                continue
            }
            row.name = path[path.count - 1]
            insert(row, at: Array(path.dropLast()), into: &result)
        }
        return result
    }

    private static func insert(_ row: Node, at parents: [String], into rows: inout [Node]) {
        guard let first = parents.first else {
            rows.append(row)
            return
        }
        let index: Int
        if let existing = rows.firstIndex(where: { $0.name.lowercased() == first.lowercased() }) {
            index = existing
        } else {
            rows.append(Node(name: first, type: "object", children: [], line: row.line))
            index = rows.count - 1
        }
        insert(row, at: Array(parents.dropFirst()), into: &rows[index].children)
    }
}

/// Collects the nested types (records, value sets) of one entry point under one qualifier.
struct NestedTypeBuilder {
    let qualifier: String
    let page: Page
    let context: BuilderContext
    var scope: NameScope
    var nested = NestedTypesVM()
    var diagnostics: [Diagnostic] = []
    /// Parameters seen and how many got a concrete type (for the coverage report).
    var counted = 0
    var concrete = 0
    var countParameters = false
    /// The docs' type texts of the parameters that got `Bitrix24JSON`, with counts.
    var nonConcreteTypes: [String: Int] = [:]
    /// Records made while this is set are read-only (results, rows, payloads).
    var readOnly = false
    /// Every type resolved, for the directory aliases in use.
    var resolvedTypes: [SwiftType] = []
    /// The docs' type text behind each directory alias.
    var aliasSources: [String: String] = [:]

    init(qualifier: String, page: Page, context: BuilderContext, reserved: [String] = []) {
        self.qualifier = qualifier
        self.page = page
        self.context = context
        self.scope = NameScope(reserved: Naming.reservedTypeNames + context.globalAliasNames + reserved)
    }

    func qualified(_ name: String) -> String { qualifier.isEmpty ? name : "\(qualifier).\(name)" }

    /// The Swift type of a row; creates records and value sets as needed.
    mutating func resolve(_ node: Node, hint: String, prefix: String) -> SwiftType {
        let type = resolveUncounted(node, hint: hint, prefix: prefix)
        resolvedTypes.append(type)
        if countParameters {
            counted += 1
            if type.isConcrete {
                concrete += 1
            } else {
                nonConcreteTypes[node.type?.trimmingSpaces().lowercased() ?? "(none)", default: 0] += 1
            }
        }
        return type
    }

    private mutating func resolveUncounted(_ node: Node, hint: String, prefix: String) -> SwiftType {
        let key = Naming.path(node.name).last?.lowercased() ?? node.name.lowercased()
        let children = node.children
        let typeText = node.type?.trimmingSpaces()
        if typeText == "bitrix24_event_auth" { return .record("Bitrix24EventAuth") }
        if typeText == ResultTyping.fieldDescriptorsType { return .dictionary(.record("Bitrix24FieldDescriptor")) }
        if typeText == ResultTyping.doneType { return .record("Bitrix24Done") }
        if let typeText, let directory = context.configuration.typeOverrides[typeText.lowercased()] {
            aliasSources[directory.swiftName] = aliasSources[directory.swiftName] ?? typeText.lowercased()
            return .alias(name: directory.swiftName, base: directory.base == .int ? .int : .string)
        }
        let parsed = DocType.parse(typeText)
        if let object = objectType(node, parsed: parsed?.type) { return object }
        // Well-known parameters whose docs type says little.
        switch (key, parsed?.type) {
        case ("filter", .object?), ("filter", .arrayOfObjects?), ("filter", nil), ("filter", .scalar(.json)?):
            return .dictionary(.json)
        case ("order", .object?), ("order", .arrayOfObjects?), ("sort", .object?), ("order", nil):
            return .dictionary(.string)
        case ("select", .arrayOfObjects?), ("select", .array(.scalar(.string))?), ("select", nil):
            return .array(.string)
        default: break
        }
        if ["fields"].contains(key), children.isEmpty, parsed == nil || parsed?.type == .object {
            // A record keyed by field name whose fields the page does not list.
            return .record("Bitrix24Fields")
        }
        guard let parsed else {
            if key.hasSuffix("id"), node.values.isEmpty, children.isEmpty, key.count > 2 || key == "id" {
                // Untyped `…ID`/`…Id` rows are numeric IDs throughout the docs.
                return .int
            }
            if !children.isEmpty { return .record(makeRecord(children, hint: hint, prefix: prefix, node: node)) }
            if let set = makeValueSet(node, hint: hint, prefix: prefix) { return .valueSet(set) }
            return .json
        }
        return map(parsed.type, node: node, hint: hint, prefix: prefix)
    }

    /// The shared object type a row's type link names (`deal[]` → `[CRMAPI.Objects.Deal]`), if the link resolves to
    /// an object structure the docs define.
    private func objectType(_ node: Node, parsed: DocType?) -> SwiftType? {
        guard let name = ObjectTypes.candidateIDs(node).lazy.compactMap({ context.objectTypes[$0] }).first else { return nil }
        switch parsed {
        case .array?, .arrayOfObjects?: return .array(.record(name))
        default: return isListElsewhere(node) ? .array(.record(name)) : .record(name)
        }
    }

    /// A field another table types as a list of the same named type (`PHONE` as `crm_multifield[]` there, as
    /// `crm_multifield` here): the wire carries a list.
    func isListElsewhere(_ node: Node) -> Bool {
        guard !node.isElement, let base = ObjectTypes.baseTypeName(node.type), case .named? = DocType.parse(node.type)?.type else { return false }
        return context.listFields.contains(ListEvidence.key(field: node.name, type: base))
    }

    private mutating func map(_ type: DocType, node: Node, hint: String, prefix: String) -> SwiftType {
        switch type {
        case .scalar(let scalar):
            if scalar == .string || scalar == .yesNo, hasMeaningfulValues(node, yesNo: scalar == .yesNo),
                let set = makeValueSet(node, hint: hint, prefix: prefix)
            {
                return .valueSet(set)
            }
            if scalar == .json, !node.children.isEmpty {
                return .record(makeRecord(node.children, hint: hint, prefix: prefix, node: node))
            }
            return scalar
        case .object:
            if node.children.isEmpty { return .json }
            return .record(makeRecord(node.children, hint: hint, prefix: prefix, node: node))
        case .arrayOfObjects:
            let key = (Naming.path(node.name).last ?? node.name).lowercased()
            if node.children.isEmpty, key.hasSuffix("ids") || key == "id" { return .array(.int) }
            if node.children.isEmpty { return .array(.json) }
            return .array(.record(makeRecord(node.children, hint: hint, prefix: prefix, node: node)))
        case .array(let element):
            var elementNode = node
            if case .named = element {} else { elementNode.values = [] }
            return .array(map(element, node: elementNode, hint: hint, prefix: prefix))
        case .named where isListElsewhere(node) && !node.children.isEmpty:
            return .array(.record(makeRecord(node.children, hint: hint, prefix: prefix, node: node)))
        case .named(let name):
            let lower = name.lowercased()
            if let directory = context.configuration.typeOverrides[lower] {
                aliasSources[directory.swiftName] = aliasSources[directory.swiftName] ?? lower
                return .alias(name: directory.swiftName, base: directory.base == .int ? .int : .string)
            }
            let parts = name.split(separator: ".").map(String.init)
            if parts.count == 2 {
                let alias = parts[1].lowercased() == "id" ? Naming.directoryTypeName(parts[0]) : Naming.typeName(parts)
                aliasSources[alias] = aliasSources[alias] ?? name
                return .alias(name: alias, base: parts[1].lowercased() == "id" ? .int : .string)
            }
            if !node.children.isEmpty {
                return .record(makeRecord(node.children, hint: hint, prefix: prefix, node: node))
            }
            return isListElsewhere(node) ? .array(.record("Bitrix24Fields")) : .record("Bitrix24Fields")
        case .enumeration:
            if let set = makeValueSet(node, hint: hint, prefix: prefix) { return .valueSet(set) }
            return .string
        case .unknown(let text):
            if !node.children.isEmpty {
                return .record(makeRecord(node.children, hint: hint, prefix: prefix, node: node))
            }
            diagnostics.append(
                Diagnostic(path: page.path, line: node.line, message: "type '\(text)' of '\(node.name)' is not a known type; using Bitrix24JSON")
            )
            return .json
        }
    }

    private func hasMeaningfulValues(_ node: Node, yesNo: Bool) -> Bool {
        let values = node.values.map { $0.value.trimmingSpaces() }.filter { !$0.isEmpty }
        guard !values.isEmpty else { return false }
        let flags: Set<String> = ["Y", "N", "y", "n", "true", "false", "0", "1"]
        return !values.allSatisfy { flags.contains($0) }
    }

    /// Claims a type name: the hint itself, else prefixed with its owner, else numbered.
    private mutating func claimType(hint: String, prefix: String, original: String) -> String {
        let plain = Naming.typeName([hint])
        if !plain.hasSuffix("_"), !scope.contains(plain) { return scope.claim(plain, for: original) }
        let prefixed = prefix.isEmpty ? plain : Naming.typeName([prefix, hint])
        let given = scope.claim(prefixed, for: original)
        if given != prefixed {
            diagnostics.append(
                Diagnostic(path: page.path, line: 0, severity: .note, message: "type name '\(prefixed)' taken in \(qualifier); using '\(given)'")
            )
        }
        return given
    }

    /// Builds a top-level record named `name` (an event payload) whose nested types go into this builder.
    mutating func makeRootRecord(_ rows: [Node], name: String, doc: DocLines) -> RecordVM {
        let slot = nested.records.count
        _ = makeRecord(rows, hint: name, prefix: "", node: nil, fixedName: name)
        var record = nested.records.remove(at: slot)
        record.recordDoc = doc.isEmpty ? record.recordDoc : doc
        return record
    }

    mutating func makeRecord(_ rows: [Node], hint: String, prefix: String, node: Node?, fixedName: String? = nil) -> String {
        let name = fixedName ?? claimType(hint: hint, prefix: prefix, original: node?.name ?? hint)
        let qualifiedName = fixedName ?? qualified(name)
        let slot = nested.records.count
        nested.records.append(RecordVM(
            recordDoc: [], recordName: name, properties: [], hasProperties: false, initArguments: [], documentedKeys: [], eventNameMember: nil,
            isReadOnly: readOnly
        ))
        var members = NameScope(reserved: Naming.recordReservedMembers)
        var properties: [PropertyVM] = []
        var arguments: [ArgumentVM] = []
        var keys: [String] = []
        var placeholders: [String] = []
        var seenKeys = Set<String>()
        for row in Node.restructure(rows) {
            let key = row.name.trimmingSpaces()
            if key.isEmpty {
                diagnostics.append(Diagnostic(path: page.path, line: row.line, message: "a row without a name in \(qualifiedName) is skipped"))
                continue
            }
            if Naming.isPlaceholder(key) {
                placeholders.append(key)
                continue
            }
            guard seenKeys.insert(key).inserted else {
                diagnostics.append(Diagnostic(path: page.path, line: row.line, message: "field '\(key)' is listed twice in \(qualifiedName); the first row counts"))
                continue
            }
            let wanted = context.configuration.override("member", key) ?? Naming.memberName(key)
            let member = members.claim(wanted, for: key)
            if member != wanted {
                diagnostics.append(Diagnostic(path: page.path, line: row.line, message: "member '\(Naming.bare(wanted))' of \(qualifiedName) is taken; '\(key)' becomes '\(member)'"))
            }
            let type = resolve(row, hint: key, prefix: name)
            let doc = Docs.lines(describe(row))
            properties.append(PropertyVM(
                propertyDoc: doc, propertyName: member, propertyType: type.code,
                fieldKeyLiteral: Docs.literal(key), fieldIsYesNo: type.isYesNo, isLastProperty: false
            ))
            arguments.append(ArgumentVM(label: member, type: type, optional: !row.required, key: key))
            keys.append(Docs.literal(key))
        }
        var doc = Docs.lines(node.map(describe) ?? "")
        if !placeholders.isEmpty {
            if !doc.isEmpty { doc.append("///") }
            doc += Docs.lines(
                "Custom fields (\(placeholders.map { "`\($0)`" }.joined(separator: ", "))) are reachable through `additionalFields` and `subscript(field:)`."
            )
        }
        if doc.isEmpty { doc = ["/// The fields of `\(node?.name ?? hint)`."] }
        if !properties.isEmpty { properties[properties.count - 1].isLastProperty = true }
        nested.records[slot] = RecordVM(
            recordDoc: doc, recordName: name, properties: properties, hasProperties: !properties.isEmpty,
            initArguments: ArgumentVM.markingLast(arguments),
            documentedKeys: keys.enumerated().map { LiteralVM(literal: $1, isLastLiteral: $0 == keys.count - 1) },
            eventNameMember: nil, isReadOnly: readOnly
        )
        return qualifiedName
    }

    mutating func makeValueSet(_ node: Node, hint: String, prefix: String) -> String? {
        var seen = Set<String>()
        let values = node.values.filter { !$0.value.trimmingSpaces().isEmpty && seen.insert($0.value).inserted }
        guard !values.isEmpty else { return nil }
        let name = claimType(hint: hint, prefix: prefix, original: node.name)
        var members = NameScope(reserved: ["rawValue", "init", "description", "hashValue", "bitrix24JSON"])
        let constants = values.map { value -> ValueConstantVM in
            let wanted = context.configuration.override("value", value.value) ?? Naming.valueConstant(value.value)
            let member = members.claim(wanted, for: value.value)
            if member != wanted {
                diagnostics.append(Diagnostic(path: page.path, line: node.line, severity: .note, message: "value '\(value.value)' of \(qualified(name)) becomes '\(member)' (name taken)"))
            }
            let doc = value.description.isEmpty ? ["/// `\(Docs.sanitize(value.value))`"] : Docs.lines(value.description)
            return ValueConstantVM(constantDoc: doc, constantName: member, constantLiteral: Docs.literal(value.value))
        }
        var doc = Docs.lines(Docs.shortened(node.description, limit: 200))
        if doc.isEmpty { doc = ["/// The values of `\(node.name)`."] }
        doc += ["///", "/// Values the server adds later decode as themselves."]
        nested.valueSets.append(ValueSetVM(valueSetDoc: doc, valueSetName: name, constants: constants))
        return qualified(name)
    }

    func describe(_ node: Node) -> String {
        var text = Docs.shortened(node.description)
        if !node.aliases.isEmpty {
            text += (text.isEmpty ? "" : " ") + "Also accepted as \(node.aliases.map { "`\($0)`" }.joined(separator: ", "))."
        }
        if let value = node.defaultValue, !value.isEmpty {
            text += (text.isEmpty ? "" : " ") + "Default: \(Docs.shortened(value, limit: 80))."
        }
        return text
    }
}

/// What every entry point builder shares.
struct BuilderContext: Sendable {
    var configuration: GeneratorConfiguration
    /// Names of directory typealiases, which nested types must not shadow.
    var globalAliasNames: [String]
    /// The Swift names of the object types the docs define, by their id (`path#anchor`).
    var objectTypes: [String: String] = [:]
    /// Matches example objects to the object types of their family.
    var exampleMatcher: ExampleMatcher?
    /// Fields some table types as a list of a named type (``ListEvidence``).
    var listFields: Set<String> = []
}
