import Foundation

/// An object the portal sends or receives, kept as its JSON fields.
///
/// Generated record types expose each documented field as a typed property that reads and writes
/// ``rawValue`` leniently (see ``Bitrix24Value``). Fields the docs do not list — custom fields such as
/// `UF_CRM_*`, `PARENT_ID_*`, or fields added to the portal later — stay in ``rawValue`` and are
/// reachable through ``additionalFields`` and ``subscript(field:)``; they are sent back unchanged.
/// An empty object sent as `[]` decodes as an empty record.
public protocol Bitrix24Record: Bitrix24Value, Codable, Hashable, CustomStringConvertible {
    /// Every field, keyed as the portal writes it.
    var rawValue: [String: Bitrix24JSON] { get set }
    /// A record holding exactly `rawValue`.
    init(rawValue: [String: Bitrix24JSON])
    /// The field names the documentation lists for this record.
    static var documentedKeys: [String] { get }
    /// The documented type of each typed field, by key — what a reply is checked against, so that a value
    /// the type cannot read is reported (``Bitrix24Client/DecodingMismatch``) while the record keeps it raw.
    /// Empty by default (nothing checked); generated records list their typed properties.
    static var documentedFieldTypes: [String: any Bitrix24Value.Type] { get }
}

extension Bitrix24Record {
    public static var documentedFieldTypes: [String: any Bitrix24Value.Type] { [:] }

    public init?(bitrix24JSON json: Bitrix24JSON) {
        switch json {
        case .object(let object): self.init(rawValue: object)
        case .array(let array) where array.isEmpty: self.init(rawValue: [:])
        case .null: self.init(rawValue: [:])
        default: return nil
        }
    }

    public var bitrix24JSON: Bitrix24JSON { .object(rawValue) }

    public init(from decoder: any Decoder) throws {
        let json = try Bitrix24JSON(from: decoder)
        guard let record = Self(bitrix24JSON: json) else {
            throw DecodingError.typeMismatch(
                Self.self,
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "expected a JSON object")
            )
        }
        self = record
    }

    public func encode(to encoder: any Encoder) throws {
        try Bitrix24JSON.object(rawValue).encode(to: encoder)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.rawValue == rhs.rawValue }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    public var description: String { Bitrix24JSON.object(rawValue).description }

    /// The raw value of any field, documented or not (`UF_CRM_1700000000`).
    public subscript(field key: String) -> Bitrix24JSON? {
        get { rawValue[key] }
        set { rawValue[key] = newValue }
    }

    /// The fields the documentation does not list: custom fields (`UF_CRM_*`, `PARENT_ID_*`) and new ones. A key
    /// that spells a documented one differently (`responsibleId` for `RESPONSIBLE_ID`) is not additional.
    public var additionalFields: [String: Bitrix24JSON] {
        let known = Set(Self.documentedKeys.map(Bitrix24FieldKey.loose))
        return rawValue.filter { !known.contains(Bitrix24FieldKey.loose($0.key)) }
    }

    /// Reads field `key` as `Value`; `nil` when absent, `null`, or not a `Value`. The key is looked up as written,
    /// else spelled differently in case and underscores only (`responsibleId` for `RESPONSIBLE_ID`).
    public func value<Value: Bitrix24Value>(_ key: String) -> Value? {
        guard let json = rawValue[key] ?? Bitrix24FieldKey.wireKey(for: key, in: rawValue).flatMap({ rawValue[$0] }), json != .null else {
            return nil
        }
        return Value(bitrix24JSON: json)
    }

    /// Writes field `key` (under the spelling the record already holds it in, if any); `nil` removes it.
    public mutating func setValue<Value: Bitrix24Value>(_ value: Value?, _ key: String) {
        rawValue[Bitrix24FieldKey.wireKey(for: key, in: rawValue) ?? key] = value?.bitrix24JSON
    }

    /// Writes a `char` flag as `Y`/`N`; `nil` removes it.
    public mutating func setYesNo(_ value: Bool?, _ key: String) {
        rawValue[Bitrix24FieldKey.wireKey(for: key, in: rawValue) ?? key] = value?.bitrix24YesNo
    }
}

/// How a documented field name finds its key in a reply. The docs of one object may spell its fields `RESPONSIBLE_ID`
/// while the methods that return it send `responsibleId` (`tasks.task.*`, `crm.item.*`): a key is matched as written
/// first, then ignoring case and underscores.
enum Bitrix24FieldKey {
    /// `key` without case and underscores: `RESPONSIBLE_ID`, `responsibleId` and `responsible_id` are one name.
    static func loose(_ key: String) -> String {
        String(key.lowercased().unicodeScalars.filter { $0 != "_" })
    }

    /// The key of `object` that holds documented field `key`: `key` itself when present, else the key that spells it
    /// differently only in case and underscores (the first in sorted order when several do); `nil` when none does.
    static func wireKey(for key: String, in object: [String: Bitrix24JSON]) -> String? {
        if object[key] != nil { return key }
        let wanted = loose(key)
        return object.keys.filter { spells($0, looseKey: wanted) }.min()
    }

    /// Whether `loose(key) == looseKey`, without building `loose(key)` for an ASCII key: a record's absent fields are
    /// looked for among all its keys on every read, so this runs per key per read.
    static func spells(_ key: String, looseKey: String) -> Bool {
        var wanted = looseKey.utf8.makeIterator()
        for byte in key.utf8 where byte != UInt8(ascii: "_") {
            guard byte < 0x80 else { return loose(key) == looseKey }
            let lower = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 0x20 : byte
            guard wanted.next() == lower else { return false }
        }
        return wanted.next() == nil
    }
}

/// An object whose fields the documentation does not list (`deal`, `item`): every field by name.
public struct Bitrix24Fields: Bitrix24Record {
    public var rawValue: [String: Bitrix24JSON]

    public init(rawValue: [String: Bitrix24JSON] = [:]) {
        self.rawValue = rawValue
    }

    public static var documentedKeys: [String] { [] }
}

/// The `auth` block of a REST event delivery.
public struct Bitrix24EventAuth: Bitrix24Record {
    public var rawValue: [String: Bitrix24JSON]

    public init(rawValue: [String: Bitrix24JSON] = [:]) {
        self.rawValue = rawValue
    }

    public static var documentedKeys: [String] {
        [
            "access_token", "expires_in", "scope", "domain", "server_endpoint", "status", "client_endpoint",
            "member_id", "refresh_token", "application_token",
        ]
    }

    /// The portal's domain (`example.bitrix24.com`).
    public var domain: String? { value("domain") }
    /// The portal's REST endpoint for this application (`https://example.bitrix24.com/rest/`).
    public var clientEndpoint: String? { value("client_endpoint") }
    /// The OAuth server endpoint.
    public var serverEndpoint: String? { value("server_endpoint") }
    /// The portal's unique ID.
    public var memberID: String? { value("member_id") }
    /// The scopes granted to the application, comma-separated.
    public var scope: String? { value("scope") }
    /// The application's status (`L` local, `F` free, `P` paid, …).
    public var status: String? { value("status") }
    /// Seconds until ``accessToken`` expires.
    public var expiresIn: Int? { value("expires_in") }
    /// An access token for calls back to the portal, when the event carries one.
    public var accessToken: String? { value("access_token") }
    /// A refresh token, when the event carries one.
    public var refreshToken: String? { value("refresh_token") }
    /// The token that proves the delivery comes from the portal; compare it with the stored one.
    public var applicationToken: String? { value("application_token") }
}
