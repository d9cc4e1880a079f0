/// What a heading says its section holds.
enum SectionRole: Equatable {
    case parameters, returns, errors, systemErrors, examples, other
    /// A heading that says nothing by itself (`Object result`): the section inherits its parent's role.
    case neutral
}

/// One open section of the article: its heading.
struct Section {
    var level: Int
    var role: SectionRole
    var text: String
    /// The heading's explicit anchor (`fields`).
    var id: String?
}

/// Where the walk over the article is: the open sections, and what the last blocks said about the
/// blocks that follow (a caption, an HTTP status).
struct SectionCursor {
    /// The open sections, outermost first.
    var stack: [Section] = []
    /// No H1/H2 seen yet: the walk is in the intro.
    var beforeFirstH2 = true
    /// The line of the last heading.
    var headingLine = 0
    /// The bold one-line paragraph right above the next table ("Parameters in the POST Request Body").
    var caption: String?
    /// "HTTP status: 400" above an error table applies to its rows (until the next H2).
    var httpStatus: Int?

    /// The innermost open section.
    var current: Section? { stack.last }

    /// The role of the innermost section that has one (neutral headings inherit).
    var role: SectionRole { Self.effectiveRole(stack) }

    static func effectiveRole(_ stack: [Section]) -> SectionRole {
        for s in stack.reversed() where s.role != .neutral { return s.role }
        return .neutral
    }

    /// Opens the section of a heading, closing the sections at its level and below.
    mutating func enter(level: Int, role headingRole: SectionRole, text: String, id: String?, line: Int) {
        caption = nil
        if level <= 2 {
            httpStatus = nil
            beforeFirstH2 = false
        }
        headingLine = line
        while let last = stack.last, last.level >= level { stack.removeLast() }
        var role = headingRole
        // "CRM_BINDINGS Parameter" under returned data describes a returned field, not a parameter.
        if role == .parameters, level >= 3, self.role == .returns { role = .neutral }
        stack.append(Section(level: level, role: role, text: text, id: id))
    }
}

extension Extractor {
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

    static func typoHeading(_ t: String) -> Bool {
        let l = t.lowercased()
        return l.has("paramater") || l.has("eror ") || l.hasSuffix("eror") || l.has("errro")
            || l.has("retuned") || l.has("parametrs") || l.has("paramters")
    }

    static func clip(_ s: String) -> String { s.count > 60 ? String(s.prefix(57)) + "..." : s }

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
}
