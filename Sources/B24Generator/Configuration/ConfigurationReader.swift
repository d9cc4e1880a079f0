import Foundation

/// A JSON value as the configuration file holds it (booleans stay apart from numbers).
enum ConfigJSON: Decodable {
    case null, bool(Bool), number(Double), string(String), array([ConfigJSON]), object([String: ConfigJSON])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([ConfigJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: ConfigJSON].self)) }
    }
}

/// Reads one JSON object of the configuration, remembering where it is for error messages.
struct Reader {
    let path: String
    let dictionary: [String: ConfigJSON]

    init(_ value: ConfigJSON?, path: String) throws {
        guard case .object(let dictionary)? = value else {
            throw ConfigurationFile.Error(path: path, message: "must be an object")
        }
        self.path = path
        self.dictionary = dictionary
    }

    var keys: [String] { dictionary.keys.sorted() }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    func allow(_ known: Set<String>) throws {
        for name in keys where !known.contains(name) {
            throw ConfigurationFile.Error(path: key(name), message: "unknown key (known: \(known.sorted().joined(separator: ", ")))")
        }
    }

    func string(_ name: String) throws -> String? {
        guard let value = dictionary[name] else { return nil }
        guard case .string(let string) = value else { throw ConfigurationFile.Error(path: key(name), message: "must be a string") }
        return string
    }

    func bool(_ name: String) throws -> Bool? {
        guard let value = dictionary[name] else { return nil }
        guard case .bool(let bool) = value else { throw ConfigurationFile.Error(path: key(name), message: "must be true or false") }
        return bool
    }

    func strings(_ name: String) throws -> [String]? {
        guard let value = dictionary[name] else { return nil }
        guard case .array(let items) = value else { throw ConfigurationFile.Error(path: key(name), message: "must be an array of strings") }
        return try items.map {
            guard case .string(let s) = $0 else { throw ConfigurationFile.Error(path: key(name), message: "must be an array of strings") }
            return s
        }
    }

    func stringMap(_ name: String) throws -> [String: String]? {
        guard let value = dictionary[name] else { return nil }
        let map = try Reader(value, path: key(name))
        var result: [String: String] = [:]
        for k in map.keys {
            guard let s = try map.string(k) else { continue }
            result[k] = s
        }
        return result
    }

    func object(_ name: String) throws -> Reader? {
        guard let value = dictionary[name] else { return nil }
        return try Reader(value, path: key(name))
    }

    func child(_ name: String) throws -> Reader {
        try Reader(dictionary[name], path: key(name))
    }

    func array(_ name: String) throws -> [Reader]? {
        guard let value = dictionary[name] else { return nil }
        guard case .array(let items) = value else { throw ConfigurationFile.Error(path: key(name), message: "must be an array") }
        return try items.enumerated().map { try Reader($1, path: "\(key(name))[\($0)]") }
    }
}
