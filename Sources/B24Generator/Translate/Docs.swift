/// Doc-comment and literal helpers: pure functions from docs text to code-form lines.
enum Docs {
    /// Collapses whitespace and trims; keeps the text otherwise as written.
    static func clean(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var lastWasSpace = true
        var previous: UInt8 = 0
        for byte in text.utf8 {
            // ASCII whitespace, and U+00A0 (C2 A0) as a space.
            let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || (byte == 0xA0 && previous == 0xC2)
            if byte == 0xA0, previous == 0xC2, out.last == 0xC2 { out.removeLast() }
            previous = byte
            if isSpace {
                if !lastWasSpace { out.append(0x20) }
                lastWasSpace = true
            } else {
                out.append(byte)
                lastWasSpace = false
            }
        }
        if out.last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// The text shortened to about `limit` characters at a word boundary, with `…` when cut.
    static func shortened(_ text: String, limit: Int = 300) -> String {
        let text = clean(text)
        guard text.utf8.count > limit, text.count > limit else { return text }
        var cut = String(text.prefix(limit))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        return cut + "…"
    }

    /// Wraps `text` into `///` lines of at most ~`width` bytes: the first starts with `lead`, the others
    /// with `indent`. Works on UTF-8 bytes (the text is cleaned first).
    static func lines(_ text: String, lead: String = "", indent: String = "", width: Int = 100) -> DocLines {
        let bytes = Array(sanitize(clean(text)).utf8)
        guard !bytes.isEmpty || !lead.isEmpty else { return [] }
        // A lead may quote the docs (an error code): it gets the same treatment, keeping its spacing.
        let lead = fragment(lead)
        var result: DocLines = []
        var current: [UInt8] = Array(("/// " + lead).utf8)
        var currentWords = 0
        let continuation = Array(("/// " + indent).utf8)
        let prefixLength = current.count
        var index = 0
        while index < bytes.count {
            var end = index
            while end < bytes.count, bytes[end] != 0x20 { end += 1 }
            let word = bytes[index..<end]
            let base = result.isEmpty ? prefixLength : continuation.count
            if currentWords > 0, current.count - base + 1 + word.count > width {
                result.append(String(decoding: current, as: UTF8.self))
                current = continuation
                currentWords = 0
            }
            if currentWords > 0 { current.append(0x20) }
            current.append(contentsOf: word)
            currentWords += 1
            index = end + 1
        }
        while current.last == 0x20 { current.removeLast() }
        result.append(String(decoding: current, as: UTF8.self))
        return result
    }

    /// `text` fit for one doc-comment line without trimming it: line breaks and tabs become spaces,
    /// other control characters go, `{{`/`}}` are split (see ``sanitize(_:)``).
    static func fragment(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }) else { return text }
        return sanitize(String(text.unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : Character($0) }))
    }

    /// Removes what could end or confuse a comment or DocC (`*/` never matters for `///`, but
    /// carriage returns and stray control characters do).
    /// `{{` and `}}` are split (`{ {`), so that any `{{` in the output is a template leftover.
    static func sanitize(_ text: String) -> String {
        var text = text
        if text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            text = String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        }
        let bytes = Array(text.utf8)
        let doubled = zip(bytes, bytes.dropFirst()).contains { pair in
            pair.0 == pair.1 && (pair.0 == UInt8(ascii: "{") || pair.0 == UInt8(ascii: "}"))
        }
        guard doubled else { return text }
        var out: [UInt8] = []
        for byte in bytes {
            if let last = out.last, last == byte, byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") { out.append(0x20) }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A Swift string literal for `text`.
    static func literal(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
