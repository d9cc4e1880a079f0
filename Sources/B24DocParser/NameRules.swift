/// How the docs write the names of methods, events and widget commands.
enum NameRules {
    static func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// `crm.deal.add`, `imbot.v2.Bot.register`, `user.option.*`: dotted words, lower-case first word.
    static func isMethodName(_ s: String) -> Bool {
        if let ascii = asciiIsMethodName(s) { return ascii }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, let first = parts.first, let c = first.first, c.isLetter else { return false }
        for p in parts {
            guard !p.isEmpty, p == "*" || p.allSatisfy(isWordChar) else { return false }
        }
        // A file name or a sentence end is not a method.
        if let last = parts.last, ["html", "php", "js", "md", "json", "com", "ru"].contains(String(last)) { return false }
        return first.contains(where: { $0.isLowercase }) || first == "BX24"
    }

    /// `crm.xxx`, `user.yyy.get`: a stand-in that template pages ("standard method info") use for any
    /// method; such a page documents no method of its own.
    static func isPlaceholderMethodName(_ s: String) -> Bool {
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            // Byte path (names are ASCII): a run of three or more x (or y) between dots.
            var run = 0
            var letter: UInt8 = 0
            var pure = true
            for c in s.utf8 + [UInt8(ascii: ".")] {
                if c == UInt8(ascii: ".") {
                    if pure && run >= 3 { return true }
                    run = 0
                    pure = true
                    continue
                }
                let l = c | 0x20
                if run == 0 { letter = l }
                pure = pure && (l == UInt8(ascii: "x") || l == UInt8(ascii: "y")) && l == letter
                run += 1
            }
            return false
        }
        return s.split(separator: ".").contains { part in
            let lower = part.lowercased()
            return lower.count >= 3 && (lower.allSatisfy { $0 == "x" } || lower.allSatisfy { $0 == "y" })
        }
    }

    /// ``isMethodName(_:)`` on bytes for ASCII text (`nil` for other text).
    private static func asciiIsMethodName(_ s: String) -> Bool? {
        let b = Array(s.utf8)
        guard b.allSatisfy({ $0 < 0x80 }) else { return nil }
        func isLetter(_ c: UInt8) -> Bool { c | 0x20 >= 0x61 && c | 0x20 <= 0x7A }
        func isWord(_ c: UInt8) -> Bool { isLetter(c) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "_") }
        let parts = b.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count >= 2, let first = parts.first, let c = first.first, isLetter(c) else { return false }
        for p in parts {
            guard !p.isEmpty, (p.count == 1 && p.first == UInt8(ascii: "*")) || p.allSatisfy(isWord) else { return false }
        }
        if let last = parts.last, ["html", "php", "js", "md", "json", "com", "ru"].contains(String(decoding: last, as: UTF8.self)) {
            return false
        }
        return first.contains { $0 >= 0x61 && $0 <= 0x7A } || first.elementsEqual("BX24".utf8)
    }

    /// `onCrmDealAdd`, `OnCalendarEntryAdd`, `ONIMBOTJOINCHAT`.
    static func isEventName(_ s: String) -> Bool {
        guard s.count >= 5, s.allSatisfy(isWordChar) else { return false }
        let chars = Array(s)
        if (chars[0] == "o" || chars[0] == "O") && chars[1] == "n" && chars[2].isUppercase { return true }
        if s.hasPrefix("ON") && s.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) && s.count >= 6 { return true }
        return false
    }

    /// `BackgroundCallCard::holdButtonClick`.
    static func isScopedName(_ s: String) -> Bool {
        let parts = s.split(separator: ":", omittingEmptySubsequences: true)
        return s.has("::") && parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(isWordChar) }
    }

    /// `CallCardSetHold`, `getStatus`, `disableAutoClose`: one word with a case change inside.
    static func isCamelName(_ s: String) -> Bool {
        guard s.count >= 4, s.allSatisfy({ $0.isLetter || $0.isNumber }), let f = s.first, f.isLetter else { return false }
        let uppers = s.filter { $0.isUppercase }.count
        let lowers = s.filter { $0.isLowercase }.count
        guard lowers > 0 else { return false }
        if f.isLowercase { return uppers >= 1 }
        // Upper camel needs at least two humps and no all-caps run at the end (`WebRTC`).
        let chars = Array(s)
        guard uppers >= 2, chars.last.map({ $0.isLowercase || $0.isNumber }) ?? false else { return false }
        for i in 1..<chars.count where chars[i].isUppercase && chars[i - 1].isUppercase { return false }
        return true
    }

    static func isIdentifier(_ s: String) -> Bool {
        isMethodName(s) || isEventName(s) || isScopedName(s) || isCamelName(s)
    }

    /// The identifier a title names: the last identifier-like word (`Register the Service ai.engine.register`).
    static func nameInTitle(_ title: String) -> String? {
        let words = title.split(whereSeparator: { $0 == " " || $0 == "\u{A0}" || $0 == "\n" })
        var found: String?
        for w in words {
            var t = String(w)
            t = t.trimmed(in: [",", ";", "\"", "'", "«", "»", "(", ")", "`", "“", "”", "?", "!", ":"])
            if t.hasSuffix("."), !t.hasSuffix(".*") { t.removeLast() }
            if t.hasSuffix("()") { t.removeLast(2) }
            if isIdentifier(t) { found = t }
        }
        return found
    }
}
