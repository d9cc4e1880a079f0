import B24DocModel
import CLibXML2

/// Parses one documentation page into the model. Pure: no file I/O, no global state beyond libxml2's
/// one-time initialisation; safe to call from many tasks at once.
public enum DocParser {
    /// Parses a page's bytes.
    ///
    /// - Parameters:
    ///   - bytes: the file as served (a full page with `script#diplodoc-state`, a server-rendered page, or a
    ///     bare article fragment), UTF-8.
    ///   - path: the page path relative to the documentation root; it names the page in the model and in
    ///     diagnostics.
    /// - Returns: the page (always, even for unusable input) and the diagnostics for it.
    public static func parse(_ bytes: some Collection<UInt8>, path: String) -> (page: Page, diagnostics: [Diagnostic]) {
        let array = Array(bytes)
        let loaded = PageLoader.load(array, path: path)
        var diagnostics = loaded.diagnostics
        var html = loaded.html
        let nuls = replaceNULs(&html)
        if nuls > 0 {
            diagnostics.append(Diagnostic(path: path, line: loaded.lineBase,
                                          message: "article contains \(nuls) NUL bytes, read as spaces (libxml2 would end the article at the first)"))
        }
        var balance = Prefilter.Balance()
        let stripped = Prefilter.strip(html, balance: &balance)
        if !balance.unbalanced.isEmpty && !loaded.needsRootExtraction {
            diagnostics.append(Diagnostic(path: path, line: loaded.lineBase,
                                          message: "unclosed or stray tags in the article (\(balance.unbalanced.joined(separator: ", ")))"))
        }
        if balance.crowdedElements > 0 {
            diagnostics.append(Diagnostic(path: path, line: loaded.lineBase,
                                          message: "\(balance.crowdedElements) elements have more than \(Prefilter.maxAttributes) attributes; only the first \(Prefilter.maxAttributes) of each are read"))
        }
        let (parsed, wellFormed) = LibXML.parseChecked(stripped)
        if !wellFormed && !array.isEmpty {
            diagnostics.append(Diagnostic(path: path, line: loaded.lineBase,
                                          message: "HTML is not well-formed (unclosed or misnested tags); libxml2 recovered"))
        }
        guard let doc = parsed else {
            diagnostics.append(Diagnostic(path: path, line: 1, message: "libxml2 could not parse the page"))
            return (Page(path: path, kind: .other, line: 1), diagnostics)
        }
        defer { xmlFreeDoc(doc) }
        guard let top = xmlDocGetRootElement(doc) else {
            if !array.isEmpty { diagnostics.append(Diagnostic(path: path, line: 1, message: "page has no content")) }
            return (Page(path: path, kind: .other, line: 1), diagnostics)
        }
        let article = findArticle(top, loaded: loaded)
        var title = article.title
        if title == nil || title?.isEmpty == true {
            diagnostics.append(Diagnostic(path: path, line: 1, message: "page has no H1 title"))
        }
        if let t = title, t.utf8.contains(UInt8(ascii: "<")) || t.utf8.contains(UInt8(ascii: "&")) {
            // Some builds put markup into data.title ("… <code>im.message.command</code>").
            title = plainText(ofMarkup: t)
        }
        let lineBase = article.lineBase
        let titleLine = article.titleLine
        let articleRoot = article.root
        var extractor = Extractor(path: path, title: title ?? "", line: titleLine)
        let blocks = BlockWalker.blocks(of: articleRoot, lineBase: lineBase)
        if blocks.isEmpty {
            extractor.warn(lineBase, "article has no content")
        }
        extractor.extract(blocks: blocks)
        diagnostics += extractor.diagnostics
        return (extractor.page, diagnostics)
    }

    /// Where the article is in the parsed document, with its title and the line numbering of its nodes.
    struct Article {
        var root: Node
        var title: String?
        var lineBase: Int
        var titleLine: Int
    }

    /// The article's root node: `#root`'s article body for a server-rendered page, else the body of the
    /// parsed article. A fragment's H1 is the title (and is removed from the article).
    static func findArticle(_ top: Node, loaded: LoadedArticle) -> Article {
        var article = Article(root: top, title: loaded.title, lineBase: loaded.lineBase, titleLine: loaded.lineBase)
        if loaded.needsRootExtraction {
            if let root = HTMLText.first(top, where: { $0.attribute("id") == "root" }) {
                article.root = root
                if let h1 = HTMLText.first(root, where: { $0.isTag("h1") }) {
                    article.title = HTMLText.text(h1)
                    article.titleLine = h1.line
                    // The article body follows the H1: prefer the container that holds the article's blocks.
                    if let body = HTMLText.first(root, where: { $0.hasClass("yfm") }) { article.root = body }
                }
            }
            article.lineBase = 1
        } else if article.title == nil {
            // A fragment (or a page without state): the H1 is in the article itself.
            if let h1 = HTMLText.first(top, where: { $0.isTag("h1") }) {
                article.title = HTMLText.text(h1)
                article.titleLine = h1.line
                xmlUnlinkNode(h1)
                xmlFreeNode(h1)
            } else if let t = HTMLText.first(top, where: { $0.isTag("title") }) {
                article.title = titleFromTitleElement(HTMLText.text(t))
            }
            if let body = HTMLText.first(top, where: { $0.isTag("body") }) { article.root = body }
        }
        return article
    }

    /// Replaces every NUL byte by a space (same length: offsets and lines do not move); returns how many.
    static func replaceNULs(_ bytes: inout [UInt8]) -> Int {
        let any = bytes.withUnsafeBufferPointer { p in p.baseAddress.map { memchr($0, 0, p.count) != nil } ?? false }
        guard any else { return 0 }
        var count = 0
        for i in bytes.indices where bytes[i] == 0 {
            bytes[i] = 0x20
            count += 1
        }
        return count
    }

    /// The text of a short piece of markup: tags dropped, the common entities decoded, spaces collapsed.
    static func plainText(ofMarkup s: String) -> String {
        var out = ""
        var inTag = false
        for ch in s {
            if inTag {
                if ch == ">" { inTag = false }
            } else if ch == "<" {
                inTag = true
            } else {
                out.append(ch)
            }
        }
        for (entity, value) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", " "), ("&amp;", "&")] {
            out = out.replacing(entity, with: value)
        }
        return out.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }

    static func titleFromTitleElement(_ t: String) -> String {
        if let r = t.firstRange(of: " | ") { return String(t[..<r.lowerBound]) }
        return t
    }
}

extension DocParser {
    /// Whether a section heading names a structure of its own (one word, or an identifier with `_` or `.`): the
    /// parser's rule, which the distiller keeps to so that its pages read back the same.
    public static func headingNamesStructure(_ heading: String) -> Bool {
        Extractor.typeIdentifier(heading: heading) != nil
    }

    /// Whether a table title ("Auth Parameter", "Parameter settings") marks a structure the parser keeps apart
    /// from the parameter list.
    public static func isStructureHeading(_ title: String) -> Bool {
        Extractor.isStructureHeading(title)
    }
}
