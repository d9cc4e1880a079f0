import B24DocModel

/// Writes parameter and returned-data rows as the site's tables: the name in bold, `*` when required, a line
/// break and the type as inline code (inside a link when the docs link the type); value codes as a list in
/// the second cell, with a link to the nested table's anchor; defaults in a column of their own.
enum ParameterTableWriter {
    /// The text of the link from a row to its nested table (our own word; the link's target is the fact).
    static let nestedLinkText = "structure"

    static func write(_ rows: [Parameter], into markup: inout Markup) {
        let defaults = rows.map { $0.defaultValue.flatMap(FactsOnly.defaultValue) }
        let withDefaults = defaults.contains { $0 != nil }
        var header = ["Name", "Description"]
        if withDefaults { header.append("Default") }
        let cells = zip(rows, defaults).map { row, defaultValue -> [String] in
            var cells = [nameCell(row), descriptionCell(row)]
            if withDefaults { cells.append(defaultValue.map(Markup.escape) ?? "") }
            return cells
        }
        markup.table(header: header, rows: cells)
    }

    /// `<strong>name</strong>*<br/><a href="link"><code>type</code></a>`; aliases as further bold names.
    static func nameCell(_ row: Parameter) -> String {
        var cell = writesNamePlain(row) ? Markup.escape(row.name) : "<strong>\(Markup.escape(row.name))</strong>"
        for alias in row.aliases { cell += " / <strong>\(Markup.escape(alias))</strong>" }
        if row.required { cell += "*" }
        if row.type != nil || row.typeLink != nil {
            let code = Markup.code(row.type ?? "")
            cell += "<br />" + (row.typeLink.map { Markup.link($0, code) } ?? code)
        }
        return cell
    }

    /// A name with runs of white space inside came from a cell without bold text, where the parser keeps the
    /// text as it is; bold text would be read with its spaces collapsed.
    static func writesNamePlain(_ row: Parameter) -> Bool {
        guard row.aliases.isEmpty, !row.name.hasSuffix("*"), !row.name.isEmpty else { return false }
        let collapsed = row.name.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\u{A0}" }).joined(separator: " ")
        return collapsed != row.name
    }

    /// The link to the nested table and the list of value codes (no descriptions: those are prose).
    static func descriptionCell(_ row: Parameter) -> String {
        var cell = ""
        if let anchor = row.nestedAnchor {
            cell += "<p>" + Markup.link("#" + anchor, nestedLinkText) + "</p>"
        }
        if !row.values.isEmpty {
            cell += "<ul>" + row.values.map { "<li>\(Markup.code($0.value))</li>" }.joined() + "</ul>"
        }
        return cell
    }
}
