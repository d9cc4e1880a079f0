import B24DocModel

/// What the page documents (a REST method, an event, a widget command or event, an overview) and its name.
extension Extractor {
    /// Makes the page the method `name`, unless `name` is the placeholder of a template page (`crm.xxx`):
    /// that is reported, and the page is no method.
    mutating func nameMethod(_ name: String) {
        if NameRules.isPlaceholderMethodName(name) {
            warn(page.line, "placeholder method name '\(name)' (a template page): not a method")
            page.kind = .other
            page.name = nil
        } else {
            page.kind = .restMethod
            page.name = name
        }
    }

    mutating func decideKindAndName() {
        let leadingPage = path.hasSuffix("/index.html") || path == "index.html"
        let lowerTitle = page.title.lowercased()
        if leadingPage || lowerTitle.has("overview of methods") || lowerTitle.has("overview of events") {
            page.kind = .overview
            page.name = nil
            return
        }
        if let name = NameRules.nameInTitle(page.title), nameFromTitle(name) { return }
        let isMethodWho = whoCanPrefix.has("method") && !whoCanPrefix.has("methods")
        if isMethodWho && collected.sawMethodMarker {
            if nameFromText() { return }
            warn(page.line, "method page without a recognisable method name")
        }
        // A guide to a group of methods that ends in their index ("Overview of Methods"): an overview.
        page.kind = collected.methodIndex ? .overview : .other
        page.name = nil
    }

    /// A table under an "Overview of Methods" (or "… Events", "All methods") H2 whose first column is headed
    /// "Method" (or "Event") and whose rows link to the pages of the identifiers they name.
    static func isMethodIndex(_ grid: Grid, heading: String?) -> Bool {
        guard let heading = heading?.lowercased(),
              heading.has("overview") || heading.has("all methods") || heading.has("list of methods") else { return false }
        guard let first = grid.header.first, ["method", "methods", "event", "events"].contains(first) else { return false }
        var linked = 0
        for row in grid.rows.dropFirst() {
            guard let cell = row.first?.node, let a = HTMLText.first(cell, where: { $0.isTag("a") }),
                  let href = a.attribute("href"), !href.hasPrefix("#") else { continue }
            if NameRules.isIdentifier(HTMLText.text(a)) { linked += 1 }
        }
        return linked >= 2
    }

    /// Names the page after the identifier in its H1 when the page's markers say what it is; `false`
    /// when they do not.
    mutating func nameFromTitle(_ name: String) -> Bool {
        let who = whoCanPrefix
        let isCommand = who.has("command")
        let isSubscribe = who.has("subscribe")
        let isMethodWho = who.has("method") && !who.has("methods")
        let codeBlocks = collected.codeBlocks.map(\.block)
        if name.has("::") {
            page.kind = .placementEvent
        } else if isCommand {
            page.kind = .placementCommand
        } else if NameRules.isEventName(name) && (isSubscribe || collected.sawEventMarker || !isMethodWho) {
            page.kind = .restEvent
        } else if NameRules.isMethodName(name) && (isMethodWho || collected.sawMethodMarker) && !name.hasPrefix("BX24.") && !name.has("*") {
            nameMethod(name)
            return true
        } else if isSubscribe && collected.sawEventMarker {
            page.kind = .restEvent
        } else if NameRules.isCamelName(name), Self.examplesCallPlacementCommand(name, codeBlocks) {
            // The examples send the H1's name through placement.call: a widget command.
            page.kind = .placementCommand
        } else {
            return false
        }
        page.name = name
        return true
    }

    /// A method page whose H1 names no method: the name in the intro, else the first example request's,
    /// else a one-word method the examples call. `false` when none is found.
    mutating func nameFromText() -> Bool {
        let codeBlocks = collected.codeBlocks.map(\.block)
        let fromIntro = nameFromIntro(collected.introParagraphs)
        if let name = fromIntro ?? nameFromExamples(codeBlocks) {
            nameMethod(name)
            if page.kind == .restMethod {
                warn(page.line, "method name not in the H1; taken from the \(fromIntro != nil ? "intro" : "first example request")")
                page.nameSource = fromIntro != nil ? .intro : .examples
            }
            return true
        }
        // A one-word method (`scope`, `methods`, `batch`): the H1's last word, when an example requests it.
        if let word = Self.singleWordMethod(title: page.title, codeBlocks) {
            page.kind = .restMethod
            page.name = word
            page.nameSource = .examples
            return true
        }
        return false
    }

    static func examplesCallPlacementCommand(_ name: String, _ blocks: [Block]) -> Bool {
        for b in blocks {
            let text = HTMLText.rawText(b.node)
            guard text.has("placement.call") else { continue }
            if text.contains("'\(name)'") || text.contains("\"\(name)\"") { return true }
        }
        return false
    }

    func nameFromIntro(_ intro: [Block]) -> String? {
        for p in intro {
            let l = HTMLText.text(p.node).lowercased()
            if l.hasPrefix("scope") || l.hasPrefix("who can") { continue }
            var codes: [Node] = []
            HTMLText.all(p.node, where: { $0.isTag("code") || $0.isTag("a") || $0.isTag("strong") }, into: &codes)
            for c in codes {
                let t = HTMLText.text(c)
                if NameRules.isMethodName(t) { return t }
                if t.count > 1, t.allSatisfy({ $0.isLowercase || $0 == "_" }), l.contains("method \(t)") { return t }
            }
        }
        return nil
    }

    /// The H1's last word when it is a lower-case word that an example calls as a method
    /// (`…/rest/scope`, `callMethod('scope'`, `.call('scope'`): one-word methods have no dot to be known by.
    static func singleWordMethod(title: String, _ blocks: [Block]) -> String? {
        guard let last = title.split(whereSeparator: { $0 == " " || $0 == "\u{A0}" }).last else { return nil }
        let word = String(last)
        guard word.count >= 3, word.allSatisfy({ $0.isLowercase && $0.isLetter }) else { return nil }
        for b in blocks {
            let text = HTMLText.rawText(b.node)
            for call in ["/rest/\(word)", "callMethod('\(word)'", "callMethod(\"\(word)\"", "call('\(word)'", "call(\"\(word)\""] {
                guard let r = text.firstRange(of: call) else { continue }
                // `/rest/scope` must end there, not continue into `/rest/scope.list`.
                let next = text[r.upperBound...].first
                if next == nil || !(next.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" } ?? false) { return word }
            }
        }
        return nil
    }

    func nameFromExamples(_ blocks: [Block]) -> String? {
        for b in blocks {
            let text = HTMLText.rawText(b.node)
            if let r = text.firstRange(of: "/rest/") {
                let rest = text[r.upperBound...]
                let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }
                if NameRules.isMethodName(String(name)) { return String(name) }
            }
            if let r = text.firstRange(of: "callMethod(") {
                let rest = text[r.upperBound...].drop { $0 == " " || $0 == "\n" || $0 == "'" || $0 == "\"" }
                let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }
                if NameRules.isMethodName(String(name)) { return String(name) }
            }
        }
        return nil
    }
}
