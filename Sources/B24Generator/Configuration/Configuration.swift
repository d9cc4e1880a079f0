import Bitrix24Core

/// What a generator run may be told, beyond the model (the configuration file's `apply(to:)` fills it in).
public struct GeneratorConfiguration: Sendable, Equatable {
    /// The access level of every generated declaration.
    public enum AccessModifier: String, Sendable, Equatable {
        case `public`, `package`, `internal`
    }

    /// The base Swift type a directory type stands for.
    public enum DirectoryBase: String, Sendable, Equatable {
        case int = "Int"
        case string = "String"
    }

    /// A documentation type that names a directory (`crm_status`, `user`): a distinct Swift name
    /// over a base type (`public typealias CRMStatusID = String`).
    public struct DirectoryType: Sendable, Equatable {
        public var swiftName: String
        public var base: DirectoryBase

        public init(swiftName: String, base: DirectoryBase) {
            self.swiftName = swiftName
            self.base = base
        }
    }

    public var accessModifier: AccessModifier
    /// Name overrides keyed `"<context>:<docs name>"`, contexts `namespace`, `type`, `member`, `value`,
    /// `method` (the full method name, giving the function name): `"member:ASSIGNED_BY_ID": "assigneeID"`.
    public var nameOverrides: [String: String]
    /// Directory types keyed by the docs' type text, lower-cased (`crm_status`).
    public var typeOverrides: [String: DirectoryType]
    /// The error codes the runtime declares as static members of `Bitrix24ErrorCode`: code (upper-cased) →
    /// member name. Generated code uses these members instead of declaring them again.
    public var runtimeErrorCodes: [String: String]
    /// Scope families: a first method-name segment or scope code (lower-cased) → the family whose module holds
    /// it (`task` → `tasks`, `app` → `platform`). Unlisted ones are families of their own.
    public var families: [String: String]
    /// How the client is laid out in files and modules.
    public var layout: OutputLayout
    /// Retry classes set by hand, by method name (`"event.offline.get": "consumingRead"`), over what the pages say.
    public var retryOverrides: [String: String] = [:]
    /// Files are split before they would exceed this many lines.
    public var maxLinesPerFile: Int
    /// The site pages are published at.
    public var documentationBaseURL: String

    public init(
        accessModifier: AccessModifier = .public,
        nameOverrides: [String: String] = [:],
        typeOverrides: [String: DirectoryType] = GeneratorConfiguration.defaultDirectoryTypes,
        runtimeErrorCodes: [String: String] = GeneratorConfiguration.runtimeErrorCodes,
        families: [String: String] = GeneratorConfiguration.defaultFamilies,
        layout: OutputLayout = .modules(prefix: "Bitrix24"),
        maxLinesPerFile: Int = 2_500,
        documentationBaseURL: String = "https://apidocs.bitrix24.com/"
    ) {
        self.accessModifier = accessModifier
        self.nameOverrides = nameOverrides
        self.typeOverrides = typeOverrides
        self.runtimeErrorCodes = runtimeErrorCodes
        self.families = families
        self.layout = layout
        self.maxLinesPerFile = maxLinesPerFile
        self.documentationBaseURL = documentationBaseURL
    }

    /// The default scope families (synonyms of one scope merged, the platform's own namespaces together).
    public static let defaultFamilies: [String: String] = Families.defaultTable

    /// The static members of the runtime this generator ships with (`Bitrix24ErrorCode.Declared`).
    public static let runtimeErrorCodes: [String: String] = Dictionary(
        Bitrix24ErrorCode.Declared.allCases.map { ($0.rawValue.uppercased(), String(describing: $0)) }
    ) { first, _ in first }

    /// The directory types of the Bitrix24 documentation and the base type their values have.
    public static let defaultDirectoryTypes: [String: DirectoryType] = {
        let ints = [
            "crm_category", "crm_company", "crm_contact", "crm_deal", "crm_lead", "crm_quote", "crm_entity",
            "crm_dynamic_type", "crm_invoice", "user", "department", "group", "sonet_group", "task",
        ]
        let strings = ["crm_status", "crm_currency", "location", "crm_activity_type", "lang"]
        var table: [String: DirectoryType] = [:]
        for name in ints { table[name] = DirectoryType(swiftName: Naming.directoryTypeName(name), base: .int) }
        for name in strings { table[name] = DirectoryType(swiftName: Naming.directoryTypeName(name), base: .string) }
        return table
    }()

    /// The override for `original` in `context`, if configured.
    func override(_ context: String, _ original: String) -> String? {
        nameOverrides["\(context):\(original)"]
    }
}

/// How the generated client is laid out in targets and files.
public enum OutputLayout: Sendable, Equatable {
    /// One module per scope family (`<prefix>CRM`, …), a shared `<prefix>Common` (error codes, directory types)
    /// and `<prefix>` re-exporting them all: the checked-in client and `--output-package`.
    case modules(prefix: String)
    /// Everything in one target, each page's code in the file named for that page and the rest in one shared
    /// file: the build plugin, which must name its outputs before the generator runs.
    case singleTarget(pageFiles: [String: String], sharedFile: String)
}
