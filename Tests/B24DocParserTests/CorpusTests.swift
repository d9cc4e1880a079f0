import B24DocModel
import B24DocParser
import Foundation
import Testing

/// The dev corpus, scored against its truth with `tools/score_model.py`. Runs when `B24_CORPUS` is set.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["B24_CORPUS"] != nil, "set B24_CORPUS to the corpus directory to run"))
struct CorpusTests {
    let corpus = URL(filePath: ProcessInfo.processInfo.environment["B24_CORPUS"] ?? "/nonexistent", directoryHint: .isDirectory)

    @Test func corpusScoresWithinBounds() throws {
        let pagesDir = corpus.appending(path: "pages")
        let listing = try DocSet.scan(directory: pagesDir)
        let paths = listing.paths
        #expect(!paths.isEmpty)
        #expect(listing.diagnostics.isEmpty, "the corpus folder holds only pages: \(listing.diagnostics)")
        let (files, unread) = DocSet.read(listing)
        #expect(unread.isEmpty)
        let model = DocSet.parse(files)
        // Every page gives a model entry.
        #expect(model.pages.map(\.path) == paths)

        // Determinism: the files in reverse order give byte-identical JSON.
        let json = try model.jsonData()
        let reversed = try DocSet.parse(files.reversed()).jsonData()
        #expect(json == reversed, "reversed-order parse differs")
        // The model reads back as it was (pages decoded concurrently).
        #expect(try DocModel.decode(from: json) == model)

        let modelURL = FileManager.default.temporaryDirectory.appending(path: "b24-corpus-model-\(ProcessInfo.processInfo.processIdentifier).json")
        try json.write(to: modelURL)
        defer { try? FileManager.default.removeItem(at: modelURL) }
        let script = corpus.deletingLastPathComponent().appending(path: "tools/score_model.py")
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = [
            "python3", script.path(percentEncoded: false), modelURL.path(percentEncoded: false),
            corpus.appending(path: "truth.jsonl").path(percentEncoded: false),
            "--min", "kind=0.99", "--min", "name=0.99", "--min", "scopes=0.99", "--min", "params_f1=0.98",
            "--min", "nested_recall=0.95", "--min", "errors_f1=0.95", "--min", "returns_f1=0.95",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(output)
        #expect(process.terminationStatus == 0, "score_model.py failed:\n\(output)")
    }
}
