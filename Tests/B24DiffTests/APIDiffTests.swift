import B24Diff
import B24DocModel
import Foundation
import Testing

private func method(
    _ name: String, path: String? = nil, kind: PageKind = .restMethod, parameters: [Parameter] = [], returns: [Field] = [],
    deprecated: Bool = false, replacement: String? = nil
) -> Page {
    Page(path: path ?? "api-reference/x/\(name.replacingOccurrences(of: ".", with: "-")).html", kind: kind, name: name,
         title: name, deprecated: deprecated, deprecation: deprecated ? Deprecation(message: "Deprecated.", replacement: replacement) : nil,
         parameters: parameters, returns: returns)
}

@Suite("API diff over two models")
struct APIDiffTests {
    let old = DocModel(pages: [
        method("crm.deal.add", parameters: [
            Parameter(name: "fields", type: "object", required: true, children: [
                Parameter(name: "TITLE", type: "string"),
                Parameter(name: "OPPORTUNITY", type: "double"),
                Parameter(name: "COMMENTS", type: "string"),
            ]),
            Parameter(name: "params", type: "object", children: [Parameter(name: "REGISTER_SONET_EVENT", type: "string")]),
        ], returns: [Field(name: "result", type: "integer")]),
        method("crm.deal.get", parameters: [Parameter(name: "id", type: "integer", required: true), Parameter(name: "flag", type: "bool")]),
        method("crm.old.thing", parameters: [Parameter(name: "id", type: "integer")]),
        method("task.item.list", path: "api-reference/tasks/deprecated/task-item-list.html"),
        method("onCrmDealAdd", path: "api-reference/crm/deals/events/on-crm-deal-add.html", kind: .restEvent),
        method("CallCardSetHold", path: "api-reference/widgets/call-card-set-hold.html", kind: .placementCommand),
        Page(path: "api-reference/crm/index.html", kind: .overview, title: "CRM"),
    ])

    let new = DocModel(pages: [
        method("crm.deal.add", parameters: [
            Parameter(name: "fields", type: "object", required: true, children: [
                Parameter(name: "TITLE", type: "string", required: true),
                Parameter(name: "OPPORTUNITY", type: "string"),
                Parameter(name: "CURRENCY_ID", type: "string"),
            ]),
            Parameter(name: "options", type: "object", children: [Parameter(name: "X", type: "string")]),
        ], returns: [Field(name: "result", type: "Integer"), Field(name: "time", type: "time")]),
        method("CRM.Deal.Get", path: "api-reference/x/crm-deal-get.html", parameters: [Parameter(name: "id", type: "int", required: false), Parameter(name: "flag", type: "Boolean")], deprecated: true, replacement: "crm.item.get"),
        method("task.item.list", path: "api-reference/tasks/task-item-list.html"),
        method("crm.item.get"),
        method("onCrmDealAdd", path: "api-reference/crm/deals/events/on-crm-deal-add.html", kind: .restEvent),
        method("BackgroundCallCard::holdButtonClick", path: "api-reference/widgets/hold.html", kind: .placementEvent),
        Page(path: "api-reference/crm/other.html", kind: .other, title: "Other"),
    ])

    @Test("added, removed, moved, parameters, returned fields and deprecations, sorted and classified")
    func changes() {
        let diff = APIDiff(old: old, new: new)
        let lines = diff.changes.map { c in
            [c.element.kind.rawValue, c.element.name, c.kind.rawValue, c.member ?? "-", c.old ?? "-", c.new ?? "-", c.breaking ? "B" : ""]
                .joined(separator: "|")
        }
        #expect(lines == [
            "placement-command|CallCardSetHold|removed|-|api-reference/widgets/call-card-set-hold.html|-|B",
            "placement-event|BackgroundCallCard::holdButtonClick|added|-|-|api-reference/widgets/hold.html|",
            "rest-method|crm.deal.add|parameter-added|fields.CURRENCY_ID|-|string|",
            "rest-method|crm.deal.add|parameter-added|options|-|object|",
            "rest-method|crm.deal.add|parameter-removed|fields.COMMENTS|string|-|B",
            "rest-method|crm.deal.add|parameter-removed|params|object|-|B",
            "rest-method|crm.deal.add|parameter-retyped|fields.OPPORTUNITY|double|string|B",
            "rest-method|crm.deal.add|parameter-newly-required|fields.TITLE|-|-|B",
            "rest-method|crm.deal.add|return-field-added|time|-|time|",
            "rest-method|CRM.Deal.Get|parameter-no-longer-required|id|-|-|",
            "rest-method|CRM.Deal.Get|deprecated|-|-|use crm.item.get|",
            "rest-method|crm.item.get|added|-|-|api-reference/x/crm-item-get.html|",
            "rest-method|crm.old.thing|removed|-|api-reference/x/crm-old-thing.html|-|B",
            "rest-method|task.item.list|moved|-|api-reference/tasks/deprecated/task-item-list.html|api-reference/tasks/task-item-list.html|",
        ])
        #expect(diff.isBreaking)
        let summary = diff.summary
        #expect(summary.added == [.restMethod: 1, .placementEvent: 1])
        #expect(summary.removed == [.restMethod: 1, .placementCommand: 1])
        #expect(summary.moved == 1 && summary.changed == 2 && summary.breaking == 6)
    }

    @Test("the same models give the same diff whatever the page order; identical models give none")
    func deterministic() {
        var shuffled = new
        shuffled.pages.reverse()
        var oldShuffled = old
        oldShuffled.pages.reverse()
        #expect(APIDiff(old: oldShuffled, new: shuffled) == APIDiff(old: old, new: new))
        #expect(APIDiff(old: old, new: new).render(.markdown) == APIDiff(old: oldShuffled, new: shuffled).render(.markdown))
        let none = APIDiff(old: new, new: new)
        #expect(none.changes.isEmpty && !none.isBreaking)
    }

    @Test("text and Markdown name every change; breaking ones are marked")
    func rendering() {
        let diff = APIDiff(old: old, new: new)
        let text = diff.render(.text)
        let markdown = diff.render(.markdown)
        #expect(text.contains("crm.old.thing (rest-method) — was api-reference/x/crm-old-thing.html [breaking]"))
        #expect(text.contains("parameter fields.OPPORTUNITY: double → string [breaking]"))
        #expect(text.contains("task.item.list (rest-method): api-reference/tasks/deprecated/task-item-list.html → api-reference/tasks/task-item-list.html"))
        #expect(markdown.hasPrefix("# API changes\n"))
        #expect(markdown.contains("| REST methods | 4 | 4 | 1 | 1 |"))
        #expect(markdown.contains("- parameter `fields.TITLE` is now required **breaking**"))
        #expect(markdown.contains("- `CRM.Deal.Get` (rest-method): use crm.item.get"))
        #expect(!text.contains("{{") && !markdown.contains("nil"))
    }
}
