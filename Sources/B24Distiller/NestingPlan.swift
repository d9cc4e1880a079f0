import B24DocModel

/// The tables a parameter tree is written as: the top table, then one table per row that has children, in
/// the tree's order (depth first).
///
/// The parser hangs a table under the row that links to its heading's anchor (`#fields`), or else under the
/// first childless row that the heading names. Which row owns an anchor follows the parser's order: rows
/// reached through anchors first (depth first), then rows that get their table by name, in turn. A row keeps
/// its own anchor; the first row with an anchor owns the table under it; other rows with children get a
/// table under a heading that names them.
struct NestingPlan {
    struct Table: Equatable {
        /// The anchor the table is found by (the owning row's `nestedAnchor`), `nil` for a table found by name.
        var anchor: String?
        /// The row the table belongs to.
        var ownerName: String
        var rows: [Parameter]
    }

    /// A row's place in the tree: the indices from the top table down.
    typealias RowPath = [Int]

    private var claimed: Set<String> = []
    private var owners: Set<RowPath> = []
    private var deferred: [(path: RowPath, row: Parameter)] = []

    /// Plans the nested tables of `rows` (the top table) and of `groups` (labelled tables beside it, whose rows
    /// the parser reaches only by name).
    static func plan(rows: [Parameter], groups: [Parameter] = []) -> [Table] {
        var plan = NestingPlan()
        plan.claim(rows, at: [])
        var next = 0
        while next < plan.deferred.count {
            let (path, row) = plan.deferred[next]
            plan.claim(row.children, at: path)
            next += 1
        }
        var tables: [Table] = []
        plan.emit(rows, at: [], into: &tables)
        for group in groups { Self.emitByName(group.children, into: &tables) }
        return tables
    }

    /// The parser's first pass: rows reached through anchors, depth first, claim their anchors; rows with
    /// children that own no anchor wait for the pass by name.
    private mutating func claim(_ rows: [Parameter], at parent: RowPath) {
        for (index, row) in rows.enumerated() {
            let path = parent + [index]
            var owns = false
            if let anchor = row.nestedAnchor, !claimed.contains(anchor) {
                claimed.insert(anchor)
                owns = true
            }
            guard !row.children.isEmpty else { continue }
            if owns {
                owners.insert(path)
                claim(row.children, at: path)
            } else {
                deferred.append((path, row))
            }
        }
    }

    private func emit(_ rows: [Parameter], at parent: RowPath, into tables: inout [Table]) {
        for (index, row) in rows.enumerated() where !row.children.isEmpty {
            let path = parent + [index]
            tables.append(Table(anchor: owners.contains(path) ? row.nestedAnchor : nil, ownerName: row.name, rows: row.children))
            emit(row.children, at: path, into: &tables)
        }
    }

    /// Rows of a group: the parser attaches their tables by name only.
    private static func emitByName(_ rows: [Parameter], into tables: inout [Table]) {
        for row in rows where !row.children.isEmpty {
            tables.append(Table(anchor: nil, ownerName: row.name, rows: row.children))
            emitByName(row.children, into: &tables)
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
