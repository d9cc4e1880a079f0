import B24DocModel
import B24DocParser
import Foundation
import Testing

/// Evidence over the dev corpus: counts per kind with samples (printed for a reviewer), and the cases
/// issue 10 names. Runs when `B24_CORPUS` is set.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["B24_CORPUS"] != nil, "set B24_CORPUS to the corpus directory to run"))
struct CorpusEvidenceTests {
    @Test func evidencePerKind() throws {
        let model = try corpusModel()
        let lines = ParserFacts.evidenceSamples(model.pages)
        print(lines.joined(separator: "\n"))
        let methods = model.pages.filter { $0.kind == .restMethod }
        func count(_ kind: Evidence.Kind) -> Int { methods.filter { $0.evidence.contains { $0.kind == kind } }.count }
        // Nearly every method says what it does; the write kinds and reads are all common.
        #expect(methods.filter(\.evidence.isEmpty).count * 100 < methods.count)
        for kind in [Evidence.Kind.reads, .creates, .modifies, .deletes] { #expect(count(kind) > 100, "\(kind)") }
        // The queue read: its `clear` flag (an "Additional Parameters" row) deletes what it returns by default.
        let offline = try #require(methods.first { $0.name == "event.offline.get" })
        #expect(offline.parameters.map(\.name).contains("clear"))
        #expect(offline.evidence.first { $0.kind == .consumes }?.reason == "returned items are deleted unless `clear` is 0")
        // Its neighbours only read (list) or only delete (clear): they consume nothing.
        #expect(methods.filter { $0.evidence.contains { $0.kind == .consumes } }.map(\.name) == ["event.offline.get"])
        // Every evidence sentence reads back to itself.
        for e in methods.flatMap(\.evidence) { #expect(Evidence(sentence: e.sentence, line: e.line) == e) }
    }
}

/// The dev corpus parsed once for the suites that need it.
func corpusModel() throws -> DocModel {
    try sharedCorpusModel.get()
}

private let sharedCorpusModel: Result<DocModel, any Error> = Result {
    let root = URL(filePath: ProcessInfo.processInfo.environment["B24_CORPUS"] ?? "/nonexistent", directoryHint: .isDirectory)
    let listing = try DocSet.scan(directory: root.appending(path: "pages"))
    return DocSet.parse(DocSet.read(listing).files)
}
