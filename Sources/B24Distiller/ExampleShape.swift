import B24DocModel
import B24DocParser

/// An example reduced to its shape — keys in order, nesting, value kinds — written as JSON with a fixed
/// stand-in per kind (`""` string, `0` number, `false` bool, `null`), so a distilled page shows what an
/// example looks like without any of its values. The parser reads it back to the same ``JSONShape``.
public enum ExampleShape {
    /// The shape text of an example as the parser reads it, or `nil` when the parser cannot read it.
    public static func canonical(_ text: String) -> String? {
        DocParser.exampleShape(text).map(self.text)
    }

    /// The shape as JSON text.
    public static func text(_ shape: JSONShape) -> String {
        var out = ""
        write(shape, into: &out)
        return out
    }

    static func write(_ shape: JSONShape, into out: inout String) {
        switch shape.kind {
        case .object:
            out += "{"
            for (i, member) in (shape.members ?? []).enumerated() {
                if i > 0 { out += ", " }
                writeKey(member.key, into: &out)
                out += ": "
                write(member.shape, into: &out)
            }
            out += "}"
        case .array:
            out += "["
            for (i, element) in (shape.elements ?? []).enumerated() {
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

    /// A key in double quotes; the parser's reader takes the character after a backslash as it is, so only
    /// `"` and `\` are escaped.
    static func writeKey(_ key: String, into out: inout String) {
        out += "\""
        for ch in key {
            if ch == "\"" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        out += "\""
    }
}
