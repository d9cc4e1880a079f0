import B24DocModel
import B24DocParser
import Foundation

/// Where the fixtures live in the source tree (read directly, so goldens can be rewritten in place).
let fixturesDirectory = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")

/// The fixture pages, by base name.
func fixtureNames() -> [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: fixturesDirectory.path(percentEncoded: false))) ?? []
    return files.filter { $0.hasSuffix(".html") }.map { String($0.dropLast(5)) }.sorted()
}

func fixtureBytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: fixturesDirectory.appending(path: name + ".html")))
}

/// Parses a fixture into a one-page model (the golden's content).
func parseFixture(_ name: String) throws -> (model: DocModel, page: Page, diagnostics: [Diagnostic]) {
    let (page, diagnostics) = DocParser.parse(try fixtureBytes(name), path: name + ".html")
    var model = DocModel(pages: [page], diagnostics: diagnostics)
    model.normalize()
    return (model, page, diagnostics)
}

/// A small deterministic generator (SplitMix64), so malformed inputs are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Parameter {
    /// `name` with a `*` when required, for compact expectations.
    var marked: String { name + (required ? "*" : "") }
}
