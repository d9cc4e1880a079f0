import Foundation

/// A value that generated code reads from and writes to Bitrix24 JSON, leniently.
///
/// The portal is loose about types: IDs arrive as `"123"` or `123`, booleans as `"Y"`, `"N"`, `1` or
/// `true`, empty objects as `[]`, and lists as objects keyed `"0"`, `"1"`, …. A conforming type accepts
/// every such spelling of itself (``init(bitrix24JSON:)`` returns `nil` only when the value cannot mean
/// it) and writes the canonical one (``bitrix24JSON``).
public protocol Bitrix24Value: Sendable {
    /// Reads the value from any of the spellings the portal uses; `nil` when `json` cannot mean it.
    init?(bitrix24JSON json: Bitrix24JSON)
    /// The value as it is sent to the portal.
    var bitrix24JSON: Bitrix24JSON { get }
    /// The places in `json` (at `path`) holding a value this type cannot read as what the docs say — for
    /// reporting, not for failing: records keep such values raw. The default checks `json` as a whole;
    /// lists, dictionaries and records look inside (records through ``Bitrix24Record/documentedFieldTypes``).
    static func bitrix24Mismatches(in json: Bitrix24JSON, at path: String) -> [Bitrix24Client.DecodingMismatch]
}

extension Bitrix24JSON: Bitrix24Value {
    public init?(bitrix24JSON json: Bitrix24JSON) { self = json }
    public var bitrix24JSON: Bitrix24JSON { self }
}

extension Int: Bitrix24Value {
    public init?(bitrix24JSON json: Bitrix24JSON) {
        switch json {
        case .int(let value): self = value
        case .double(let value):
            guard value.rounded() == value, let exact = Int(exactly: value) else { return nil }
            self = exact
        case .string(let text):
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else { return nil }
            self = value
        case .bool(let value): self = value ? 1 : 0
        default: return nil
        }
    }

    public var bitrix24JSON: Bitrix24JSON { .int(self) }
}

extension Double: Bitrix24Value {
    public init?(bitrix24JSON json: Bitrix24JSON) {
        switch json {
        case .int(let value): self = Double(value)
        case .double(let value): self = value
        case .string(let text):
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else { return nil }
            self = value
        default: return nil
        }
    }

    public var bitrix24JSON: Bitrix24JSON { .double(self) }
}

extension String: Bitrix24Value {
    public init?(bitrix24JSON json: Bitrix24JSON) {
        switch json {
        case .string(let value): self = value
        case .int(let value): self = String(value)
        case .double(let value): self = String(value)
        case .bool(let value): self = value ? "Y" : "N"
        default: return nil
        }
    }

    public var bitrix24JSON: Bitrix24JSON { .string(self) }
}

extension Bool: Bitrix24Value {
    /// Accepts `true`/`false`, `1`/`0`, and the strings `Y`/`N`, `1`/`0`, `true`/`false` (any case).
    public init?(bitrix24JSON json: Bitrix24JSON) {
        switch json {
        case .bool(let value): self = value
        case .int(let value): self = value != 0
        case .double(let value): self = value != 0
        case .string(let text):
            switch text.lowercased() {
            case "y", "yes", "1", "true": self = true
            case "n", "no", "0", "false", "": self = false
            default: return nil
            }
        default: return nil
        }
    }

    public var bitrix24JSON: Bitrix24JSON { .bool(self) }

    /// The `Y`/`N` spelling the portal uses for `char` flags.
    public var bitrix24YesNo: Bitrix24JSON { .string(self ? "Y" : "N") }
}

extension Array: Bitrix24Value where Element: Bitrix24Value {
    /// Accepts a JSON array, an object whose keys are all integers (`"0"`, `"1"`, …, read in their order), and
    /// `null` or `{}` as empty. Any other object is not a list (a misplaced rows key must not turn an object
    /// into one bogus row).
    public init?(bitrix24JSON json: Bitrix24JSON) {
        let items: [Bitrix24JSON]
        switch json {
        case .array(let array): items = array
        case .null: items = []
        case .object(let object):
            var indexed: [(index: Int, value: Bitrix24JSON)] = []
            indexed.reserveCapacity(object.count)
            for (key, value) in object {
                guard let index = Int(key) else { return nil }
                indexed.append((index, value))
            }
            items = indexed.sorted { $0.index < $1.index }.map(\.value)
        default: return nil
        }
        var result: [Element] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard let element = Element(bitrix24JSON: item) else { return nil }
            result.append(element)
        }
        self = result
    }

    public var bitrix24JSON: Bitrix24JSON { .array(map(\.bitrix24JSON)) }
}

extension Dictionary: Bitrix24Value where Key == String, Value: Bitrix24Value {
    /// Accepts a JSON object, and `[]` or `null` as the empty object.
    public init?(bitrix24JSON json: Bitrix24JSON) {
        switch json {
        case .object(let object):
            var result: [String: Value] = [:]
            for (key, item) in object {
                guard let value = Value(bitrix24JSON: item) else { return nil }
                result[key] = value
            }
            self = result
        case .array(let array) where array.isEmpty: self = [:]
        case .null: self = [:]
        default: return nil
        }
    }

    public var bitrix24JSON: Bitrix24JSON { .object(mapValues(\.bitrix24JSON)) }
}

extension Bitrix24Client.Timing: Bitrix24Value {
    public init?(bitrix24JSON json: Bitrix24JSON) {
        guard case .object = json, let time = try? json.decode(as: Bitrix24Client.Timing.self) else { return nil }
        self = time
    }

    public var bitrix24JSON: Bitrix24JSON { (try? Bitrix24JSON(encoding: self)) ?? .null }
}

/// The parameters of a request under construction, keyed as the docs write them.
///
/// Generated request builders set each argument with ``set(_:_:)``; `nil` arguments are left out.
public struct Bitrix24Parameters: Sendable {
    /// The parameters as a JSON object.
    public var values: [String: Bitrix24JSON]

    public init(_ values: [String: Bitrix24JSON] = [:]) {
        self.values = values
    }

    /// Sets `key` to `value`, or leaves it out when `value` is `nil`.
    public mutating func set<Value: Bitrix24Value>(_ key: String, _ value: Value?) {
        guard let value else { return }
        values[key] = value.bitrix24JSON
    }

    /// Sets a `char` flag as `Y`/`N`, or leaves it out when `value` is `nil`.
    public mutating func setYesNo(_ key: String, _ value: Bool?) {
        guard let value else { return }
        values[key] = value.bitrix24YesNo
    }
}
