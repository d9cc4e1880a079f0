import B24DocModel
import CLibXML2

/// What a heading says its section holds.
enum SectionRole: Equatable {
    case parameters, returns, errors, systemErrors, examples, other
    /// A heading that says nothing by itself (`Object result`): the section inherits its parent's role.
    case neutral
}

/// Turns one parsed article into a ``Page``. All decisions are made from what the text says
/// (heading words, header-row column names, markers), never from the page path or CSS trivia.
struct Extractor {
    let path: String
    var diagnostics: [Diagnostic] = []
    var page: Page

    init(path: String, title: String, line: Int) {
        self.path = path
        self.page = Page(path: path, kind: .other, title: title, line: line)
    }

    mutating func warn(_ line: Int, _ message: String) {
        diagnostics.append(Diagnostic(path: path, line: max(1, line), message: message))
    }

    // MARK: - Entry

    mutating func extract(blocks: [Block]) {
        var sectionStack: [(level: Int, role: SectionRole, text: String, id: String?)] = []
        var beforeFirstH2 = true
        var paramTables: [CollectedTable] = []
        var returnTables: [CollectedTable] = []
        var introParagraphs: [Block] = []
        var sawMethodMarker = false
        var sawEventMarker = false
        var headingTexts: [String] = []
        var detachedTables: [CollectedTable] = []
        var codeBlocks: [(block: Block, role: SectionRole, headings: [String])] = []
        var lastCaption: String?
        // "HTTP status: 400" above an error table applies to its rows.
        var sectionStatus: Int?
        var headingLine = 0

        for block in blocks {
            switch block.kind {
            case .heading(let level, let text, let id):
                lastCaption = nil
                if level <= 2 { sectionStatus = nil }
                headingLine = block.line
                var role = Self.role(ofHeading: text, level: level)
                if level <= 2 { beforeFirstH2 = false }
                if level == 1 {
                    warn(block.line, "second H1 in the article (\"\(Self.clip(text))\"); read as a section heading")
                }
                while let last = sectionStack.last, last.level >= level { sectionStack.removeLast() }
                // "CRM_BINDINGS Parameter" under returned data describes a returned field, not a parameter.
                if role == .parameters, level >= 3, Self.effectiveRole(sectionStack) == .returns { role = .neutral }
                sectionStack.append((level, role, text, id))
                headingTexts.append(text)
                if text.isEmpty { warn(block.line, "empty heading") }
                if Self.typoHeading(text) { warn(block.line, "heading \"\(Self.clip(text))\" looks misspelt; read by meaning") }
                let lower = text.lowercased()
                if lower.has("method parameters") || lower.has("request parameters") { sawMethodMarker = true }
                if lower.has("handler receives") || lower.has("event handler") { sawEventMarker = true }
            case .paragraph:
                lastCaption = Self.caption(of: block.node)
                if let status = Self.httpStatusLine(block.node) { sectionStatus = status }
                if beforeFirstH2 && block.note == nil {
                    introParagraphs.append(block)
                }
                if beforeFirstH2 || (block.note == nil && (page.scopes.isEmpty || page.whoCan == nil)) {
                    readScopeAndWho(block)
                }
                if beforeFirstH2, block.note != nil {
                    readDeprecation(block)
                }
                readPlacement(block)
                readNoteMarkersAsText(block)
            case .table:
                let role = Self.effectiveRole(sectionStack)
                let heading = sectionStack.last
                let grid = Grid(block.node)
                if grid.rows.isEmpty {
                    warn(block.line, "table without rows")
                    continue
                }
                if grid.hadColspan { warn(block.line, "table with merged cells (colspan); cells spread over the columns") }
                var shape = TableShape(header: grid.header)
                var headerless = false
                if case .other = shape, role == .parameters || role == .returns, Self.looksLikeParameterRow(grid) {
                    // No header row: the first row is already a parameter.
                    shape = .parameters(ParamColumns(name: 0, type: nil, description: 1))
                    headerless = true
                    warn(block.line, "parameter table without a header row; first row read as a parameter")
                }
                switch shape {
                case .errors(let cols):
                    if role == .errors || role == .systemErrors || Self.looksSystem(grid, cols: cols) {
                        readErrors(grid, cols: cols, line: block.line, underSystemHeading: role == .systemErrors,
                                   sectionStatus: sectionStatus)
                    }
                case .parameters(let cols):
                    if role == .examples {
                        warn(block.line, "parameter-shaped table under \"\(Self.clip(heading?.text ?? ""))\"; the heading above it may have been lost (a line right after a table's |# is not shown)")
                    }
                    let table = readParameterTable(grid, cols: cols, line: block.line, includeFirstRow: headerless)
                    var collected = CollectedTable(rows: table, anchor: heading?.id, heading: heading?.text ?? "",
                                                   line: block.line, level: heading?.level ?? 0)
                    collected.caption = lastCaption
                    collected.headingLine = headingLine
                    if let first = paramTables.first, first.headingLine == headingLine { collected.sameSectionAsFirst = true }
                    lastCaption = nil
                    switch role {
                    case .parameters:
                        let governing = sectionStack.last(where: { $0.role != .neutral })?.text ?? ""
                        if paramTables.isEmpty && Self.isStructureHeading(governing) {
                            // "Auth Parameter", "Block Parameters": a description of one structure, not the
                            // page's parameter list; kept only if a row claims it.
                            var c = collected
                            c.optional = true
                            detachedTables.append(c)
                        } else {
                            paramTables.append(collected)
                        }
                    case .returns:
                        returnTables.append(collected)
                    case .neutral:
                        // Tables before any heading (event payload right under the intro) count as parameters;
                        // later tables under headings that give no role may be nested tables of those.
                        if heading == nil && paramTables.isEmpty {
                            paramTables.append(collected)
                        } else if !paramTables.isEmpty && heading != nil {
                            var c = collected
                            c.optional = true
                            paramTables.append(c)
                        }
                    default:
                        break
                    }
                case .other:
                    if role == .parameters || role == .returns, grid.rows.count > 1, !grid.header.isEmpty,
                       grid.header.first?.isEmpty == true {
                        warn(block.line, "table without a header row in a \(role == .returns ? "returned-data" : "parameter") section")
                    }
                }
            case .code(let lang):
                let role = Self.effectiveRole(sectionStack)
                codeBlocks.append((block, role, sectionStack.map(\.text)))
                _ = lang
            case .list:
                if beforeFirstH2 && block.note != nil { readDeprecation(block) }
            }
        }

        page.parameters = assemble(paramTables, extras: true)
        for t in detachedTables {
            page.extraParameterTables.append(ParameterTable(key: t.anchor ?? t.heading, title: t.heading,
                                                            parameters: t.rows, line: t.line))
        }
        page.returns = assemble(returnTables, extras: false).map(Self.field)
        readSummary(introParagraphs)
        readCode(codeBlocks)
        decideKindAndName(sawMethodMarker: sawMethodMarker, sawEventMarker: sawEventMarker, intro: introParagraphs,
                          codeBlocks: codeBlocks.map(\.block))
    }

    /// `HTTP status: **400**` (one status only; "20x, 40x" lines give none).
    static func httpStatusLine(_ p: Node) -> Int? {
        let text = HTMLText.text(p)
        guard text.count < 40, text.lowercased().hasPrefix("http status") else { return nil }
        let digits = text.split(whereSeparator: { !$0.isNumber && $0 != "x" })
        guard digits.count == 1, let d = digits.first, d.count == 3, let v = Int(d), v >= 400 else { return nil }
        return v
    }

    /// A paragraph that is nothing but bold text labels the table after it.
    static func caption(of p: Node) -> String? {
        let kids = p.elements
        guard kids.count == 1, kids[0].isTag("strong") || kids[0].isTag("b") else { return nil }
        var c = p.pointee.children
        while let n = c {
            if n.isText, let t = n.pointee.content, String(cString: t).trimmed().isEmpty == false { return nil }
            c = n.pointee.next
        }
        let t = HTMLText.text(kids[0])
        return t.isEmpty ? nil : t
    }

    // MARK: - Headings

    static func role(ofHeading raw: String, level: Int) -> SectionRole {
        let t = raw.lowercased()
        if t.has("example") && !t.has("error") { return .examples }
        if t.has("system error") || t.has("statuses and system") { return .systemErrors }
        if t.has("error") || t.has("eror") || t.has("errro") { return .errors }
        if t.has("returned") || t.has("return value") || t.has("response on success")
            || t.has("what is returned") || t.has("response handling") || t.has("response processing")
            || t.has("command result") || t == "result" || t == "results" || t.has("retuned")
            || t.hasPrefix("response fields") || t == "response" {
            return .returns
        }
        if t.has("parameter") || t.has("paramater") || t.has("handler receives")
            || t.has("arguments") || t.has("handler data") {
            return .parameters
        }
        if level <= 2 { return .other }
        return .neutral
    }

    /// "Auth Parameter", "Parameter fields": a heading about one parameter's structure, which cannot start
    /// the page's parameter list.
    static func isStructureHeading(_ raw: String) -> Bool {
        let words = raw.lowercased().split(separator: " ")
        guard words.count == 2 else { return false }
        return (words[0] == "parameter" && words[1] != "list") || words[1] == "parameter"
    }

    static func effectiveRole(_ stack: [(level: Int, role: SectionRole, text: String, id: String?)]) -> SectionRole {
        for s in stack.reversed() where s.role != .neutral { return s.role }
        return .neutral
    }

    static func typoHeading(_ t: String) -> Bool {
        let l = t.lowercased()
        return l.has("paramater") || l.has("eror ") || l.hasSuffix("eror") || l.has("errro")
            || l.has("retuned") || l.has("parametrs") || l.has("paramters")
    }

    static func clip(_ s: String) -> String { s.count > 60 ? String(s.prefix(57)) + "..." : s }

    // MARK: - Intro block

    mutating func readScopeAndWho(_ block: Block) {
        let text = HTMLText.text(block.node)
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

    var whoCanPrefix: String = ""
    var summaryDone = false

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

    mutating func readPlacement(_ block: Block) {
        guard page.placement == nil else { return }
        let text = HTMLText.text(block.node)
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

    mutating func readNoteMarkersAsText(_ block: Block) {
        let text = HTMLText.text(block.node)
        if text.hasPrefix("{% note") || text.has("{% endnote %}") || text.has("{% note ") {
            warn(block.line, "note markers shown as text (missing blank line between them)")
        }
        if text.hasPrefix("|#") || text.hasPrefix("#|") {
            warn(block.line, "table markup shown as text")
        }
    }

    mutating func readSummary(_ paragraphs: [Block]) {
        for p in paragraphs {
            let text = HTMLText.text(p.node)
            let l = text.lowercased()
            if text.isEmpty || l.hasPrefix("scope") || l.hasPrefix("who can") { continue }
            if text.hasPrefix("{%") { continue }
            page.summary = Self.firstSentence(text)
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

    // MARK: - Code blocks

    mutating func readCode(_ blocks: [(block: Block, role: SectionRole, headings: [String])]) {
        for (block, role, headings) in blocks {
            guard case .code(let lang) = block.kind else { continue }
            let shellish = lang.isEmpty || lang == "bash" || lang == "sh" || lang == "shell" || lang == "curl"
                || lang == "plaintext" || lang == "text"
            let jsonish = lang.isEmpty || lang == "json" || lang == "javascript" || lang == "js" || lang == "plaintext"
                || lang == "text"
            guard shellish || (jsonish && role == .returns && page.returnExample == nil) else { continue }
            let text = HTMLText.rawText(block.node)
            if shellish, text.has("curl") {
                if let body = Self.curlBody(text) { page.requestExamples.append(body) }
            }
            if page.returnExample == nil, role == .returns,
               headings.last.map({ !$0.lowercased().has("error") }) ?? true {
                let trimmed = text.trimmed()
                if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") { page.returnExample = trimmed }
            }
        }
    }

    /// The JSON body of a curl command (`-d '{…}'` / `--data '…'`).
    static func curlBody(_ text: String) -> String? {
        for flag in ["-d '", "--data '", "--data-raw '", "-d \""] {
            guard let r = text.firstRange(of: flag) else { continue }
            let quote = flag.last ?? "'"
            let rest = text[r.upperBound...]
            guard let end = rest.firstIndex(of: quote) else { return nil }
            let body = String(rest[..<end]).trimmed()
            if body.hasPrefix("{") || body.hasPrefix("[") { return body }
        }
        return nil
    }

    // MARK: - Kind and name

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

    mutating func decideKindAndName(sawMethodMarker: Bool, sawEventMarker: Bool, intro: [Block], codeBlocks: [Block]) {
        let titleName = NameRules.nameInTitle(page.title)
        let who = whoCanPrefix
        let isCommand = who.has("command")
        let isSubscribe = who.has("subscribe")
        let isMethodWho = who.has("method") && !who.has("methods")
        let leadingPage = path.hasSuffix("/index.html") || path == "index.html"
        let lowerTitle = page.title.lowercased()
        if leadingPage || lowerTitle.has("overview of methods") || lowerTitle.has("overview of events") {
            page.kind = .overview
            page.name = nil
            return
        }
        if let name = titleName {
            if name.has("::") {
                page.kind = .placementEvent
                page.name = name
                return
            }
            if isCommand {
                page.kind = .placementCommand
                page.name = name
                return
            }
            if NameRules.isEventName(name) && (isSubscribe || sawEventMarker || !isMethodWho) {
                page.kind = .restEvent
                page.name = name
                return
            }
            if NameRules.isMethodName(name) && (isMethodWho || sawMethodMarker) && !name.hasPrefix("BX24.") && !name.has("*") {
                nameMethod(name)
                return
            }
            if isSubscribe && sawEventMarker {
                page.kind = .restEvent
                page.name = name
                return
            }
            if NameRules.isCamelName(name), Self.examplesCallPlacementCommand(name, codeBlocks) {
                // The examples send the H1's name through placement.call: a widget command.
                page.kind = .placementCommand
                page.name = name
                return
            }
        }
        if isMethodWho && sawMethodMarker {
            // The method is named only in the text: the intro, then the first example request.
            let fromIntro = nameFromIntro(intro)
            if let name = fromIntro ?? nameFromExamples(codeBlocks) {
                nameMethod(name)
                if page.kind == .restMethod {
                    warn(page.line, "method name not in the H1; taken from the \(fromIntro != nil ? "intro" : "first example request")")
                }
                return
            }
            // A one-word method (`scope`, `methods`, `batch`): the H1's last word, when an example requests it.
            if let word = Self.singleWordMethod(title: page.title, codeBlocks) {
                page.kind = .restMethod
                page.name = word
                return
            }
            warn(page.line, "method page without a recognisable method name")
        }
        page.kind = .other
        page.name = nil
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

    // MARK: - Parameter tables

    struct CollectedTable {
        var rows: [Parameter]
        var anchor: String?
        var heading: String
        var line: Int
        var level: Int
        /// Only a nested table when a row claims it (found under a heading that gives no role).
        var optional = false
        /// The bold one-line paragraph right above the table, if any ("Parameters in the POST Request Body").
        var caption: String?
        var sameSectionAsFirst = false
        var headingLine = 0
    }

    struct ParamColumns {
        var name: Int
        var type: Int?
        var description: Int?
        var defaultValue: Int?
        var required: Int?
    }

    static func looksLikeParameterRow(_ grid: Grid) -> Bool {
        guard let first = grid.rows.first, first.count >= 2 else { return false }
        let cell = first[0].node
        guard let strong = HTMLText.first(cell, where: { $0.isTag("strong") || $0.isTag("b") }) else { return false }
        let name = HTMLText.text(strong)
        let typed = HTMLText.first(cell, where: { $0.isTag("code") }) != nil
        return !name.isEmpty && typed && !name.has(" ")
    }

    mutating func readParameterTable(_ grid: Grid, cols: ParamColumns, line: Int, includeFirstRow: Bool = false) -> [Parameter] {
        var out: [Parameter] = []
        for (r, row) in grid.rows.enumerated().dropFirst(includeFirstRow ? 0 : 1) {
            let rowLine = (grid.rowNodes[r].line - 1) + line - (grid.rowNodes.first?.line ?? 1) + 1
            guard cols.name < row.count else {
                if row.count == 1 { continue }
                warn(rowLine, "table row with fewer cells than the header")
                continue
            }
            if row.count > 1, row.allSatisfy({ $0.node == row[0].node }) {
                // A row spanning the whole table: a group label, not a parameter.
                continue
            }
            var p = Self.readNameCell(row[cols.name].node)
            p.line = rowLine
            if let t = cols.type, t < row.count, !row[t].spanned {
                let typeText = HTMLText.text(row[t].node)
                if !typeText.isEmpty { p.type = typeText }
                if p.typeLink == nil, let a = HTMLText.first(row[t].node, where: { $0.isTag("a") }) {
                    p.typeLink = a.attribute("href")
                }
            }
            if let d = cols.description, d < row.count, d != cols.name {
                let cell = row[d].node
                if let hd = HTMLText.first(cell, where: { $0.isHeading != nil }) {
                    warn(rowLine, "heading (\"\(Self.clip(HTMLText.text(hd)))\") inside a table cell; read as cell text")
                }
                p.description = HTMLText.text(cell, lines: true)
                p.values = Self.possibleValues(cell)
                p.defaultValue = Self.defaultValue(p.description)
                if p.nestedAnchor == nil { p.nestedAnchor = sameTableAnchor(in: cell) }
            }
            if let dcol = cols.defaultValue, dcol < row.count {
                let v = HTMLText.text(row[dcol].node)
                if !v.isEmpty && v != "-" && v != "—" { p.defaultValue = v }
            }
            if let rcol = cols.required, rcol < row.count {
                let v = HTMLText.text(row[rcol].node).lowercased()
                if v.hasPrefix("y") || v == "true" || v.hasPrefix("required") || v == "+" { p.required = true }
            }
            if p.nestedAnchor == nil { p.nestedAnchor = sameTableAnchor(in: row[cols.name].node) }
            if p.name.isEmpty {
                warn(rowLine, "parameter name is empty (a `<name>` written in bold is lost by the page build)")
            }
            out.append(p)
        }
        if out.isEmpty { warn(line, "parameter table without rows") }
        return out
    }

    /// Name cell: `<strong>name</strong>*<br/><code>type</code>`.
    static func readNameCell(_ cell: Node) -> Parameter {
        var p = Parameter(name: "")
        // Split the cell's inline content at the first <br> (or the first block boundary).
        var before: [Node] = []
        var after: [Node] = []
        var seenBreak = false
        func visit(_ n: Node, depth: Int) {
            guard depth < 50 else { return }
            var c = n.pointee.children
            var firstBlock = true
            while let x = c {
                c = x.pointee.next
                if x.isTag("br") {
                    if seenBreak { after.append(x) }
                    seenBreak = true
                    continue
                }
                if x.isTag("p") || x.isTag("div") {
                    if !firstBlock {
                        if seenBreak { after.append(x) } else { seenBreak = true }
                    }
                    firstBlock = false
                    visit(x, depth: depth + 1)
                    continue
                }
                if x.isElement && x.isHiddenChrome { continue }
                if seenBreak { after.append(x) } else { before.append(x) }
            }
        }
        visit(cell, depth: 0)
        // Name: bold elements before the break; the first is the name, others are aliases.
        var strongs: [String] = []
        var rest = ""
        var sawSup = false
        var inlineType: [Node] = []
        for n in before {
            if n.isTag("strong") || n.isTag("b") {
                // `<strong>id<sup>*</sup></strong>`: the marker inside the bold text.
                if let sup = HTMLText.first(n, where: { $0.isTag("sup") }), HTMLText.text(sup).has("*") {
                    sawSup = true
                    xmlUnlinkNode(sup)
                    xmlFreeNode(sup)
                }
                let t = HTMLText.text(n)
                strongs.append(t)
            } else if n.isTag("sup") {
                if HTMLText.text(n).has("*") { sawSup = true }
            } else if !strongs.isEmpty, n.isTag("code") || (n.isTag("a") && HTMLText.first(n, where: { $0.isTag("code") }) != nil) {
                // `**name** `type`` on one line, without a break.
                inlineType.append(n)
            } else if n.isElement {
                var inner: [Node] = []
                HTMLText.all(n, where: { $0.isTag("strong") || $0.isTag("b") }, into: &inner)
                if !inner.isEmpty {
                    strongs.append(contentsOf: inner.map { HTMLText.text($0) })
                } else {
                    rest += " " + HTMLText.text(n)
                }
            } else if n.isText, let c = n.pointee.content {
                rest += String(cString: c)
            }
        }
        var required = sawSup
        if strongs.isEmpty {
            // No bold: the text before the break is the name.
            var name = rest.trimmed()
            if name.hasSuffix("*") { required = true; name = String(name.dropLast()).trimmed() }
            p.name = name
        } else {
            // A star inside the bold text is part of the name (`UF_*`); the required marker follows it.
            var names = strongs.map { $0.trimmed() }
            if rest.has("*") { required = true }
            p.name = names.removeFirst()
            p.aliases = names.filter { !$0.isEmpty }
            // "name / alias" or "name (alias)" written in plain text next to the bold name.
            let extra = rest.replacing("*", with: "").trimmed()
            if !extra.isEmpty {
                let cleaned = extra.trimmed(in: ["/", ",", "(", ")", " ", "|"])
                if !cleaned.isEmpty, cleaned.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }),
                   extra.hasPrefix("/") || extra.hasPrefix("(") || extra.hasPrefix(",") {
                    p.aliases.append(cleaned)
                }
            }
        }
        p.required = required
        // Type: the first line after the break (further lines are alternatives or notes).
        var typeText = ""
        if after.isEmpty { after = inlineType }
        for n in after {
            if n.isTag("br") || n.isTag("p") || n.isTag("div") || n.isTag("ul") || n.isTag("ol") || n.isTag("table") { break }
            if n.isText, let c = n.pointee.content { typeText += String(cString: c) } else if n.isElement {
                typeText += HTMLText.text(n)
                if p.typeLink == nil {
                    if n.isTag("a") { p.typeLink = n.attribute("href") } else if let a = HTMLText.first(n, where: { $0.isTag("a") }) {
                        p.typeLink = a.attribute("href")
                    }
                }
            }
        }
        let t = typeText.collapsingWhitespace()
        p.type = t.isEmpty ? nil : t
        return p
    }

    /// The same-page anchor a cell links to (`#fields`), the nested table's identity.
    func sameTableAnchor(in cell: Node) -> String? {
        var links: [Node] = []
        HTMLText.all(cell, where: { $0.isTag("a") }, into: &links)
        for a in links {
            guard let href = a.attribute("href"), let hash = href.firstIndex(of: "#") else { continue }
            let target = String(href[..<hash])
            let anchor = String(href[href.index(after: hash)...])
            guard !anchor.isEmpty else { continue }
            if target.isEmpty || target == path || path.hasSuffix("/" + target) || target.hasSuffix("/" + path)
                || Self.lastComponent(target) == Self.lastComponent(path) && !target.has("data-types") {
                return anchor
            }
        }
        return nil
    }

    static func lastComponent(_ s: String) -> String {
        s.split(separator: "/").last.map(String.init) ?? s
    }

    static func possibleValues(_ cell: Node) -> [PossibleValue] {
        var items: [Node] = []
        HTMLText.all(cell, where: { $0.isTag("li") }, into: &items)
        var out: [PossibleValue] = []
        for li in items {
            guard let first = HTMLText.first(li, where: { $0.isTag("code") }) else { continue }
            let value = HTMLText.text(first)
            let text = HTMLText.text(li)
            var desc = ""
            for sep in [" — ", " – ", " - ", ": "] {
                if let r = text.firstRange(of: sep) { desc = String(text[r.upperBound...]); break }
            }
            if text.hasPrefix(value) || text.hasPrefix("\(value) ") { out.append(PossibleValue(value: value, description: desc)) }
        }
        return out
    }

    static func defaultValue(_ description: String) -> String? {
        guard description.has("efault") else { return nil }
        let lower = description.lowercased()
        for marker in ["by default,", "by default", "default value is", "default value:", "defaults to", "default:", "default is"] {
            guard let r = lower.firstRange(of: marker) else { continue }
            let offset = lower.distance(from: lower.startIndex, to: r.upperBound)
            guard offset <= description.count else { continue }
            let start = description.index(description.startIndex, offsetBy: offset)
            var rest = String(description[start...]).trimmed(in: [" ", ":", "—", "-", "\n"])
            if let end = rest.firstIndex(where: { $0 == "\n" }) { rest = String(rest[..<end]) }
            if rest.hasSuffix(".") { rest.removeLast() }
            rest = rest.trimmed()
            if rest.lowercased().hasPrefix("is ") { rest = String(rest.dropFirst(3)) }
            if !rest.isEmpty && rest.count <= 80 { return rest }
        }
        return nil
    }

    /// Attaches further tables to the row that links to them (or whose name the heading repeats), to any depth.
    mutating func assemble(_ tables: [CollectedTable], extras: Bool) -> [Parameter] {
        guard let first = tables.first else { return [] }
        // Several tables under one heading (one per tab, or split by prose) form one nested table.
        var pending: [CollectedTable] = []
        for t in tables.dropFirst() {
            if let last = pending.last, last.heading == t.heading, last.anchor == t.anchor, last.line < t.line {
                pending[pending.count - 1].rows += t.rows
            } else if t.heading == first.heading && t.anchor == first.anchor {
                // A second table right under the first table's own heading: not a nested table of it.
                pending.append(t)
            } else {
                pending.append(t)
            }
        }
        var pendingByAnchor: [String: [Int]] = [:]
        for (i, t) in pending.enumerated() {
            if let a = t.anchor { pendingByAnchor[a, default: []].append(i) }
        }
        var used = [Bool](repeating: false, count: pending.count)

        func attach(_ rows: [Parameter], depth: Int, used: inout [Bool]) -> [Parameter] {
            guard depth < 32 else { return rows }
            var rows = rows
            for i in rows.indices {
                if let anchor = rows[i].nestedAnchor, let idxs = pendingByAnchor[anchor] {
                    for k in idxs where !used[k] {
                        used[k] = true
                        rows[i].children += attach(pending[k].rows, depth: depth + 1, used: &used)
                    }
                }
                if !rows[i].children.isEmpty {
                    rows[i].children = attach(rows[i].children, depth: depth + 1, used: &used)
                }
            }
            return rows
        }
        var root = attach(first.rows, depth: 0, used: &used)
        // Tables nobody links to: match the heading's words to a row name.
        var progress = true
        while progress {
            progress = false
            for k in pending.indices where !used[k] {
                let names = Self.candidateNames(fromHeading: pending[k].heading)
                if Self.attachByName(&root, names: names, rows: pending[k].rows, depth: 0) {
                    used[k] = true
                    progress = true
                    // Rows of this table may link further tables.
                    root = attach(root, depth: 0, used: &used)
                }
            }
        }
        for k in pending.indices where !used[k] && !pending[k].optional && pending[k].sameSectionAsFirst && extras {
            let t = pending[k]
            used[k] = true
            root.append(Parameter(name: t.caption ?? t.heading, description: "group of parameters",
                                  children: t.rows, line: t.line))
            warn(t.line, "parameter table \"\(Self.clip(t.caption ?? t.heading))\" belongs to no parameter; kept as a group")
        }
        for k in pending.indices where !used[k] {
            let names = Self.candidateNames(fromHeading: pending[k].heading)
            if Self.attachByName(&root, names: names, rows: pending[k].rows, depth: 0) { used[k] = true }
        }
        for k in pending.indices where !used[k] {
            let t = pending[k]
            if t.optional { continue }
            if extras, t.sameSectionAsFirst {
                // A further table of the same section that no row owns (the handler's POST body next to
                // its query string): a labelled group of the same parameter list.
                root.append(Parameter(name: t.caption ?? t.heading, description: "group of parameters",
                                      children: t.rows, line: t.line))
                warn(t.line, "parameter table \"\(Self.clip(t.caption ?? t.heading))\" belongs to no parameter; kept as a group")
                continue
            }
            if extras {
                page.extraParameterTables.append(ParameterTable(key: t.anchor ?? t.heading, title: t.heading,
                                                                parameters: t.rows, line: t.line))
            }
        }
        pending.removeAll()
        return root
    }

    /// Words of a heading that may name the parameter it describes (`Parameter fields` → `fields`,
    /// `Object result` → `result`, `filter.startDate Parameter` → `filter.startDate`), rarest first.
    static func candidateNames(fromHeading heading: String) -> [String] {
        let words = heading.split(separator: " ").map { String($0).trimmingPunctuation() }.filter { !$0.isEmpty }
        let generic: Set<String> = ["parameter", "parameters", "object", "objects", "field", "fields", "structure", "of",
                                    "the", "type", "element", "elements", "array", "description", "values", "value",
                                    "key", "keys", "in", "for", "an", "a", "item", "items", "format", "attribute",
                                    "attributes", "property", "properties", "and", "data", "with", "to", "by"]
        var specific = words.filter { !generic.contains($0.lowercased()) }
        // Generic words can still be names (`fields`), tried after the specific ones.
        specific += words.filter { generic.contains($0.lowercased()) && !["parameter", "parameters", "object", "of", "the", "a", "an", "and", "in", "for", "with", "to", "by"].contains($0.lowercased()) }
        return specific
    }

    static func attachByName(_ rows: inout [Parameter], names: [String], rows newRows: [Parameter], depth: Int) -> Bool {
        guard depth < 32, !names.isEmpty else { return false }
        for name in names {
            let last = name.split(separator: ".").last.map(String.init) ?? name
            let stripped = last.hasSuffix("[]") ? String(last.dropLast(2)) : last
            for i in rows.indices where rows[i].children.isEmpty {
                let n = rows[i].name
                if n == name || n == stripped || n == name + "[]" || n == stripped + "[]" {
                    rows[i].children = newRows
                    return true
                }
            }
        }
        for i in rows.indices {
            if attachByName(&rows[i].children, names: names, rows: newRows, depth: depth + 1) { return true }
        }
        if depth == 0 {
            // Headings often capitalise the name ("Filter Parameter" for `filter`).
            return attachByNameInsensitive(&rows, names: names.map { $0.lowercased() }, rows: newRows, depth: 0)
        }
        return false
    }

    static func attachByNameInsensitive(_ rows: inout [Parameter], names: [String], rows newRows: [Parameter], depth: Int) -> Bool {
        guard depth < 32 else { return false }
        for name in names {
            for i in rows.indices where rows[i].children.isEmpty {
                let n = rows[i].name.lowercased()
                if n == name || n == name + "[]" {
                    rows[i].children = newRows
                    return true
                }
            }
        }
        for i in rows.indices {
            if attachByNameInsensitive(&rows[i].children, names: names, rows: newRows, depth: depth + 1) { return true }
        }
        return false
    }

    static func field(_ p: Parameter) -> Field {
        Field(name: p.name, type: p.type, typeLink: p.typeLink, description: p.description, values: p.values,
              nestedAnchor: p.nestedAnchor, children: p.children.map(field), line: p.line)
    }

    // MARK: - Errors

    struct ErrorColumns {
        var code: Int
        var description: Int?
        var message: Int?
        var status: Int?
    }

    static let systemCodes: Set<String> = [
        "INTERNAL_SERVER_ERROR", "ERROR_UNEXPECTED_ANSWER", "QUERY_LIMIT_EXCEEDED", "ERROR_BATCH_METHOD_NOT_ALLOWED",
        "ERROR_BATCH_LENGTH_EXCEEDED", "NO_AUTH_FOUND", "INVALID_REQUEST", "OVERLOAD_LIMIT", "ACCESS_DENIED",
        "INVALID_CREDENTIALS", "ERROR_MANIFEST_IS_NOT_AVAILABLE", "INSUFFICIENT_SCOPE", "EXPIRED_TOKEN",
        "USER_ACCESS_ERROR", "PORTAL_DELETED", "ALLOWED_ONLY_INTRANET_USER", "METHOD_CONFIRM_WAITING",
        "METHOD_CONFIRM_DENIED", "OPERATION_TIME_LIMIT",
    ]

    static func errorCode(_ cell: Node) -> String {
        let lines = HTMLText.text(cell, lines: true).split(separator: "\n", omittingEmptySubsequences: true)
        var code = lines.first.map(String.init) ?? ""
        code = code.trimmed(in: ["`", " "])
        return code
    }

    static func looksSystem(_ grid: Grid, cols: ErrorColumns) -> Bool {
        var hits = 0
        var total = 0
        for row in grid.rows.dropFirst() where cols.code < row.count {
            total += 1
            if systemCodes.contains(errorCode(row[cols.code].node).uppercased()) { hits += 1 }
        }
        return total >= 3 && hits * 2 >= total
    }

    mutating func readErrors(_ grid: Grid, cols: ErrorColumns, line: Int, underSystemHeading: Bool, sectionStatus: Int? = nil) {
        let system = underSystemHeading || Self.looksSystem(grid, cols: cols)
        if system && !underSystemHeading {
            warn(line, "system-error table without its heading; recognised by its codes")
        }
        for (r, row) in grid.rows.enumerated().dropFirst() {
            let rowLine = (grid.rowNodes[r].line - 1) + line - (grid.rowNodes.first?.line ?? 1) + 1
            guard cols.code < row.count else {
                warn(rowLine, "error row with fewer cells than the header")
                continue
            }
            let code = Self.errorCode(row[cols.code].node)
            var e = ErrorCode(code: code, system: system, line: rowLine)
            if let d = cols.description, d < row.count, d != cols.code {
                e.description = HTMLText.text(row[d].node)
            } else if let m = cols.message, m < row.count, m != cols.code {
                e.description = HTMLText.text(row[m].node)
            } else {
                // Message under the code in the same cell.
                let lines = HTMLText.text(row[cols.code].node, lines: true).split(separator: "\n")
                if lines.count > 1 { e.description = lines.dropFirst().joined(separator: " ") }
            }
            if let s = cols.status, s < row.count {
                let t = HTMLText.text(row[s].node)
                let digits = t.prefix { $0.isNumber }
                if digits.count == 3 { e.httpStatus = Int(digits) }
            }
            if e.httpStatus == nil && !system { e.httpStatus = sectionStatus }
            if code.isEmpty { warn(rowLine, "error code cell is empty") }
            page.errors.append(e)
        }
    }
}

/// What a table's header row says it is.
enum TableShape {
    case parameters(Extractor.ParamColumns)
    case errors(Extractor.ErrorColumns)
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
                self = .errors(Extractor.ErrorColumns(code: c, description: descCol, message: msgCol, status: statusCol))
                return
            }
        }
        if paramWords.contains(first) {
            var cols = Extractor.ParamColumns(name: 0)
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

