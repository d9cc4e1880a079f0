import B24DocModel

/// How a page says what it is. The model keeps the kind and the name, not the lines that told the parser;
/// a distilled page states them again in labels of our own, and ``Distiller`` picks the first set of labels
/// under which the page reads back as what it was.
struct KindLabels: Equatable, Sendable {
    enum WhoLine: String, Sendable {
        case method = "Who can execute the method"
        case event = "Who can subscribe to the event"
        case command = "Who can run the command"
    }

    /// A "Who can …:" label line (its sentence is prose and is left empty).
    var who: WhoLine?
    /// The parameter section is headed "Method parameters".
    var methodHeading = false
    /// A closing "Event handler" heading.
    var eventHeading = false
    /// The intro names the method (for pages whose H1 does not).
    var nameInIntro = false
    /// Own error tables in pieces of two rows, so that no piece reads as the shared system-error table.
    var splitOwnErrors = false
    /// Parameter tables no row owns whose heading names one structure ("Auth Parameter") stand before the list,
    /// where the parser keeps such a table apart.
    var detachStructures = true
    /// A list (parameters, returned data) goes under the heading of a structure whose fields begin with its rows:
    /// on the page, the two shared that heading.
    var listUnderStructure = false
    /// The page says it is an overview (``PageKind/overviewStatement``), for an overview whose path and title
    /// do not.
    var overviewStatement = false

    /// The label sets to try for a page, in order.
    static func candidates(for page: Page) -> [KindLabels] {
        var base: [KindLabels]
        switch page.kind {
        case .restMethod:
            base = [KindLabels(who: .method), KindLabels(who: .method, methodHeading: true, nameInIntro: true),
                    KindLabels(who: .method, methodHeading: true)]
        case .restEvent:
            base = [KindLabels(), KindLabels(who: .event, eventHeading: true)]
        case .placementCommand:
            base = [KindLabels(who: .command)]
        case .placementEvent:
            base = [KindLabels()]
        case .overview:
            base = [KindLabels(), KindLabels(overviewStatement: true)]
        case .other:
            base = [KindLabels(), KindLabels(who: .method)]
        }
        if page.errors.contains(where: { !$0.system }) {
            base += base.map { var labels = $0; labels.splitOwnErrors = true; return labels }
        }
        if page.extraParameterTables.contains(where: ArticleWriter.standsApart) {
            base += base.map { var labels = $0; labels.detachStructures = false; return labels }
        }
        if page.kind != .other, page.kind != .overview, page.types.contains(where: { type in
            [page.parameters.map(\.name), page.returns.map(\.name)].contains { names in
                !names.isEmpty && type.fields.count > names.count && type.fields.prefix(names.count).map(\.name) == names
            }
        }) {
            base += base.map { var labels = $0; labels.listUnderStructure = true; return labels }
        }
        return base
    }
}

/// Writes the article (`data.html`) of a distilled page from the model: the intro's labels, the parameter
/// and returned-data sections with their nested tables, the object structures, the error codes, the examples.
struct ArticleWriter {
    let page: Page
    let labels: KindLabels
    var markup = Markup()
    /// The object structures by the anchor of their heading.
    let types: [String: TypeDefinition]
    let structures: Structures
    /// Anchors already given to a heading.
    var anchorsWritten: Set<String> = []
    /// The anchors the page's own tables (not the object structures written on their own) are written under,
    /// known from a first writing; `nil` during that first writing.
    let reserved: Set<String>?

    init(page: Page, labels: KindLabels, reserved: Set<String>? = nil) {
        self.page = page
        self.labels = labels
        self.reserved = reserved
        var types: [String: TypeDefinition] = [:]
        for type in page.types {
            if let anchor = TypeSections.anchor(of: type, on: page), types[anchor] == nil { types[anchor] = type }
        }
        self.types = types
        structures = Structures(page: page)
    }

    /// The article. Written twice: the first writing finds which object structures the page's tables write;
    /// the second puts each of the others just before the first structure that follows it on the page, so the
    /// structures read back in the page's order.
    static func article(_ page: Page, labels: KindLabels) -> String {
        var first = ArticleWriter(page: page, labels: labels)
        first.write()
        var second = ArticleWriter(page: page, labels: labels, reserved: first.tableAnchors)
        second.write()
        // An empty article reads as a page without content (no title): keep one empty paragraph.
        return second.markup.html.isEmpty ? "<p></p>\n" : second.markup.html
    }

    /// Anchors written by the page's tables (not by the object-structure section).
    var tableAnchors: Set<String> = []

    mutating func write() {
        intro()
        parameterSections()
        returnSection()
        ErrorSections.write(page.errors, splitOwn: labels.splitOwnErrors, into: &markup)
        requestExamples()
        typeSections()
        effects()
        if labels.eventHeading { markup.heading(2, "Event handler") }
    }

    /// What the method does to data, one sentence of the parser's own form per piece of evidence.
    mutating func effects() {
        guard !page.evidence.isEmpty else { return }
        markup.heading(2, "Effects")
        for evidence in page.evidence { markup.paragraph(Markup.escape(evidence.sentence)) }
    }

    /// Scope line, "who can" label, deprecation note with the replacement, the REST 3.0 note, the method's
    /// name where the H1 lacks it, the widget's placement; then an object structure that stands before any heading.
    mutating func intro() {
        if !page.scopes.isEmpty {
            let scopes = page.scopes.map { Markup.link("api-reference/scopes/permissions.html", Markup.code($0)) }
            markup.paragraph("Scope: " + scopes.joined(separator: ", "))
        }
        if let who = labels.who { markup.paragraph(Markup.escape(who.rawValue) + ":") }
        if page.deprecated {
            let replacement = page.deprecation?.replacement.map { " Replacement: \(Markup.code($0))." } ?? ""
            markup.line("<div class=\"yfm-note yfm-accent-warning\" note-type=\"warning\"><p>Deprecated.\(replacement)</p></div>")
        }
        if page.apiVersions.contains(.v3), !page.requests.contains(where: { $0.version == .v3 }) {
            markup.paragraph("This method belongs to REST 3.0.")
        }
        if labels.nameInIntro, let name = page.name { markup.paragraph("REST method \(Markup.code(name)).") }
        if let placement = page.placement { markup.paragraph("Works in the placement \(Markup.code(placement)).") }
        if labels.overviewStatement { markup.paragraph(Markup.escape(PageKind.overviewStatement)) }
        if page.kind == .other || page.kind == .overview, let type = page.types.first(where: { $0.id == page.path }) {
            TypeSections.table(type.fields, into: &markup)
        }
    }
}
