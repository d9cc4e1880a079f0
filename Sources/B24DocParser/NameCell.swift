import B24DocModel
import CLibXML2

/// The name cell of a parameter row: `<strong>name</strong>*<br/><code>type</code>`, with the docs'
/// variations (the marker as `<sup>*</sup>`, aliases, the type on the same line, no bold at all).
extension Extractor {
    static func readNameCell(_ cell: Node) -> Parameter {
        var p = Parameter(name: "")
        var split = CellSplit()
        split.visit(cell, depth: 0)
        let parts = NameParts(split.before)
        parts.apply(to: &p)
        readType(split.after.isEmpty ? parts.inlineType : split.after, into: &p)
        return p
    }

    /// Type: the first line after the break (further lines are alternatives or notes).
    static func readType(_ nodes: [Node], into p: inout Parameter) {
        var typeText = ""
        for n in nodes {
            if n.isTag("br") || n.isTag("p") || n.isTag("div") || n.isTag("ul") || n.isTag("ol") || n.isTag("table") { break }
            if n.isText, let c = n.pointee.content { typeText += String(cString: c) } else if n.isElement {
                typeText += HTMLText.text(n)
                if p.typeLink == nil {
                    if n.isTag("a") { p.typeLink = n.attribute("href") } else if let a = HTMLText.first(n, where: { $0.isTag("a") }) {
                        p.typeLink = a.attribute("href")
                    }
                }
            }
        }
        let t = typeText.collapsingWhitespace()
        p.type = t.isEmpty ? nil : t
    }
}

/// A cell's inline content split at the first `<br>` (or the first block boundary).
private struct CellSplit {
    var before: [Node] = []
    var after: [Node] = []
    var seenBreak = false

    mutating func visit(_ n: Node, depth: Int) {
        guard depth < 50 else { return }
        var c = n.pointee.children
        var firstBlock = true
        while let x = c {
            c = x.pointee.next
            if x.isTag("br") {
                if seenBreak { after.append(x) }
                seenBreak = true
                continue
            }
            if x.isTag("p") || x.isTag("div") {
                if !firstBlock {
                    if seenBreak { after.append(x) } else { seenBreak = true }
                }
                firstBlock = false
                visit(x, depth: depth + 1)
                continue
            }
            if x.isElement && x.isHiddenChrome { continue }
            if seenBreak { after.append(x) } else { before.append(x) }
        }
    }
}

/// What the part of a name cell before the break holds: bold names (the first is the name, others are
/// aliases), plain text, the required marker, and a type written on the same line.
private struct NameParts {
    var strongs: [String] = []
    var rest = ""
    var sawSup = false
    var inlineType: [Node] = []

    init(_ before: [Node]) {
        for n in before {
            if n.isTag("strong") || n.isTag("b") {
                // `<strong>id<sup>*</sup></strong>`: the marker inside the bold text.
                if let sup = HTMLText.first(n, where: { $0.isTag("sup") }), HTMLText.text(sup).has("*") {
                    sawSup = true
                    xmlUnlinkNode(sup)
                    xmlFreeNode(sup)
                }
                strongs.append(HTMLText.text(n))
            } else if n.isTag("sup") {
                if HTMLText.text(n).has("*") { sawSup = true }
            } else if !strongs.isEmpty, n.isTag("code") || (n.isTag("a") && HTMLText.first(n, where: { $0.isTag("code") }) != nil) {
                // `**name** `type`` on one line, without a break.
                inlineType.append(n)
            } else if n.isElement {
                var inner: [Node] = []
                HTMLText.all(n, where: { $0.isTag("strong") || $0.isTag("b") }, into: &inner)
                if !inner.isEmpty {
                    strongs.append(contentsOf: inner.map { HTMLText.text($0) })
                } else {
                    rest += " " + HTMLText.text(n)
                }
            } else if n.isText, let c = n.pointee.content {
                rest += String(cString: c)
            }
        }
    }

    /// Sets the name, aliases and required flag.
    func apply(to p: inout Parameter) {
        var required = sawSup
        if strongs.isEmpty {
            // No bold: the text before the break is the name.
            var name = rest.trimmed()
            if name.hasSuffix("*") { required = true; name = String(name.dropLast()).trimmed() }
            p.name = name
        } else {
            // A star inside the bold text is part of the name (`UF_*`); the required marker follows it.
            var names = strongs.map { $0.trimmed() }
            if rest.has("*") { required = true }
            p.name = names.removeFirst()
            p.aliases = names.filter { !$0.isEmpty }
            // "name / alias" or "name (alias)" written in plain text next to the bold name.
            let extra = rest.replacing("*", with: "").trimmed()
            if !extra.isEmpty {
                let cleaned = extra.trimmed(in: ["/", ",", "(", ")", " ", "|"])
                if !cleaned.isEmpty, cleaned.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }),
                   extra.hasPrefix("/") || extra.hasPrefix("(") || extra.hasPrefix(",") {
                    p.aliases.append(cleaned)
                }
            }
        }
        p.required = required
    }
}
