import B24DocModel

extension Translator {
    /// The families that have anything, each with its module's top-level type.
    func familyViewModels(tree: NamespaceTree, methods: [MethodVM], events: [EventVM], widgets: String?, objectFamilies: Set<String>) -> [FamilyVM] {
        var names = Set(tree.nodes.values.map(\.family)).union(objectFamilies)
        names.formUnion(methods.map(\.file.family))
        names.formUnion(events.map(\.file.family))
        if let widgets { names.insert(widgets) }
        let eventFamilies = Set(events.map(\.file.family))
        let v3Families = Set(methods.filter { $0.apiVersion != nil }.map(\.file.family))
        names.formUnion(v3Families)
        return names.sorted().map { family in
            if family.isEmpty { return commonFamily(hasObjects: objectFamilies.contains("")) }
            let isNamespace = tree.nodes[family]?.declarationHost == nil && tree.nodes[family] != nil
            let module = moduleName(family)
            let namespaces = tree.nodes.values.filter { $0.family == family && $0.parentKey.isEmpty }.map(\.display).sorted()
            var doc = ["/// The `\(family)` scope family\(module.map { " (module `\($0)`)" } ?? ""): "
                + (namespaces.isEmpty ? "its types." : namespaces.map { "`b24.\($0)`" }.joined(separator: ", ") + ", and their types.")]
            if isNamespace { doc += ["///", "/// Reached as `b24.\(family)`."] }
            let file = isNamespace ? Self.fileName(tree, family) : FamilyNames.typeName(family)
            return FamilyVM(
                file: UnitFile(family: family, file: file), family: family, moduleName: module ?? "", typeName: FamilyNames.typeName(family), familyDoc: doc,
                isNamespace: isNamespace, hasEvents: eventFamilies.contains(family), hasWidgets: family == widgets,
                hasObjects: objectFamilies.contains(family), hasV3: v3Families.contains(family)
            )
        }
    }

    /// The common module's container (`CommonAPI`), for the object types several families share.
    func commonFamily(hasObjects: Bool) -> FamilyVM {
        let module: String? = if case .modules(let prefix) = configuration.layout { prefix + "Common" } else { nil }
        return FamilyVM(
            file: UnitFile(family: "", file: ObjectTypes.commonTypeName), family: "", moduleName: module ?? "",
            typeName: ObjectTypes.commonTypeName,
            familyDoc: ["/// What the scope families share\(module.map { " (module `\($0)`)" } ?? ""): object types several of them use."],
            isNamespace: false, hasEvents: false, hasWidgets: false, hasObjects: hasObjects, hasV3: false
        )
    }

    /// The family's module in the multi-module layout, `nil` in a single target.
    func moduleName(_ family: String) -> String? {
        guard case .modules(let prefix) = configuration.layout else { return nil }
        return FamilyNames.moduleName(family, prefix: prefix)
    }

    /// Every namespace of the tree, sorted by path.
    func namespaceViewModels(_ tree: NamespaceTree, hasWidgets: Bool) -> [NamespaceVM] {
        tree.nodes.keys.sorted().compactMap { key in
            guard let node = tree.nodes[key] else { return nil }
            return NamespaceVM(
                file: UnitFile(family: node.family, file: tree.root.fileName(Self.fileName(tree, key))), namespacePath: node.display,
                namespaceDoc: ["/// The `\(node.display).*` methods\(tree.root.version == nil ? "" : " of REST 3.0")."], structName: node.structName, qualifiedStruct: node.qualifiedType,
                declarationHost: node.declarationHost, memberName: node.memberName, parentType: tree.type(of: node.parentKey),
                parentRequestsType: tree.requestsType(of: node.parentKey), parentHasClient: !node.parentKey.isEmpty || tree.root.hasClient,
                hasPlacementHelpers: key == "placement" && hasWidgets, hasEventHelpers: key == "event"
            )
        }
    }
}

/// The directory types (typealiases) the generated code uses, and where their names come from.
struct AliasUsage {
    private var used: [String: SwiftType] = [:]
    private var sources: [String: String] = [:]

    mutating func note(_ type: SwiftType) {
        switch type {
        case .alias(let name, _): if used[name] == nil { used[name] = type }
        case .array(let element): note(element)
        case .dictionary(let value): note(value)
        default: break
        }
    }

    mutating func note(_ types: NestedTypeBuilder) {
        for type in types.resolvedTypes { note(type) }
        sources.merge(types.aliasSources) { first, _ in first }
    }

    var viewModels: [DirectoryTypeVM] {
        used.keys.sorted().compactMap { name in
            guard case .alias(_, let base)? = used[name] else { return nil }
            return DirectoryTypeVM(
                aliasDoc: ["/// An entry of the `\(sources[name] ?? name)` directory, as the portal identifies it."],
                aliasName: name, aliasBase: base.code
            )
        }
    }
}
