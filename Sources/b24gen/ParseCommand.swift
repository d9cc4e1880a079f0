import ArgumentParser
import B24GenCommands
import B24DocModel
import B24DocParser
import Foundation

struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parses documentation pages into the JSON model.",
        discussion: "Reads every *.html under --docs, parses on all cores and writes the model (pages sorted by path)."
    )

    @Option(name: .long, help: "Directory of documentation pages (searched recursively for *.html).")
    var docs: String

    @Option(name: .long, help: "Where to write the model JSON.")
    var output: String

    @Flag(name: .long, help: "Print every diagnostic to stderr, not only the summary.")
    var verbose = false

    func run() async throws {
        let dir = URL(filePath: docs, directoryHint: .isDirectory)
        let listing = try DocSet.scan(directory: dir)
        let paths = listing.paths
        guard !paths.isEmpty else { throw CLIError("no *.html files under \(docs)") }
        let model = DocSet.load(listing)
        try model.jsonData().write(to: URL(filePath: output))
        var err = StandardError()
        if verbose {
            for d in model.diagnostics { print(d, to: &err) }
        }
        var kinds: [PageKind: Int] = [:]
        for p in model.pages { kinds[p.kind, default: 0] += 1 }
        let kindLine = PageKind.allCases.map { "\($0.rawValue) \(kinds[$0] ?? 0)" }.joined(separator: ", ")
        let withDiag = Set(model.diagnostics.map(\.path)).count
        print("read \(paths.count) pages from \(docs); wrote \(output)", to: &err)
        print("pages: \(kindLine)", to: &err)
        print("diagnostics: \(model.diagnostics.count) on \(withDiag) pages", to: &err)
        for (reason, count) in DiagnosticReasons.top(model.diagnostics, limit: 10) {
            print(String(format: "%6d  %@", count, reason), to: &err)
        }
    }
}

/// Writes to stderr through `print(_:to:)`.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
