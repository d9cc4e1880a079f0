/// The one sentence a page states a piece of evidence in, so that a page written from the model (the
/// distiller's fact-only pages) carries the evidence and the parser reads the same evidence back.
///
/// The form is `Effect: <kind> — <reason>.`: the word `Effect`, a colon, the kind's raw value
/// (`reads`, `creates`, `modifies`, `deletes`, `consumes`, `positional`), a space, an em dash (U+2014),
/// a space, the reason, one full stop. A page puts each sentence alone in one paragraph (`<p>`, its text
/// HTML-escaped, backticks kept as written, no inline markup), anywhere in the article outside tables.
/// When a page holds such sentences, they are its evidence and nothing else on it is read as evidence.
extension Evidence {
    /// The paragraph text that states this evidence: `Effect: consumes — <reason>.`
    public var sentence: String {
        "\(Self.sentencePrefix)\(kind.rawValue)\(Self.sentenceDash)\(Self.trimmedReason(reason))."
    }

    /// Reads a paragraph written by ``sentence`` back; `nil` when `text` is not such a sentence.
    /// White space around the text and runs of white space inside it are forgiven (HTML collapses them).
    public init?(sentence text: String, line: Int) {
        let collapsed = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\u{A0}" })
            .joined(separator: " ")
        guard collapsed.hasPrefix(Self.sentencePrefix), collapsed.hasSuffix(".") else { return nil }
        let body = collapsed.dropFirst(Self.sentencePrefix.count).dropLast()
        guard let dash = body.range(of: Self.sentenceDash) else { return nil }
        guard let kind = Kind(rawValue: String(body[..<dash.lowerBound])) else { return nil }
        let reason = String(body[dash.upperBound...])
        guard !reason.isEmpty else { return nil }
        self.init(kind: kind, reason: reason, line: line)
    }

    /// `Effect: ` — what every evidence sentence starts with.
    public static let sentencePrefix = "Effect: "
    static let sentenceDash = " \u{2014} "

    /// A reason as a sentence holds it: white space collapsed, no final full stop (the sentence adds one).
    static func trimmedReason(_ reason: String) -> String {
        var r = reason.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        while r.hasSuffix(".") { r.removeLast() }
        return r
    }
}
