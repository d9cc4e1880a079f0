import B24DocModel
import CLibXML2

/// A parameter-shaped table as the walk found it, before nesting.
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

/// The columns of a parameter table, by what their header says.
struct ParamColumns {
    var name: Int
    var type: Int?
    var description: Int?
    var defaultValue: Int?
    var required: Int?
}

/// The rows of parameter and returned-data tables.
extension Extractor {
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
                if let r = Bytes.range(of: sep, in: text) { desc = String(text[r.upperBound...]); break }
            }
            if text.hasPrefix(value) || text.hasPrefix("\(value) ") { out.append(PossibleValue(value: value, description: desc)) }
        }
        return out
    }

    static func defaultValue(_ description: String) -> String? {
        guard description.has("efault") else { return nil }
        // ASCII-lowered bytes: the markers are ASCII, so offsets stay those of `description`.
        let lower = description.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        for marker in defaultMarkers {
            guard let at = Bytes.find(marker, in: lower, from: 0) else { continue }
            let start = description.utf8.index(description.utf8.startIndex, offsetBy: at + marker.count)
            var rest = String(description[start...]).trimmed(in: [" ", ":", "—", "-", "\n"])
            if let end = rest.firstIndex(where: { $0 == "\n" }) { rest = String(rest[..<end]) }
            if rest.hasSuffix(".") { rest.removeLast() }
            rest = rest.trimmed()
            if rest.lowercased().hasPrefix("is ") { rest = String(rest.dropFirst(3)) }
            if !rest.isEmpty && rest.count <= 80 { return rest }
        }
        return nil
    }

    static let defaultMarkers: [[UInt8]] = ["by default,", "by default", "default value is", "default value:", "defaults to",
                                            "default:", "default is"].map { Array($0.utf8) }
}
