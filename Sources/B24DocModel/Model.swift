/// The intermediate model: what the documentation says, as plain data.
///
/// Every stage after the parser reads only these types. They are `Codable` so the model can be
/// dumped (`b24gen parse`) and golden-tested, `Sendable` so pages can be parsed in parallel, and
/// `Equatable` so tests compare whole values. Every node carries the line it came from.

/// The whole documentation set: one entry per page, sorted by ``Page/path``, and every diagnostic.
public struct DocModel: Codable, Sendable, Equatable {
    public var pages: [Page]
    public var diagnostics: [Diagnostic]

    public init(pages: [Page] = [], diagnostics: [Diagnostic] = []) {
        self.pages = pages
        self.diagnostics = diagnostics
    }
}

/// What a page documents.
public enum PageKind: String, Codable, Sendable, CaseIterable, Comparable {
    /// A REST method such as `crm.deal.add`.
    case restMethod = "rest-method"
    /// A REST event such as `onCrmDealAdd`, POSTed to a handler URL.
    case restEvent = "rest-event"
    /// A widget interface command such as `CallCardSetHold`, sent through `placement.call`.
    case placementCommand = "placement-command"
    /// A widget interface event such as `BackgroundCallCard::holdButtonClick`, bound with `placement.bindEvent`.
    case placementEvent = "placement-event"
    /// A page that introduces a group of methods.
    case overview
    /// Anything else (guides, data types, placements).
    case other

    public static func < (lhs: PageKind, rhs: PageKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One documentation page.
public struct Page: Codable, Sendable, Equatable {
    /// Path relative to the documentation root, e.g. `api-reference/crm/deals/crm-deal-add.html`.
    public var path: String
    public var kind: PageKind
    /// The method, event or command name as the docs write it; `nil` for overviews and other pages.
    public var name: String?
    /// The H1 text.
    public var title: String
    /// Scope codes from the "Scope:" line, in page order.
    public var scopes: [String]
    /// The text of the "Who can …:" line.
    public var whoCan: String?
    /// `true` when the page carries a deprecation notice at its top.
    public var deprecated: Bool
    /// The deprecation notice, with the replacement when the notice names one.
    public var deprecation: Deprecation?
    /// The first sentence that says what the method does.
    public var summary: String?
    /// For widget commands and events: the placement they work in (`PAGE_BACKGROUND_WORKER`).
    public var placement: String?
    /// The first parameter table (method parameters, event payload, command parameters, handler data),
    /// with nested tables attached as children of the parameter that links to them.
    public var parameters: [Parameter]
    /// Further parameter tables that belong to no parameter of the first one
    /// (e.g. "Event Subscription Parameters"), keyed by their heading.
    public var extraParameterTables: [ParameterTable]
    /// Returned data: the first returned-data table, with nested tables as children.
    public var returns: [Field]
    /// The example response JSON, as written on the page.
    public var returnExample: String?
    /// Error codes from the page's own tables; rows of the shared system-error table have `system == true`.
    public var errors: [ErrorCode]
    /// JSON bodies of the request examples (curl), kept for later checks.
    public var requestExamples: [String]
    /// The line of the H1 (or of the article start).
    public var line: Int
    /// Object structures this page defines, in page order (see ``TypeDefinition``).
    public var types: [TypeDefinition]
    /// The response examples of the returned-data sections, as shapes, in page order.
    public var responseExamples: [ResponseExample]
    /// The request examples (code blocks that call a method), in page order.
    public var requests: [RequestExample]
    /// The REST versions the method is documented in (its examples' addresses, a REST 3.0 note), sorted;
    /// empty for pages that are not REST methods.
    public var apiVersions: [APIVersion]
    /// Where ``name`` came from (`nil` without a name).
    public var nameSource: NameSource?
    /// What the page says the method does to data (reads, creates, deletes, consumes, positional selectors).
    public var evidence: [Evidence]

    public init(
        path: String, kind: PageKind, name: String? = nil, title: String = "", scopes: [String] = [],
        whoCan: String? = nil, deprecated: Bool = false, deprecation: Deprecation? = nil, summary: String? = nil,
        placement: String? = nil, parameters: [Parameter] = [], extraParameterTables: [ParameterTable] = [],
        returns: [Field] = [], returnExample: String? = nil, errors: [ErrorCode] = [],
        requestExamples: [String] = [], line: Int = 1, types: [TypeDefinition] = [],
        responseExamples: [ResponseExample] = [], requests: [RequestExample] = [], apiVersions: [APIVersion] = [],
        nameSource: NameSource? = nil, evidence: [Evidence] = []
    ) {
        self.path = path
        self.kind = kind
        self.name = name
        self.title = title
        self.scopes = scopes
        self.whoCan = whoCan
        self.deprecated = deprecated
        self.deprecation = deprecation
        self.summary = summary
        self.placement = placement
        self.parameters = parameters
        self.extraParameterTables = extraParameterTables
        self.returns = returns
        self.returnExample = returnExample
        self.errors = errors
        self.requestExamples = requestExamples
        self.line = line
        self.types = types
        self.responseExamples = responseExamples
        self.requests = requests
        self.apiVersions = apiVersions
        self.nameSource = nameSource
        self.evidence = evidence
    }
}

/// A deprecation notice.
public struct Deprecation: Codable, Sendable, Equatable {
    /// The notice's text.
    public var message: String
    /// The method the notice sends readers to, when it names one (`crm.item.add`).
    public var replacement: String?

    public init(message: String, replacement: String? = nil) {
        self.message = message
        self.replacement = replacement
    }
}

/// A named parameter table that is not attached to a parameter.
public struct ParameterTable: Codable, Sendable, Equatable {
    /// The heading's explicit anchor (`fields`) or else its text.
    public var key: String
    public var title: String
    public var parameters: [Parameter]
    public var line: Int

    public init(key: String, title: String, parameters: [Parameter], line: Int) {
        self.key = key
        self.title = title
        self.parameters = parameters
        self.line = line
    }
}

/// One row of a parameter table.
public struct Parameter: Codable, Sendable, Equatable {
    /// The name as written (`fields`, `UF_CRM_...`, `data.FIELDS`).
    public var name: String
    /// The docs' own type text (`string`, `crm_contact[]`, `string | null`); `nil` when the row gives none.
    public var type: String?
    /// The link target of the type (`api-reference/data-types.html#time`): the type's identity.
    public var typeLink: String?
    public var required: Bool
    /// Other names the row gives for the same parameter.
    public var aliases: [String]
    /// The description cell as plain text.
    public var description: String
    /// Possible values listed in the description (`Y` — yes).
    public var values: [PossibleValue]
    /// The default, from "By default …" / "Default value …".
    public var defaultValue: String?
    /// The anchor of the nested table the row links to (`fields`), when it links to one.
    public var nestedAnchor: String?
    /// The rows of the nested table (to any depth).
    public var children: [Parameter]
    public var line: Int

    public init(
        name: String, type: String? = nil, typeLink: String? = nil, required: Bool = false, aliases: [String] = [],
        description: String = "", values: [PossibleValue] = [], defaultValue: String? = nil,
        nestedAnchor: String? = nil, children: [Parameter] = [], line: Int = 0
    ) {
        self.name = name
        self.type = type
        self.typeLink = typeLink
        self.required = required
        self.aliases = aliases
        self.description = description
        self.values = values
        self.defaultValue = defaultValue
        self.nestedAnchor = nestedAnchor
        self.children = children
        self.line = line
    }
}

/// A documented value of a parameter or field.
public struct PossibleValue: Codable, Sendable, Equatable {
    public var value: String
    public var description: String

    public init(value: String, description: String = "") {
        self.value = value
        self.description = description
    }
}

/// A returned field.
public struct Field: Codable, Sendable, Equatable {
    public var name: String
    public var type: String?
    public var typeLink: String?
    public var description: String
    public var values: [PossibleValue]
    public var nestedAnchor: String?
    public var children: [Field]
    public var line: Int

    public init(
        name: String, type: String? = nil, typeLink: String? = nil, description: String = "",
        values: [PossibleValue] = [], nestedAnchor: String? = nil, children: [Field] = [], line: Int = 0
    ) {
        self.name = name
        self.type = type
        self.typeLink = typeLink
        self.description = description
        self.values = values
        self.nestedAnchor = nestedAnchor
        self.children = children
        self.line = line
    }
}

/// A documented error.
public struct ErrorCode: Codable, Sendable, Equatable {
    /// The code cell as text (some pages use "Empty value" or `0`).
    public var code: String
    public var description: String
    /// The HTTP status, where the table gives one.
    public var httpStatus: Int?
    /// `true` for rows of the shared system-error table.
    public var system: Bool
    public var line: Int

    public init(code: String, description: String = "", httpStatus: Int? = nil, system: Bool = false, line: Int = 0) {
        self.code = code
        self.description = description
        self.httpStatus = httpStatus
        self.system = system
        self.line = line
    }
}
