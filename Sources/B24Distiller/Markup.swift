/// Builds article HTML in the site's markup, escaping every piece of text it is given.
struct Markup {
    private(set) var html = ""

    /// Text content: `&`, `<`, `>` escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// An attribute value (written inside double quotes).
    static func escapeAttribute(_ text: String) -> String {
        escape(text).replacing("\"", with: "&quot;")
    }

    mutating func raw(_ s: String) { html += s }

    mutating func text(_ s: String) { html += Self.escape(s) }

    mutating func line(_ s: String) { html += s + "\n" }

    /// `<hN id="…">text</hN>`.
    mutating func heading(_ level: Int, _ text: String, id: String? = nil) {
        let idAttribute = id.map { " id=\"\(Self.escapeAttribute($0))\"" } ?? ""
        line("<h\(level)\(idAttribute)>\(Self.escape(text))</h\(level)>")
    }

    /// A paragraph whose content is already markup.
    mutating func paragraph(_ inner: String) { line("<p>\(inner)</p>") }

    /// An inline `<code>`.
    static func code(_ text: String) -> String { "<code>\(escape(text))</code>" }

    /// `<a href="…">inner</a>`.
    static func link(_ href: String, _ inner: String) -> String { "<a href=\"\(escapeAttribute(href))\">\(inner)</a>" }

    /// A code block as the site writes it.
    mutating func codeBlock(_ text: String, language: String) {
        let cls = language.isEmpty ? "hljs" : "hljs \(language)"
        line("<div class=\"yfm-code-floating-container\"><pre><code class=\"\(cls)\">\(Self.escape(text))\n</code></pre></div>")
    }

    /// A table whose first row is the header, as the site writes it (`<table><tbody><tr><td>…`).
    mutating func table(header: [String], rows: [[String]]) {
        raw("<table>\n<tbody>\n")
        raw("<tr>" + header.map { "<td><strong>\(Self.escape($0))</strong></td>" }.joined() + "</tr>\n")
        for row in rows {
            raw("<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>\n")
        }
        raw("</tbody>\n</table>\n")
    }
}
