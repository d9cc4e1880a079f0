import B24DocModel
import B24DocParser
import Foundation
import Testing
@testable import B24Generator

/// The whole corpus (`$B24_CORPUS/pages`) through parser and generator. Skipped when `B24_CORPUS` is unset.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["B24_CORPUS"] != nil, "set B24_CORPUS to run the corpus tests"))
struct CorpusTests {
    static func model() throws -> DocModel {
        let root = ProcessInfo.processInfo.environment["B24_CORPUS"] ?? ""
        return try DocSet.load(directory: URL(fileURLWithPath: root).appending(path: "pages"))
    }

    @Test func wholeCorpusGeneratesDeterministicallyWithinBounds() throws {
        let model = try Self.model()
        let generator = Generator()
        let output = try generator.generate(model)
        // Every file under the line limit, no template syntax left.
        for file in output.files {
            let lines = file.contents.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
            #expect(lines <= 3_000, "\(file.path) has \(lines) lines")
            #expect(!file.contents.contains("{{"), "\(file.path)")
        }
        // At least 90% of REST-method parameters get a concrete type.
        #expect(output.coverage.concreteShare >= 0.9, "\(output.coverage.text)")
        // Every entry-point page has an entry point, or a reason.
        let entryKinds: Set<PageKind> = [.restMethod, .restEvent, .placementCommand, .placementEvent]
        let pages = model.pages.filter { entryKinds.contains($0.kind) }.count
        let generated = output.coverage.entryPoints.reduce(0) { $0 + $1.count }
        #expect(generated + output.coverage.skipped.count == pages)
        // Every scope module adds at most ten top-level names.
        let names = TopLevelNames.byModule(output.files)
        for (module, list) in names.sorted(by: { $0.key < $1.key }) where module != "Bitrix24Common" && module != "Bitrix24" {
            #expect(list.count <= 10, "\(module) adds \(list.count) top-level names: \(list)")
        }
        print("corpus: \(names.count) modules; most top-level names in a scope module: \(names.filter { $0.key != "Bitrix24Common" }.map(\.value.count).max() ?? 0)")
        // Byte-identical whatever the page order.
        var reversed = model
        reversed.pages.reverse()
        #expect(try generator.generate(reversed).files == output.files)
    }
}
