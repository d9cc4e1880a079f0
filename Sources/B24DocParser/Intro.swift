import B24DocModel
import CLibXML2

/// The intro of a page: the "Scope:" and "Who can …" lines, a deprecation notice, the placement a widget
/// command works in, and the first sentence that says what the page documents.
extension Extractor {
    mutating func readScopeAndWho(_ block: Block, text: String) {
        let lower = text.lowercased()
        if lower.hasPrefix("scope:") || lower.hasPrefix("scopes:") || lower.hasPrefix("access scope:") {
            guard page.scopes.isEmpty else { return }
            if block.note != nil {
                warn(block.line, "scope line inside a note; not read as the page's scope")
                return
            }
            var codes: [Node] = []
            HTMLText.all(block.node, where: { $0.isTag("code") }, into: &codes)
            // Codes linked to the scopes page are the scopes; other codes on the line are prose.
            let linked = codes.filter { c in
                var p = c.parent
                while let q = p, q != block.node {
                    if q.isTag("a") { return true }
                    p = q.parent
                }
                return false
            }
            if !linked.isEmpty { codes = linked }
            var scopes = codes.flatMap { HTMLText.text($0).split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) }
                .filter { !$0.isEmpty }
            if scopes.isEmpty {
                let rest = text.split(separator: ":", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
                scopes = rest.split(whereSeparator: { $0 == "," || $0 == " " })
                    .map { String($0).trimmingPunctuation() }
                    .filter { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && $0 == $0.lowercased() }
                if !scopes.isEmpty { warn(block.line, "scope line without inline code; scopes read from the text") }
            }
            var seen = Set<String>()
            page.scopes = scopes.filter { seen.insert($0).inserted }
            if page.scopes.isEmpty { warn(block.line, "scope line names no scope") }
        } else if lower.hasPrefix("who can") {
            if page.whoCan == nil, let colon = text.firstIndex(of: ":") {
                page.whoCan = String(text[text.index(after: colon)...]).trimmed()
                whoCanPrefix = lower.prefix(while: { $0 != ":" }).description
            }
        }
    }

    mutating func readDeprecation(_ block: Block) {
        guard let note = block.note, !page.deprecated else { return }
        let text = HTMLText.text(note)
        let l = text.lowercased()
        let marks = l.hasPrefix("deprecated") || l.has("development of this method has been")
            || l.has("development of this event has been") || l.has("has been halted")
            || l.has("has been discontinued") || l.has("is deprecated") || l.has("method is outdated")
            || l.has("deprecated method")
        guard marks else { return }
        page.deprecated = true
        var replacement: String?
        var codes: [Node] = []
        HTMLText.all(note, where: { $0.isTag("code") || $0.isTag("a") }, into: &codes)
        for c in codes {
            let t = HTMLText.text(c)
            if NameRules.isMethodName(t) || NameRules.isEventName(t) { replacement = t; break }
        }
        var message = text
        if message.lowercased().hasPrefix("deprecated") {
            message = String(message.dropFirst("deprecated".count)).trimmed()
        }
        page.deprecation = Deprecation(message: message, replacement: replacement)
    }

    mutating func readPlacement(_ block: Block, text: String) {
        guard page.placement == nil else { return }
        let l = text.lowercased()
        guard l.has("placement") || l.has("embedding point") else { return }
        guard l.has("operates") || l.has("works") || l.has("context") || l.has("available") else { return }
        var codes: [Node] = []
        HTMLText.all(block.node, where: { $0.isTag("code") }, into: &codes)
        for c in codes {
            let t = HTMLText.text(c)
            if t.count >= 4, t.has("_"), t.allSatisfy({ $0.isUppercase || $0 == "_" || $0.isNumber }) {
                page.placement = t
                return
            }
        }
    }

    mutating func readNoteMarkersAsText(_ text: String, line: Int) {
        if text.hasPrefix("{% note") || text.has("{% endnote %}") || text.has("{% note ") {
            warn(line, "note markers shown as text (missing blank line between them)")
        }
        if text.hasPrefix("|#") || text.hasPrefix("#|") {
            warn(line, "table markup shown as text")
        }
    }

    mutating func readSummary(_ paragraphs: [Block]) {
        for p in paragraphs {
            let text = HTMLText.text(p.node)
            let l = text.lowercased()
            if text.isEmpty || l.hasPrefix("scope") || l.hasPrefix("who can") { continue }
            if text.hasPrefix("{%") || text.hasPrefix(Evidence.sentencePrefix) { continue }
            page.summary = Self.firstSentence(text)
            collected.summaryLine = p.line
            return
        }
    }

    static func firstSentence(_ text: String) -> String {
        var prev: Character = " "
        var idx = text.startIndex
        while idx < text.endIndex {
            let ch = text[idx]
            let nextIdx = text.index(after: idx)
            if ch == "." && nextIdx < text.endIndex && text[nextIdx] == " " && prev.isLetter {
                let after = text.index(after: nextIdx)
                if after < text.endIndex && text[after].isUppercase {
                    return String(text[...idx])
                }
            }
            prev = ch
            idx = nextIdx
        }
        return text
    }
}
