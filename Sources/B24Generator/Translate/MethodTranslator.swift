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
}

/// A method's view model without its error list, and what translating it contributes to the translator's state;
/// computed from the page and the configuration alone, so methods can be prepared concurrently.
struct PreparedMethod: Sendable {
    var method: MethodVM
    var page: Page
    var diagnostics: [Diagnostic]
    var types: NestedTypeBuilder
    var resultType: SwiftType
    /// The row type of a list method.
    var rowType: SwiftType?
}

/// One REST method page → its view model.
struct MethodTranslator: Sendable {
    let context: BuilderContext
    let docs: DocComments

    func prepare(_ plan: MethodPlan) -> PreparedMethod {
        let page = plan.page
        var types = NestedTypeBuilder(qualifier: plan.qualifiedEnum, page: page, context: context, reserved: ["method", "errors", "request"])
        types.countParameters = true
        let (arguments, parameterDocs, diagnostics) = Self.arguments(page, types: &types, context: context)
        types.countParameters = false
        let (resultType, resultDoc) = Self.result(page, types: &types)
        let listing = Self.listing(page, resultType: resultType, types: &types)
        let retry = Self.retryClass(page)
        let isSequence = listing.rowType != nil
        let method = MethodVM(
            file: plan.file, methodName: page.name ?? "", methodNameLiteral: Docs.literal(page.name ?? ""),
            enumName: plan.enumName, qualifiedEnum: plan.qualifiedEnum,
            enumDoc: ["/// `\(page.name ?? "")`: the method's metadata and types.", "///", docs.link(page)],
            namespaceType: plan.namespaceType, requestsType: plan.requestsType, enumHost: plan.enumHost, funcName: plan.funcName,
            apiDoc: apiDoc(page, parameterDocs: parameterDocs, resultDoc: resultDoc, isSequence: isSequence, plan: plan),
            requestsDoc: docs.summary(page) + ["///", "/// Builds the `\(page.name ?? "")` request without sending it (for batches).", "///", docs.link(page)],
            deprecationLiteral: docs.deprecationLiteral(page), arguments: arguments, hasArguments: !arguments.isEmpty,
            resultType: listing.resultType.code, retryClass: retry, paging: listing.paging, errors: [], nested: types.nested,
            isRoot: plan.isRoot, isSequence: isSequence, rowType: listing.rowType?.code ?? ""
        )
        return PreparedMethod(
            method: method, page: page, diagnostics: diagnostics, types: types, resultType: listing.resultType, rowType: listing.rowType
        )
    }

    /// The function's arguments (one per top-level parameter row) and their doc lines.
    static func arguments(_ page: Page, types: inout NestedTypeBuilder, context: BuilderContext) -> ([ArgumentVM], DocLines, [Diagnostic]) {
        let name = page.name ?? ""
        var diagnostics: [Diagnostic] = []
        var labels = NameScope(reserved: ["client", "parameters"])
        var arguments: [ArgumentVM] = []
        var docs: DocLines = []
        var seen = Set<String>()
        for row in Node.restructure(page.parameters.map(Node.init)) {
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
            let type = types.resolve(row, hint: key, prefix: "")
            arguments.append(ArgumentVM(label: label, type: type, optional: !row.required, key: key))
            let description = types.describe(row)
            docs += Docs.lines(description.isEmpty ? "`\(key)`." : description, lead: "  - \(Naming.bare(label)): ", indent: "    ")
        }
        return (ArgumentVM.markingLast(arguments), docs, diagnostics)
    }

    /// The type of `result` and its description.
    static func result(_ page: Page, types: inout NestedTypeBuilder) -> (SwiftType, String) {
        let returns = page.returns.map(Node.init)
        if let result = returns.first(where: { $0.name.lowercased() == "result" }) {
            return (types.resolve(result, hint: "Result", prefix: ""), Docs.shortened(result.description, limit: 200))
        }
        let envelope: Set<String> = ["time", "total", "next"]
        let fields = returns.filter { !envelope.contains($0.name.lowercased()) }
        guard !fields.isEmpty else { return (.json, "") }
        return (.record(types.makeRecord(fields, hint: "Result", prefix: "", node: nil)), "")
    }

    /// For list methods: the row type, the request's result type (the rows) and the paging metadata.
    static func listing(_ page: Page, resultType: SwiftType, types: inout NestedTypeBuilder) -> (resultType: SwiftType, rowType: SwiftType?, paging: PagingVM?) {
        let name = page.name ?? ""
        let leaf = (name.split(separator: ".").last.map(String.init) ?? name).lowercased()
        let parameterKeys = Set(page.parameters.map { $0.name.lowercased() })
        guard leaf == "list" || leaf.hasSuffix("list") || parameterKeys.contains("start") else { return (resultType, nil, nil) }
        let envelope: Set<String> = ["time", "total", "next", "result"]
        let rows = page.returns.map(Node.init).first { row in
            !envelope.contains(row.name.lowercased()) && ["object", "array", "object[]"].contains((row.type ?? "").lowercased())
        }
        var listType = resultType
        if let rows {
            // `result[rowsKey]` holds the rows: the request's result is the row array.
            var element = types.resolve(rows, hint: "Row", prefix: "")
            if case .array(let inner) = element { element = inner }
            listType = .array(element)
        }
        var rowType: SwiftType?
        if case .array(let element) = listType { rowType = element }
        let idField = parameterKeys.contains("filter") && parameterKeys.contains("order") ? Docs.literal("ID") : nil
        let paging = PagingVM(rowsKeyLiteral: rows.map { Docs.literal($0.name) }, idFieldLiteral: idField)
        return (listType, Self.retryClass(page) == "read" ? rowType : nil, paging)
    }

    /// How the runtime may retry the method (the verb of its name, for now).
    static func retryClass(_ page: Page) -> String {
        let name = page.name ?? ""
        let leaf = (name.split(separator: ".").last.map(String.init) ?? name).lowercased()
        let reads = ["get", "list", "fields", "search", "count", "current", "status", "info", "version"]
        let idempotent = ["update", "delete", "set", "unbind", "remove", "clear", "edit"]
        if reads.contains(where: { leaf == $0 || leaf.hasPrefix($0) }) { return "read" }
        if idempotent.contains(where: { leaf == $0 || leaf.hasPrefix($0) }) { return "idempotentWrite" }
        return "write"
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
