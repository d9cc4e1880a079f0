import Foundation

/// The links a documentation page points to, as written (not yet resolved).
public struct PageLinks: Sendable, Equatable {
    /// The `<base href>` (or the state's `router.base`), when the page gives one.
    public var base: String?
    /// `href` values from the article (`data.html` of the state JSON), from `#root` and, for pages
    /// that are not Diplodoc pages, from the whole document. Deduplicated, in first-seen order.
    public var hrefs: [String]
    /// `src` of scripts named `toc.js`: the site's table-of-contents data.
    public var tocScripts: [String]
}

/// Finds links in the published pages without a full HTML parse: the page's state JSON
/// (`<script type="application/json" id="diplodoc-state">`) is decoded with `JSONSerialization`,
/// and `href` attributes are scanned in the article HTML and in `<div id="root">`.
public enum LinkExtractor {
    /// Extracts the links of one page.
    public static func links(inPage data: Data) -> PageLinks {
        var hrefs = OrderedStrings()
        var base: String?
        if let open = data.range(of: Data("<base".utf8)),
           let close = data.range(of: Data(">".utf8), in: open.upperBound..<data.endIndex) {
            base = attributes(named: "href", in: String(decoding: data[open.lowerBound..<close.upperBound], as: UTF8.self)).first
        }

        var foundState = false
        var stateStart = data.endIndex
        var stateEnd = data.startIndex
        if let marker = data.range(of: Data(#"id="diplodoc-state""#.utf8)),
           let open = data.range(of: Data(">".utf8), in: marker.upperBound..<data.endIndex),
           let close = data.range(of: Data("</script>".utf8), in: open.upperBound..<data.endIndex) {
            stateStart = marker.lowerBound
            stateEnd = close.upperBound
            // The state is JSON whose `&`, `<`, `>` are written as entities. Those characters occur only inside
            // JSON strings, so the escaped text parses as is; only the values used are unescaped.
            if let object = try? JSONSerialization.jsonObject(with: data[open.upperBound..<close.lowerBound]) as? [String: Any] {
                foundState = true
                if let dataObject = object["data"] as? [String: Any], let html = dataObject["html"] as? String {
                    for href in attributes(named: "href", in: html, stateEscaped: true) { hrefs.insert(href) }
                }
                if base == nil, let router = object["router"] as? [String: Any], let routerBase = router["base"] as? String {
                    base = unescapeState(routerBase)
                }
            }
        }

        if let rootAt = data.range(of: Data(#"<div id="root">"#.utf8)) {
            let end = rootAt.upperBound <= stateStart ? stateStart : data.endIndex
            for href in attributes(named: "href", in: String(decoding: data[rootAt.upperBound..<end], as: UTF8.self)) {
                hrefs.insert(href)
            }
        }
        if !foundState {
            // Not a Diplodoc page (or a broken state): every link in the document.
            for href in attributes(named: "href", in: String(decoding: data, as: UTF8.self)) { hrefs.insert(href) }
        }
        var tocScripts = OrderedStrings()
        let scripts = foundState ? data[stateEnd..<data.endIndex] : data[...]
        for src in attributes(named: "src", in: String(decoding: scripts, as: UTF8.self))
        where src.hasSuffix("toc.js") || src.contains("toc.js?") {
            tocScripts.insert(src)
        }
        return PageLinks(base: base, hrefs: hrefs.items, tocScripts: tocScripts.items)
    }

    /// Undoes the state script's escaping (`&lt;`, then `&gt;`, then `&amp;`).
    static func unescapeState(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Extracts `href` values from the site's table-of-contents script (`toc.js`), which carries the
    /// navigation tree as JSON (`"href":"api-reference/…"`).
    public static func links(inTableOfContents data: Data) -> [String] {
        let text = String(decoding: data, as: UTF8.self)
        var result = OrderedStrings()
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        for match in tocPattern.matches(in: text, range: range) {
            guard let literalRange = Range(match.range(at: 1), in: text) else { continue }
            if let value = try? JSONDecoder().decode(String.self, from: Data(text[literalRange].utf8)) { result.insert(value) }
        }
        return result.items
    }

    private static let tocPattern = try! NSRegularExpression(pattern: #""href"\s*:\s*("(?:[^"\\]|\\.)*")"#)
    private static let hrefPattern = try! NSRegularExpression(
        pattern: #"\shref\s*=\s*(?:"([^"]*)"|'([^']*)')"#, options: [.caseInsensitive])
    private static let srcPattern = try! NSRegularExpression(
        pattern: #"\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)')"#, options: [.caseInsensitive])

    /// Values of every `name="…"` / `name='…'` attribute (`href` or `src`), entities decoded.
    static func attributes(named name: String, in text: String, stateEscaped: Bool = false) -> [String] {
        let pattern = name == "src" ? srcPattern : hrefPattern
        var values: [String] = []
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        for match in pattern.matches(in: text, range: range) {
            for group in 1...2 {
                if let valueRange = Range(match.range(at: group), in: text) {
                    let raw = String(text[valueRange])
                    values.append(decodeEntities(stateEscaped ? unescapeState(raw) : raw))
                    break
                }
            }
        }
        return values
    }

    // MARK: - Scanning

    private struct OrderedStrings {
        var items: [String] = []
        var seen: Set<String> = []
        mutating func insert(_ value: String) {
            if seen.insert(value).inserted { items.append(value) }
        }
    }

    /// Decodes the character references an attribute value may hold (`&amp;`, `&#47;`, `&#x2F;`, …).
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[amp...]
            guard let semi = after.firstIndex(of: ";"), after.distance(from: amp, to: semi) <= 10 else {
                result += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = String(after[after.index(after: amp)..<semi])
            var replacement: String?
            switch entity {
            case "amp": replacement = "&"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let code = UInt32(entity.dropFirst(2), radix: 16),
                   let scalar = Unicode.Scalar(code) {
                    replacement = String(Character(scalar))
                } else if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
                    replacement = String(Character(scalar))
                }
            }
            if let replacement {
                result += replacement
                rest = rest[rest.index(after: semi)...]
            } else {
                result += "&"
                rest = rest[rest.index(after: amp)...]
            }
        }
        result += rest
        return result
    }
}
