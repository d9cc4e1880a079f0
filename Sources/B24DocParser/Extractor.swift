import B24DocModel
import CLibXML2

/// Turns one parsed article into a ``Page``. All decisions are made from what the text says
/// (heading words, header-row column names, markers), never from the page path or CSS trivia.
///
/// One pass over the article's blocks (``extract(blocks:)``) moves a ``SectionCursor`` through the
/// headings and collects tables, intro paragraphs and code blocks into ``Collected``; the steps after the
/// walk (nesting tables, reading examples, deciding the kind and name) work on what was collected. The
/// steps live in their own files: `Sections.swift` (headings), `Intro.swift` (scope, who, deprecation,
/// summary), `ParameterTables.swift` and `NameCell.swift` (rows), `Assembly.swift` (nesting),
/// `ErrorTables.swift`, `CodeExamples.swift` and `KindAndName.swift`.
struct Extractor {
    let path: String
    var diagnostics: [Diagnostic] = []
    var page: Page
    /// Where the walk is in the article's headings.
    var cursor = SectionCursor()
    /// What the walk collected for the steps after it.
    var collected = Collected()
    /// The "Who can …" line's words before its colon (`who can execute the method`), lower-cased.
    var whoCanPrefix = ""

    init(path: String, title: String, line: Int) {
        self.path = path
        self.page = Page(path: path, kind: .other, title: title, line: line)
    }

    mutating func warn(_ line: Int, _ message: String) {
        diagnostics.append(Diagnostic(path: path, line: max(1, line), message: message))
    }

    // MARK: - The walk

    mutating func extract(blocks: [Block]) {
        for block in blocks {
            switch block.kind {
            case .heading(let level, let text, let id):
                enterHeading(level: level, text: text, id: id, line: block.line)
            case .paragraph:
                readParagraph(block)
            case .table:
                readTable(block)
            case .code:
                collected.codeBlocks.append(CodeBlock(block: block, role: cursor.role, heading: cursor.current?.text))
            case .list:
                if cursor.beforeFirstH2 && block.note != nil { readDeprecation(block) }
            }
        }
        finish()
    }

    /// The steps after the walk: nest the tables, read the intro and the examples, decide kind and name.
    mutating func finish() {
        page.parameters = assemble(collected.parameterTables, extras: true)
        for t in collected.detachedTables {
            page.extraParameterTables.append(ParameterTable(key: t.anchor ?? t.heading, title: t.heading,
                                                            parameters: t.rows, line: t.line))
        }
        page.returns = assemble(collected.returnTables, extras: false).map(Self.field)
        readSummary(collected.introParagraphs)
        readCode(collected.codeBlocks)
        decideKindAndName()
        checkName()
        buildTypes()
        buildEntityType()
        readVersions()
        readEvidence()
    }

    mutating func enterHeading(level: Int, text: String, id: String?, line: Int) {
        if level == 1 {
            warn(line, "second H1 in the article (\"\(Self.clip(text))\"); read as a section heading")
        }
        cursor.enter(level: level, role: Self.role(ofHeading: text, level: level), text: text, id: id, line: line)
        if text.isEmpty { warn(line, "empty heading") }
        if Self.typoHeading(text) { warn(line, "heading \"\(Self.clip(text))\" looks misspelt; read by meaning") }
        let lower = text.lowercased()
        if lower.has("method parameters") || lower.has("request parameters") { collected.sawMethodMarker = true }
        if lower.has("handler receives") || lower.has("event handler") { collected.sawEventMarker = true }
    }

    mutating func readParagraph(_ block: Block) {
        cursor.caption = Self.caption(of: block.node)
        if let status = Self.httpStatusLine(block.node) { cursor.httpStatus = status }
        if cursor.beforeFirstH2 && block.note == nil {
            collected.introParagraphs.append(block)
        }
        let text = HTMLText.text(block.node)
        if cursor.beforeFirstH2 || (block.note == nil && (page.scopes.isEmpty || page.whoCan == nil)) {
            readScopeAndWho(block, text: text)
        }
        if cursor.beforeFirstH2, block.note != nil {
            readDeprecation(block)
        }
        if cursor.beforeFirstH2, !collected.rest3Note {
            if text.has("REST 3.0"), text.lowercased().has("belongs to") { collected.rest3Note = true }
        }
        readPlacement(block, text: text)
        readNoteMarkersAsText(text, line: block.line)
        if text.hasPrefix(Evidence.sentencePrefix) { readEffectSentence(text, line: block.line) }
        if text == PageKind.overviewStatement { collected.methodIndex = true }
    }

    mutating func readTable(_ block: Block) {
        let role = cursor.role
        let grid = Grid(block.node)
        if grid.rows.isEmpty {
            warn(block.line, "table without rows")
            return
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
                           sectionStatus: cursor.httpStatus)
            }
        case .parameters(let cols):
            if role == .examples {
                warn(block.line, "parameter-shaped table under \"\(Self.clip(cursor.current?.text ?? ""))\"; the heading above it may have been lost (a line right after a table's |# is not shown)")
            }
            let rows = readParameterTable(grid, cols: cols, line: block.line, includeFirstRow: headerless)
            collectParameterTable(rows, line: block.line)
            if role != .examples && role != .errors && role != .systemErrors { collectTypeSource(rows, line: block.line) }
        case .other:
            if !collected.methodIndex, Self.isMethodIndex(grid, heading: cursor.stack.first { $0.level == 2 }?.text) {
                collected.methodIndex = true
            }
            if Self.isValueTypeHeader(grid.header) {
                // `Value / type | Description`: the fields of an object structure on a data-type page.
                let mark = diagnostics.count
                let rows = readParameterTable(grid, cols: ParamColumns(name: 0, type: nil, description: 1), line: block.line)
                diagnostics.removeSubrange(mark...)
                collectTypeSource(rows, line: block.line)
            }
            if role == .parameters || role == .returns, grid.rows.count > 1, !grid.header.isEmpty,
               grid.header.first?.isEmpty == true {
                warn(block.line, "table without a header row in a \(role == .returns ? "returned-data" : "parameter") section")
            }
        }
    }

    /// Files a parameter-shaped table by its section's role: the page's parameters, returned data, a
    /// structure description kept aside, or a table that may nest under a row.
    mutating func collectParameterTable(_ rows: [Parameter], line: Int) {
        let heading = cursor.current
        var table = CollectedTable(rows: rows, anchor: heading?.id, heading: heading?.text ?? "",
                                   line: line, level: heading?.level ?? 0)
        table.caption = cursor.caption
        table.headingLine = cursor.headingLine
        if let first = collected.parameterTables.first, first.headingLine == cursor.headingLine { table.sameSectionAsFirst = true }
        cursor.caption = nil
        switch cursor.role {
        case .parameters:
            let governing = cursor.stack.last(where: { $0.role != .neutral })?.text ?? ""
            if collected.parameterTables.isEmpty && Self.isStructureHeading(governing) {
                // "Auth Parameter", "Block Parameters": a description of one structure, not the
                // page's parameter list; kept only if a row claims it.
                table.optional = true
                collected.detachedTables.append(table)
            } else {
                collected.parameterTables.append(table)
            }
        case .returns:
            collected.returnTables.append(table)
        case .neutral:
            // Tables before any heading (event payload right under the intro) count as parameters;
            // later tables under headings that give no role may be nested tables of those.
            if heading == nil && collected.parameterTables.isEmpty {
                collected.parameterTables.append(table)
            } else if !collected.parameterTables.isEmpty && heading != nil {
                table.optional = true
                collected.parameterTables.append(table)
            }
        default:
            break
        }
    }
}

/// What the walk over the blocks collects for the steps after it.
struct Collected {
    /// Parameter-shaped tables of parameter sections (the first is the page's list; later ones may nest).
    var parameterTables: [CollectedTable] = []
    /// Parameter-shaped tables of returned-data sections.
    var returnTables: [CollectedTable] = []
    /// Structure descriptions ("Auth Parameter") that are not the page's parameter list.
    var detachedTables: [CollectedTable] = []
    /// Paragraphs before the first H2, outside notes.
    var introParagraphs: [Block] = []
    var codeBlocks: [CodeBlock] = []
    /// A heading names method parameters ("Method Parameters", "Request Parameters").
    var sawMethodMarker = false
    /// A heading speaks of an event handler ("The handler receives …").
    var sawEventMarker = false
    /// Field tables by section, for the page's object structures.
    var typeSources: [TypeSource] = []
    /// The intro says the method belongs to REST 3.0.
    var rest3Note = false
    /// The line of the paragraph the summary came from.
    var summaryLine = 0
    /// An "Overview of Methods" section lists methods in a table that links to their pages.
    var methodIndex = false
    /// Evidence stated in ``Evidence/sentence`` form (a page written from the model).
    var effectSentences: [Evidence] = []
}

/// A code block with the section it sits in.
struct CodeBlock {
    var block: Block
    var role: SectionRole
    /// The innermost heading's text, if any.
    var heading: String?
}
