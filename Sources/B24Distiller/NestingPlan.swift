import B24DocModel

/// The tables a parameter tree is written as: the top table, then one table per row that has children.
///
/// The parser hangs a table under the row that links to its heading's anchor (`#fields`), or else under the
/// first childless row that the heading names. The plan follows the same order, so the tree reads back as it
/// was: a row keeps its own anchor, the first row (in the parser's order) with an anchor owns the table under
/// that anchor, and the other rows with children get a table under a heading that names them.
struct NestingPlan {
    struct Table: Equatable {
        /// The anchor of the table's heading (the rows' `nestedAnchor`), `nil` for a table found by name.
        var anchor: String?
        /// The row the table belongs to, for a table found by name.
        var ownerName: String?
        var rows: [Parameter]
    }

    private(set) var tables: [Table] = []
    private var claimed: Set<String> = []
    private var deferred: [Parameter] = []

    /// Plans the nested tables of `rows` (the top table) and of `groups` (labelled tables beside it, whose rows
    /// the parser reaches only by name).
    static func plan(rows: [Parameter], groups: [Parameter] = []) -> [Table] {
        var plan = NestingPlan()
        plan.visit(rows)
        var next = 0
        while next < plan.deferred.count {
            plan.byName(plan.deferred[next])
            next += 1
        }
        for group in groups { plan.groupRows(group.children) }
        return plan.tables
    }

    /// The parser's first pass: rows reached through anchors, depth first; rows with children but no
    /// anchor of their own wait for the pass by name.
    private mutating func visit(_ rows: [Parameter]) {
        for row in rows {
            var owns = false
            if let anchor = row.nestedAnchor, !claimed.contains(anchor) {
                claimed.insert(anchor)
                owns = true
            }
            guard !row.children.isEmpty else { continue }
            if owns {
                tables.append(Table(anchor: row.nestedAnchor, ownerName: nil, rows: row.children))
                visit(row.children)
            } else {
                deferred.append(row)
            }
        }
    }

    private mutating func byName(_ row: Parameter) {
        tables.append(Table(anchor: nil, ownerName: row.name, rows: row.children))
        visit(row.children)
    }

    /// Rows of a group: the parser attaches their tables by name only.
    private mutating func groupRows(_ rows: [Parameter]) {
        for row in rows where !row.children.isEmpty {
            tables.append(Table(anchor: nil, ownerName: row.name, rows: row.children))
            groupRows(row.children)
        }
    }
}

extension Field {
    /// The field as a parameter row (no required marker, aliases or default), so both kinds of table share one writer.
    var asParameter: Parameter {
        Parameter(name: name, type: type, typeLink: typeLink, description: description, values: values,
                  nestedAnchor: nestedAnchor, children: children.map(\.asParameter), line: line)
    }
}
