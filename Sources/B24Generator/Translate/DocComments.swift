import B24DocModel

/// The doc comments every entry point shares: the summary, the facts list (scope, who may call, placement,
/// deprecation) and the link to the page on the site.
struct DocComments: Sendable {
    let configuration: GeneratorConfiguration

    func pageURL(_ page: Page) -> String {
        configuration.documentationBaseURL + page.path
    }

    /// `Documentation: <https://…>`.
    func link(_ page: Page) -> String {
        "/// Documentation: <\(pageURL(page))>"
    }

    /// The page's summary, else its title, else its name.
    func summary(_ page: Page) -> DocLines {
        let summary = page.summary.map { Docs.shortened($0, limit: 400) } ?? ""
        let text = summary.isEmpty ? (page.title.isEmpty ? "`\(page.name ?? "")`" : page.title) : summary
        return Docs.lines(text)
    }

    /// What the page states about the entry point, as a list.
    func facts(_ page: Page) -> DocLines {
        var lines: DocLines = []
        if !page.scopes.isEmpty {
            lines += Docs.lines(page.scopes.map { "`\($0)`" }.joined(separator: ", "), lead: "- Scope: ", indent: "  ")
        }
        if let who = page.whoCan, !who.isEmpty {
            lines += Docs.lines(Docs.shortened(who, limit: 200), lead: "- Who may call: ", indent: "  ")
        }
        if let placement = page.placement, !placement.isEmpty {
            lines += Docs.lines("`\(placement)`", lead: "- Placement: ", indent: "  ")
        }
        if page.deprecated {
            let notice = page.deprecation.map { Docs.shortened($0.message, limit: 240) } ?? ""
            lines += Docs.lines(notice.isEmpty ? "see the documentation." : notice, lead: "- Deprecated: ", indent: "  ")
        }
        return lines
    }

    /// Summary, a blank line and the facts (when there are any).
    func summaryAndFacts(_ page: Page) -> DocLines {
        let facts = facts(page)
        return summary(page) + (facts.isEmpty ? [] : ["///"] + facts)
    }

    /// The message of `@available(*, deprecated, message:)` as a literal, when the page deprecates the entry point.
    func deprecationLiteral(_ page: Page) -> String? {
        guard page.deprecated else { return nil }
        if let replacement = page.deprecation?.replacement, !replacement.isEmpty {
            return Docs.literal("Use \(replacement) instead.")
        }
        return Docs.literal("Deprecated in the Bitrix24 documentation.")
    }
}
