import B24DocModel
@testable import B24Generator

/// A small documentation set written for the tests: one of each kind of entry point, with the
/// irregularities the generator must handle (custom-field placeholders, Y/N flags, directory types,
/// value lists, names differing only in case, method segments spelt in two cases, keywords).
enum Fixtures {
    static let dealAdd = Page(
        path: "api-reference/crm/deals/crm-deal-add.html", kind: .restMethod, name: "crm.deal.add",
        title: "Create a deal crm.deal.add", scopes: ["crm"], whoCan: "Any user allowed to add deals",
        deprecated: true, deprecation: Deprecation(message: "Use the universal method instead.", replacement: "crm.item.add"),
        summary: "Creates a deal and returns its ID.",
        parameters: [
            Parameter(
                name: "fields", type: "object", required: true, description: "The new deal's fields.", nestedAnchor: "fields",
                children: [
                    Parameter(name: "TITLE", type: "string", description: "The deal's name."),
                    Parameter(name: "STAGE_ID", type: "crm_status", description: "Stage."),
                    Parameter(name: "OPENED", type: "char", description: "Visible to everyone.", values: [
                        PossibleValue(value: "Y", description: "yes"), PossibleValue(value: "N", description: "no"),
                    ]),
                    Parameter(name: "OPPORTUNITY", type: "double"),
                    Parameter(name: "CONTACT_IDS", type: "crm_contact[]"),
                    Parameter(name: "TYPE", type: "string", values: [
                        PossibleValue(value: "SALE", description: "A sale"), PossibleValue(value: "1C", description: "From 1C"),
                        PossibleValue(value: "default"),
                    ]),
                    Parameter(name: "UF_CRM_...", type: "any", description: "Custom fields."),
                    Parameter(name: "PARENT_ID_...", type: "crm_entity"),
                ]
            ),
            Parameter(name: "params", type: "object", description: "Options.", children: [
                Parameter(name: "REGISTER_SONET_EVENT", type: "char", description: "Post to the feed."),
            ]),
        ],
        returns: [Field(name: "result", type: "integer", description: "The new deal's ID."), Field(name: "time", type: "time")],
        errors: [
            ErrorCode(code: "ACCESS_DENIED", description: "No permission."),
            ErrorCode(code: "ERROR_DEAL_TITLE", description: "The title is empty."),
            ErrorCode(code: "Empty value", description: "Fields are not an array."),
            ErrorCode(code: "QUERY_LIMIT_EXCEEDED", description: "Too many requests.", httpStatus: 503, system: true),
        ]
    )

    static let dealList = Page(
        path: "api-reference/crm/deals/crm-deal-list.html", kind: .restMethod, name: "crm.deal.list",
        title: "Deals crm.deal.list", scopes: ["crm"], summary: "Lists deals.",
        parameters: [
            Parameter(name: "select", type: "string[]"),
            Parameter(name: "filter", type: "object"),
            Parameter(name: "order", type: "object"),
            Parameter(name: "start", type: "integer"),
        ],
        returns: [Field(name: "result", type: "deal[]"), Field(name: "total", type: "integer"), Field(name: "next", type: "integer")]
    )

    static let externalCallRegister = Page(
        path: "api-reference/telephony/telephony-external-call-register.html", kind: .restMethod,
        name: "telephony.externalcall.register", title: "Register a call", scopes: ["telephony"],
        parameters: [
            Parameter(name: "USER_ID", type: "user", required: true),
            Parameter(name: "PHONE_NUMBER", type: "string", required: true),
            Parameter(name: "TYPE", type: "integer", required: true),
            Parameter(name: "default", type: "boolean"),
            Parameter(name: "self", type: "string"),
        ],
        returns: [Field(name: "result", type: "object", children: [
            Field(name: "CALL_ID", type: "string"), Field(name: "id", type: "integer"), Field(name: "ID", type: "integer"),
        ])]
    )

    static let externalCallFinish = Page(
        path: "api-reference/telephony/telephony-external-call-finish.html", kind: .restMethod,
        name: "telephony.externalCall.finish", title: "Finish a call", scopes: ["telephony"],
        parameters: [Parameter(name: "CALL_ID", type: "string", required: true)],
        returns: [Field(name: "result", type: "boolean")]
    )

    static let scope = Page(
        path: "api-reference/common/system/scope.html", kind: .restMethod, name: "scope", title: "Scopes scope",
        summary: "Returns the scopes the application may use.",
        returns: [Field(name: "result", type: "string[]")]
    )

    static let dealAddEvent = Page(
        path: "api-reference/crm/deals/events/on-crm-deal-add.html", kind: .restEvent, name: "onCrmDealAdd",
        title: "Deal added onCrmDealAdd", scopes: ["crm"], summary: "Fires when a deal is created.",
        parameters: [
            Parameter(name: "event", type: "string"),
            Parameter(name: "event_handler_id", type: "integer"),
            Parameter(name: "data", type: "object"),
            Parameter(name: "data.FIELDS", type: "object", nestedAnchor: "fields", children: [Parameter(name: "ID", type: "integer")]),
            Parameter(name: "ts", type: "timestamp"),
            Parameter(name: "auth", type: "object", children: [Parameter(name: "application_token", type: "string")]),
        ]
    )

    static let setHold = Page(
        path: "api-reference/widgets/ui-interaction/page-background-worker/call-card-set-hold.html", kind: .placementCommand,
        name: "CallCardSetHold", title: "Hold the call CallCardSetHold", scopes: ["placement", "telephony"],
        summary: "Puts the call on hold or resumes it.", placement: "PAGE_BACKGROUND_WORKER",
        parameters: [Parameter(name: "held", type: "boolean", required: true, description: "`true` to hold.")],
        errors: [ErrorCode(code: "Call card is undefined", description: "No call card.")]
    )

    static let holdClick = Page(
        path: "api-reference/widgets/ui-interaction/page-background-worker/events/hold-button-click.html",
        kind: .placementEvent, name: "BackgroundCallCard::holdButtonClick", title: "Hold clicked",
        scopes: ["placement", "telephony"], placement: "PAGE_BACKGROUND_WORKER",
        parameters: [Parameter(name: "eventData", type: "boolean", required: true, description: "`true` when held.")]
    )

    static let overview = Page(path: "api-reference/crm/deals/index.html", kind: .overview, title: "Deals")
    static let nameless = Page(path: "api-reference/crm/odd.html", kind: .restMethod, name: nil, title: "Odd")

    static var model: DocModel {
        DocModel(pages: [
            dealAdd, dealList, externalCallRegister, externalCallFinish, scope, dealAddEvent, setHold, holdClick, overview, nameless,
        ])
    }

    /// A configuration that does not depend on the runtime the generator was built with.
    static var configuration: GeneratorConfiguration {
        GeneratorConfiguration(runtimeErrorCodes: ["ACCESS_DENIED": "accessDenied", "QUERY_LIMIT_EXCEEDED": "queryLimitExceeded"])
    }
}
