import B24DocModel

/// What a parameter row says about the call's effect: a flag that deletes what a read returns, a target
/// picked by position, a write that may create something new.
extension EffectWords {
    /// A flag of a read that says the records it returns are deleted (`clear`: "whether to delete the
    /// selected records", default 1): the reason, naming the value that keeps them.
    static func consumingFlag(_ row: Parameter, description l: String) -> String? {
        let removes = l.has("delete") || l.has("remov") || l.has("clear") || l.has("purg") || l.has("eras")
        let read = l.has("selected") || l.has("returned") || l.has("received") || l.has("retrieved")
            || l.has("fetched") || l.has("read ") || l.has("obtained")
        let things = l.has("record") || l.has("event") || l.has("item") || l.has("message") || l.has("entr")
            || l.has("element") || l.has("row")
        guard removes, read, things, isFlag(row, description: l) else { return nil }
        let name = "`\(row.name)`"
        guard let value = row.defaultValue?.trimmingCharacters(in: [" ", "`", "\""]) else {
            return "returned items are deleted when \(name) asks for it"
        }
        switch value.lowercased() {
        case "1", "y", "true", "yes":
            return "returned items are deleted unless \(name) is \(offValue(value))"
        case "0", "n", "false", "no":
            return "returned items are deleted when \(name) is \(onValue(value))"
        default:
            return "returned items are deleted when \(name) asks for it"
        }
    }

    /// A yes/no parameter: `0|1`, `Y/N`, `true/false` values, a boolean type, or a "whether" description.
    static func isFlag(_ row: Parameter, description l: String) -> Bool {
        let type = (row.type ?? "").lowercased()
        return type.has("bool") || l.has("whether") || l.has("0|1") || l.has("0/1") || l.has("y/n") || l.has("y|n")
            || Set(row.values.map { $0.value.lowercased() }).isSuperset(of: ["0", "1"])
            || Set(row.values.map { $0.value.lowercased() }).isSuperset(of: ["y", "n"])
    }

    static func offValue(_ on: String) -> String {
        switch on { case "1": "0"; case "Y": "N"; case "y": "n"; case "true": "false"; case "yes": "no"; default: "false" }
    }

    static func onValue(_ off: String) -> String {
        switch off { case "0": "1"; case "N": "Y"; case "n": "y"; case "false": "true"; case "no": "yes"; default: "true" }
    }

    /// A parameter that picks the call's target by its position: a selector with `@N` (`.card@1`), or, in a
    /// call that writes, an index/position argument counted in a list ("index of the item, starting from 0").
    static func positionalSelector(_ row: Parameter, description l: String, writes: Bool) -> String? {
        if let selector = positionSuffix(in: row.name) ?? positionSuffix(in: l) {
            return "`\(row.name)` picks its target by position (`\(selector)`)"
        }
        guard writes else { return nil }
        guard mayNamePosition(row.name), !l.has("sort") else { return nil }
        let counted = l.has("starting from 0") || l.has("starting from 1") || l.has("starting at 0") || l.has("starting at 1")
            || l.has("zero-based") || l.has("counting from") || l.has("ordinal") || l.has("sequence number")
            || l.has("serial number")
            || (l.has("position of the") || l.has("index of the") || l.has("number of the"))
            && (l.has(" in the list") || l.has(" in the array") || l.has(" in the collection") || l.has(" among ")
                || l.has(" within the "))
        guard counted else { return nil }
        return "`\(row.name)` picks its target by position in a list"
    }

    /// A name that may count a position (`index`, `ROW_INDEX`, `position`, `pos`, `number`), never a sort key.
    static func mayNamePosition(_ raw: String) -> Bool {
        let name = raw.lowercased().filter { $0 != "_" && $0 != "-" }
        guard !name.has("sort") else { return false }
        return ["index", "position", "pos", "idx", "ordinal", "number", "num"].contains { name == $0 || name.hasSuffix($0) }
    }

    /// The first `@N` that ends a selector-like token (`.landing-card@1`), as written; never an e-mail address.
    static func positionSuffix(in text: String) -> String? {
        let b = Array(text.utf8)
        var i = 1
        while i < b.count {
            defer { i += 1 }
            guard b[i] == UInt8(ascii: "@"), i + 1 < b.count, isDigit(b[i + 1]) else { continue }
            let before = b[i - 1]
            guard isSelectorChar(before) else { continue }
            var end = i + 1
            while end < b.count, isDigit(b[end]) { end += 1 }
            // `@1c.example` is a mail domain, `@2.` a sentence's end.
            if end < b.count, isSelectorChar(b[end]) { continue }
            if end + 1 < b.count, b[end] == UInt8(ascii: "."), isSelectorChar(b[end + 1]) { continue }
            var start = i - 1
            while start > 0, isSelectorChar(b[start - 1]) || b[start - 1] == UInt8(ascii: ".") || b[start - 1] == UInt8(ascii: "#") {
                start -= 1
            }
            return String(decoding: b[start..<end], as: UTF8.self)
        }
        return nil
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private static func isSelectorChar(_ c: UInt8) -> Bool {
        isDigit(c) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
            || c == UInt8(ascii: "]")
    }

    /// What a parameter says the call may create ("a new group is created automatically", "will create a new
    /// checklist", "Creates a default channel …", "if it does not exist, it is added"), as a short noun phrase.
    static func createdThing(_ l: String) -> String? {
        let w = words(l)
        if let first = w.first, first == "creates" {
            let rest = w.dropFirst().prefix { !["for", "in", "of", "on", "when", "if", "with", "to"].contains($0) }.prefix(3)
            return rest.isEmpty ? "something" : rest.joined(separator: " ")
        }
        for i in w.indices where w[i] == "new" && i >= 1 && (w[i - 1] == "a" || w[i - 1] == "an") && i + 1 < w.count {
            // "… creates a new chat", "the system will create a new checklist" (not "create a new one using …").
            if i >= 2, w[i - 2] == "creates" || (w[i - 2] == "create" && i >= 3 && ["will", "would", "then"].contains(w[i - 3])) {
                return "a new " + w[i + 1]
            }
            let stop: Set<String> = ["will", "is", "are", "be", "automatically", "with", "gets"]
            let noun = w[(i + 1)...].prefix { !stop.contains($0) }.prefix(2)
            for j in (i + 2)..<min(w.count, i + 7) where (w[j] == "created" || w[j] == "added")
                && ["be", "is", "are", "automatically"].contains(w[j - 1]) {
                return "a new " + (noun.isEmpty ? "item" : noun.joined(separator: " "))
            }
        }
        if l.has("does not exist") || l.has("do not exist") || l.has("doesn't exist") {
            if l.has("will be created") || l.has("is created") || l.has("will be added") || l.has("is added") {
                return "what is missing"
            }
        }
        return nil
    }
}
