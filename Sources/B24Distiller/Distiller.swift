import B24DocModel
import B24DocParser
import Foundation

/// Page → fact-only page. The distilled page is written from the model (never by pruning the original's
/// HTML) in the site's markup, and read back by the same parser: ``FactsOnly/page(_:)`` of the two models
/// must be equal.
public enum Distiller {
    /// The marker in the head of every distilled page. A page without it is one we wrote by hand.
    public static let marker = PageShell.marker

    /// A distilled page.
    public struct Output: Sendable, Equatable {
        /// The page's bytes.
        public var bytes: [UInt8]
        /// Where the page's facts read back differently (the first differing lines of the two models' JSON),
        /// `nil` when the round trip holds.
        public var mismatch: String?
    }

    /// Distills a parsed page: the first wording of its labels under which it reads back with the same facts,
    /// or, when none does, the first wording and the difference.
    public static func distill(_ page: Page) -> Output {
        let expected = FactsOnly.page(page)
        var first: Output?
        for labels in KindLabels.candidates(for: page) {
            let bytes = render(page, labels: labels)
            let mismatch = RoundTrip.difference(expected: expected, actual: FactsOnly.page(DocParser.parse(bytes, path: page.path).page))
            if mismatch == nil { return Output(bytes: bytes, mismatch: nil) }
            if first == nil { first = Output(bytes: bytes, mismatch: mismatch) }
        }
        return first ?? Output(bytes: render(page, labels: KindLabels()), mismatch: "no wording to try")
    }

    /// Parses a page's bytes and distills it.
    public static func distill(_ bytes: some Collection<UInt8>, path: String) -> (page: Page, output: Output) {
        let page = DocParser.parse(bytes, path: path).page
        return (page, distill(page))
    }

    /// `true` when `bytes` is a distilled page (its head carries ``marker``).
    public static func isDistilled(_ bytes: [UInt8]) -> Bool {
        bytes.prefix(2048).firstRange(of: Array(marker.utf8)) != nil
    }

    static func render(_ page: Page, labels: KindLabels) -> [UInt8] {
        let article = ArticleWriter.article(page, labels: labels)
        return Array(PageShell.page(path: page.path, title: page.title, articleHTML: article).utf8)
    }
}

/// Compares two fact-only models.
public enum RoundTrip {
    /// `nil` when the pages are equal; otherwise the first lines where their JSON differs, with the key path.
    public static func difference(expected: Page, actual: Page) -> String? {
        guard expected != actual else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let a = (try? encoder.encode(expected)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let b = (try? encoder.encode(actual)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        var i = 0
        while i < left.count, i < right.count, left[i] == right[i] { i += 1 }
        let want = i < left.count ? left[i].trimmingCharacters(in: .whitespaces) : "(end)"
        let got = i < right.count ? right[i].trimmingCharacters(in: .whitespaces) : "(end)"
        return "at \(keyPath(to: i, in: left)): expected \(want), read back \(got)"
    }

    /// The keys that enclose line `index` of pretty-printed JSON (`types > fields > children`), and the name
    /// (or id) of the innermost object, where it has one.
    static func keyPath(to index: Int, in lines: [Substring]) -> String {
        var keys: [String] = []
        var name: String?
        var indent = index < lines.count ? lines[index].prefix { $0 == " " }.count : 0
        let innermost = indent
        var k = min(index, lines.count) - 1
        while k >= 0, indent > 0 {
            let line = lines[k]
            let lineIndent = line.prefix { $0 == " " }.count
            let text = line.trimmingCharacters(in: .whitespaces)
            if lineIndent < indent, text.hasSuffix("[") || text.hasSuffix("{") {
                if let key = text.split(separator: "\"").first, text.hasPrefix("\"") { keys.append(String(key)) }
                indent = lineIndent
            } else if name == nil, lineIndent == innermost, indent == innermost, text.hasPrefix("\"name\"") || text.hasPrefix("\"id\"") {
                name = text.trimmingCharacters(in: CharacterSet(charactersIn: ","))
            }
            k -= 1
        }
        return keys.reversed().joined(separator: " > ") + (name.map { " (\($0))" } ?? "")
    }
}
