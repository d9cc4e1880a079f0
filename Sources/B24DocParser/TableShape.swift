/// What a table's header row says it is.
enum TableShape {
    case parameters(ParamColumns)
    case errors(ErrorColumns)
    case other

    init(header: [String]) {
        guard header.count >= 2 else { self = .other; return }
        func firstWord(_ s: String) -> String {
            String(s.prefix { $0.isLetter })
        }
        // Error tables: a "Code" column (or "Error code" / "Error text").
        var codeCol: Int?
        var statusCol: Int?
        var descCol: Int?
        var msgCol: Int?
        for (i, h) in header.enumerated() {
            let w = firstWord(h)
            if codeCol == nil, w == "code" || h.hasPrefix("error code") || h == "error" || h.hasPrefix("error text") { codeCol = i }
            if statusCol == nil, w == "status" || h.hasPrefix("http status") || h.hasPrefix("http code") { statusCol = i }
            if descCol == nil, h.hasPrefix("description") { descCol = i }
            if msgCol == nil, h.hasPrefix("error message") || h.hasPrefix("message") || h.hasPrefix("reason") { msgCol = i }
        }
        let first = firstWord(header[0])
        let paramWords: Set<String> = ["name", "parameter", "field", "key", "title", "property", "attribute", "argument",
                                        "option", "element", "column", "param", "variable"]
        if let c = codeCol, !paramWords.contains(first) || c == 0 {
            if c == 0 || statusCol == 0 || header[0].hasPrefix("error") || descCol != nil || msgCol != nil {
                self = .errors(ErrorColumns(code: c, description: descCol, message: msgCol, status: statusCol))
                return
            }
        }
        if paramWords.contains(first) {
            var cols = ParamColumns(name: 0)
            for (i, h) in header.enumerated().dropFirst() {
                let w = firstWord(h)
                if cols.type == nil, w == "type" { cols.type = i }
                if cols.description == nil, w == "description" || h.hasPrefix("purpose") || w == "value" && header.count == 2 {
                    cols.description = i
                }
                if cols.defaultValue == nil, w == "default" { cols.defaultValue = i }
                if cols.required == nil, w == "required" || h.hasPrefix("mandatory") { cols.required = i }
            }
            if cols.description == nil { cols.description = header.count > 1 ? 1 : nil }
            self = .parameters(cols)
            return
        }
        self = .other
    }
}

extension String {
    /// Byte-level substring test for ASCII markers.
    func has(_ needle: StaticString) -> Bool { Bytes.contains(self, needle) }

    func trimmed(in set: Set<Character> = [" ", "\n", "\t", "\r", "\u{A0}"]) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }

    func trimmingPunctuation() -> String {
        trimmed(in: [" ", ",", ".", ";", ":", "(", ")", "\"", "'", "«", "»", "`", "“", "”", "!", "?"])
    }

    func collapsingWhitespace() -> String {
        split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\u{A0}" }).joined(separator: " ")
    }

}

