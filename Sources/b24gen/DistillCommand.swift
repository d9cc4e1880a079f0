import ArgumentParser
import B24DocParser
import B24Distiller
import B24GenCommands
import Foundation

struct DistillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distill",
        abstract: "Distils documentation pages into fact-only pages (docs-cache/).",
        discussion: """
            Parses every *.html under --docs and writes, for each page the generator reads (REST methods, REST \
            events, widget commands and events), a page in the site's markup that carries only the page's facts \
            (names, title, scopes, deprecation, tables, value codes, defaults, error codes, example shapes) and \
            the marker <meta name="generator" content="b24gen distill">. Each distilled page is read back and its \
            facts compared with the original's. Files are written only when they change; a page in --output \
            without the marker is ours, written by hand, and is never replaced.
            """
    )

    @Option(name: .long, help: "Directory of documentation pages (searched recursively for *.html).")
    var docs: String

    @Option(name: .long, help: "Folder to write the distilled pages into (docs-cache).")
    var output: String

    @Flag(name: .long, help: "List every skipped page with its reason.")
    var verbose = false

    func run() async throws {
        let start = ContinuousClock.now
        let dir = URL(filePath: docs, directoryHint: .isDirectory)
        let listing = try DocSet.scan(directory: dir)
        guard !listing.paths.isEmpty else { throw CLIError("no *.html files under \(docs)") }
        let (files, readDiagnostics) = DocSet.read(listing)
        let planned = DistillRun.plan(files)
        let report = try DistillRun.write(planned, to: URL(filePath: output, directoryHint: .isDirectory))
        var err = StandardError()
        // Files that are not pages, or cannot be read, are said, not dropped.
        for diagnostic in (listing.diagnostics + readDiagnostics).sorted() { print(diagnostic, to: &err) }
        print("read \(files.count) pages from \(docs)", to: &err)
        print("distilled \(report.distilledCount + report.keptHandWritten.count) pages: \(report.written.count) written, "
              + "\(report.unchanged.count) unchanged, \(report.keptHandWritten.count) kept (hand-written, no marker)", to: &err)
        var reasons: [String: Int] = [:]
        for note in report.skipped { reasons[note.text, default: 0] += 1 }
        if !report.removed.isEmpty { print("removed \(report.removed.count) distilled pages whose page is skipped now", to: &err) }
        for path in report.removed { print("  removed \(path)", to: &err) }
        print("skipped \(report.skipped.count) pages:", to: &err)
        for (reason, count) in reasons.sorted(by: { $0.key < $1.key }) { print(String(format: "%6d  ", count) + reason, to: &err) }
        if verbose { for note in report.skipped { print("  skipped \(note.path): \(note.text)", to: &err) } }
        for path in report.keptHandWritten where verbose { print("  kept \(path)", to: &err) }
        for note in report.mismatches { print("\(note.path): error: round trip differs: \(note.text)", to: &err) }
        print("round trip: \(report.distilledCount + report.keptHandWritten.count - report.mismatches.count) pages hold, "
              + "\(report.mismatches.count) differ; \(ContinuousClock.now - start)", to: &err)
        if !report.mismatches.isEmpty {
            throw CLIError("\(report.mismatches.count) distilled pages do not read back with their facts")
        }
    }
}
