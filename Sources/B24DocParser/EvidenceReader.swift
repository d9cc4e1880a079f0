import B24DocModel

/// What a method page says the method does to data (``Evidence``), read by meaning and conservatively:
///
/// - the verb of the H1 (`Delete a Deal …`) and the main verbs of the summary sentence (`… creates or
///   updates …`, `… updates … or adds them if …`): reads, creates, modifies, deletes;
/// - a parameter that says the records a read returns are deleted (`clear`: "whether to delete selected
///   records", default 1), or a title that promises a clean-up: consumes;
/// - a parameter that picks its target by position — a selector with `@N`, or an index/position argument of a
///   call that deletes or changes something: positional;
/// - a parameter of a call that does not create by its own verb but says something new will be created
///   ("if it does not exist, a new one is created", "creates a default …"): creates.
///
/// Reasons are short phrases of our own that name the verb, parameter or value the page used, never its
/// sentences. A page that states its evidence in ``Evidence/sentence`` form (a distilled page) is read only
/// from those sentences.
extension Extractor {
    mutating func readEvidence() {
        if !collected.effectSentences.isEmpty {
            page.evidence = collected.effectSentences
            return
        }
        guard page.kind == .restMethod else { return }
        var found = EvidenceSet()
        if let verb = EffectWords.leadingVerb(page.title), let kind = EffectWords.kind(of: verb) {
            found.add(kind, "the title's verb is '\(verb)'", line: page.line)
        }
        if let summary = page.summary {
            for (verb, kind) in EffectWords.summaryVerbs(summary) {
                found.add(kind, "the summary's verb is '\(verb)'", line: collected.summaryLine)
            }
            if EffectWords.createsWhenMissing(summary) {
                found.add(.creates, "the summary says missing items are added", line: collected.summaryLine)
            }
        }
        let rows = Self.flattened(page.parameters)
        for row in rows { readParameterEvidence(row, into: &found) }
        if EffectWords.promisesCleanup(page.title) {
            found.add(.consumes, "the title says reading also cleans up what it returns", line: page.line)
        }
        page.evidence = found.items
    }

    /// Byte checks first: most rows say nothing about effects, and lower-casing every description costs.
    private func readParameterEvidence(_ row: Parameter, into found: inout EvidenceSet) {
        let raw = row.description
        let consumes = found.has(.reads) && !found.has(.consumes)
            && (raw.has("elet") || raw.has("emov") || raw.has("lear") || raw.has("urg") || raw.has("rase"))
        let selector = !found.has(.positional) && (raw.utf8.contains(UInt8(ascii: "@")) || row.name.utf8.contains(UInt8(ascii: "@")))
        let position = !found.has(.positional) && found.writes && EffectWords.mayNamePosition(row.name)
        let creates = found.has(.modifies) && !found.has(.creates) && (raw.has("reat") || raw.has("added") || raw.has("exist"))
        guard consumes || selector || position || creates else { return }
        let description = raw.lowercased()
        if consumes, let reason = EffectWords.consumingFlag(row, description: description) {
            found.add(.consumes, reason, line: row.line)
        }
        if selector || position, let reason = EffectWords.positionalSelector(row, description: description, writes: found.writes) {
            found.add(.positional, reason, line: row.line)
        }
        if creates, let noun = EffectWords.createdThing(description) {
            found.add(.creates, "`\(row.name)` can make the call create \(noun)", line: row.line)
        }
    }

    static func flattened(_ rows: [Parameter]) -> [Parameter] {
        var out: [Parameter] = []
        var stack = Array(rows.reversed())
        while let row = stack.popLast() {
            out.append(row)
            stack += row.children.reversed()
        }
        return out
    }

    /// A paragraph in ``Evidence/sentence`` form.
    mutating func readEffectSentence(_ text: String, line: Int) {
        guard text.hasPrefix(Evidence.sentencePrefix), let evidence = Evidence(sentence: text, line: line) else { return }
        collected.effectSentences.append(evidence)
    }
}

/// The evidence found so far: one entry per kind (the first reason found), in the order found.
struct EvidenceSet {
    private(set) var items: [Evidence] = []

    func has(_ kind: Evidence.Kind) -> Bool { items.contains { $0.kind == kind } }

    /// The call creates, changes or deletes something.
    var writes: Bool { has(.creates) || has(.modifies) || has(.deletes) }

    mutating func add(_ kind: Evidence.Kind, _ reason: String, line: Int) {
        guard !has(kind) else { return }
        items.append(Evidence(kind: kind, reason: reason, line: line))
    }
}
