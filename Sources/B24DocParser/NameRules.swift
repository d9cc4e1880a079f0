/// How the docs write the names of methods, events and widget commands.
enum NameRules {
    static func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// `crm.deal.add`, `imbot.v2.Bot.register`, `user.option.*`: dotted words, lower-case first word.
    static func isMethodName(_ s: String) -> Bool {
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
        s.split(separator: ".").contains { part in
            let lower = part.lowercased()
            return lower.count >= 3 && (lower.allSatisfy { $0 == "x" } || lower.allSatisfy { $0 == "y" })
        }
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
