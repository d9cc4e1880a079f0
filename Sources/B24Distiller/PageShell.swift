/// The page around an article, as the site serves it without server rendering: an empty `#root` and the
/// article in `script#diplodoc-state` (`data.title` the H1, `data.html` the article, `router.pathname`).
/// The generator marker tells distilled pages from hand-written ones.
enum PageShell {
    /// The marker every distilled page carries in its head.
    static let marker = "<meta name=\"generator\" content=\"b24gen distill\">"
    static let site = "https://apidocs.bitrix24.com/"

    static func page(path: String, title: String, articleHTML: String) -> String {
        let depth = path.split(separator: "/").count - 1
        let base = String(repeating: "../", count: depth)
        // `data.title` is read as markup when it holds `<` or `&`: escape those two so it reads back as written.
        let titleMarkup = title.replacing("&", with: "&amp;").replacing("<", with: "&lt;")
        let state = "{\"data\":{\"title\":\(jsonString(titleMarkup)),\"html\":\(jsonString(articleHTML))},"
            + "\"router\":{\"pathname\":\(jsonString("/" + path))}}"
        return """
        <!DOCTYPE html>
        <html lang="en" dir="ltr">
        <head>
        <meta charset="utf-8">
        \(marker)
        <base href="\(base.isEmpty ? "./" : base)" />
        <title>\(Markup.escape(title)) | Bitrix24 REST API and Marketplace Applications</title>
        <link rel="canonical" href="\(Markup.escapeAttribute(site + path))">
        </head>
        <body>
        <div id="root"></div>
        <script type="application/json" id="diplodoc-state">\(Markup.escape(state))</script>
        </body>
        </html>

        """
    }

    /// A JSON string literal (UTF-8 kept; quotes, backslashes and control characters escaped).
    static func jsonString(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
