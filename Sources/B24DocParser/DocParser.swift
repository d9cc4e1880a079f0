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
        let loaded = PageLoader.load(array)
        var diagnostics = loaded.diagnostics.map { Diagnostic(path: path, line: $0.line, message: $0.message) }
        guard let doc = LibXML.parse(Prefilter.strip(loaded.html)) else {
            diagnostics.append(Diagnostic(path: path, line: 1, message: "libxml2 could not parse the page"))
            return (Page(path: path, kind: .other, line: 1), diagnostics)
        }
        defer { xmlFreeDoc(doc) }
        guard let top = xmlDocGetRootElement(doc) else {
            if !array.isEmpty { diagnostics.append(Diagnostic(path: path, line: 1, message: "page has no content")) }
            return (Page(path: path, kind: .other, line: 1), diagnostics)
        }
        var title = loaded.title
        var articleRoot: Node = top
        var lineBase = loaded.lineBase
        var titleLine = loaded.lineBase
        if loaded.needsRootExtraction {
            if let root = HTMLText.first(top, where: { $0.attribute("id") == "root" }) {
                articleRoot = root
                if let h1 = HTMLText.first(root, where: { $0.isTag("h1") }) {
                    title = HTMLText.text(h1)
                    titleLine = h1.line
                    // The article body follows the H1: prefer the container that holds the article's blocks.
                    if let body = HTMLText.first(root, where: { $0.hasClass("yfm") }) { articleRoot = body }
                }
            }
            lineBase = 1
        } else if title == nil {
            // A fragment (or a page without state): the H1 is in the article itself.
            if let h1 = HTMLText.first(top, where: { $0.isTag("h1") }) {
                title = HTMLText.text(h1)
                titleLine = h1.line
                xmlUnlinkNode(h1)
                xmlFreeNode(h1)
            } else if let t = HTMLText.first(top, where: { $0.isTag("title") }) {
                title = titleFromTitleElement(HTMLText.text(t))
            }
            if let body = HTMLText.first(top, where: { $0.isTag("body") }) { articleRoot = body }
        }
        if title == nil || title?.isEmpty == true {
            diagnostics.append(Diagnostic(path: path, line: 1, message: "page has no H1 title"))
        }
        var extractor = Extractor(path: path, title: title ?? "", line: titleLine)
        let blocks = BlockWalker.blocks(of: articleRoot, lineBase: lineBase)
        if blocks.isEmpty {
            extractor.warn(lineBase, "article has no content")
        }
        extractor.extract(blocks: blocks)
        diagnostics += extractor.diagnostics
        return (extractor.page, diagnostics)
    }

    static func titleFromTitleElement(_ t: String) -> String {
        if let r = t.firstRange(of: " | ") { return String(t[..<r.lowerBound]) }
        return t
    }
}
