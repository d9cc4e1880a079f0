import ArgumentParser
import B24GenCommands
import B24DocModel
import B24DocParser
import B24Generator
import Foundation

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Prints statistics about a documentation set.",
        discussion: "Pages per kind, parameters with and without a type, pages with diagnostics and the ten most frequent reasons."
    )

    @Option(name: .long, help: "Directory of documentation pages (searched recursively for *.html).")
    var docs: String

    func run() async throws {
        let model = try DocsLoader.load(directory: URL(filePath: docs, directoryHint: .isDirectory))
        guard !model.pages.isEmpty else { throw CLIError("no *.html files under \(docs)") }
        print("pages: \(model.pages.count)")
        var kinds: [PageKind: Int] = [:]
        for p in model.pages { kinds[p.kind, default: 0] += 1 }
        for k in PageKind.allCases {
            print("  \(k.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(kinds[k] ?? 0)")
        }
        var typed = 0
        var untyped = 0
        func count(_ ps: [Parameter]) {
            for p in ps {
                if p.type == nil { untyped += 1 } else { typed += 1 }
                count(p.children)
            }
        }
        for p in model.pages {
            count(p.parameters)
            for t in p.extraParameterTables { count(t.parameters) }
        }
        print("parameters (all depths): \(typed + untyped), with a type \(typed), without \(untyped)")
        let returns = model.pages.reduce(0) { $0 + $1.returns.count }
        let errors = model.pages.reduce(0) { $0 + $1.errors.filter { !$0.system }.count }
        print("returned fields (top level): \(returns); page error codes: \(errors)")
        for line in ParserFacts.lines(model.pages) { print(line) }
        let withDiag = Set(model.diagnostics.map(\.path)).count
        print("pages with diagnostics: \(withDiag) (\(model.diagnostics.count) diagnostics)")
        print("top reasons:")
        for (reason, n) in DiagnosticReasons.top(model.diagnostics, limit: 10) {
            print(String(format: "  %5d  ", n) + reason)
        }
        print("generator coverage:")
        print(Generator().coverage(for: model).text, terminator: "")
    }
}
