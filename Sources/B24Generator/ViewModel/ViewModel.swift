/// The typed view model: every name, type, doc line and order is decided here, in Swift, so that the
/// templates only lay it out. Field names are distinct across nesting levels, so that a missing value
/// never falls through to an outer context in Mustache.

/// A doc comment: lines in code form (`/// text`, `///`).
public typealias DocLines = [String]

/// An argument of a generated function or initializer.
public struct ArgumentVM: Sendable, Equatable, Encodable {
    /// Label and parameter name (code form).
    public var label: String
    /// The type with `?` when optional.
    public var typeCode: String
    /// ` = nil` for optional arguments, else empty.
    public var defaultClause: String
    /// The docs' key the argument is sent under, as a Swift string literal.
    public var keyLiteral: String
    /// `set` or `setYesNo`.
    public var setter: String
    /// `, ` for all but the last argument.
    public var comma: String
}

/// A property of a record.
public struct PropertyVM: Sendable, Equatable, Encodable {
    public var propertyDoc: DocLines
    public var propertyName: String
    /// The optional type (`String?`).
    public var propertyType: String
    public var fieldKeyLiteral: String
    /// `setValue` or `setYesNo`.
    public var fieldSetter: String
}

/// A generated record struct.
public struct RecordVM: Sendable, Equatable, Encodable {
    public var recordDoc: DocLines
    public var recordName: String
    public var properties: [PropertyVM]
    public var initArguments: [ArgumentVM]
    /// The documented keys as one literal line (`"TITLE", "TYPE_ID"`), possibly empty.
    public var documentedKeysLiteral: String
}

/// One documented value of a value set.
public struct ValueConstantVM: Sendable, Equatable, Encodable {
    public var constantDoc: DocLines
    public var constantName: String
    public var constantLiteral: String
}

/// A generated `RawRepresentable` value set.
public struct ValueSetVM: Sendable, Equatable, Encodable {
    public var valueSetDoc: DocLines
    public var valueSetName: String
    public var constants: [ValueConstantVM]
}

/// The nested types of an entry point (records and value sets), laid out inside its enum.
public struct NestedTypesVM: Sendable, Equatable, Encodable {
    public var records: [RecordVM] = []
    public var valueSets: [ValueSetVM] = []
    public var isEmpty: Bool { records.isEmpty && valueSets.isEmpty }
}

/// A REST method.
public struct MethodVM: Sendable, Equatable, Encodable {
    /// The docs' name (`crm.deal.add`), sorting key and MARK.
    public var methodName: String
    public var methodNameLiteral: String
    /// The caseless enum holding metadata and nested types (`CRMDealAdd`).
    public var enumName: String
    public var enumDoc: DocLines
    public var apiType: String
    public var requestsType: String
    /// The function name inside the namespace (`add`).
    public var funcName: String
    public var apiDoc: DocLines
    public var requestsDoc: DocLines
    /// `@available(*, deprecated, message: "…")`, or nothing.
    public var deprecation: [String]
    public var arguments: [ArgumentVM]
    public var hasArguments: Bool
    /// The arguments passed on (`fields: fields, params: params`).
    public var forwardedArguments: String
    public var resultType: String
    public var retry: String
    /// `, paging: Bitrix24MethodInfo.Paging(…)` or empty.
    public var pagingClause: String
    /// Error code constants (`.errorArgument`), joined with `, `.
    public var errorList: String
    public var nested: NestedTypesVM
    /// `true` when the method sits on the client itself (single-segment names such as `scope`).
    public var isRoot: Bool
    /// `client` inside a namespace, `self` on the client itself.
    public var clientReference: String
    /// `true` when the API function returns the rows as an async sequence (`client.paginate`).
    public var isSequence: Bool
    /// The row type of a list method, else empty.
    public var rowType: String
}

/// A namespace level (`crm`, `crm.deal`).
public struct NamespaceVM: Sendable, Equatable, Encodable {
    public var namespaceDoc: DocLines
    public var apiType: String
    public var requestsType: String
    /// The property name on the parent (`deal`).
    public var memberName: String
    /// The parent types; `Bitrix24Client`/`Bitrix24Requests` for top-level namespaces.
    public var parentAPIType: String
    public var parentRequestsType: String
    /// `client` for nested levels, `self` for top-level ones.
    public var clientExpression: String
    public var isTopLevel: Bool
    /// `true` for the `placement` namespace, which also gets `call(_:)` and `bindEvent(_:handler:)`.
    public var hasPlacementHelpers: Bool
    /// `true` for the `event` namespace, which also gets `bind(_:handler:)` and `unbind(_:handler:)` taking a
    /// ``Bitrix24EventName``.
    public var hasEventHelpers: Bool
}

/// A REST event.
public struct EventVM: Sendable, Equatable, Encodable {
    public var eventName: String
    public var eventNameLiteral: String
    public var eventNameUppercasedLiteral: String
    public var caseName: String
    public var payloadType: String
    public var eventDoc: DocLines
    public var caseDoc: DocLines
    public var payload: RecordVM
    public var nested: NestedTypesVM
    public var hasNestedTypes: Bool
}

/// A widget command.
public struct CommandVM: Sendable, Equatable, Encodable {
    public var commandName: String
    public var commandNameLiteral: String
    public var placementLiteral: String
    public var staticName: String
    public var commandDoc: DocLines
    public var arguments: [ArgumentVM]
    public var hasArguments: Bool
    public var resultType: String
    /// The enum holding the command's nested types, when it has any.
    public var typesEnumName: String
    public var typesEnumDoc: DocLines
    public var nested: NestedTypesVM
    public var hasNestedTypes: Bool
}

/// A widget event.
public struct PlacementEventVM: Sendable, Equatable, Encodable {
    public var placementEventName: String
    public var placementEventNameLiteral: String
    public var placementLiteral: String
    public var staticName: String
    public var placementEventDoc: DocLines
    public var handlerDataType: String
    public var typesEnumName: String
    public var typesEnumDoc: DocLines
    public var nested: NestedTypesVM
    public var hasNestedTypes: Bool
}

/// A static error code member.
public struct ErrorCodeVM: Sendable, Equatable, Encodable {
    public var errorDoc: DocLines
    public var errorName: String
    public var errorLiteral: String
}

/// A directory typealias.
public struct DirectoryTypeVM: Sendable, Equatable, Encodable {
    public var aliasDoc: DocLines
    public var aliasName: String
    public var aliasBase: String
}

/// Everything one generation produces, before rendering.
public struct ClientVM: Sendable, Equatable, Encodable {
    public var access: String
    public var namespaces: [NamespaceVM]
    public var methods: [MethodVM]
    public var events: [EventVM]
    public var commands: [CommandVM]
    public var placementEvents: [PlacementEventVM]
    public var errorCodes: [ErrorCodeVM]
    public var directoryTypes: [DirectoryTypeVM]
}
