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

    init(configuration: GeneratorConfiguration) {
        self.configuration = configuration
        docs = DocComments(configuration: configuration)
        families = Families(configuration: configuration)
    }

    var context: BuilderContext {
        BuilderContext(configuration: configuration, globalAliasNames: configuration.typeOverrides.values.map(\.swiftName).sorted())
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
        var errorCodes = ErrorCodeCollector(configuration: configuration)
        let methods = translateMethods(entries.methods, tree: &tree, errorCodes: &errorCodes)
        var eventNames = NameScope(reserved: ["init", "rawValue", "description", "hashValue"])
        let events = entries.events.map { translateEvent($0, tree: &tree, names: &eventNames) }
        let widgetFamily = tree.nodes["placement"]?.family ?? Families.platform
        var commandStatics = NameScope(reserved: ["request", "name", "placement", "parameters", "init"])
        let commands = entries.commands.map { translateCommand($0, family: widgetFamily, tree: &tree, statics: &commandStatics) }
        var eventStatics = NameScope(reserved: ["name", "placement", "bindRequest", "init", "hashValue"])
        let placementEvents = entries.placementEvents.map { translatePlacementEvent($0, family: widgetFamily, tree: &tree, statics: &eventStatics) }
        for page in pages where page.kind == .restMethod || page.kind == .restEvent {
            for error in page.errors where error.system { errorCodes.add(error, method: nil) }
        }
        diagnostics += errorCodes.diagnostics + tree.diagnostics
        let familyVMs = familyViewModels(tree: tree, methods: methods, events: events, widgets: hasWidgets ? widgetFamily : nil)
        return ClientVM(
            access: configuration.accessModifier.rawValue, families: familyVMs,
            namespaces: namespaceViewModels(tree, hasWidgets: hasWidgets), methods: methods, events: events,
            commands: commands, placementEvents: placementEvents, errorCodes: errorCodes.constants(),
            directoryTypes: aliases.viewModels
        )
    }

    // MARK: Methods

    /// Plans every method's names in order, translates the methods on all cores, then adds what they contribute
    /// (diagnostics, coverage, aliases, error codes) in the methods' order: the result does not depend on scheduling.
    private mutating func translateMethods(_ pages: [Page], tree: inout NamespaceTree, errorCodes: inout ErrorCodeCollector) -> [MethodVM] {
        let plans = pages.map { plan($0, tree: &tree) }
        let translator = MethodTranslator(context: context, docs: docs)
        let prepared = plans.concurrentMap { translator.prepare($0) }
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
                file: UnitFile(family: tree.nodes[fullKey]?.family ?? Families.platform, file: Self.fileName(tree, fullKey), page: page.path)
            )
        }
        let isRoot = key.isEmpty
        let family = isRoot ? Families.platform : tree.nodes[key]?.family ?? Families.platform
        let enumHost = isRoot ? FamilyNames.typeName(family) : tree.type(of: key)
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
            file: UnitFile(family: family, file: isRoot ? "Client" : Self.fileName(tree, key), page: page.path), rename: rename
        )
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
            if prepared.resultType.isConcrete {
                coverage.typedResults += 1
            } else {
                coverage.untypedResults.append(prepared.page.name ?? prepared.page.path)
            }
        }
        if prepared.method.isSequence {
            coverage.listMethods += 1
            if SwiftType.json != prepared.rowType, prepared.rowType?.isConcrete == true { coverage.typedRows += 1 }
        }
    }

    /// The file a namespace's code goes to: its first two levels (`CRM.Deal` for `crm.deal.userfield`).
    static func fileName(_ tree: NamespaceTree, _ key: String) -> String {
        let display = tree.nodes[key]?.display ?? key
        let name = display.split(separator: ".").prefix(2).map { Naming.typeName([String($0)]) }.joined(separator: ".")
        // `main.swift` (any case) would make SwiftPM treat the target as an executable.
        return ["main", "linuxmain"].contains(name.lowercased()) ? name + ".Methods" : name
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
