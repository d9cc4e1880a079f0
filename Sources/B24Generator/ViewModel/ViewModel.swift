/// The typed view model: every name, type, doc line, order and file is decided here, in Swift, so that the
/// templates only lay it out. It holds no Swift fragments: flags and names, never `", "` or `" = nil"`; string
/// literals (`…Literal`) are the one exception, since escaping is not a template's job. Field names are distinct
/// across nesting levels, so that a missing value never falls through to an outer context in Mustache.
/// The template keys are these stored properties (see `Render/TemplateEncoder.swift`).

/// A doc comment: lines in code form (`/// text`, `///`).
public typealias DocLines = [String]

/// An argument of a generated function or initializer.
public struct ArgumentVM: Sendable, Equatable, Encodable {
    /// Label and parameter name (code form, backticked when it is a keyword).
    public var label: String
    /// The label without backticks (for `label: label` forwarding).
    public var bareLabel: String
    /// The Swift type, without `?`.
    public var typeCode: String
    /// Optional arguments are `Type? = nil`.
    public var isOptional: Bool
    /// The docs' key the argument is sent under, as a Swift string literal.
    public var keyLiteral: String
    /// Sent as `Y`/`N`.
    public var isYesNo: Bool
    /// The last argument (no comma after it).
    public var isLast: Bool
}

/// A property of a record.
public struct PropertyVM: Sendable, Equatable, Encodable {
    public var propertyDoc: DocLines
    public var propertyName: String
    /// The type, without `?` (properties are always optional).
    public var propertyType: String
    public var fieldKeyLiteral: String
    /// Written as `Y`/`N`.
    public var fieldIsYesNo: Bool
    /// The last property (no comma after it in lists).
    public var isLastProperty: Bool
}

/// A generated record struct.
public struct RecordVM: Sendable, Equatable, Encodable {
    public var recordDoc: DocLines
    public var recordName: String
    public var properties: [PropertyVM]
    /// The record has properties (its `documentedFieldTypes` table is not empty).
    public var hasProperties: Bool
    public var initArguments: [ArgumentVM]
    /// The documented keys as string literals.
    public var documentedKeys: [LiteralVM]
    /// For event payloads: the member of `Bitrix24EventName` the payload is delivered under.
    public var eventNameMember: String?
    /// A record the portal sends and the caller only reads (a result, a row, an event payload): get-only
    /// properties and no memberwise initializer (`init(rawValue:)` remains), which keeps the client small.
    public var isReadOnly: Bool
}

/// A string literal in a comma-separated list.
public struct LiteralVM: Sendable, Equatable, Encodable {
    public var literal: String
    public var isLastLiteral: Bool
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

/// How the runtime may page a list method.
public struct PagingVM: Sendable, Equatable, Encodable {
    /// The key inside `result` holding the rows, as a literal; `nil` when `result` is the array itself.
    public var rowsKeyLiteral: String?
    /// The ID field for the keyset export, as a literal; `nil` when the method cannot filter and order by it.
    public var idFieldLiteral: String?
    /// A REST 3.0 list whose page documents no `pagination` parameter: the runtime sends it once, as it is.
    public var takesNoPagination = false
}

/// A reference to an error code constant in a list.
public struct ErrorRefVM: Sendable, Equatable, Encodable {
    public var errorMember: String
    public var isLastError: Bool
}

/// A REST method.
public struct MethodVM: Sendable, Equatable, Encodable {
    /// The module and file the unit goes to.
    public var file: UnitFile
    /// The docs' name (`crm.deal.add`), sorting key and MARK.
    public var methodName: String
    public var methodNameLiteral: String
    /// The caseless enum holding metadata and nested types, as declared (`Add`) and as referenced (`CRMAPI.Deal.Add`).
    public var enumName: String
    public var qualifiedEnum: String
    public var enumDoc: DocLines
    /// The type the call is a method of (`CRMAPI.Deal`, or `Bitrix24Client` for one-word names).
    public var namespaceType: String
    /// The type the batch request builder is a method of (`CRMAPI.Deal.Requests`, or `Bitrix24Requests`).
    public var requestsType: String
    /// The type the method's enum is declared in (`CRMAPI.Deal`, `PlatformAPI` for one-word names).
    public var enumHost: String
    /// The function name inside the namespace (`add`).
    public var funcName: String
    public var apiDoc: DocLines
    public var requestsDoc: DocLines
    /// The deprecation message literal, when the page deprecates the method.
    public var deprecationLiteral: String?
    public var arguments: [ArgumentVM]
    public var hasArguments: Bool
    public var resultType: String
    /// The member of `Bitrix24MethodInfo.RetryClass` (`read`, `write`, …).
    public var retryClass: String
    public var paging: PagingVM?
    /// The member of `Bitrix24MethodInfo.Version` for REST 3.0 methods (`v3`); `nil` for the classic API.
    public var apiVersion: String?
    /// Error code constants of `Bitrix24ErrorCode`.
    public var errors: [ErrorRefVM]
    public var nested: NestedTypesVM
    /// `true` when the method sits on the client itself (single-segment names such as `scope`).
    public var isRoot: Bool
    /// `true` when the call returns the rows as an async sequence (`client.paginate`).
    public var isSequence: Bool
    /// The row type of a list method, else empty.
    public var rowType: String
}

/// A namespace level (`crm`, `crm.deal`): a struct holding the client, with a `Requests` twin for batches.
public struct NamespaceVM: Sendable, Equatable, Encodable {
    /// The module and file the unit goes to.
    public var file: UnitFile
    /// The docs' path (`crm.deal`).
    public var namespacePath: String
    public var namespaceDoc: DocLines
    /// The struct's name where it is declared (`Deal`) and as referenced (`CRMAPI.Deal`).
    public var structName: String
    public var qualifiedStruct: String
    /// The type it is declared in (`CRMAPI`, `PlatformAPI`); `nil` for a module's top-level type itself.
    public var declarationHost: String?
    /// The property name on the parent (`deal`).
    public var memberName: String
    /// The type the property is added to (`CRMAPI`, `Bitrix24Client` for top-level namespaces).
    public var parentType: String
    /// The parent's requests type (`CRMAPI.Requests`, `Bitrix24Requests`).
    public var parentRequestsType: String
    /// The parent holds the client in `client` (else the parent is the client: `self`).
    public var parentHasClient: Bool
    /// The `placement` namespace also gets `call(_:)` and `bindEvent(_:handler:)`.
    public var hasPlacementHelpers: Bool
    /// The `event` namespace also gets `bind(_:handler:)` and `unbind(_:handler:)` taking a `Bitrix24EventName`.
    public var hasEventHelpers: Bool
}

/// A REST event: its payload record (a `Bitrix24EventPayload`) and its name constant.
public struct EventVM: Sendable, Equatable, Encodable {
    /// The module and file the unit goes to.
    public var file: UnitFile
    public var eventName: String
    public var eventNameLiteral: String
    /// The static member of `Bitrix24EventName`.
    public var nameMember: String
    public var nameDoc: DocLines
    /// The type the payload is declared in (`CRMAPI.Events`).
    public var eventsHost: String
    public var payload: RecordVM
    public var nested: NestedTypesVM
    public var hasNestedTypes: Bool
    /// The payload as referenced (`CRMAPI.Events.OnCRMDealAdd`).
    public var qualifiedPayload: String
}

/// A widget command.
public struct CommandVM: Sendable, Equatable, Encodable {
    /// The module and file the unit goes to.
    public var file: UnitFile
    public var commandName: String
    public var commandNameLiteral: String
    public var placementLiteral: String?
    public var staticName: String
    public var commandDoc: DocLines
    public var arguments: [ArgumentVM]
    public var hasArguments: Bool
    public var resultType: String
    /// The enum holding the command's nested types, when it has any, and the type it is declared in.
    public var typesEnumName: String
    public var widgetsHost: String
    public var typesEnumDoc: DocLines
    public var nested: NestedTypesVM
    public var hasNestedTypes: Bool
}

/// A widget event.
public struct PlacementEventVM: Sendable, Equatable, Encodable {
    /// The module and file the unit goes to.
    public var file: UnitFile
    public var placementEventName: String
    public var placementEventNameLiteral: String
    public var placementLiteral: String?
    public var staticName: String
    public var placementEventDoc: DocLines
    public var handlerDataType: String
    public var typesEnumName: String
    public var widgetsHost: String
    public var typesEnumDoc: DocLines
    public var nested: NestedTypesVM
    public var hasNestedTypes: Bool
}

/// An object type the docs define, shared by every entry point that names it.
public struct ObjectTypeVM: Sendable, Equatable, Encodable {
    /// The module and file the unit goes to.
    public var file: UnitFile
    /// The definition's id (`api-reference/crm/data-types.html#crm_multifield`).
    public var objectID: String
    /// The type it is declared in (`CRMAPI.Objects`) and the type as referenced (`CRMAPI.Objects.Multifield`).
    public var objectsHost: String
    public var qualifiedObject: String
    public var record: RecordVM
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

/// A module's top-level type (`CRMAPI`, `PlatformAPI`): the namespace of the family's main method namespace when
/// there is one (a struct holding the client), else a caseless enum holding the family's namespaces and types.
public struct FamilyVM: Sendable, Equatable, Encodable {
    /// The module and file the declaration goes to (the file of the family's namespace, when it is one).
    public var file: UnitFile
    /// The scope family (`crm`, `tasks`, `platform`).
    public var family: String
    /// The module generated for it in the multi-module layout (`Bitrix24CRM`).
    public var moduleName: String
    public var typeName: String
    public var familyDoc: DocLines
    /// The type is the namespace struct of ``namespace`` (else a caseless enum).
    public var isNamespace: Bool
    /// The family holds REST events (an `Events` enum is declared in its type).
    public var hasEvents: Bool
    /// The family holds widget commands or events with nested types (a `Widgets` enum is declared in its type).
    public var hasWidgets: Bool
    /// The family declares object types (an `Objects` enum is declared in its type).
    public var hasObjects: Bool
    /// The family has REST 3.0 methods (a `V3` enum is declared in its type).
    public var hasV3: Bool
}

/// Which module (family) and file a unit goes to. Carried by every unit, so that the file layout is decided
/// once, in translation, and never recomputed from names.
public struct UnitFile: Sendable, Equatable, Hashable, Comparable, Encodable {
    /// The family (`crm`), or `""` for what all modules share (error codes, directory types).
    public var family: String
    /// The file's base name inside the module (`CRM.Deal`, `Events`, `ErrorCodes`).
    public var file: String
    /// The page the unit comes from (its path under the docs folder), for layouts that name files after pages
    /// (the build plugin); `nil` for units no single page owns (namespaces, error codes).
    public var page: String?

    public init(family: String, file: String, page: String? = nil) {
        self.family = family
        self.file = file
        self.page = page
    }

    public static func < (lhs: UnitFile, rhs: UnitFile) -> Bool { (lhs.family, lhs.file) < (rhs.family, rhs.file) }
}

/// Everything one generation produces, before rendering.
public struct ClientVM: Sendable, Equatable, Encodable {
    public var access: String
    public var families: [FamilyVM]
    public var namespaces: [NamespaceVM]
    public var methods: [MethodVM]
    public var events: [EventVM]
    public var commands: [CommandVM]
    public var placementEvents: [PlacementEventVM]
    public var objectTypes: [ObjectTypeVM]
    public var errorCodes: [ErrorCodeVM]
    public var directoryTypes: [DirectoryTypeVM]
}
