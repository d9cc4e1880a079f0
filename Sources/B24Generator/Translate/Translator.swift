import B24DocModel

/// The translate stage: model → typed view model. Selects the entry points, gives every name (in a fixed order,
/// so names never depend on scheduling), decides every type, and assigns every unit its module and file.
struct Translator {
    let configuration: GeneratorConfiguration
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var coverage = CoverageReport()
    private var aliases = AliasUsage()
    private let docs: DocComments
    private let families: Families
    /// The object types in use, by id → Swift name (filled before the entry points are translated).
    private var objectTypeNames: [String: String] = [:]
    private var exampleMatcher: ExampleMatcher?
    private var listFields: Set<String> = []

    init(configuration: GeneratorConfiguration) {
        self.configuration = configuration
        docs = DocComments(configuration: configuration)
        families = Families(configuration: configuration)
    }

    var context: BuilderContext {
        BuilderContext(
            configuration: configuration, globalAliasNames: configuration.typeOverrides.values.map(\.swiftName).sorted(),
            objectTypes: objectTypeNames, exampleMatcher: exampleMatcher, listFields: listFields
        )
    }

    mutating func translate(_ input: DocModel) -> ClientVM {
        let pages = input.pages.sorted { $0.path < $1.path }
        let entries = EntryPoints(pages)
        coverage.entryPoints = entries.counts
        coverage.skipped = entries.skipped
        diagnostics += entries.diagnostics
        let hasWidgets = !entries.commands.isEmpty || !entries.placementEvents.isEmpty
        var tree = NamespaceTree(
            methodNames: entries.methods.compactMap(\.name), needsPlacement: hasWidgets, families: families, configuration: configuration
        )
        listFields = ListEvidence.collect(pages)
        let matcher = ExampleMatcher(pages: pages, families: families)
        exampleMatcher = matcher
        let uses = (entries.methods + entries.v3Methods).flatMap { page in
            let family = families.family(ofMethod: page.name ?? "")
            // The entity a method works on, by its namespace (`crm.item.list` → `item`): a name for what it shows.
            let entity = ExampleMatcher.entity(ofMethod: page.name)
            return ExampleMatcher.objects(in: page).compactMap { shape in
                matcher.match(shape, family: family, entity: entity).map {
                    ObjectTypes.ExampleUse(id: $0, family: family, name: entity, shape: shape, method: page.name ?? "")
                }
            }
        }
        let objects = ObjectTypes(
            model: pages, entryPoints: entryFamilies(entries, tree: tree), exampleUses: uses, families: families, tree: &tree
        )
        objectTypeNames = objects.names
        var errorCodes = ErrorCodeCollector(configuration: configuration)
        var methods = translateMethods(entries.methods, tree: &tree, errorCodes: &errorCodes)
        var v3Tree = NamespaceTree(
            methodNames: entries.v3Methods.compactMap(\.name), needsPlacement: false, families: families, configuration: configuration,
            root: .v3
        )
        methods += translateMethods(entries.v3Methods, tree: &v3Tree, errorCodes: &errorCodes)
        var eventNames = NameScope(reserved: ["init", "rawValue", "description", "hashValue"])
        let events = entries.events.map { translateEvent($0, tree: &tree, names: &eventNames) }
        let widgetFamily = tree.nodes["placement"]?.family ?? Families.platform
        var commandStatics = NameScope(reserved: ["request", "name", "placement", "parameters", "init"])
        let commands = entries.commands.map { page in
            for error in page.errors where !error.system { errorCodes.add(error, method: page.name, allowPhrases: true) }
            return translateCommand(page, family: widgetFamily, tree: &tree, statics: &commandStatics)
        }
        var eventStatics = NameScope(reserved: ["name", "placement", "bindRequest", "init", "hashValue"])
        let placementEvents = entries.placementEvents.map { translatePlacementEvent($0, family: widgetFamily, tree: &tree, statics: &eventStatics) }
        for page in pages where page.kind == .restMethod || page.kind == .restEvent {
            for error in page.errors where error.system { errorCodes.add(error, method: nil) }
        }
        diagnostics += errorCodes.diagnostics + tree.diagnostics + v3Tree.diagnostics
        let objectVMs = translateObjects(objects)
        coverage.objectTypes = objectVMs.count
        let familyVMs = familyViewModels(
            tree: tree, methods: methods, events: events, widgets: hasWidgets ? widgetFamily : nil, objectFamilies: objects.families
        )
        return ClientVM(
            access: configuration.accessModifier.rawValue, families: familyVMs,
            namespaces: namespaceViewModels(tree, hasWidgets: hasWidgets) + namespaceViewModels(v3Tree, hasWidgets: false),
            methods: methods, events: events,
            commands: commands, placementEvents: placementEvents, objectTypes: objectVMs, errorCodes: errorCodes.constants(),
            directoryTypes: aliases.viewModels
        )
    }

    // MARK: Methods

    /// Plans every method's names in order, translates the methods on all cores, then adds what they contribute
    /// (diagnostics, coverage, aliases, error codes) in the methods' order: the result does not depend on scheduling.
    private mutating func translateMethods(_ pages: [Page], tree: inout NamespaceTree, errorCodes: inout ErrorCodeCollector) -> [MethodVM] {
        let plans = pages.map { plan($0, tree: &tree) }
        let translator = MethodTranslator(context: context, docs: docs)
        let prepared = Self.typingRowsFromGet(plans.concurrentMap { translator.prepare($0) })
        return zip(plans, prepared).map { plan, method in
            if let rename = plan.rename { diagnostics.append(rename) }
            return finish(method, errorCodes: &errorCodes)
        }
    }

    private mutating func plan(_ page: Page, tree: inout NamespaceTree) -> MethodPlan {
        let name = page.name ?? ""
        let segments = name.split(separator: ".").map(String.init)
        let leaf = segments.last ?? name
        let fullKey = name.lowercased()
        let key = segments.dropLast().map { $0.lowercased() }.joined(separator: ".")
        if tree.contains(fullKey) {
            // A method named like a namespace (`im.notify` beside `im.notify.*`): the namespace is callable.
            let host = tree.type(of: fullKey)
            let enumName = tree.claimType(Naming.typeName([leaf, "method"]), in: host, for: name)
            return MethodPlan(
                page: page, enumName: enumName, qualifiedEnum: host + "." + enumName, enumHost: host, funcName: "callAsFunction",
                namespaceType: host, requestsType: tree.requestsType(of: fullKey), isRoot: false,
                file: UnitFile(family: tree.nodes[fullKey]?.family ?? Families.platform, file: tree.root.fileName(Self.fileName(tree, fullKey)), page: page.path),
                version: tree.root.version
            )
        }
        let isRoot = key.isEmpty && !tree.root.hasClient
        let family = key.isEmpty ? Families.platform : tree.nodes[key]?.family ?? Families.platform
        let enumHost = key.isEmpty ? tree.root.familyHost(family) : tree.type(of: key)
        let plain = Naming.typeName([leaf])
        // A name the generated code needs (`Set`, `Error`, `String`) or a namespace's: `SetMethod`, not `Set2`.
        let enumName = tree.claimType(tree.isTaken(plain, in: enumHost) ? Naming.typeName([leaf, "method"]) : plain, in: enumHost, for: name)
        let wanted = configuration.override("method", name).map(Naming.namespaceMember) ?? Naming.namespaceMember(leaf)
        let funcName = tree.claimMember(wanted, in: key, for: name)
        var rename: Diagnostic?
        if funcName != wanted {
            rename = Diagnostic(path: page.path, line: page.line, message: "method '\(name)' would be '\(Naming.bare(wanted))', which is taken; using '\(funcName)'")
        }
        return MethodPlan(
            page: page, enumName: enumName, qualifiedEnum: enumHost + "." + enumName, enumHost: enumHost, funcName: funcName,
            namespaceType: tree.type(of: key), requestsType: tree.requestsType(of: key), isRoot: isRoot,
            file: UnitFile(family: family, file: tree.root.fileName(key.isEmpty ? "Client" : Self.fileName(tree, key)), page: page.path),
            rename: rename, version: tree.root.version
        )
    }

    /// A list method whose page shows no rows (no example, no row table) yields the record its namespace's `get`
    /// returns (`crm.lead.list` → the rows of `crm.lead.get`'s result), with a note.
    static func typingRowsFromGet(_ methods: [PreparedMethod]) -> [PreparedMethod] {
        var results: [String: SwiftType] = [:]
        for method in methods { results[(method.page.name ?? "").lowercased()] = method.resultType }
        return methods.map { method in
            guard method.method.isSequence, method.rowType?.isTyped != true else { return method }
            let name = method.page.name ?? ""
            let namespace = name.split(separator: ".").dropLast().joined(separator: ".").lowercased()
            guard let get = results[namespace + ".get"], case .record = get, get.isTyped else { return method }
            var typed = method
            typed.rowType = get
            typed.resultType = .array(get)
            typed.method.rowType = get.code
            typed.method.resultType = SwiftType.array(get).code
            typed.diagnostics.append(Diagnostic(
                path: method.page.path, line: method.page.line, severity: .note,
                message: "the page shows no rows; they are typed as the result of \(namespace).get", context: name
            ))
            return typed
        }
    }

    /// Adds a prepared method to the translator's state: diagnostics, coverage, aliases in use and error codes,
    /// which give the method its error list.
    private mutating func finish(_ prepared: PreparedMethod, errorCodes: inout ErrorCodeCollector) -> MethodVM {
        let types = prepared.types
        diagnostics += prepared.diagnostics + types.diagnostics
        coverage.restMethodParameters += types.counted
        coverage.concreteParameters += types.concrete
        coverage.nonConcreteTypes.merge(types.nonConcreteTypes, uniquingKeysWith: +)
        aliases.note(types)
        aliases.note(prepared.resultType)
        countResult(prepared)
        let key = (prepared.page.name ?? prepared.page.path) + (prepared.method.apiVersion == nil ? "" : " (REST 3.0)")
        let byName = RetryClassifier.legacyClass(prepared.page.name ?? "")
        coverage.retryClasses[key] = .init(
            retryClass: prepared.retry.retryClass, source: prepared.retry.source.rawValue, reason: prepared.retry.reason, byName: byName
        )
        var members: [String] = []
        for error in prepared.page.errors where !error.system {
            if let constant = errorCodes.add(error, method: prepared.page.name ?? ""), !members.contains(constant) {
                members.append(constant)
            }
        }
        var method = prepared.method
        method.errors = members.enumerated().map { ErrorRefVM(errorMember: $1, isLastError: $0 == members.count - 1) }
        return method
    }

    /// Counts the method for the typed-result figures of the coverage report.
    private mutating func countResult(_ prepared: PreparedMethod) {
        let documented = prepared.page.returns.contains { !["time", "total", "next"].contains($0.name.lowercased()) }
        if documented {
            coverage.methodsWithDocumentedResult += 1
            if prepared.resultType.isTyped {
                coverage.typedResults += 1
            } else {
                coverage.untypedResults.append(prepared.page.name ?? prepared.page.path)
            }
        }
        if prepared.method.isSequence {
            coverage.listMethods += 1
            if prepared.rowType?.isTyped == true { coverage.typedRows += 1 } else { coverage.untypedRows.append(prepared.page.name ?? "") }
            checkPaging(prepared)
        }
    }

    /// Compares the paging metadata with where the response example puts the rows and how it spells their ID.
    private mutating func checkPaging(_ prepared: PreparedMethod) {
        guard let example = ResultTyping(page: prepared.page).exampleResult else { return }
        let name = prepared.page.name ?? prepared.page.path
        var rows: JSONShape?
        var expectedKey: String?
        if example.kind == .array {
            rows = example.elements?.first
        } else if let members = example.members {
            let arrays = members.filter { $0.shape.kind == .array && $0.shape.elements?.first?.kind == .object }
            if arrays.count == 1, let only = arrays.first {
                expectedKey = only.key
                rows = only.shape.elements?.first
            }
        }
        guard let rows else { return }
        if expectedKey != prepared.rowsKey { coverage.rowsKeyMismatches.append(name) }
        if let idField = prepared.idField, let spelled = ResultTyping.idField(rows), spelled != idField {
            coverage.idFieldMismatches.append(name)
        }
    }

    /// The file a namespace's code goes to: its first two levels (`CRM.Deal` for `crm.deal.userfield`).
    static func fileName(_ tree: NamespaceTree, _ key: String) -> String {
        let display = tree.nodes[key]?.display ?? key
        let name = display.split(separator: ".").prefix(2).map { Naming.typeName([String($0)]) }.joined(separator: ".")
        // `main.swift` (any case) would make SwiftPM treat the target as an executable.
        return ["main", "linuxmain"].contains(name.lowercased()) ? name + ".Methods" : name
    }

    // MARK: Object types

    /// Each entry-point page with the family it goes to (what the object types' homes are decided from).
    private func entryFamilies(_ entries: EntryPoints, tree: NamespaceTree) -> [(page: Page, family: String)] {
        let widgetFamily = tree.nodes["placement"]?.family ?? Families.platform
        return entries.methods.map { ($0, families.family(ofMethod: $0.name ?? "")) }
            + entries.events.map { ($0, families.family(ofEventPage: $0)) }
            + (entries.commands + entries.placementEvents).map { ($0, widgetFamily) }
    }

    private mutating func translateObjects(_ objects: ObjectTypes) -> [ObjectTypeVM] {
        objects.entries.keys.sorted().compactMap { id in
            guard let entry = objects.entries[id] else { return nil }
            var types = NestedTypeBuilder(qualifier: entry.qualifiedName, page: entry.page, context: context)
            types.readOnly = !entry.inParameters
            let rows = Node.restructure(entry.definition.fields.map(Node.init))
            let title = entry.definition.title.isEmpty ? "" : ": " + Docs.shortened(entry.definition.title, limit: 160)
            let doc = Docs.lines("`\(entry.definition.name)`\(title)") + ["///", "/// Documentation: <\(configuration.documentationBaseURL + id)>"]
            let record = types.makeRootRecord(rows, name: entry.typeName, doc: doc)
            aliases.note(types)
            diagnostics += types.diagnostics
            return ObjectTypeVM(
                file: UnitFile(family: entry.family, file: "Objects", page: entry.page.path), objectID: id,
                objectsHost: ObjectTypes.host(family: entry.family), qualifiedObject: entry.qualifiedName, record: record,
                nested: types.nested, hasNestedTypes: !types.nested.isEmpty
            )
        }
    }

    // MARK: Events and widgets

    private mutating func translateEvent(_ page: Page, tree: inout NamespaceTree, names: inout NameScope) -> EventVM {
        let name = page.name ?? ""
        let family = families.family(ofEventPage: page)
        let host = FamilyNames.typeName(family) + ".Events"
        let typeName = tree.claimType(Naming.typeName([name]), in: host, for: name)
        let wanted = Naming.entryPointMember(name)
        let member = names.claim(wanted, for: name)
        if member != wanted {
            diagnostics.append(Diagnostic(path: page.path, line: page.line, message: "event name '\(Naming.bare(wanted))' is taken; '\(name)' becomes '\(member)'"))
        }
        let file = UnitFile(family: family, file: "Events", page: page.path)
        let (event, types) = EventTranslator(context: context, docs: docs).translate(page, eventsHost: host, typeName: typeName, nameMember: member, file: file)
        aliases.note(types)
        diagnostics += types.diagnostics
        return event
    }

    private mutating func translateCommand(_ page: Page, family: String, tree: inout NamespaceTree, statics: inout NameScope) -> CommandVM {
        let name = page.name ?? ""
        let host = FamilyNames.typeName(family) + ".Widgets"
        let typesName = tree.claimType(Naming.typeName([name]), in: host, for: name)
        let staticName = statics.claim(Naming.entryPointMember(name), for: name)
        let file = UnitFile(family: family, file: "Widgets", page: page.path)
        let (command, types) = WidgetTranslator(context: context, docs: docs).command(page, widgetsHost: host, typesEnumName: typesName, staticName: staticName, file: file)
        aliases.note(types)
        diagnostics += types.diagnostics
        return command
    }

    private mutating func translatePlacementEvent(_ page: Page, family: String, tree: inout NamespaceTree, statics: inout NameScope) -> PlacementEventVM {
        let name = page.name ?? ""
        let host = FamilyNames.typeName(family) + ".Widgets"
        let typesName = tree.claimType(Naming.typeName([name, "event"]), in: host, for: name)
        let staticName = statics.claim(Naming.entryPointMember(name), for: name)
        let file = UnitFile(family: family, file: "Widgets", page: page.path)
        let (event, types) = WidgetTranslator(context: context, docs: docs).event(page, widgetsHost: host, typesEnumName: typesName, staticName: staticName, file: file)
        aliases.note(types)
        diagnostics += types.diagnostics
        return event
    }
}
