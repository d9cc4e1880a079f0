import CLibXML2

/// The article flattened into the blocks that carry meaning, in document order.
struct Block {
    enum Kind {
        case heading(level: Int, text: String, id: String?)
        case table
        case paragraph
        case code(lang: String)
        case list
    }

    var kind: Kind
    var node: Node
    var line: Int
    /// The `div.yfm-note` (or other callout) the block sits in, if any.
    var note: Node?
    /// True when the block sits inside a table cell (never for top-level tables).
    var inTable: Bool
}

enum BlockWalker {
    /// Flattens `root`'s content: headings, tables, paragraphs, code blocks and lists become blocks;
    /// containers (`div`, `blockquote`, `details`, tab panels, notes) are walked through.
    /// Any depth: the walk keeps its own stack of open containers instead of recursing.
    static func blocks(of root: Node, lineBase: Int) -> [Block] {
        var out: [Block] = []
        // Per open container: the next child to look at, and the note the container sits in.
        var stack: [(next: Node?, note: Node?)] = [(root.pointee.children, nil)]
        while let top = stack.last {
            guard let n = top.next else {
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next = n.pointee.next
            guard n.isElement else { continue }
            if let inner = take(n, note: top.note, lineBase: lineBase, into: &out) { stack.append(inner) }
        }
        return out
    }

    /// Adds the block `n` is, if it is one; returns the container to walk into next, if any.
    private static func take(_ n: Node, note: Node?, lineBase: Int, into out: inout [Block]) -> (next: Node?, note: Node?)? {
        let line = lineBase + n.line - 1
        if let level = n.isHeading {
            out.append(Block(kind: .heading(level: level, text: HTMLText.text(n), id: n.attribute("id")),
                             node: n, line: line, note: note, inTable: false))
        } else if n.isTag("table") {
            out.append(Block(kind: .table, node: n, line: line, note: note, inTable: false))
        } else if n.isTag("p") {
            out.append(Block(kind: .paragraph, node: n, line: line, note: note, inTable: false))
            // A paragraph can wrongly swallow a table or heading in recovered markup.
            if HTMLText.first(n, where: { $0.isTag("table") || $0.isHeading != nil }) != nil {
                return (n.pointee.children, note)
            }
        } else if n.isTag("pre") {
            let code = HTMLText.first(n) { $0.isTag("code") }
            var lang = ""
            if let cls = code?.attribute("class") {
                for t in cls.split(separator: " ") where t != "hljs" { lang = String(t); break }
            }
            out.append(Block(kind: .code(lang: lang), node: n, line: line, note: note, inTable: false))
        } else if n.isTag("ul") || n.isTag("ol") {
            out.append(Block(kind: .list, node: n, line: line, note: note, inTable: false))
        } else if !n.isHiddenChrome {
            let isNote = n.isTag("div") && (n.attribute("note-type") != nil || n.hasClass("yfm-note"))
            return (n.pointee.children, isNote ? n : note)
        }
        return nil
    }
}

/// A table as a grid of cells (colspan expanded), first row = header.
struct Grid {
    struct Cell {
        var node: Node
        var spanned: Bool
    }

    var rows: [[Cell]]
    var rowNodes: [Node]
    var hadColspan: Bool

    init(_ table: Node) {
        rows = []
        rowNodes = []
        hadColspan = false
        var trs: [Node] = []
        HTMLText.all(table, where: { $0.isTag("tr") }, into: &trs)
        for tr in trs {
            // Only rows of this table, not of tables nested in cells.
            var p = tr.parent
            var ownRow = true
            while let q = p, q != table {
                if q.isTag("table") { ownRow = false; break }
                p = q.parent
            }
            guard ownRow else { continue }
            var cells: [Cell] = []
            for td in tr.elements where td.isTag("td") || td.isTag("th") {
                let span = Int(td.attribute("colspan") ?? "1") ?? 1
                cells.append(Cell(node: td, spanned: false))
                if span > 1 {
                    hadColspan = true
                    for _ in 1..<min(span, 32) { cells.append(Cell(node: td, spanned: true)) }
                }
            }
            rows.append(cells)
            rowNodes.append(tr)
        }
    }

    /// Header cell texts, lower-cased, whitespace-normalised.
    var header: [String] {
        guard let first = rows.first else { return [] }
        return first.map { $0.spanned ? "" : HTMLText.text($0.node).lowercased() }
    }
}
