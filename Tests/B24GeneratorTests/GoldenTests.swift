import B24DocModel
import B24GenCommands
import Foundation
import Testing
@testable import B24Generator

/// The fixture documentation set rendered in full and compared with the files under `Tests/Goldens/B24Generator/`.
/// Set `B24_UPDATE_GOLDEN=1` to rewrite them (then review the diff).
@Suite struct GoldenTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appending(path: "Goldens/B24Generator")

    @Test func fixtureClientMatchesGoldenFiles() throws {
        let output = try Generator(configuration: Fixtures.configuration).generate(Fixtures.model)
        // `.golden`, so that the test target does not compile them.
        let files = output.files.map { GeneratedFile(path: $0.path + ".golden", contents: $0.contents) }
        if ProcessInfo.processInfo.environment["B24_UPDATE_GOLDEN"] == "1" {
            try OutputWriter.write(files, to: Self.goldenDirectory, prune: ["golden"])
        }
        let changes = OutputWriter.changes(files, in: Self.goldenDirectory, prune: ["golden"])
        #expect(changes.isEmpty, "regenerated files differ from Golden/: \(changes)")
    }
}
