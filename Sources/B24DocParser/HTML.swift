import CLibXML2

/// A libxml2 node pointer. Only used inside one parse, never shared across tasks.
typealias Node = UnsafeMutablePointer<xmlNode>

/// One-time libxml2 initialisation (required before parsing on several threads).
enum LibXML {
    static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Error recovery, no network, compact text nodes, and `XML_PARSE_HUGE`: without it libxml2 stops the
    /// whole parse at a nesting deeper than 256 elements (and at very large text nodes), and everything
    /// after that point would vanish from the page. The parser's own walks over the tree are iterative,
    /// so any depth libxml2 builds is read.
    static let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
        | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | XML_PARSE_HUGE.rawValue)

    /// Parses HTML bytes (UTF-8) with error recovery and no network. The caller frees the document.
    static func parse(_ bytes: [UInt8]) -> htmlDocPtr? {
        parseChecked(bytes).doc
    }

    /// Parses and tells whether libxml2 had to recover from errors (unclosed or misnested tags …).
    static func parseChecked(_ bytes: [UInt8]) -> (doc: htmlDocPtr?, wellFormed: Bool) {
        _ = initialized
        guard let ctxt = htmlNewParserCtxt() else { return (nil, false) }
        defer { htmlFreeParserCtxt(ctxt) }
        let input: [UInt8] = bytes.isEmpty ? [0x20] : bytes
        let doc = input.withUnsafeBufferPointer { p -> htmlDocPtr? in
            p.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: p.count) { c in
                    htmlCtxtReadMemory(ctxt, c, Int32(clamping: p.count), nil, "UTF-8", options)
                }
            }
        }
        return (doc, ctxt.pointee.wellFormed != 0)
    }
}

extension UnsafeMutablePointer where Pointee == xmlNode {
    var isElement: Bool { pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { pointee.type == XML_TEXT_NODE || pointee.type == XML_CDATA_SECTION_NODE }

    /// The lower-case tag name (libxml2's HTML parser lower-cases names).
    var tag: String {
        guard let n = pointee.name else { return "" }
        return String(cString: n)
    }

    /// Compares the tag name without allocating.
    func isTag(_ name: StaticString) -> Bool {
        guard pointee.type == XML_ELEMENT_NODE, let n = pointee.name else { return false }
        return strcmp(n, name.utf8Start) == 0
    }

    var isHeading: Int? {
        guard pointee.type == XML_ELEMENT_NODE, let n = pointee.name else { return nil }
        if n[0] == UInt8(ascii: "h"), n[1] >= UInt8(ascii: "1"), n[1] <= UInt8(ascii: "6"), n[2] == 0 {
            return Int(n[1] - UInt8(ascii: "0"))
        }
        return nil
    }

    var firstChild: Node? { pointee.children }
    var next: Node? { pointee.next }
    var parent: Node? { pointee.parent }

    /// The element children.
    var elements: [Node] {
        var out: [Node] = []
        var c = pointee.children
        while let n = c {
            if n.pointee.type == XML_ELEMENT_NODE { out.append(n) }
            c = n.pointee.next
        }
        return out
    }

    func attribute(_ name: StaticString) -> String? {
        guard pointee.type == XML_ELEMENT_NODE else { return nil }
        var a = pointee.properties
        while let attr = a {
            if let n = attr.pointee.name, strcmp(n, name.utf8Start) == 0 {
                var out = ""
                var c = attr.pointee.children
                while let t = c {
                    if let content = t.pointee.content { out += String(cString: content) }
                    c = t.pointee.next
                }
                return out
            }
            a = attr.pointee.next
        }
        return nil
    }

    func hasClass(_ token: String) -> Bool {
        guard var c = attribute("class") else { return false }
        var t = token
        // Byte compare of the space-separated tokens: this runs for every element the walks look at.
        return c.withUTF8 { cb in
            t.withUTF8 { tb in
                var start = 0
                while start <= cb.count {
                    var end = start
                    while end < cb.count, cb[end] != 0x20 { end += 1 }
                    if end - start == tb.count, tb.count > 0 {
                        var k = 0
                        while k < tb.count, cb[start + k] == tb[k] { k += 1 }
                        if k == tb.count { return true }
                    }
                    start = end + 1
                }
                return false
            }
        }
    }

    /// libxml2's line for the node (clamped at 65535 in 2.9 unless big lines are on; good enough).
    var line: Int { Int(xmlGetLineNo(self)) }

    /// True for the hidden duplicate of a heading's text and other invisible chrome.
    var isHiddenChrome: Bool {
        guard pointee.type == XML_ELEMENT_NODE, let n = pointee.name else { return false }
        if strcmp(n, "svg") == 0 || strcmp(n, "button") == 0 || strcmp(n, "script") == 0 || strcmp(n, "style") == 0 {
            return true
        }
        var a = pointee.properties
        while let attr = a {
            if let an = attr.pointee.name, let v = attr.pointee.children?.pointee.content {
                if strcmp(an, "class") == 0 {
                    if strstr(v, "visually-hidden") != nil || strstr(v, "yfm-anchor") != nil { return true }
                } else if strcmp(an, "aria-hidden") == 0, strcmp(v, "true") == 0,
                          strcmp(n, "a") == 0 || strcmp(n, "span") == 0 {
                    return true
                }
            }
            a = attr.pointee.next
        }
        return false
    }
}

/// Text extraction with whitespace normalisation.
struct TextBuilder {
    var out: [UInt8] = []
    var pendingSpace = false

    mutating func appendRaw(_ p: UnsafePointer<UInt8>) {
        var i = 0
        while p[i] != 0 {
            let c = p[i]
            if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D {
                pendingSpace = true
            } else {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(c)
            }
            i += 1
        }
    }

    mutating func appendNewline() {
        pendingSpace = false
        while out.last == 0x20 { out.removeLast() }
        if !out.isEmpty && out.last != 0x0A { out.append(0x0A) }
    }

    var string: String {
        var s = out
        while let l = s.last, l == 0x20 || l == 0x0A { s.removeLast() }
        return String(decoding: s, as: UTF8.self)
    }
}

enum HTMLText {
    /// The visible text of a node: hidden heading copies, SVG and buttons skipped; `<br>` and blocks
    /// become line breaks when `lines` is set, spaces otherwise.
    static func text(_ node: Node, lines: Bool = false) -> String {
        var b = TextBuilder()
        collect(node, into: &b, lines: lines)
        return b.string
    }

    static func isBlock(_ node: Node) -> Bool {
        node.isTag("p") || node.isTag("li") || node.isTag("div") || node.isTag("tr") || node.isTag("ul")
            || node.isTag("ol") || node.isTag("pre") || node.isTag("table")
    }

    static func collect(_ root: Node, into b: inout TextBuilder, lines: Bool) {
        func separate(_ b: inout TextBuilder) {
            if lines { b.appendNewline() } else { b.pendingSpace = true }
        }
        walk(root, enter: { node in
            if node.isText {
                if let c = node.pointee.content { b.appendRaw(c) }
                return false
            }
            guard node.isElement, !node.isHiddenChrome else { return false }
            if node.isTag("br") {
                separate(&b)
                return false
            }
            if isBlock(node) { separate(&b) }
            return true
        }, leave: { node in
            if isBlock(node) { separate(&b) }
        })
    }

    /// Raw text content (for code blocks): every text node, whitespace kept.
    static func rawText(_ node: Node) -> String {
        var out: [UInt8] = []
        walk(node, enter: { node in
            if node.isText {
                if let c = node.pointee.content {
                    out.append(contentsOf: UnsafeBufferPointer(start: c, count: strlen(c)))
                }
                return false
            }
            guard node.isElement else { return false }
            if node.isTag("br") { out.append(0x0A); return false }
            return true
        }, leave: { _ in })
        return String(decoding: out, as: UTF8.self)
    }

    /// Visits `root` and its descendants in document order, without recursion (any depth): `enter` says
    /// whether to go into a node's children; `leave` runs after the children of each node entered.
    @inline(__always)
    static func walk(_ root: Node, enter: (Node) -> Bool, leave: (Node) -> Void) {
        guard enter(root) else { return }
        var parent = root
        var current = root.pointee.children
        while true {
            while let n = current {
                if enter(n) {
                    if let child = n.pointee.children {
                        parent = n
                        current = child
                        continue
                    }
                    leave(n)
                }
                current = n.pointee.next
            }
            leave(parent)
            guard parent != root, let up = parent.pointee.parent else { return }
            current = parent.pointee.next
            parent = up
        }
    }

    /// The node after `node` and its descendants in document order, staying inside `root`.
    static func next(after node: Node, within root: Node) -> Node? {
        var x = node
        while true {
            if let sibling = x.pointee.next { return sibling }
            guard let up = x.pointee.parent, up != root else { return nil }
            x = up
        }
    }

    /// Depth-first search for the first descendant element matching `match` (any depth, no recursion).
    static func first(_ node: Node, where match: (Node) -> Bool) -> Node? {
        var current = node.pointee.children
        while let n = current {
            if n.isElement {
                if match(n) { return n }
                if let child = n.pointee.children {
                    current = child
                    continue
                }
            }
            current = next(after: n, within: node)
        }
        return nil
    }

    /// All descendant elements matching `match` (not descending into matches; any depth, no recursion).
    static func all(_ node: Node, where match: (Node) -> Bool, into out: inout [Node]) {
        var current = node.pointee.children
        while let n = current {
            if n.isElement {
                if match(n) {
                    out.append(n)
                } else if let child = n.pointee.children {
                    current = child
                    continue
                }
            }
            current = next(after: n, within: node)
        }
    }
}
