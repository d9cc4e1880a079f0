/// The shape of an example's JSON — keys in order, nesting, value kinds — written as JSON with a fixed
/// stand-in per kind (`""` string, `0` number, `false` bool, `null`), so a distilled page shows what an
/// example looks like without any of its values.
///
/// The docs' examples are often not strict JSON; the reader accepts comments, trailing commas, `...`/`…`
/// for elided members, single-quoted strings and unquoted keys and words. Runs of equal array elements are
/// written once. Text it cannot read has no shape (`nil`).
public enum ExampleShape {
    /// The canonical shape text of `text`, or `nil` when `text` is not readable JSON.
    public static func canonical(_ text: String) -> String? {
        guard let shape = read(text) else { return nil }
        var out = ""
        write(shape, into: &out)
        return out
    }

    indirect enum Shape: Equatable {
        case object([(key: String, value: Shape)])
        case array([Shape])
        case string, number, bool, null

        static func == (lhs: Shape, rhs: Shape) -> Bool {
            switch (lhs, rhs) {
            case let (.object(a), .object(b)):
                a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            case let (.array(a), .array(b)): a == b
            case (.string, .string), (.number, .number), (.bool, .bool), (.null, .null): true
            default: false
            }
        }
    }

    static func read(_ text: String) -> Shape? {
        var reader = ShapeReader(Array(text.utf8))
        guard let shape = reader.value(depth: 0) else { return nil }
        reader.skip()
        return reader.atEnd ? shape : nil
    }

    static func write(_ shape: Shape, into out: inout String) {
        switch shape {
        case .object(let members):
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += ", " }
                writeKey(member.key, into: &out)
                out += ": "
                write(member.value, into: &out)
            }
            out += "}"
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += ", " }
                write(element, into: &out)
            }
            out += "]"
        case .string: out += "\"\""
        case .number: out += "0"
        case .bool: out += "false"
        case .null: out += "null"
        }
    }

    /// A JSON string literal; `'` is escaped too, so the text fits in a single-quoted shell argument.
    static func writeKey(_ key: String, into out: inout String) {
        out += "\""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "'": out += "\\u0027"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

/// A lenient reader of the JSON in the docs' examples (see ``ExampleShape``).
struct ShapeReader {
    typealias Shape = ExampleShape.Shape
    private let b: [UInt8]
    private var i = 0

    init(_ bytes: [UInt8]) { b = bytes }

    var atEnd: Bool { i >= b.count }
    private var peek: UInt8? { i < b.count ? b[i] : nil }

    /// Skips white space and comments.
    mutating func skip() {
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

    /// `...` or `…`: an elided part of the example.
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

    mutating func value(depth: Int) -> Shape? {
        guard depth < 64 else { return nil }
        skip()
        guard let c = peek else { return nil }
        switch c {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return string() == nil ? nil : .string
        default:
            let word = self.word()
            guard let first = word.first else { return nil }
            if word == "true" || word == "false" { return .bool }
            if word == "null" { return .null }
            return first == "-" || first.isNumber ? .number : .string
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

    private mutating func string() -> String? {
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
                i += 1
                if b[i] == UInt8(ascii: "u"), let scalar = hexScalar(at: i + 1) {
                    out += Array(String(Character(scalar)).utf8)
                    i += 5
                } else {
                    out.append(Self.unescaped(b[i]))
                    i += 1
                }
                continue
            }
            out.append(c)
            i += 1
        }
        return nil
    }

    private static func unescaped(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "t"): 0x09
        case UInt8(ascii: "r"): 0x0D
        default: c
        }
    }

    private func hexScalar(at start: Int) -> Unicode.Scalar? {
        guard start + 4 <= b.count, let v = UInt32(String(decoding: b[start..<start + 4], as: UTF8.self), radix: 16) else { return nil }
        return Unicode.Scalar(v)
    }

    private mutating func object(depth: Int) -> Shape? {
        i += 1
        var members: [(key: String, value: Shape)] = []
        while true {
            skip()
            guard let c = peek else { return nil }
            if c == UInt8(ascii: "}") { i += 1; return .object(members) }
            if c == UInt8(ascii: ",") { i += 1; continue }
            if skipEllipsis() { continue }
            let key: String
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                guard let k = string() else { return nil }
                key = k
            } else {
                key = word()
                guard !key.isEmpty else { return nil }
            }
            skip()
            guard peek == UInt8(ascii: ":") else { return nil }
            i += 1
            skip()
            // `"key": ...`: the value is elided; its kind is unknown, so the key is left out.
            if skipEllipsis() { continue }
            guard let value = value(depth: depth + 1) else { return nil }
            members.append((key, value))
            skip()
            guard let d = peek, d == UInt8(ascii: ",") || d == UInt8(ascii: "}") else { return nil }
        }
    }

    private mutating func array(depth: Int) -> Shape? {
        i += 1
        var elements: [Shape] = []
        while true {
            skip()
            guard let c = peek else { return nil }
            if c == UInt8(ascii: "]") { i += 1; return .array(elements) }
            if c == UInt8(ascii: ",") { i += 1; continue }
            if skipEllipsis() { continue }
            guard let element = value(depth: depth + 1) else { return nil }
            if elements.last != element { elements.append(element) }
            skip()
            guard let d = peek, d == UInt8(ascii: ",") || d == UInt8(ascii: "]") else { return nil }
        }
    }
}
