import Foundation

/// One field as a `*.fields` method describes it (`crm.deal.fields` answers `[String: Bitrix24FieldDescriptor]`,
/// keyed by field name): its type, flags, title and, for lists, the values it may take. Keys the portal adds
/// beyond these (`listLabel`, `formLabel`, `settings`, …) stay in ``rawValue``.
public struct Bitrix24FieldDescriptor: Bitrix24Record {
    public var rawValue: [String: Bitrix24JSON]

    public init(rawValue: [String: Bitrix24JSON]) {
        self.rawValue = rawValue
    }

    /// A descriptor with the given members (others can be set through `subscript(field:)`).
    public init(
        type: String? = nil, isRequired: Bool? = nil, isReadOnly: Bool? = nil, isImmutable: Bool? = nil, isMultiple: Bool? = nil,
        isDynamic: Bool? = nil, title: String? = nil, items: [Item]? = nil, statusType: String? = nil
    ) {
        self.rawValue = [:]
        self.type = type
        self.isRequired = isRequired
        self.isReadOnly = isReadOnly
        self.isImmutable = isImmutable
        self.isMultiple = isMultiple
        self.isDynamic = isDynamic
        self.title = title
        self.items = items
        self.statusType = statusType
    }

    public static var documentedKeys: [String] {
        ["type", "isRequired", "isReadOnly", "isImmutable", "isMultiple", "isDynamic", "title", "items", "statusType"]
    }

    public static var documentedFieldTypes: [String: any Bitrix24Value.Type] {
        [
            "type": String.self, "isRequired": Bool.self, "isReadOnly": Bool.self, "isImmutable": Bool.self,
            "isMultiple": Bool.self, "isDynamic": Bool.self, "title": String.self, "items": [Item].self, "statusType": String.self,
        ]
    }

    /// The field's type (`string`, `integer`, `double`, `char`, `date`, `datetime`, `enumeration`, `crm_status`,
    /// `crm_multifield`, `user`, …).
    public var type: String? {
        get { value("type") }
        set { setValue(newValue, "type") }
    }

    /// Whether a value must be given when an item is created.
    public var isRequired: Bool? {
        get { value("isRequired") }
        set { setValue(newValue, "isRequired") }
    }

    /// Whether the field can only be read.
    public var isReadOnly: Bool? {
        get { value("isReadOnly") }
        set { setValue(newValue, "isReadOnly") }
    }

    /// Whether the field can be set when an item is created but not changed after.
    public var isImmutable: Bool? {
        get { value("isImmutable") }
        set { setValue(newValue, "isImmutable") }
    }

    /// Whether the field holds a list of values.
    public var isMultiple: Bool? {
        get { value("isMultiple") }
        set { setValue(newValue, "isMultiple") }
    }

    /// Whether the field is a custom (user) field (`UF_*`).
    public var isDynamic: Bool? {
        get { value("isDynamic") }
        set { setValue(newValue, "isDynamic") }
    }

    /// The field's title in the portal's language.
    public var title: String? {
        get { value("title") }
        set { setValue(newValue, "title") }
    }

    /// For list fields, the values it may take.
    public var items: [Item]? {
        get { value("items") }
        set { setValue(newValue, "items") }
    }

    /// For `crm_status` fields, the directory the values come from (`DEAL_STAGE`, `SOURCE`).
    public var statusType: String? {
        get { value("statusType") }
        set { setValue(newValue, "statusType") }
    }

    /// One value a list field may take: `{ID, VALUE}`.
    public struct Item: Bitrix24Record {
        public var rawValue: [String: Bitrix24JSON]

        public init(rawValue: [String: Bitrix24JSON]) {
            self.rawValue = rawValue
        }

        public init(id: String, value: String) {
            self.rawValue = ["ID": .string(id), "VALUE": .string(value)]
        }

        public static var documentedKeys: [String] { ["ID", "VALUE"] }
        public static var documentedFieldTypes: [String: any Bitrix24Value.Type] { ["ID": String.self, "VALUE": String.self] }

        /// The value's ID (what is stored and sent).
        public var id: String? {
            get { value("ID") }
            set { setValue(newValue, "ID") }
        }

        /// The value's text.
        public var value: String? {
            get { rawValue["VALUE"].flatMap { $0 == .null ? nil : String(bitrix24JSON: $0) } }
            set { rawValue["VALUE"] = newValue.map(Bitrix24JSON.string) }
        }
    }
}
