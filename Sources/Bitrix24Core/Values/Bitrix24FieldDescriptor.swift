import Foundation

/// What a `*.fields` method (`crm.deal.fields`, `crm.requisite.fields`, …) says about one field: the portal answers
/// with one descriptor per field name, not with a record. Generated `*.fields` methods return
/// `[String: Bitrix24FieldDescriptor]`, keyed by the field's name as the portal writes it (`TITLE`, `UF_CRM_…`).
///
/// Every key the portal sends stays in ``rawValue``; the documented ones are typed below (flags read `true`/`false`,
/// `Y`/`N` and `1`/`0` alike).
public struct Bitrix24FieldDescriptor: Bitrix24Record {
    public var rawValue: [String: Bitrix24JSON]

    public init(rawValue: [String: Bitrix24JSON] = [:]) {
        self.rawValue = rawValue
    }

    public static var documentedKeys: [String] {
        [
            "type", "isRequired", "isReadOnly", "isImmutable", "isMultiple", "isDynamic", "title", "listLabel",
            "formLabel", "filterLabel", "items", "statusType", "settings",
        ]
    }

    /// What a reply is checked against (a value these types cannot read is reported, and kept raw).
    public static var documentedFieldTypes: [String: any Bitrix24Value.Type] {
        [
            "type": String.self, "isRequired": Bool.self, "isReadOnly": Bool.self, "isImmutable": Bool.self,
            "isMultiple": Bool.self, "isDynamic": Bool.self, "title": String.self, "listLabel": String.self,
            "formLabel": String.self, "filterLabel": String.self, "items": [Item].self, "statusType": String.self,
        ]
    }

    /// The field's type (`string`, `integer`, `crm_status`, `enumeration`, …).
    public var type: String? { value("type") }
    /// The field must be given when creating a record.
    public var isRequired: Bool? { value("isRequired") }
    /// The field cannot be written.
    public var isReadOnly: Bool? { value("isReadOnly") }
    /// The field can be set when creating a record but not changed afterwards.
    public var isImmutable: Bool? { value("isImmutable") }
    /// The field holds several values.
    public var isMultiple: Bool? { value("isMultiple") }
    /// A custom (user) field.
    public var isDynamic: Bool? { value("isDynamic") }
    /// The field's name as users see it.
    public var title: String? { value("title") }
    /// The labels of a custom field in lists, forms and filters.
    public var listLabel: String? { value("listLabel") }
    public var formLabel: String? { value("formLabel") }
    public var filterLabel: String? { value("filterLabel") }
    /// For list fields: the values to choose from.
    public var items: [Item]? { value("items") }
    /// For status fields: the status directory (`DEAL_STAGE`, `SOURCE`).
    public var statusType: String? { value("statusType") }
    /// Type-specific settings, as the portal sends them.
    public var settings: Bitrix24JSON? { rawValue["settings"] }

    /// One value of a list field.
    public struct Item: Bitrix24Record {
        public var rawValue: [String: Bitrix24JSON]

        public init(rawValue: [String: Bitrix24JSON] = [:]) {
            self.rawValue = rawValue
        }

        public static var documentedKeys: [String] { ["ID", "VALUE"] }
        public static var documentedFieldTypes: [String: any Bitrix24Value.Type] { ["ID": String.self, "VALUE": String.self] }

        /// The value's ID.
        public var id: String? { value("ID") }
        /// The value's text.
        public var value: String? { value("VALUE") }
    }
}
