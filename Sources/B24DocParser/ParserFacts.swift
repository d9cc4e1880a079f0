import B24DocModel

/// The parser's corpus-wide counts that `b24gen stats` prints: object types, names, REST versions,
/// examples and evidence.
public enum ParserFacts {
    public static func lines(_ pages: [Page]) -> [String] {
        let types = TypeLinks.counts(pages)
        let methods = pages.filter { $0.kind == .restMethod }
        func count(_ version: APIVersion) -> Int { methods.filter { $0.apiVersions.contains(version) }.count }
        let both = methods.filter { $0.apiVersions == [.v2, .v3] }.count
        var sources: [NameSource: Int] = [:]
        for page in pages { if let s = page.nameSource { sources[s, default: 0] += 1 } }
        let responses = pages.flatMap(\.responseExamples)
        let requests = pages.flatMap(\.requests)
        var evidence: [Evidence.Kind: Int] = [:]
        for page in pages { for e in page.evidence { evidence[e.kind, default: 0] += 1 } }
        return [
            "object types: \(types.defined) defined, \(types.used) used by type links; links \(types.links), unresolved \(types.unresolved)",
            "names: " + NameSource.allCases.map { "\($0.rawValue) \(sources[$0] ?? 0)" }.joined(separator: ", ")
                + " (examples + file-name = taken from examples: \((sources[.examples] ?? 0) + (sources[.fileName] ?? 0)))",
            "REST methods per API version: 2 → \(count(.v2)), 3 → \(count(.v3)) (both: \(both))",
            "response examples: \(responses.count), shapes read \(responses.filter { $0.shape != nil }.count); request examples: \(requests.count) calling \(Set(requests.flatMap(\.methods)).count) methods",
            "evidence: " + Evidence.Kind.allCases.map { "\($0.rawValue) \(evidence[$0] ?? 0)" }.joined(separator: ", "),
        ] + evidenceSamples(pages)
    }

    /// Per evidence kind, how many REST methods carry it and the first few of them by name (for a reviewer to
    /// check against their pages, spread evenly over the names); and the methods with no evidence at all.
    public static func evidenceSamples(_ pages: [Page], count: Int = 6) -> [String] {
        let methods = pages.filter { $0.kind == .restMethod }.sorted { ($0.name ?? "", $0.path) < ($1.name ?? "", $1.path) }
        var lines: [String] = []
        for kind in Evidence.Kind.allCases {
            let with = methods.filter { $0.evidence.contains { $0.kind == kind } }
            // Spread over the alphabet, so that one section does not fill the sample.
            let picks = with.count <= count ? Array(with.indices) : (0..<count).map { $0 * with.count / count }
            let sample = picks.map { with[$0] }.map { page in
                let reason = page.evidence.first { $0.kind == kind }?.reason ?? ""
                return "\(page.name ?? page.path) (\(reason))"
            }
            lines.append("evidence \(kind.rawValue): \(with.count) methods; e.g. " + (sample.isEmpty ? "none" : sample.joined(separator: "; ")))
        }
        let without = methods.filter(\.evidence.isEmpty)
        lines.append("methods without evidence: \(without.count)" + (without.isEmpty ? "" : " (" + without.prefix(count).map { $0.name ?? $0.path }.joined(separator: ", ") + ")"))
        return lines
    }
}
