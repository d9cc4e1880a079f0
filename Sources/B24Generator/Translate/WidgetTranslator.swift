import B24DocModel

/// Widget command and widget event pages → static members of `Bitrix24PlacementCommand` / `Bitrix24PlacementEvent`,
/// their nested types in the family's `Widgets`.
struct WidgetTranslator {
    let context: BuilderContext
    let docs: DocComments

    func command(_ page: Page, widgetsHost: String, typesEnumName: String, staticName: String, file: UnitFile) -> (CommandVM, NestedTypeBuilder) {
        let name = page.name ?? ""
        var types = NestedTypeBuilder(qualifier: widgetsHost + "." + typesEnumName, page: page, context: context)
        var labels = NameScope(reserved: ["parameters"])
        var arguments: [ArgumentVM] = []
        var parameterDocs: DocLines = []
        for row in Node.restructure(page.parameters.map(Node.init)) where !Naming.isPlaceholder(row.name) {
            let key = row.name.trimmingSpaces()
            guard !key.isEmpty else { continue }
            let label = labels.claim(Naming.argumentLabel(key), for: key)
            let type = types.resolve(row, hint: key, prefix: "")
            arguments.append(ArgumentVM(label: label, type: type, optional: !row.required, key: key))
            let description = types.describe(row)
            parameterDocs += Docs.lines(description.isEmpty ? "`\(key)`." : description, lead: "  - \(Naming.bare(label)): ", indent: "    ")
        }
        types.readOnly = true
        // The result as the table and the example show it; a command that answers nothing (`[]`, or nothing
        // documented) succeeds with `Bitrix24Done`. An interface error arrives with HTTP 200 and is thrown.
        var typing = ResultTyping(page: page)
        var resultType = typing.plan(isList: false).result.map { types.resolve($0, hint: "Result", prefix: "") } ?? .json
        if !resultType.isTyped { resultType = .record("Bitrix24Done") }
        types.resolvedTypes.append(resultType)
        var doc = docs.summaryAndFacts(page)
        if !parameterDocs.isEmpty { doc += ["///", "/// - Parameters:"] + parameterDocs }
        doc += ["///", "/// Send it with `b24.placement.call(_:)`; an interface error the widget reports (answered with HTTP 200) is",
                "/// thrown as a `Bitrix24Error` of kind `.interface` with its code.", "///", docs.link(page)]
        let command = CommandVM(
            file: file, commandName: name, commandNameLiteral: Docs.literal(name), placementLiteral: page.placement.map(Docs.literal),
            staticName: staticName, commandDoc: doc, arguments: ArgumentVM.markingLast(arguments), hasArguments: !arguments.isEmpty,
            resultType: resultType.code, typesEnumName: typesEnumName, widgetsHost: widgetsHost,
            typesEnumDoc: ["/// The types of the `\(name)` widget command."], nested: types.nested, hasNestedTypes: !types.nested.isEmpty
        )
        return (command, types)
    }

    func event(_ page: Page, widgetsHost: String, typesEnumName: String, staticName: String, file: UnitFile) -> (PlacementEventVM, NestedTypeBuilder) {
        let name = page.name ?? ""
        var types = NestedTypeBuilder(qualifier: widgetsHost + "." + typesEnumName, page: page, context: context)
        types.readOnly = true
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
        var doc = docs.summaryAndFacts(page)
        doc += ["///", "/// Bind a handler with `b24.placement.bindEvent(_:handler:)`; it receives `\(handlerType.code)`.", "///", docs.link(page)]
        let event = PlacementEventVM(
            file: file, placementEventName: name, placementEventNameLiteral: Docs.literal(name),
            placementLiteral: page.placement.map(Docs.literal), staticName: staticName, placementEventDoc: doc,
            handlerDataType: handlerType.code, typesEnumName: typesEnumName, widgetsHost: widgetsHost,
            typesEnumDoc: ["/// The types of the `\(name)` widget event."], nested: types.nested, hasNestedTypes: !types.nested.isEmpty
        )
        return (event, types)
    }
}
