import B24DocModel

/// Model → view model: selects the entry points, names everything and decides every type.
struct ClientBuilder {
    let configuration: GeneratorConfiguration
    var diagnostics: [Diagnostic] = []
    var coverage = CoverageReport()
    var usedAliases: [String: SwiftType] = [:]
    var aliasSources: [String: String] = [:]

    init(configuration: GeneratorConfiguration) {
        self.configuration = configuration
    }

    static let clientReserved = [
        "send", "perform", "paginate", "pages", "batch", "batchResults", "call", "auth", "client", "init", "configuration",
    ]

    var context: BuilderContext {
        BuilderContext(
            configuration: configuration,
            globalAliasNames: configuration.typeOverrides.values.map(\.swiftName).sorted()
        )
    }

    // MARK: Entry point selection

    /// The pages of `kind` that become entry points, one per name (case-insensitive), sorted by name.
    mutating func select(_ kind: PageKind, from pages: [Page], valid: (String) -> Bool) -> [Page] {
        var groups: [String: [Page]] = [:]
        for page in pages where page.kind == kind {
            guard let name = page.name?.trimmingSpaces(), !name.isEmpty else {
                coverage.skipped.append(.init(path: page.path, kind: kind.rawValue, name: nil, reason: "the page names no \(kind.rawValue)"))
                continue
            }
            guard valid(name) else {
                coverage.skipped.append(.init(path: page.path, kind: kind.rawValue, name: name, reason: "'\(name)' is not a valid \(kind.rawValue) name"))
                continue
            }
            groups[name.lowercased(), default: []].append(page)
        }
        var selected: [Page] = []
        for key in groups.keys.sorted() {
            guard let group = groups[key] else { continue }
            // Current pages first, then classic REST before its REST 3.0 twin, then by path.
            let ranked = group.sorted { lhs, rhs in
                let l = (lhs.deprecated ? 1 : 0, lhs.path.contains("/outdated/") ? 1 : 0, Self.isRESTv3(lhs) ? 1 : 0, lhs.path)
                let r = (rhs.deprecated ? 1 : 0, rhs.path.contains("/outdated/") ? 1 : 0, Self.isRESTv3(rhs) ? 1 : 0, rhs.path)
                return l < r
            }
            selected.append(ranked[0])
            for other in ranked.dropFirst() {
                let reason = Self.isRESTv3(other) && !Self.isRESTv3(ranked[0])
                    ? "REST 3.0 twin of \(ranked[0].path), which is generated: REST 3.0 methods are called at /rest/api/ with another reply format, which the runtime does not support yet"
                    : "duplicate of \(ranked[0].path)"
                coverage.skipped.append(.init(path: other.path, kind: kind.rawValue, name: other.name, reason: reason))
                diagnostics.append(Diagnostic(path: other.path, line: other.line, message: "\(kind.rawValue) '\(other.name ?? "")' is also documented in \(ranked[0].path), which is used"))
            }
        }
        return selected
    }

    /// A page of the REST 3.0 version of a method (`tasks-task-add-rest-v3.html`), which the docs publish
    /// beside the classic page of the same name.
    static func isRESTv3(_ page: Page) -> Bool {
        page.path.hasSuffix("-rest-v3.html")
    }

    static func isMethodName(_ name: String) -> Bool {
        let segments = name.split(separator: ".", omittingEmptySubsequences: false)
        return !segments.isEmpty && segments.allSatisfy { segment in
            !segment.isEmpty && segment.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                && segment.first?.isLetter == true
        }
    }

    static func isEventName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" || $0 == ".") }
    }

    // MARK: Build

    mutating func build(_ input: DocModel) -> ClientVM {
        let pages = input.pages.sorted { $0.path < $1.path }
        let methods = select(.restMethod, from: pages, valid: Self.isMethodName)
        let events = select(.restEvent, from: pages, valid: Self.isEventName)
        let commands = select(.placementCommand, from: pages, valid: Self.isEventName)
        let placementEvents = select(.placementEvent, from: pages, valid: Self.isEventName)
        coverage.entryPoints = [
            .init(kind: PageKind.restMethod.rawValue, count: methods.count),
            .init(kind: PageKind.restEvent.rawValue, count: events.count),
            .init(kind: PageKind.placementCommand.rawValue, count: commands.count),
            .init(kind: PageKind.placementEvent.rawValue, count: placementEvents.count),
        ]

        var global = NameScope(reserved: Naming.reservedTypeNames + context.globalAliasNames + ["Bitrix24Event"])

        // Namespaces: merged case-insensitively; the spelling with the most capitals wins.
        var spellings: [String: [String]] = [:]
        for page in methods {
            let segments = (page.name ?? "").split(separator: ".").map(String.init)
            for depth in 0..<max(0, segments.count - 1) {
                let key = segments[0...depth].map { $0.lowercased() }.joined(separator: ".")
                spellings[key, default: []].append(segments[depth])
            }
        }
        if !commands.isEmpty || !placementEvents.isEmpty, spellings["placement"] == nil {
            spellings["placement"] = ["placement"]
        }
        var displays: [String: String] = [:]
        for (key, options) in spellings {
            displays[key] = options.min { lhs, rhs in
                let l = lhs.utf8.filter { $0 >= 0x41 && $0 <= 0x5A }.count
                let r = rhs.utf8.filter { $0 >= 0x41 && $0 <= 0x5A }.count
                return l != r ? l > r : lhs < rhs
            } ?? key
        }
        func display(_ key: String) -> String { displays[key] ?? key }
        func displayPath(_ key: String) -> [String] {
            let parts = key.split(separator: ".").map(String.init)
            return parts.indices.map { display(parts[0...$0].joined(separator: ".")) }
        }
        let namespaceKeys = spellings.keys.sorted()
        var apiTypes: [String: String] = ["": "Bitrix24Client"]
        var requestsTypes: [String: String] = ["": "Bitrix24Requests"]
        for key in namespaceKeys {
            let override = configuration.override("namespace", key)
            let base = override ?? Naming.typeName(displayPath(key))
            apiTypes[key] = global.claim(base + "API", for: key)
            requestsTypes[key] = global.claim(base + "Requests", for: key)
        }

        // Members of each namespace level: child namespaces first, then methods.
        var memberScopes: [String: NameScope] = [:]
        func parentKey(_ key: String) -> String {
            guard let dot = key.lastIndex(of: ".") else { return "" }
            return String(key[..<dot])
        }
        var namespaces: [NamespaceVM] = []
        for key in namespaceKeys {
            let parent = parentKey(key)
            var scope = memberScopes[parent] ?? NameScope(reserved: parent.isEmpty ? Self.clientReserved : ["client", "init"])
            let segment = display(key).isEmpty ? key : display(key)
            var wanted = configuration.override("namespace", key).map { Naming.namespaceMember($0) } ?? Naming.namespaceMember(segment)
            if parent.isEmpty, Self.clientReserved.contains(Naming.bare(wanted)) {
                // `b24.call` is the runtime's; the `call.*` methods live under `b24.callMethods`.
                wanted = Naming.bare(wanted) + "Methods"
            }
            let member = scope.claim(wanted, for: key)
            if member != wanted {
                diagnostics.append(Diagnostic(path: "", line: 0, message: "namespace '\(key)' would be '\(Naming.bare(wanted))', which is taken; using '\(member)'"))
            }
            memberScopes[parent] = scope
            let path = displayPath(key).joined(separator: ".")
            namespaces.append(NamespaceVM(
                namespaceDoc: ["/// The `\(path).*` methods."],
                apiType: apiTypes[key] ?? "", requestsType: requestsTypes[key] ?? "", memberName: member,
                parentAPIType: apiTypes[parent] ?? "Bitrix24Client", parentRequestsType: requestsTypes[parent] ?? "Bitrix24Requests",
                clientExpression: parent.isEmpty ? "self" : "client", isTopLevel: parent.isEmpty,
                hasPlacementHelpers: key == "placement" && (!commands.isEmpty || !placementEvents.isEmpty),
                hasEventHelpers: key == "event"
            ))
        }

        // Method enums claim their type names before events and widget types.
        var methodVMs: [MethodVM] = []
        var methodEnums: [(Page, String)] = []
        for page in methods {
            let name = page.name ?? ""
            let segments = name.split(separator: ".").map(String.init)
            let key = segments.dropLast().map { $0.lowercased() }.joined(separator: ".")
            let path = segments.dropLast().isEmpty ? [] : displayPath(key)
            let wanted = Naming.typeName(path + [segments.last ?? name])
            methodEnums.append((page, global.claim(wanted, for: name)))
        }
        var errorCodes = ErrorCodeCollector(configuration: configuration)
        // Names first (in order), then the methods' view models on all cores, then their contributions
        // to the builder's state in the methods' order: the result does not depend on the scheduling.
        var plans: [MethodPlan] = []
        for (page, enumName) in methodEnums {
            let name = page.name ?? ""
            let segments = name.split(separator: ".").map(String.init)
            let key = segments.dropLast().map { $0.lowercased() }.joined(separator: ".")
            let fullKey = name.lowercased()
            if spellings[fullKey] != nil {
                // A method named like a namespace (`im.notify` beside `im.notify.*`): the namespace is callable.
                plans.append(MethodPlan(
                    page: page, enumName: enumName, funcName: "callAsFunction", apiType: apiTypes[fullKey] ?? "Bitrix24Client",
                    requestsType: requestsTypes[fullKey] ?? "Bitrix24Requests", isRoot: false, rename: nil
                ))
                continue
            }
            var scope = memberScopes[key] ?? NameScope(reserved: key.isEmpty ? Self.clientReserved : ["client", "init"])
            let leaf = segments.last ?? name
            let wanted = configuration.override("method", name).map(Naming.namespaceMember) ?? Naming.namespaceMember(leaf)
            let funcName = scope.claim(wanted, for: name)
            var rename: Diagnostic?
            if funcName != wanted {
                rename = Diagnostic(path: page.path, line: page.line, message: "method '\(name)' would be '\(Naming.bare(wanted))', which is taken; using '\(funcName)'")
            }
            memberScopes[key] = scope
            plans.append(MethodPlan(
                page: page, enumName: enumName, funcName: funcName, apiType: apiTypes[key] ?? "Bitrix24Client",
                requestsType: requestsTypes[key] ?? "Bitrix24Requests", isRoot: key.isEmpty, rename: rename
            ))
        }
        let builder = self
        let prepared = plans.concurrentMap { plan in
            builder.prepareMethod(
                plan.page, enumName: plan.enumName, funcName: plan.funcName, apiType: plan.apiType,
                requestsType: plan.requestsType, isRoot: plan.isRoot
            )
        }
        for (plan, method) in zip(plans, prepared) {
            if let rename = plan.rename { diagnostics.append(rename) }
            methodVMs.append(finishMethod(method, errorCodes: &errorCodes))
        }

        var caseScope = NameScope(reserved: ["unknown", "name", "payload", "init"])
        var eventVMs: [EventVM] = []
        for page in events {
            eventVMs.append(buildEvent(page, global: &global, cases: &caseScope))
        }
        var commandScope = NameScope(reserved: ["request", "name", "placement", "parameters", "init"])
        let commandVMs = commands.map { buildCommand($0, global: &global, statics: &commandScope) }
        var placementEventScope = NameScope(reserved: ["name", "placement", "bindRequest", "init", "hashValue"])
        let placementEventVMs = placementEvents.map { buildPlacementEvent($0, global: &global, statics: &placementEventScope) }

        for page in pages where page.kind == .restMethod || page.kind == .restEvent {
            for error in page.errors where error.system {
                errorCodes.add(error, method: nil)
            }
        }
        diagnostics += errorCodes.diagnostics
        diagnostics += global.renames.map {
            Diagnostic(path: "", line: 0, severity: .note, message: "type name '\($0.wanted)' of '\($0.original)' is taken; using '\($0.given)'")
        }

        var aliases: [DirectoryTypeVM] = []
        for name in usedAliases.keys.sorted() {
            guard case .alias(_, let base)? = usedAliases[name] else { continue }
            aliases.append(DirectoryTypeVM(
                aliasDoc: ["/// An entry of the `\(aliasSources[name] ?? name)` directory, as the portal identifies it."],
                aliasName: name, aliasBase: base.code
            ))
        }

        return ClientVM(
            access: configuration.accessModifier.rawValue, namespaces: namespaces, methods: methodVMs, events: eventVMs,
            commands: commandVMs, placementEvents: placementEventVMs, errorCodes: errorCodes.constants(),
            directoryTypes: aliases
        )
    }

    // MARK: Aliases in use

    mutating func noteAlias(_ type: SwiftType) {
        switch type {
        case .alias(let name, _): if usedAliases[name] == nil { usedAliases[name] = type }
        case .array(let element): noteAlias(element)
        case .dictionary(let value): noteAlias(value)
        default: break
        }
    }

    // MARK: Doc comments

    func pageURL(_ page: Page) -> String {
        configuration.documentationBaseURL + page.path
    }

    func summaryLines(_ page: Page) -> DocLines {
        let summary = page.summary.map { Docs.shortened($0, limit: 400) } ?? ""
        let text = summary.isEmpty ? (page.title.isEmpty ? "`\(page.name ?? "")`" : page.title) : summary
        return Docs.lines(text)
    }

    func facts(_ page: Page) -> DocLines {
        var lines: DocLines = []
        if !page.scopes.isEmpty {
            lines += Docs.lines(page.scopes.map { "`\($0)`" }.joined(separator: ", "), lead: "- Scope: ", indent: "  ")
        }
        if let who = page.whoCan, !who.isEmpty {
            lines += Docs.lines(Docs.shortened(who, limit: 200), lead: "- Who may call: ", indent: "  ")
        }
        if let placement = page.placement, !placement.isEmpty {
            lines += Docs.lines("`\(placement)`", lead: "- Placement: ", indent: "  ")
        }
        if page.deprecated {
            let notice = page.deprecation.map { Docs.shortened($0.message, limit: 240) } ?? ""
            lines += Docs.lines(notice.isEmpty ? "see the documentation." : notice, lead: "- Deprecated: ", indent: "  ")
        }
        return lines
    }

    func deprecationAttribute(_ page: Page) -> [String] {
        guard page.deprecated else { return [] }
        let message: String
        if let replacement = page.deprecation?.replacement, !replacement.isEmpty {
            message = "Use \(replacement) instead."
        } else {
            message = "Deprecated in the Bitrix24 documentation."
        }
        return ["@available(*, deprecated, message: \(Docs.literal(message)))"]
    }

    // MARK: Methods

    /// A method's names, decided in order before the methods are built concurrently.
    struct MethodPlan: Sendable {
        var page: Page
        var enumName: String
        var funcName: String
        var apiType: String
        var requestsType: String
        var isRoot: Bool
        /// The diagnostic about a taken member name, if any.
        var rename: Diagnostic?
    }

    /// A method's view model without its error list, and what building it contributes to the builder's
    /// state; computed without touching that state, so methods can be prepared concurrently.
    struct PreparedMethod: Sendable {
        var method: MethodVM
        var page: Page
        var diagnostics: [Diagnostic]
        var types: NestedTypeBuilder
        var resultType: SwiftType
    }

    /// Adds a prepared method to the builder's state (in the methods' order): diagnostics, coverage,
    /// aliases in use and error codes, which give the method its error list.
    mutating func finishMethod(_ prepared: PreparedMethod, errorCodes: inout ErrorCodeCollector) -> MethodVM {
        let types = prepared.types
        diagnostics += prepared.diagnostics
        coverage.restMethodParameters += types.counted
        coverage.concreteParameters += types.concrete
        coverage.nonConcreteTypes.merge(types.nonConcreteTypes, uniquingKeysWith: +)
        for type in types.resolvedTypes { noteAlias(type) }
        aliasSources.merge(types.aliasSources) { first, _ in first }
        noteAlias(prepared.resultType)
        let name = prepared.page.name ?? ""
        var ownErrors: [String] = []
        for error in prepared.page.errors where !error.system {
            if let constant = errorCodes.add(error, method: name), !ownErrors.contains(".\(constant)") {
                ownErrors.append(".\(constant)")
            }
        }
        var method = prepared.method
        method.errorList = ownErrors.joined(separator: ", ")
        return method.with(diagnostics: &diagnostics, from: types)
    }

    /// The part of building a method that reads only the page and the configuration (run concurrently;
    /// ``finishMethod(_:errorCodes:)`` then adds the result to the builder's state, in order).
    func prepareMethod(
        _ page: Page, enumName: String, funcName: String, apiType: String, requestsType: String, isRoot: Bool
    ) -> PreparedMethod {
        var diagnostics: [Diagnostic] = []
        let name = page.name ?? ""
        var types = NestedTypeBuilder(qualifier: enumName, page: page, context: context, reserved: ["method", "errors", "request"])
        types.countParameters = true
        var labels = NameScope(reserved: ["client", "parameters"])
        var arguments: [ArgumentVM] = []
        var parameterDocs: DocLines = []
        var seen = Set<String>()
        for row in Node.restructure(page.parameters.map(Node.init)) {
            let key = row.name.trimmingSpaces()
            if key.isEmpty || Naming.isPlaceholder(key) || !seen.insert(key).inserted {
                if !key.isEmpty {
                    diagnostics.append(Diagnostic(path: page.path, line: row.line, message: "parameter '\(key)' of \(name) becomes no argument (placeholder or listed twice)"))
                }
                continue
            }
            let wanted = configuration.override("member", key) ?? Naming.argumentLabel(key)
            let label = labels.claim(wanted, for: key)
            if label != wanted {
                diagnostics.append(Diagnostic(path: page.path, line: row.line, message: "argument '\(Naming.bare(wanted))' of \(name) is taken; '\(key)' becomes '\(label)'"))
            }
            let type = types.resolve(row, hint: key, prefix: "")
            arguments.append(ArgumentVM(
                label: label, typeCode: row.required ? type.code : type.code + "?",
                defaultClause: row.required ? "" : " = nil", keyLiteral: Docs.literal(key),
                setter: type.isYesNo ? "setYesNo" : "set", comma: ", "
            ))
            let description = types.describe(row)
            parameterDocs += Docs.lines(description.isEmpty ? "`\(key)`." : description, lead: "  - \(Naming.bare(label)): ", indent: "    ")
        }
        if !arguments.isEmpty { arguments[arguments.count - 1].comma = "" }
        types.countParameters = false

        // The result.
        let returns = page.returns.map(Node.init)
        let envelope: Set<String> = ["time", "total", "next"]
        var resultType: SwiftType = .json
        var resultDoc = ""
        if let result = returns.first(where: { $0.name.lowercased() == "result" }) {
            resultType = types.resolve(result, hint: "Result", prefix: "")
            resultDoc = Docs.shortened(result.description, limit: 200)
        } else {
            let fields = returns.filter { !envelope.contains($0.name.lowercased()) }
            if !fields.isEmpty {
                resultType = .record(types.makeRecord(fields, hint: "Result", prefix: "", node: nil))
            }
        }

        // Paging and retries.
        let leaf = (name.split(separator: ".").last.map(String.init) ?? name).lowercased()
        let parameterKeys = Set(page.parameters.map { $0.name.lowercased() })
        var pagingClause = ""
        var rowType: SwiftType?
        if leaf == "list" || leaf.hasSuffix("list") || parameterKeys.contains("start") {
            let rows = returns.first { row in
                !envelope.contains(row.name.lowercased()) && row.name.lowercased() != "result"
                    && ["object", "array", "object[]"].contains((row.type ?? "").lowercased())
            }
            if let rows {
                // `result[rowsKey]` holds the rows: the request's result is the row array.
                var element = types.resolve(rows, hint: "Row", prefix: "")
                if case .array(let inner) = element { element = inner }
                resultType = .array(element)
            }
            if case .array(let element) = resultType { rowType = element }
            let rowsKey = rows.map { Docs.literal($0.name) } ?? "nil"
            let idField = parameterKeys.contains("filter") && parameterKeys.contains("order") ? "\"ID\"" : "nil"
            pagingClause = ", paging: Bitrix24MethodInfo.Paging(rowsKey: \(rowsKey), idField: \(idField))"
        }
        let retry: String
        let reads = ["get", "list", "fields", "search", "count", "current", "status", "info", "version"]
        let idempotent = ["update", "delete", "set", "unbind", "remove", "clear", "edit"]
        if reads.contains(where: { leaf == $0 || leaf.hasPrefix($0) }) {
            retry = ".read"
        } else if idempotent.contains(where: { leaf == $0 || leaf.hasPrefix($0) }) {
            retry = ".idempotentWrite"
        } else {
            retry = ".write"
        }

        // Errors (their constants, and so the error list, come in `finishMethod`).
        var errorDocs: DocLines = []
        for error in page.errors where !error.system {
            let code = error.code.trimmingSpaces()
            let description = Docs.shortened(error.description, limit: 160)
            errorDocs += Docs.lines(description, lead: "  - `\(code.isEmpty ? "(empty)" : code)`" + (description.isEmpty ? "" : ": "), indent: "    ")
        }

        // Docs.
        var apiDoc = summaryLines(page)
        let facts = facts(page)
        if !facts.isEmpty { apiDoc += ["///"] + facts }
        if !parameterDocs.isEmpty { apiDoc += ["///", "/// - Parameters:"] + parameterDocs }
        let isSequence = rowType != nil && retry == ".read"
        if isSequence {
            apiDoc += ["///", "/// - Returns: Every row, fetched a page at a time as you iterate; iterating throws the portal's",
                       "///   error (see `\(enumName).errors`) or a transport error."]
        } else {
            apiDoc += ["///"] + Docs.lines(resultDoc.isEmpty ? "The method's `result`." : resultDoc, lead: "- Returns: ", indent: "  ")
            apiDoc += ["/// - Throws: The portal's error (see `\(enumName).errors`) or a transport error."]
        }
        if !errorDocs.isEmpty { apiDoc += ["///", "/// Errors this method documents:"] + errorDocs }
        apiDoc += ["///", "/// Documentation: <\(pageURL(page))>"]
        var requestsDoc = summaryLines(page)
        requestsDoc += ["///", "/// Builds the `\(name)` request without sending it (for batches).", "///", "/// Documentation: <\(pageURL(page))>"]
        let enumDoc = ["/// `\(name)`: metadata, request builder and nested types.", "///", "/// Documentation: <\(pageURL(page))>"]

        let method = MethodVM(
            methodName: name, methodNameLiteral: Docs.literal(name), enumName: enumName, enumDoc: enumDoc,
            apiType: apiType, requestsType: requestsType, funcName: funcName, apiDoc: apiDoc, requestsDoc: requestsDoc,
            deprecation: deprecationAttribute(page), arguments: arguments, hasArguments: !arguments.isEmpty,
            forwardedArguments: arguments.map { "\(Naming.bare($0.label)): \($0.label)" }.joined(separator: ", "),
            resultType: resultType.code, retry: retry, pagingClause: pagingClause, errorList: "",
            nested: types.nested, isRoot: isRoot, clientReference: isRoot ? "self" : "client",
            isSequence: isSequence, rowType: rowType?.code ?? ""
        )
        return PreparedMethod(method: method, page: page, diagnostics: diagnostics, types: types, resultType: resultType)
    }

    mutating func noteAliases(_ types: NestedTypeBuilder) {
        for type in types.resolvedTypes { noteAlias(type) }
        aliasSources.merge(types.aliasSources) { first, _ in first }
    }

    // MARK: REST events

    mutating func buildEvent(_ page: Page, global: inout NameScope, cases: inout NameScope) -> EventVM {
        let name = page.name ?? ""
        let typeName = global.claim(Naming.typeName([name, "event"]), for: name)
        let wanted = Naming.entryPointMember(name)
        let caseName = cases.claim(wanted, for: name)
        if caseName != wanted {
            diagnostics.append(Diagnostic(path: page.path, line: page.line, message: "event case '\(Naming.bare(wanted))' is taken; '\(name)' becomes '\(caseName)'"))
        }
        var types = NestedTypeBuilder(qualifier: typeName, page: page, context: context)
        var rows = Node.restructure(page.parameters.map(Node.init))
        // The `auth` block is the same for every event: one hand-written type.
        for index in rows.indices where rows[index].name.lowercased() == "auth" {
            rows[index].type = "bitrix24_event_auth"
            rows[index].children = []
        }
        var payload = types.makeRootRecord(rows, name: typeName, doc: summaryLines(page))
        payload.recordDoc += ["///"] + facts(page) + ["///", "/// Documentation: <\(pageURL(page))>"]
        for type in types.resolvedTypes { noteAlias(type) }
        aliasSources.merge(types.aliasSources) { first, _ in first }
        diagnostics += types.diagnostics
        var caseDoc = Docs.lines("`\(name)`: " + (page.summary.map { Docs.shortened($0, limit: 160) } ?? page.title))
        if caseDoc.isEmpty { caseDoc = ["/// `\(name)`"] }
        return EventVM(
            eventName: name, eventNameLiteral: Docs.literal(name), eventNameUppercasedLiteral: Docs.literal(name.uppercased()), caseName: caseName,
            payloadType: typeName, eventDoc: payload.recordDoc, caseDoc: caseDoc, payload: payload, nested: types.nested,
            hasNestedTypes: !types.nested.isEmpty
        )
    }

    // MARK: Widget commands

    mutating func buildCommand(_ page: Page, global: inout NameScope, statics: inout NameScope) -> CommandVM {
        let name = page.name ?? ""
        let enumName = global.claim(Naming.typeName([name, "command"]), for: name)
        let wanted = Naming.entryPointMember(name)
        let staticName = statics.claim(wanted, for: name)
        var types = NestedTypeBuilder(qualifier: enumName, page: page, context: context)
        var labels = NameScope(reserved: ["parameters"])
        var arguments: [ArgumentVM] = []
        var parameterDocs: DocLines = []
        for row in Node.restructure(page.parameters.map(Node.init)) where !Naming.isPlaceholder(row.name) {
            let key = row.name.trimmingSpaces()
            guard !key.isEmpty else { continue }
            let label = labels.claim(Naming.argumentLabel(key), for: key)
            let type = types.resolve(row, hint: key, prefix: "")
            arguments.append(ArgumentVM(
                label: label, typeCode: row.required ? type.code : type.code + "?",
                defaultClause: row.required ? "" : " = nil", keyLiteral: Docs.literal(key),
                setter: type.isYesNo ? "setYesNo" : "set", comma: ", "
            ))
            let description = types.describe(row)
            parameterDocs += Docs.lines(description.isEmpty ? "`\(key)`." : description, lead: "  - \(Naming.bare(label)): ", indent: "    ")
        }
        if !arguments.isEmpty { arguments[arguments.count - 1].comma = "" }
        let fields = page.returns.map(Node.init).filter { !["time", "total", "next"].contains($0.name.lowercased()) }
        var resultType: SwiftType = .json
        if let result = fields.first(where: { $0.name.lowercased() == "result" }), fields.count == 1 {
            resultType = types.resolve(result, hint: "Result", prefix: "")
        } else if !fields.isEmpty {
            resultType = .record(types.makeRecord(fields, hint: "Result", prefix: "", node: nil))
        }
        types.resolvedTypes.append(resultType)
        for type in types.resolvedTypes { noteAlias(type) }
        aliasSources.merge(types.aliasSources) { first, _ in first }
        diagnostics += types.diagnostics
        var doc = summaryLines(page)
        let facts = facts(page)
        if !facts.isEmpty { doc += ["///"] + facts }
        if !parameterDocs.isEmpty { doc += ["///", "/// - Parameters:"] + parameterDocs }
        doc += ["///", "/// Send it with `b24.placement.call(_:)`.", "///", "/// Documentation: <\(pageURL(page))>"]
        return CommandVM(
            commandName: name, commandNameLiteral: Docs.literal(name),
            placementLiteral: page.placement.map(Docs.literal) ?? "nil", staticName: staticName, commandDoc: doc,
            arguments: arguments, hasArguments: !arguments.isEmpty, resultType: resultType.code, typesEnumName: enumName,
            typesEnumDoc: ["/// The types of the `\(name)` widget command."], nested: types.nested,
            hasNestedTypes: !types.nested.isEmpty
        )
    }

    // MARK: Widget events

    mutating func buildPlacementEvent(_ page: Page, global: inout NameScope, statics: inout NameScope) -> PlacementEventVM {
        let name = page.name ?? ""
        let enumName = global.claim(Naming.typeName([name, "event"]), for: name)
        let staticName = statics.claim(Naming.entryPointMember(name), for: name)
        var types = NestedTypeBuilder(qualifier: enumName, page: page, context: context)
        let rows = Node.restructure(page.parameters.map(Node.init)).filter { row in
            let lower = row.name.lowercased()
            let type = (row.type ?? "").lowercased()
            return !((lower == "event" && type.hasPrefix("string")) || lower == "callback" || type == "callable")
        }
        var handlerType: SwiftType = .json
        if rows.count == 1, ["eventdata", "data", "result"].contains(rows[0].name.lowercased()) {
            handlerType = types.resolve(rows[0], hint: "Data", prefix: "")
        } else if !rows.isEmpty {
            handlerType = .record(types.makeRecord(rows, hint: "Data", prefix: "", node: nil))
        }
        types.resolvedTypes.append(handlerType)
        for type in types.resolvedTypes { noteAlias(type) }
        aliasSources.merge(types.aliasSources) { first, _ in first }
        diagnostics += types.diagnostics
        var doc = summaryLines(page)
        let facts = facts(page)
        if !facts.isEmpty { doc += ["///"] + facts }
        doc += ["///", "/// Bind a handler with `b24.placement.bindEvent(_:handler:)`; it receives `\(handlerType.code)`.",
                "///", "/// Documentation: <\(pageURL(page))>"]
        return PlacementEventVM(
            placementEventName: name, placementEventNameLiteral: Docs.literal(name),
            placementLiteral: page.placement.map(Docs.literal) ?? "nil", staticName: staticName, placementEventDoc: doc,
            handlerDataType: handlerType.code, typesEnumName: enumName,
            typesEnumDoc: ["/// The types of the `\(name)` widget event."], nested: types.nested,
            hasNestedTypes: !types.nested.isEmpty
        )
    }
}

extension MethodVM {
    func with(diagnostics: inout [Diagnostic], from types: NestedTypeBuilder) -> MethodVM {
        diagnostics += types.diagnostics
        return self
    }
}

/// Error codes across all pages: one static member per code (case-insensitive), first page wins.
struct ErrorCodeCollector {
    let configuration: GeneratorConfiguration
    var byCode: [String: (name: String, literal: String, description: String, methods: [String])] = [:]
    var order: [String] = []
    /// The methods listed per code, for a constant-time "already listed" check.
    var methodsByCode: [String: Set<String>] = [:]
    var scope: NameScope
    var diagnostics: [Diagnostic] = []

    init(configuration: GeneratorConfiguration) {
        self.configuration = configuration
        scope = NameScope(reserved: ["rawValue", "description", "hashValue", "init"] + configuration.runtimeErrorCodes.values.sorted())
    }

    /// ASCII letters, digits and `_`, with at least one letter (checked on UTF-8 bytes: any other byte,
    /// non-ASCII included, disqualifies the code, as the character checks did).
    static func isCode(_ code: String) -> Bool {
        var hasLetter = false
        for byte in code.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"): hasLetter = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): continue
            default: return false
            }
        }
        return hasLetter
    }

    /// Adds a documented error; returns its constant name when it gets one.
    @discardableResult
    mutating func add(_ error: ErrorCode, method: String?) -> String? {
        let code = error.code.trimmingSpaces()
        guard Self.isCode(code) else { return nil }
        let key = code.uppercased()
        if let member = configuration.runtimeErrorCodes[key] { return member }
        if let name = byCode[key]?.name {
            // In place: copying the entry out would copy its (for common codes, long) method list.
            if let method, methodsByCode[key, default: []].insert(method).inserted { byCode[key]?.methods.append(method) }
            return name
        }
        let name = scope.claim(configuration.override("value", code) ?? Naming.valueConstant(code), for: code)
        byCode[key] = (name, Docs.literal(code), Docs.shortened(error.description, limit: 200), method.map { [$0] } ?? [])
        if let method { methodsByCode[key, default: []].insert(method) }
        order.append(key)
        return name
    }

    func constants() -> [ErrorCodeVM] {
        order.sorted().compactMap { key in
            guard let entry = byCode[key] else { return nil }
            var doc = entry.description.isEmpty ? ["/// `\(Docs.sanitize(Docs.bareLiteral(entry.literal)))`"] : Docs.lines(entry.description)
            if !entry.methods.isEmpty {
                let listed = entry.methods.prefix(3).map { "`\($0)`" }.joined(separator: ", ")
                doc += Docs.lines("Returned by \(listed)\(entry.methods.count > 3 ? " and \(entry.methods.count - 3) more" : "").")
            } else {
                doc += ["/// A system error any method may return."]
            }
            return ErrorCodeVM(errorDoc: doc, errorName: entry.name, errorLiteral: entry.literal)
        }
    }
}

extension Docs {
    static func bareLiteral(_ literal: String) -> String {
        String(literal.dropFirst().dropLast())
    }
}
