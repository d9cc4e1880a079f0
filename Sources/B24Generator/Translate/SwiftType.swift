/// A Swift type the generator writes, decided from the docs' type text.
public indirect enum SwiftType: Sendable, Equatable {
    case int
    case double
    case string
    case bool
    /// A `char` flag: `Bool` in Swift, `Y`/`N` on the wire.
    case yesNo
    case date
    case dateTime
    case file
    case time
    /// A string or a string per language (`string|lang_map`).
    case localizedText
    /// Any JSON: an object without a documented shape, a union, `any`.
    case json
    /// A directory type: a distinct name over a base type (`CRMStatusID` = `String`).
    case alias(name: String, base: SwiftType)
    /// A record: a generated struct (qualified name) or a runtime one (`Bitrix24Fields`).
    case record(String)
    /// A generated value set (qualified name).
    case valueSet(String)
    case array(SwiftType)
    case dictionary(SwiftType)

    /// The type as written in code.
    public var code: String {
        switch self {
        case .int: "Int"
        case .double: "Double"
        case .string: "String"
        case .bool, .yesNo: "Bool"
        case .date: "Bitrix24Date"
        case .dateTime: "Bitrix24DateTime"
        case .file: "Bitrix24File"
        case .time: "Bitrix24Client.Timing"
        case .localizedText: "Bitrix24LocalizedText"
        case .json: "Bitrix24JSON"
        case .alias(let name, _): name
        case .record(let name): name
        case .valueSet(let name): name
        case .array(let element): "[\(element.code)]"
        case .dictionary(let value): "[String: \(value.code)]"
        }
    }

    /// `false` for the JSON value type and containers of it: what the coverage report counts.
    public var isConcrete: Bool {
        switch self {
        case .json: false
        case .array(let element): element.isConcrete
        case .dictionary(let value): value.isConcrete
        default: true
        }
    }

    /// `true` for a type that says what the value holds: not `Bitrix24JSON`, not a container of it, not the runtime's
    /// untyped record (`Bitrix24Fields`). What the coverage report counts as a typed result.
    public var isTyped: Bool {
        switch self {
        case .json: false
        case .record(let name): name != "Bitrix24Fields"
        case .array(let element): element.isTyped
        case .dictionary(let value): value.isTyped
        default: true
        }
    }

    /// `true` when values are written as `Y`/`N`.
    var isYesNo: Bool { self == .yesNo }
}

/// What the docs' type text says, before names are given: the parse of `crm_contact[]`, `string | null`.
public indirect enum DocType: Sendable, Equatable {
    case scalar(SwiftType)
    /// `object`/`array`-like with a shape given by nested rows (or not).
    case object
    case arrayOfObjects
    case array(DocType)
    /// A named type of the docs (`deal`, `crm_multifield`, `crm_status`).
    case named(String)
    /// `enum`: a value set when values are listed.
    case enumeration
    case unknown(String)

    /// Parses the docs' type text. `nil`/empty → `nil` (no type given).
    public static func parse(_ text: String?) -> (type: DocType, nullable: Bool)? {
        guard let text else { return nil }
        var raw = text.trimmingSpaces()
        if raw.isEmpty { return nil }
        if raw.hasPrefix("["), raw.hasSuffix("]"), raw.count > 2 {
            raw = String(raw.dropFirst().dropLast()) + "[]"
        }
        var pieces: [String] = []
        for piece in raw.split(separator: "|") {
            // `a or b` is a union too.
            let words = piece.split(separator: " ")
            if words.contains("or") {
                pieces += words.split(separator: "or").map { $0.joined(separator: " ") }
            } else if words.count > 1, words.allSatisfy({ isTypeWord(String($0)) }) {
                // `string null`, `string boolean`: a union whose bars were lost.
                pieces += words.map(String.init)
            } else {
                pieces.append(String(piece))
            }
        }
        var alternatives = pieces.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        let nulls: Set<String> = ["null", "undefined", "nil"]
        let nullable = alternatives.contains { nulls.contains($0.lowercased()) }
        alternatives.removeAll { nulls.contains($0.lowercased()) }
        guard !alternatives.isEmpty else { return (.scalar(.json), true) }
        let parsed = alternatives.map(parseSingle)
        var distinct: [DocType] = []
        for type in parsed where !distinct.contains(type) { distinct.append(type) }
        if distinct.count == 1 { return (distinct[0], nullable) }
        let lowered = Set(alternatives.map { $0.lowercased() })
        if lowered == ["date", "datetime"] { return (.scalar(.dateTime), nullable) }
        // A text or its translations by language: the docs write it `string|lang_map` or `string | object`.
        if lowered == ["string", "lang_map"] || lowered == ["string", "object"] { return (.scalar(.localizedText), nullable) }
        if lowered == ["integer", "string"] { return (.scalar(.string), nullable) }
        // `T | T[]`: the portal takes either; a list always works.
        if distinct.count == 2, distinct.contains(.array(distinct[0])) { return (.array(distinct[0]), nullable) }
        if distinct.count == 2, distinct.contains(.array(distinct[1])) { return (.array(distinct[1]), nullable) }
        return (.scalar(.json), nullable)
    }

    /// `true` for a word that is a type on its own (`string`, `null`, `integer[]`), not part of a phrase.
    static func isTypeWord(_ word: String) -> Bool {
        if ["null", "undefined", "nil"].contains(word.lowercased()) { return true }
        switch parseSingle(word) {
        case .named, .unknown: return false
        default: return true
        }
    }

    static func parseSingle(_ text: String) -> DocType {
        if text.hasSuffix("[]") {
            let element = parseSingle(String(text.dropLast(2)).trimmingSpaces())
            if element == .object { return .arrayOfObjects }
            return .array(element)
        }
        let lower = text.lowercased()
        switch lower {
        case "integer", "int", "long", "int64": return .scalar(.int)
        case "double", "float", "decimal", "number", "numeric": return .scalar(.double)
        case "string", "text", "str": return .scalar(.string)
        case "boolean", "bool": return .scalar(.bool)
        case "char", "y/n": return .scalar(.yesNo)
        case "date": return .scalar(.date)
        case "datetime", "date/time", "iso8601": return .scalar(.dateTime)
        case "timestamp", "unixtime": return .scalar(.int)
        case "file", "attached_diskfile", "product_file", "diskfile": return .scalar(.file)
        case "time": return .scalar(.time)
        case "object", "json", "map", "dictionary": return .object
        case "array", "objects", "list": return .arrayOfObjects
        case "enum", "enumeration": return .enumeration
        case "lang_map": return .scalar(.dictionary(.string))
        case "any", "mixed", "callable", "function", "undefined", "result", "type": return .scalar(.json)
        default: break
        }
        let isIdentifier = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
            && text.first.map { $0.isLetter || $0 == "_" } == true
        return isIdentifier ? .named(text) : .unknown(text)
    }
}
