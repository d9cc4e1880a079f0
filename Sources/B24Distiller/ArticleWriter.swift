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

    /// The label sets to try for a page, in order.
    static func candidates(for page: Page) -> [KindLabels] {
        var base: [KindLabels]
        switch page.kind {
        case .restMethod:
            base = [KindLabels(who: .method), KindLabels(who: .method, methodHeading: true, nameInIntro: true)]
        case .restEvent:
            base = [KindLabels(), KindLabels(who: .event, eventHeading: true)]
        case .placementCommand:
            base = [KindLabels(who: .command)]
        case .placementEvent, .overview:
            base = [KindLabels()]
        case .other:
            base = [KindLabels(), KindLabels(who: .method)]
        }
        guard page.errors.contains(where: { !$0.system }) else { return base }
        return base + base.map { var labels = $0; labels.splitOwnErrors = true; return labels }
    }
}

/// Writes the article (`data.html`) of a distilled page from the model.
struct ArticleWriter {
    static let groupMarker = "group of parameters"

    let page: Page
    let labels: KindLabels
    var markup = Markup()

    static func article(_ page: Page, labels: KindLabels) -> String {
        var writer = ArticleWriter(page: page, labels: labels)
        writer.intro()
        writer.parameterSections()
        writer.returnSection()
        ErrorSections.write(page.errors, splitOwn: labels.splitOwnErrors, into: &writer.markup)
        writer.examples()
        if labels.eventHeading { writer.markup.heading(2, "Event handler") }
        // An empty article reads as a page without content (no title): keep one empty paragraph.
        return writer.markup.html.isEmpty ? "<p></p>\n" : writer.markup.html
    }

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
        if labels.nameInIntro, let name = page.name { markup.paragraph("REST method \(Markup.code(name)).") }
        if let placement = page.placement { markup.paragraph("Works in the placement \(Markup.code(placement)).") }
    }

    /// Structure tables that stand before the parameter list (the parser keeps them apart), the parameter
    /// list with its labelled groups and nested tables, then the tables no row owns.
    mutating func parameterSections() {
        var extras = page.extraParameterTables
        var detached: [ParameterTable] = []
        while let last = extras.last, Self.standsApart(last) {
            detached.insert(extras.removeLast(), at: 0)
        }
        for table in detached {
            markup.heading(2, table.title, id: table.key == table.title ? nil : table.key)
            ParameterTableWriter.write(table.parameters, into: &markup)
        }
        var rows = page.parameters
        var groups: [Parameter] = []
        while let last = rows.last, Self.isGroup(last) { groups.insert(rows.removeLast(), at: 0) }
        guard !page.parameters.isEmpty || !extras.isEmpty || labels.methodHeading else { return }
        markup.heading(2, labels.methodHeading ? "Method parameters" : "Parameters")
        guard !page.parameters.isEmpty || !extras.isEmpty else { return }
        ParameterTableWriter.write(rows, into: &markup)
        for group in groups {
            markup.paragraph("<strong>\(Markup.escape(group.name))</strong>")
            ParameterTableWriter.write(group.children, into: &markup)
        }
        nestedTables(NestingPlan.plan(rows: rows, groups: groups))
        for table in extras {
            markup.heading(3, table.title, id: table.key == table.title ? nil : table.key)
            ParameterTableWriter.write(table.parameters, into: &markup)
        }
    }

    mutating func returnSection() {
        guard !page.returns.isEmpty || page.returnExample != nil else { return }
        markup.heading(2, "Returned data")
        if let example = page.returnExample.flatMap(ExampleShape.canonical) {
            markup.codeBlock(example, language: "json")
        }
        guard !page.returns.isEmpty else { return }
        let rows = page.returns.map(\.asParameter)
        ParameterTableWriter.write(rows, into: &markup)
        nestedTables(NestingPlan.plan(rows: rows))
    }

    mutating func nestedTables(_ tables: [NestingPlan.Table]) {
        for table in tables {
            if let anchor = table.anchor {
                markup.heading(3, "Nested structure", id: anchor)
            } else {
                markup.heading(3, "Parameter \(table.ownerName ?? "")")
            }
            ParameterTableWriter.write(table.rows, into: &markup)
        }
    }

    mutating func examples() {
        let bodies = page.requestExamples.compactMap(ExampleShape.canonical)
        guard !bodies.isEmpty else { return }
        markup.heading(2, "Examples")
        for body in bodies {
            markup.codeBlock("curl -X POST -H \"Content-Type: application/json\" -d '\(body)'", language: "bash")
        }
    }

    /// A row the parser made of a labelled table that belongs to no parameter.
    static func isGroup(_ p: Parameter) -> Bool {
        p.description == groupMarker && p.type == nil && p.typeLink == nil && !p.required && p.aliases.isEmpty
            && p.values.isEmpty && p.defaultValue == nil && p.nestedAnchor == nil
    }

    /// "Auth Parameter", "Parameter settings": a structure heading, which the parser keeps apart when it comes
    /// before the parameter list.
    static func standsApart(_ table: ParameterTable) -> Bool {
        let words = table.title.lowercased().split(separator: " ")
        guard words.count == 2 else { return false }
        return (words[0] == "parameter" && words[1] != "list") || words[1] == "parameter"
    }
}

/// Error tables: the page's own codes under "Errors", the shared system codes under "System errors", in the
/// page's order; a code and its HTTP status per row (descriptions are prose).
enum ErrorSections {
    static func write(_ errors: [ErrorCode], splitOwn: Bool, into markup: inout Markup) {
        var start = 0
        while start < errors.count {
            let system = errors[start].system
            var end = start
            while end < errors.count, errors[end].system == system { end += 1 }
            markup.heading(2, system ? "System errors" : "Errors")
            let run = Array(errors[start..<end])
            let pieces = !system && splitOwn ? stride(from: 0, to: run.count, by: 2).map { Array(run[$0..<min($0 + 2, run.count)]) } : [run]
            for piece in pieces {
                markup.table(header: ["Code", "HTTP status"], rows: piece.map { [Markup.escape($0.code), $0.httpStatus.map(String.init) ?? ""] })
            }
            start = end
        }
    }
}
