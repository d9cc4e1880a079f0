import B24DocModel

/// Reads the shape of the JSON the docs write in examples, which is often not strict JSON: comments
/// (`//`, `/* */`), trailing commas, `...`/`…` standing for elided members, single-quoted strings,
/// unquoted keys and words. Only kinds and keys are kept, never values. Nesting deeper than 64 and
/// anything else it cannot read make it fail with a reason.
struct JSONShapeReader {
    struct Failure: Error {
        var reason: String
    }

    private let b: [UInt8]
    private var i = 0

    private init(_ bytes: [UInt8]) { b = bytes }

    /// The shape of `text`'s one JSON value, or why it cannot be read.
    static func shape(of text: String) -> Result<JSONShape, Failure> {
        var reader = JSONShapeReader(Array(text.utf8))
        do {
            let shape = try reader.value(depth: 0)
            reader.skip()
            guard reader.i >= reader.b.count else { throw Failure(reason: "text after the value at offset \(reader.i)") }
            return .success(shape)
        } catch let failure as Failure {
            return .failure(failure)
        } catch {
            return .failure(Failure(reason: "\(error)"))
        }
    }

    private var peek: UInt8? { i < b.count ? b[i] : nil }

    /// Skips white space and comments.
    private mutating func skip() {
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 {
                i += 1
            } else if c == UInt8(ascii: "/"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "/") {
                while i < b.count, b[i] != 0x0A { i += 1 }
            } else if c == UInt8(ascii: "/"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < b.count, !(b[i] == UInt8(ascii: "*") && b[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i = min(b.count, i + 2)
            } else {
                return
            }
        }
    }

    /// `...` or `…` (U+2026): an elided part of the example.
    private mutating func skipEllipsis() -> Bool {
        if i + 2 < b.count, b[i] == UInt8(ascii: "."), b[i + 1] == UInt8(ascii: "."), b[i + 2] == UInt8(ascii: ".") {
            i += 3
            return true
        }
        if i + 2 < b.count, b[i] == 0xE2, b[i + 1] == 0x80, b[i + 2] == 0xA6 {
            i += 3
            return true
        }
        return false
    }

    private mutating func value(depth: Int) throws -> JSONShape {
        guard depth < 64 else { throw Failure(reason: "nested deeper than 64") }
        skip()
        guard let c = peek else { throw Failure(reason: "unexpected end") }
        switch c {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            _ = try string()
            return .string
        default:
            let word = self.word()
            guard !word.isEmpty else { throw Failure(reason: "unexpected '\(Character(Unicode.Scalar(c)))' at offset \(i)") }
            if word == "true" || word == "false" { return .bool }
            if word == "null" { return .null }
            if let first = word.utf8.first, first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) { return .number }
            return .string
        }
    }

    /// A bare word: a number, a literal, or an unquoted key or value.
    private mutating func word() -> String {
        let start = i
        while i < b.count {
            let c = b[i]
            let isWord = (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c == UInt8(ascii: "_")
                || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: "$") || c >= 0x80
            if !isWord { break }
            if c == UInt8(ascii: "."), i + 2 < b.count, b[i + 1] == UInt8(ascii: "."), b[i + 2] == UInt8(ascii: ".") { break }
            i += 1
        }
        return String(decoding: b[start..<i], as: UTF8.self)
    }

    private mutating func string() throws -> String {
        let quote = b[i]
        i += 1
        var out: [UInt8] = []
        while i < b.count {
            let c = b[i]
            if c == quote {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\"), i + 1 < b.count {
                out.append(b[i + 1])
                i += 2
                continue
            }
            out.append(c)
            i += 1
        }
        throw Failure(reason: "unterminated string")
    }

    private mutating func object(depth: Int) throws -> JSONShape {
        i += 1
        var members: [JSONShape.Member] = []
        while true {
            skip()
            guard let c = peek else { throw Failure(reason: "unterminated object") }
            if c == UInt8(ascii: "}") { i += 1; return JSONShape(kind: .object, members: members) }
            if c == UInt8(ascii: ",") { i += 1; continue }
            if skipEllipsis() { continue }
            let key: String
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                key = try string()
            } else {
                key = word()
                guard !key.isEmpty else { throw Failure(reason: "expected a key at offset \(i)") }
            }
            skip()
            guard peek == UInt8(ascii: ":") else { throw Failure(reason: "expected ':' after key \"\(key)\"") }
            i += 1
            skip()
            // `"key": ...`: the value is elided; its kind is unknown, so the key is left out.
            if skipEllipsis() { continue }
            members.append(JSONShape.Member(key: key, shape: try value(depth: depth + 1)))
            skip()
            guard let d = peek, d == UInt8(ascii: ",") || d == UInt8(ascii: "}") else {
                throw Failure(reason: "expected ',' or '}' at offset \(i)")
            }
        }
    }

    private mutating func array(depth: Int) throws -> JSONShape {
        i += 1
        var elements: [JSONShape] = []
        while true {
            skip()
            guard let c = peek else { throw Failure(reason: "unterminated array") }
            if c == UInt8(ascii: "]") { i += 1; return JSONShape(kind: .array, elements: elements) }
            if c == UInt8(ascii: ",") { i += 1; continue }
            if skipEllipsis() { continue }
            let element = try value(depth: depth + 1)
            if elements.last != element { elements.append(element) }
            skip()
            guard let d = peek, d == UInt8(ascii: ",") || d == UInt8(ascii: "]") else {
                throw Failure(reason: "expected ',' or ']' at offset \(i)")
            }
        }
    }
}

extension DocParser {
    /// The shape of an example's JSON as the parser reads it (comments, trailing commas, `...` allowed), or
    /// `nil` when it cannot be read. The distiller writes examples as shapes and reads them back through this.
    public static func exampleShape(_ text: String) -> JSONShape? {
        if case .success(let shape) = JSONShapeReader.shape(of: text) { return shape }
        return nil
    }
}
