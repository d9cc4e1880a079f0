import Foundation

extension Bitrix24Client {
    /// A value in a reply that its documented type cannot read: the reply still decodes (a record keeps the
    /// raw value, reachable through `subscript(field:)`), and the client reports this to its logger and to
    /// ``Configuration/onDecodingMismatch``. It never holds the value itself.
    public struct DecodingMismatch: Sendable, Hashable, CustomStringConvertible {
        /// The method whose reply held it (filled in by the client).
        public var method: String?
        /// Where: `result.FIELDS.OPPORTUNITY`, `result[3].ID`, `result[c0].PHONE[0].VALUE`.
        public var path: String
        /// The type the docs give (`Double`, `Bitrix24Date`, `[Int]`, `CRMAPI.Deal.Get.Result`).
        public var expectedType: String
        /// The kind of value found instead (`string`, `object`, `array`, `number`, `bool`, `null`).
        public var found: String

        public init(method: String? = nil, path: String, expectedType: String, found: String) {
            self.method = method
            self.path = path
            self.expectedType = expectedType
            self.found = found
        }

        /// A mismatch between `json` and `type` at `path`.
        public init<T>(_ type: T.Type, path: String, json: Bitrix24JSON) {
            self.init(path: path, expectedType: String(describing: type), found: json.kindName)
        }

        public var description: String {
            "\(method.map { "\($0): " } ?? "")\(path) is documented as \(expectedType) but holds \(found == "array" || found == "object" ? "an" : "a") \(found); the raw value is kept"
        }
    }
}

extension Bitrix24JSON {
    /// The kind of this value, for messages that must not quote it.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension Bitrix24Value {
    public static func bitrix24Mismatches(in json: Bitrix24JSON, at path: String) -> [Bitrix24Client.DecodingMismatch] {
        Self(bitrix24JSON: json) == nil ? [Bitrix24Client.DecodingMismatch(Self.self, path: path, json: json)] : []
    }
}

extension Array where Element: Bitrix24Value {
    public static func bitrix24Mismatches(in json: Bitrix24JSON, at path: String) -> [Bitrix24Client.DecodingMismatch] {
        switch json {
        case .array(let items):
            return items.enumerated().flatMap { Element.bitrix24Mismatches(in: $0.element, at: "\(path)[\($0.offset)]") }
        case .object(let object) where object.keys.allSatisfy({ Int($0) != nil }):
            return object.keys.sorted { Int($0) ?? 0 < Int($1) ?? 0 }.flatMap { key in
                Element.bitrix24Mismatches(in: object[key] ?? .null, at: "\(path)[\(key)]")
            }
        case .null:
            return []
        default:
            return [Bitrix24Client.DecodingMismatch(Self.self, path: path, json: json)]
        }
    }
}

extension Dictionary where Key == String, Value: Bitrix24Value {
    public static func bitrix24Mismatches(in json: Bitrix24JSON, at path: String) -> [Bitrix24Client.DecodingMismatch] {
        switch json {
        case .object(let object):
            return object.keys.sorted().flatMap { Value.bitrix24Mismatches(in: object[$0] ?? .null, at: "\(path).\($0)") }
        case .null, .array([]):
            return []
        default:
            return [Bitrix24Client.DecodingMismatch(Self.self, path: path, json: json)]
        }
    }
}

extension Bitrix24Record {
    /// Each documented field present (and not `null`) checked against its type.
    public static func bitrix24Mismatches(in json: Bitrix24JSON, at path: String) -> [Bitrix24Client.DecodingMismatch] {
        switch json {
        case .object(let object):
            return documentedFieldTypes.keys.sorted().flatMap { key -> [Bitrix24Client.DecodingMismatch] in
                guard let wire = Bitrix24FieldKey.wireKey(for: key, in: object), let value = object[wire], value != .null,
                    let type = documentedFieldTypes[key]
                else { return [] }
                return type.bitrix24Mismatches(in: value, at: "\(path).\(wire)")
            }
        case .null, .array([]):
            return []
        default:
            return [Bitrix24Client.DecodingMismatch(Self.self, path: path, json: json)]
        }
    }
}
