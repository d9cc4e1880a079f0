import B24DocModel

/// One REST event page → its payload type (in its family's `Events`) and its `Bitrix24EventName` constant.
struct EventTranslator {
    let context: BuilderContext
    let docs: DocComments

    /// - Parameters:
    ///   - typeName: the payload's name, claimed in the family's `Events` (`OnCRMDealAdd`).
    ///   - nameMember: the `Bitrix24EventName` member, claimed among all events (`onCRMDealAdd`).
    func translate(_ page: Page, eventsHost: String, typeName: String, nameMember: String, file: UnitFile) -> (EventVM, NestedTypeBuilder) {
        let name = page.name ?? ""
        let qualified = eventsHost + "." + typeName
        var types = NestedTypeBuilder(qualifier: qualified, page: page, context: context)
        types.readOnly = true
        var rows = Node.restructure(page.parameters.map(Node.init))
        // The `auth` block is the same for every event: one hand-written type.
        for index in rows.indices where rows[index].name.lowercased() == "auth" {
            rows[index].type = "bitrix24_event_auth"
            rows[index].children = []
        }
        var payload = types.makeRootRecord(rows, name: typeName, doc: docs.summary(page))
        payload.recordDoc += ["///"] + docs.facts(page) + ["///", "/// Decode a delivery with `Bitrix24Event.payload(\(qualified).self)`.", "///", docs.link(page)]
        payload.eventNameMember = nameMember
        var nameDoc = Docs.lines("`\(name)`: " + (page.summary.map { Docs.shortened($0, limit: 160) } ?? page.title))
        if nameDoc.isEmpty { nameDoc = ["/// `\(name)`"] }
        let event = EventVM(
            file: file, eventName: name, eventNameLiteral: Docs.literal(name), nameMember: nameMember, nameDoc: nameDoc,
            eventsHost: eventsHost, payload: payload, nested: types.nested, hasNestedTypes: !types.nested.isEmpty,
            qualifiedPayload: qualified
        )
        return (event, types)
    }
}
