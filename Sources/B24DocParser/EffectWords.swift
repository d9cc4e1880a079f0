import B24DocModel

/// The words by which the docs say what a method does to data, and the small readers over them that
/// ``Extractor/readEvidence()`` uses. Words, not pages: every rule here reads a phrasing that several pages
/// use, and each has a fixture written in our own words.
enum EffectWords {
    /// Verbs (base form) and what they say the call does.
    static let verbs: [String: Evidence.Kind] = {
        var table: [String: Evidence.Kind] = [:]
        for v in ["get", "retrieve", "return", "list", "find", "search", "check", "determine", "fetch", "obtain",
                  "count", "receive", "read"] { table[v] = .reads }
        for v in ["add", "create", "register", "upload", "send", "initiate", "start", "copy", "import", "generate",
                  "publish", "duplicate", "clone", "insert", "post", "expose"] { table[v] = .creates }
        for v in ["update", "set", "change", "modify", "edit", "rename", "move", "mark", "enable", "disable", "pin",
                  "unpin", "assign", "reassign", "transfer", "restore", "reset", "complete", "attach", "link", "merge",
                  "bind", "activate", "deactivate", "approve", "disapprove", "defer", "delegate", "renew", "archive",
                  "hide", "mute", "unmute", "finish", "end", "stop", "pause", "resume", "replace", "configure",
                  "confirm", "save", "subscribe", "unsubscribe", "apply", "leave", "join", "forward", "reply",
                  "share", "invite", "execute", "run", "log", "write"] { table[v] = .modifies }
        for v in ["delete", "remove", "unregister", "clear", "unbind", "unlink", "detach", "erase", "drop", "purge",
                  "exclude", "revoke", "destroy", "discard", "cancel"] { table[v] = .deletes }
        return table
    }()

    /// Words a title or summary may put before its verb.
    static let adverbs: Set<String> = ["permanently", "forcibly", "completely", "fully", "partially", "quickly"]

    /// The base form of a verb as written (`deletes` → `delete`, `copies` → `copy`, `finishes` → `finish`).
    static func base(_ word: String) -> String? {
        if verbs[word] != nil { return word }
        if word.hasSuffix("ies"), verbs[String(word.dropLast(3)) + "y"] != nil { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("es"), verbs[String(word.dropLast(2))] != nil { return String(word.dropLast(2)) }
        if word.hasSuffix("s"), verbs[String(word.dropLast())] != nil { return String(word.dropLast()) }
        if word.hasSuffix("ing"), word.count > 5 {
            // Gerunds of titles ("Importing a Batch …", "Unsubscribing from …").
            let stem = String(word.dropLast(3))
            for candidate in [stem, stem + "e", String(stem.dropLast())] where verbs[candidate] != nil { return candidate }
        }
        return nil
    }

    static func kind(of word: String) -> Evidence.Kind? { base(word).flatMap { verbs[$0] } }

    /// Lower-cased words of `text`: runs of letters, digits, `_`, `-` and inner dots (`crm.deal.add` is one word),
    /// read as bytes (any non-ASCII byte counts as a letter); trailing dots and dashes are dropped.
    static func words(_ text: String) -> [String] {
        var out: [String] = []
        var word: [UInt8] = []
        func flush() {
            while let last = word.last, last == UInt8(ascii: ".") || last == UInt8(ascii: "-") { word.removeLast() }
            if !word.isEmpty { out.append(String(decoding: word, as: UTF8.self)) }
            word.removeAll(keepingCapacity: true)
        }
        for c in text.utf8 {
            let lower = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
            let isWord = (lower >= 0x61 && lower <= 0x7A) || (c >= 0x30 && c <= 0x39) || c >= 0x80
                || c == UInt8(ascii: "_") || c == UInt8(ascii: ".") || c == UInt8(ascii: "-")
            if isWord { word.append(lower) } else { flush() }
        }
        flush()
        return out
    }

    /// Not "read": a "Read …" title marks something as read as often as it reads it.
    static func leadingVerb(_ title: String) -> String? {
        let w = words(title).filter { !adverbs.contains($0) }
        guard let first = w.first, kind(of: first) != nil, base(first) != "read" else { return nil }
        return first
    }

    /// The summary's main verb (the first of ours in its first twelve words) and the write verbs joined to it
    /// by `or`/`and` (`creates or updates`, `sets or removes`, `updates … or adds`), each with its kind.
    static func summaryVerbs(_ summary: String) -> [(String, Evidence.Kind)] {
        let w = words(summary)
        // Words after a negation ("… without making changes") say what the call does not do.
        let negations: Set<String> = ["without", "not", "no", "never", "unlike", "instead"]
        let head = w.prefix(12).prefix { !negations.contains($0) }
        guard let main = head.firstIndex(where: { kind(of: $0) != nil && !isName($0) }),
              let mainKind = kind(of: w[main]) else { return [] }
        var out = [(w[main], mainKind)]
        var i = main + 1
        while i + 1 < w.count, !negations.contains(w[i]) {
            if w[i] == "or" || w[i] == "and", w[i + 1].hasSuffix("s"), let k = kind(of: w[i + 1]), k != .reads {
                out.append((w[i + 1], k))
            }
            i += 1
        }
        return out
    }

    /// A method name in the text (`crm.deal.list`), never a verb.
    static func isName(_ word: String) -> Bool { word.contains(".") }

    /// "… or adds them if they do not exist": a call that creates what is missing.
    static func createsWhenMissing(_ summary: String) -> Bool {
        let l = summary.lowercased()
        let missing = l.has("does not exist") || l.has("do not exist") || l.has("doesn't exist") || l.has("is missing")
        return missing && (l.has("add") || l.has("creat"))
    }

    /// "… With Cleanup", "… and Delete Them": a read that also removes what it reads.
    static func promisesCleanup(_ title: String) -> Bool {
        let l = title.lowercased()
        return l.has("with cleanup") || l.has("with clean-up") || l.has("with clearing") || l.has("with deletion")
            || l.has("with removal") || l.has("and delete them") || l.has("and remove them")
    }
}
