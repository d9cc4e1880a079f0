/// Doc-comment and literal helpers: pure functions from docs text to code-form lines.
enum Docs {
    /// Collapses whitespace and trims; keeps the text otherwise as written.
    static func clean(_ text: String) -> String {
        var out = ""
        var lastWasSpace = true
        for char in text {
            if char.isWhitespace || char.isNewline {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(char)
                lastWasSpace = false
            }
        }
        while out.last == " " { out.removeLast() }
        return out
    }

    /// The text shortened to about `limit` characters at a word boundary, with `…` when cut.
    static func shortened(_ text: String, limit: Int = 300) -> String {
        let text = clean(text)
        guard text.count > limit else { return text }
        var cut = String(text.prefix(limit))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        return cut + "…"
    }

    /// Wraps `text` into `///` lines of at most ~100 characters, with `indent` after `///`.
    static func lines(_ text: String, lead: String = "", indent: String = "", width: Int = 100) -> DocLines {
        let words = clean(text).split(separator: " ")
        guard !words.isEmpty || !lead.isEmpty else { return [] }
        var result: DocLines = []
        var current = ""
        for word in words {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count > width {
                result.append(current)
                current = String(word)
            } else {
                current += " " + word
            }
        }
        if !current.isEmpty { result.append(current) }
        if result.isEmpty { result = [""] }
        return result.enumerated().map { index, line in
            let text = "/// " + (index == 0 ? lead : indent) + sanitize(line)
            return text.hasSuffix(" ") ? String(text.dropLast()) : text
        }
    }

    /// Removes what could end or confuse a comment or DocC (`*/` never matters for `///`, but
    /// carriage returns and stray control characters do).
    static func sanitize(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
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
