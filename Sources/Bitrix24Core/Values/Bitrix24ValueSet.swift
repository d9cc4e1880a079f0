import Foundation

/// A documented set of string values the server may extend: a `RawRepresentable` struct with a
/// static member per documented value. Unknown values decode as themselves, never as an error.
public protocol Bitrix24ValueSet: Bitrix24Value, RawRepresentable, Codable, Hashable, ExpressibleByStringLiteral,
    CustomStringConvertible
where RawValue == String {
    init(rawValue: String)
}

extension Bitrix24ValueSet {
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    public init?(bitrix24JSON json: Bitrix24JSON) {
        guard let text = String(bitrix24JSON: json) else { return nil }
        self.init(rawValue: text)
    }

    public var bitrix24JSON: Bitrix24JSON { .string(rawValue) }

    public init(from decoder: any Decoder) throws {
        let json = try Bitrix24JSON(from: decoder)
        guard let text = String(bitrix24JSON: json) else {
            throw DecodingError.typeMismatch(
                Self.self, DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "expected a string")
            )
        }
        self.init(rawValue: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}

/// A calendar date as the portal writes it (`2026-11-21`), kept verbatim.
public struct Bitrix24Date: Bitrix24ValueSet {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The date at midnight UTC, when ``rawValue`` starts with `yyyy-MM-dd`.
    public var date: Date? {
        let parts = rawValue.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var components = DateComponents()
        components.year = parts[0]
        components.month = parts[1]
        components.day = parts[2]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.date(from: components)
    }
}

/// A date and time as the portal writes it (`2026-11-21T10:00:00+03:00`), kept verbatim.
public struct Bitrix24DateTime: Bitrix24ValueSet {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The instant, when ``rawValue`` is ISO 8601 with a time zone.
    public var date: Date? {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: rawValue)
    }

    /// The ISO 8601 spelling of `date` (UTC).
    public init(_ date: Date) {
        self.rawValue = ISO8601DateFormatter().string(from: date)
    }
}

/// A file field: what the portal returns (an object with `id`, `downloadUrl`, …) or what you upload.
public struct Bitrix24File: Bitrix24Value, Codable, Hashable {
    /// The field as JSON.
    public var rawValue: Bitrix24JSON

    public init(rawValue: Bitrix24JSON) {
        self.rawValue = rawValue
    }

    /// An upload: `{"fileData": [name, base64]}`.
    public static func upload(name: String, contents: Data) -> Bitrix24File {
        Bitrix24File(rawValue: .object(["fileData": .array([.string(name), .string(contents.base64EncodedString())])]))
    }

    public init?(bitrix24JSON json: Bitrix24JSON) { self.rawValue = json }
    public var bitrix24JSON: Bitrix24JSON { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try Bitrix24JSON(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try rawValue.encode(to: encoder) }
}

/// A text the portal accepts either as one string or as one string per language
/// (`{"en": "Deals", "de": "Deals"}`): the docs' `string|lang_map`.
public struct Bitrix24LocalizedText: Bitrix24Value, Codable, Hashable, ExpressibleByStringLiteral {
    /// The text as JSON: a string or an object of strings keyed by language.
    public var rawValue: Bitrix24JSON

    public init(_ text: String) {
        rawValue = .string(text)
    }

    /// One text per language code (`en`, `de`, …).
    public init(byLanguage: [String: String]) {
        rawValue = .object(byLanguage.mapValues(Bitrix24JSON.string))
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The single text, when the value is one.
    public var text: String? {
        if case .string(let text) = rawValue { return text }
        return nil
    }

    /// The texts per language, when the value is a language map.
    public var byLanguage: [String: String] {
        guard case .object(let object) = rawValue else { return [:] }
        return object.compactMapValues { String(bitrix24JSON: $0) }
    }

    public init?(bitrix24JSON json: Bitrix24JSON) {
        switch json {
        case .string, .object: rawValue = json
        case .array(let array) where array.isEmpty: rawValue = .object([:])
        default: return nil
        }
    }

    public var bitrix24JSON: Bitrix24JSON { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try Bitrix24JSON(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try rawValue.encode(to: encoder) }
}
