import B24DocModel

/// Nests the further tables of a section under the rows that link to them (or whose name their heading
/// repeats), to any depth.
extension Extractor {
    /// Attaches further tables to the row that links to them (or whose name the heading repeats), to any depth.
    /// With `extras`, tables nobody claims become groups or extra parameter tables of the page.
    mutating func assemble(_ tables: [CollectedTable], extras: Bool) -> [Parameter] {
        guard let first = tables.first else { return [] }
        var nesting = TableNesting(pending: Self.mergedSections(tables.dropFirst()))
        var root = nesting.attach(first.rows, depth: 0)
        nesting.attachByHeadings(&root)
        if extras { keepGroups(&root, nesting: &nesting) }
        for k in nesting.pending.indices where !nesting.used[k] {
            let names = Self.candidateNames(fromHeading: nesting.pending[k].heading)
            if Self.attachByName(&root, names: names, rows: nesting.pending[k].rows, depth: 0) { nesting.used[k] = true }
        }
        guard extras else { return root }
        for k in nesting.pending.indices where !nesting.used[k] && Self.isMoreParametersHeading(nesting.pending[k].heading)
            && nesting.pending[k].level > first.level && nesting.pending[k].line > first.line {
            // "Additional Parameters" under the parameter list: more parameters of the same call.
            nesting.used[k] = true
            root += nesting.pending[k].rows
        }
        for k in nesting.pending.indices where !nesting.used[k] && !nesting.pending[k].optional {
            let t = nesting.pending[k]
            page.extraParameterTables.append(ParameterTable(key: t.anchor ?? t.heading, title: t.heading,
                                                            parameters: t.rows, line: t.line))
        }
        return root
    }

    /// "Additional Parameters", "Optional parameters": a heading that names no structure, only more
    /// parameters of the same call.
    static func isMoreParametersHeading(_ heading: String) -> Bool {
        let words = heading.lowercased().split(separator: " ").map { String($0).trimmingPunctuation() }
        guard words.count >= 2, let last = words.last, ["parameters", "params", "arguments"].contains(last) else { return false }
        let adjectives: Set<String> = ["additional", "optional", "extra", "other", "more", "further", "advanced"]
        let allowed = adjectives.union(["method", "request"])
        let leading = words.dropLast()
        return leading.contains { adjectives.contains($0) } && leading.allSatisfy { allowed.contains($0) }
    }

    /// Several tables under one heading (one per tab, or split by prose) form one nested table.
    static func mergedSections(_ tables: ArraySlice<CollectedTable>) -> [CollectedTable] {
        var pending: [CollectedTable] = []
        for t in tables {
            if let last = pending.last, last.heading == t.heading, last.anchor == t.anchor, last.line < t.line {
                pending[pending.count - 1].rows += t.rows
            } else {
                pending.append(t)
            }
        }
        return pending
    }

    /// A further table of the first table's section that no row owns (the handler's POST body next to its
    /// query string): a labelled group of the same parameter list.
    mutating func keepGroups(_ root: inout [Parameter], nesting: inout TableNesting) {
        for k in nesting.pending.indices where !nesting.used[k] && !nesting.pending[k].optional && nesting.pending[k].sameSectionAsFirst {
            let t = nesting.pending[k]
            nesting.used[k] = true
            root.append(Parameter(name: t.caption ?? t.heading, description: "group of parameters",
                                  children: t.rows, line: t.line))
            warn(t.line, "parameter table \"\(Self.clip(t.caption ?? t.heading))\" belongs to no parameter; kept as a group")
        }
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
}

/// The tables waiting to be nested, and which of them have found their row.
struct TableNesting {
    var pending: [CollectedTable]
    var used: [Bool]
    let byAnchor: [String: [Int]]

    init(pending: [CollectedTable]) {
        self.pending = pending
        used = [Bool](repeating: false, count: pending.count)
        var byAnchor: [String: [Int]] = [:]
        for (i, t) in pending.enumerated() {
            if let a = t.anchor { byAnchor[a, default: []].append(i) }
        }
        self.byAnchor = byAnchor
    }

    /// Gives each row the tables its anchor links to, to any depth.
    mutating func attach(_ rows: [Parameter], depth: Int) -> [Parameter] {
        guard depth < 32 else { return rows }
        var rows = rows
        for i in rows.indices {
            if let anchor = rows[i].nestedAnchor, let idxs = byAnchor[anchor] {
                for k in idxs where !used[k] {
                    used[k] = true
                    rows[i].children += attach(pending[k].rows, depth: depth + 1)
                }
            }
            if !rows[i].children.isEmpty {
                rows[i].children = attach(rows[i].children, depth: depth + 1)
            }
        }
        return rows
    }

    /// Tables nobody links to: match the heading's words to a row name, until nothing more attaches.
    mutating func attachByHeadings(_ root: inout [Parameter]) {
        var progress = true
        while progress {
            progress = false
            for k in pending.indices where !used[k] {
                let names = Extractor.candidateNames(fromHeading: pending[k].heading)
                if Extractor.attachByName(&root, names: names, rows: pending[k].rows, depth: 0) {
                    used[k] = true
                    progress = true
                    // Rows of this table may link further tables.
                    root = attach(root, depth: 0)
                }
            }
        }
    }
}
