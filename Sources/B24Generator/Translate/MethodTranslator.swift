import B24DocModel

/// A method's names, decided in order (they depend on every other method's) before the methods are translated
/// concurrently.
struct MethodPlan: Sendable {
    var page: Page
    var enumName: String
    var qualifiedEnum: String
    var enumHost: String
    var funcName: String
    var namespaceType: String
    var requestsType: String
    var isRoot: Bool
    var file: UnitFile
    /// The diagnostic about a taken member name, if any.
    var rename: Diagnostic?
    /// `v3` for a REST 3.0 method.
    var version: String?
}

/// A method's view model without its error list, and what translating it contributes to the translator's state;
/// computed from the page and the configuration alone, so methods can be prepared concurrently.
struct PreparedMethod: Sendable {
    var method: MethodVM
    var page: Page
    var diagnostics: [Diagnostic]
    var types: NestedTypeBuilder
    var resultType: SwiftType
    /// The row type of a list method, where its rows are and the spelling of their ID field.
    var rowType: SwiftType?
    var rowsKey: String?
    var idField: String?
    /// The retry class and why.
    var retry: RetryClassifier.Decision
}

/// One REST method page → its view model.
struct MethodTranslator: Sendable {
    let context: BuilderContext
    let docs: DocComments

    func prepare(_ plan: MethodPlan) -> PreparedMethod {
        let page = plan.page
        var types = NestedTypeBuilder(qualifier: plan.qualifiedEnum, page: page, context: context, reserved: ["method", "errors", "request"])
        types.countParameters = true
        let (arguments, parameterDocs, diagnostics) = Self.arguments(page, types: &types, context: context, isRESTv3: plan.version == "v3")
        types.countParameters = false
        types.readOnly = true
        let listing = Self.listing(page, family: plan.file.family, types: &types, isRESTv3: plan.version == "v3")
        let resultDoc = listing.resultDoc
        let retryDecision = RetryClassifier.classify(page, override: context.configuration.retryOverrides[page.name ?? ""])
        let retry = retryDecision.retryClass
        let isSequence = listing.rowType != nil && retry == "read"
        let method = MethodVM(
            file: plan.file, methodName: page.name ?? "", methodNameLiteral: Docs.literal(page.name ?? ""),
            enumName: plan.enumName, qualifiedEnum: plan.qualifiedEnum,
            enumDoc: ["/// `\(page.name ?? "")`: the method's metadata and types.", "///", docs.link(page)],
            namespaceType: plan.namespaceType, requestsType: plan.requestsType, enumHost: plan.enumHost, funcName: plan.funcName,
            apiDoc: apiDoc(page, parameterDocs: parameterDocs, resultDoc: resultDoc, isSequence: isSequence, plan: plan),
            requestsDoc: docs.summary(page) + ["///", "/// Builds the `\(page.name ?? "")` request without sending it (for batches).", "///", docs.link(page)],
            deprecationLiteral: docs.deprecationLiteral(page), arguments: arguments, hasArguments: !arguments.isEmpty,
            resultType: listing.resultType.code, retryClass: retry, paging: listing.paging, apiVersion: plan.version, errors: [], nested: types.nested,
            isRoot: plan.isRoot, isSequence: isSequence, rowType: isSequence ? listing.rowType?.code ?? "" : ""
        )
        return PreparedMethod(
            method: method, page: page, diagnostics: diagnostics + listing.diagnostics, types: types, resultType: listing.resultType,
            rowType: isSequence ? listing.rowType : nil, rowsKey: listing.rowsKey, idField: listing.idField, retry: retryDecision
        )
    }

    /// The function's arguments (one per top-level parameter row) and their doc lines; a REST 3.0 method's common
    /// parameters take the runtime's REST 3.0 types (see ``NestedTypeBuilder/resolveRESTv3Argument(_:hint:)``).
    static func arguments(
        _ page: Page, types: inout NestedTypeBuilder, context: BuilderContext, isRESTv3: Bool = false
    ) -> ([ArgumentVM], DocLines, [Diagnostic]) {
        let name = page.name ?? ""
        var diagnostics: [Diagnostic] = []
        var labels = NameScope(reserved: ["client", "parameters"])
        var arguments: [ArgumentVM] = []
        var docs: DocLines = []
        var seen = Set<String>()
        let bodies = page.requests.compactMap(\.body).filter { $0.kind == .object }
        for var row in Node.restructure(page.parameters.map(Node.init)) {
            if let note = Self.objectWhereTheTableSaysList(&row, bodies: bodies, page: page) { diagnostics.append(note) }
            let key = row.name.trimmingSpaces()
            if key.isEmpty || Naming.isPlaceholder(key) || !seen.insert(key).inserted {
                if !key.isEmpty {
                    diagnostics.append(Diagnostic(path: page.path, line: row.line, message: "parameter '\(key)' of \(name) becomes no argument (placeholder or listed twice)"))
                }
                continue
            }
            let wanted = context.configuration.override("member", key) ?? Naming.argumentLabel(key)
            let label = labels.claim(wanted, for: key)
            if label != wanted {
                diagnostics.append(Diagnostic(path: page.path, line: row.line, message: "argument '\(Naming.bare(wanted))' of \(name) is taken; '\(key)' becomes '\(label)'"))
            }
            let type = isRESTv3 ? types.resolveRESTv3Argument(row, hint: key) : types.resolve(row, hint: key, prefix: "")
            arguments.append(ArgumentVM(label: label, type: type, optional: !row.required, key: key))
            let description = types.describe(row)
            docs += Docs.lines(description.isEmpty ? "`\(key)`." : description, lead: "  - \(Naming.bare(label)): ", indent: "    ")
        }
        return (ArgumentVM.markingLast(arguments), docs, diagnostics)
    }

    /// A parameter the table types as a list (`array`) that the request examples send as an object: sent as
    /// `KEY[NAME]=…`, not `KEY[0][NAME]=…`, as the portal expects. The example wins; a note says so.
    static func objectWhereTheTableSaysList(_ row: inout Node, bodies: [JSONShape], page: Page) -> Diagnostic? {
        let name = row.name
        guard ["array", "object[]"].contains((row.type ?? "").lowercased()),
            let sent = bodies.compactMap({ $0[name] }).first, sent.kind == .object, !(sent.members ?? []).isEmpty, !sent.isIndexKeyedList
        else { return nil }
        row.type = "object"
        return Diagnostic(
            path: page.path, line: row.line, severity: .note,
            message: "the table types '\(row.name)' as a list but the request examples send an object; it is sent as one", context: page.name
        )
    }

    /// Whether the method lists rows a page at a time.
    static func isList(_ page: Page) -> Bool {
        let name = page.name ?? ""
        let leaf = (name.split(separator: ".").last.map(String.init) ?? name).lowercased()
        return leaf == "list" || leaf.hasSuffix("list") || page.parameters.contains { $0.name.lowercased() == "start" }
    }

    /// The result type (and for list methods the row type and paging), from the returned-data table and the response
    /// example (see ``ResultTyping``). A REST 3.0 list that takes no `pagination` is read in one request.
    static func listing(_ page: Page, family: String, types: inout NestedTypeBuilder, isRESTv3: Bool = false) -> Listing {
        let isList = isList(page)
        let matcher = types.context.exampleMatcher
        var typing = ResultTyping(page: page) { matcher?.match($0, family: family, entity: ExampleMatcher.entity(ofMethod: page.name)) }
        let plan = typing.plan(isList: isList)
        var listing = Listing(resultDoc: plan.result.map { Docs.shortened($0.description, limit: 200) } ?? "", diagnostics: typing.diagnostics)
        let resultType = plan.result.map { types.resolve($0, hint: "Result", prefix: "") } ?? .json
        listing.resultType = resultType
        guard isList else { return listing }
        var rowType: SwiftType?
        if let rows = plan.rows, plan.rowsKey != nil {
            rowType = types.resolve(rows, hint: "Row", prefix: "")
        } else if let sibling = legacyRows(page) {
            // No example to go by: the object or array the table lists beside `result`.
            var element = types.resolve(sibling, hint: "Row", prefix: "")
            if case .array(let inner) = element { element = inner }
            rowType = element
            listing.rowsKey = sibling.name
        } else if case .array(let element) = resultType {
            rowType = element
        }
        if plan.rowsKey != nil { listing.rowsKey = plan.rowsKey }
        if let rowType { listing.resultType = .array(rowType) }
        let keys = Set(page.parameters.map { $0.name.lowercased() })
        let keyset = keys.contains("filter") && keys.contains("order")
        let paginated = !isRESTv3 || keys.contains("pagination") || keys.contains { $0.hasPrefix("pagination.") || $0.hasPrefix("pagination[") }
        listing.paging = PagingVM(
            rowsKeyLiteral: listing.rowsKey.map(Docs.literal), idFieldLiteral: keyset ? Docs.literal(plan.idField ?? "ID") : nil,
            takesNoPagination: !paginated
        )
        listing.idField = keyset ? plan.idField ?? "ID" : nil
        listing.rowType = rowType
        return listing
    }

    /// The object or array a list method's table lists beside `result`, when there is no example to go by.
    private static func legacyRows(_ page: Page) -> Node? {
        guard !page.responseExamples.contains(where: { $0.shape?["result"] != nil }) else { return nil }
        return page.returns.map(Node.init).first { row in
            !["time", "total", "next", "result"].contains(row.name.lowercased())
                && ["object", "array", "object[]"].contains((row.type ?? "").lowercased())
        }
    }

    /// What ``listing(_:types:)`` decides.
    struct Listing {
        var resultDoc: String
        var diagnostics: [Diagnostic]
        var resultType: SwiftType = .json
        var rowType: SwiftType?
        var rowsKey: String?
        var idField: String?
        var paging: PagingVM?
    }

    func apiDoc(_ page: Page, parameterDocs: DocLines, resultDoc: String, isSequence: Bool, plan: MethodPlan) -> DocLines {
        var doc = docs.summaryAndFacts(page)
        if !parameterDocs.isEmpty { doc += ["///", "/// - Parameters:"] + parameterDocs }
        if isSequence {
            doc += ["///", "/// - Returns: Every row, fetched a page at a time as you iterate; iterating throws the portal's",
                    "///   error (see `\(plan.qualifiedEnum).errors`) or a transport error."]
        } else {
            doc += ["///"] + Docs.lines(resultDoc.isEmpty ? "The method's `result`." : resultDoc, lead: "- Returns: ", indent: "  ")
            doc += ["/// - Throws: The portal's error (see `\(plan.qualifiedEnum).errors`) or a transport error."]
        }
        var errorDocs: DocLines = []
        for error in page.errors where !error.system {
            let code = error.code.trimmingSpaces()
            let description = Docs.shortened(error.description, limit: 160)
            errorDocs += Docs.lines(description, lead: "  - `\(code.isEmpty ? "(empty)" : code)`" + (description.isEmpty ? "" : ": "), indent: "    ")
        }
        if !errorDocs.isEmpty { doc += ["///", "/// Errors this method documents:"] + errorDocs }
        return doc + ["///", docs.link(page)]
    }
}

extension ArgumentVM {
    /// An argument of `type`, sent under `key`.
    init(label: String, type: SwiftType, optional: Bool, key: String) {
        self.init(
            label: label, bareLabel: Naming.bare(label), typeCode: type.code, isOptional: optional,
            keyLiteral: Docs.literal(key), isYesNo: type.isYesNo, isLast: false
        )
    }

    /// `arguments` with the last one marked.
    static func markingLast(_ arguments: [ArgumentVM]) -> [ArgumentVM] {
        var arguments = arguments
        if !arguments.isEmpty { arguments[arguments.count - 1].isLast = true }
        return arguments
    }
}
