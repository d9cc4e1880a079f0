import B24DocModel
import B24DocParser
import Dispatch
import Foundation
import Testing

/// A bounded, seeded mutation fuzz (issue 10): a few hundred corpus pages (the fixtures when `B24_CORPUS`
/// is not set), each mutated a few times by byte flips, cuts, repeats and hostile snippets, parsed through
/// real libxml2. The parser must never crash, never drop a page, and point every diagnostic at its page.
/// The seed is printed; `B24_FUZZ_SEED` reruns one.
@Suite struct FuzzTests {
    /// Markup the hostile cases of issue 10 were made of.
    static let snippets: [[UInt8]] = [
        [0], [0xFF, 0xFE], [0xC0, 0x80], Array("<div>".utf8), Array(String(repeating: "<div>", count: 300).utf8),
        Array("<button>".utf8), Array("<svg><svg>".utf8), Array("<a aria-hidden=\"true\">".utf8), Array("<code x ".utf8),
        Array("id=\"diplodoc-state\"".utf8), Array("<table><tr><td>".utf8), Array("</td></tr></table>".utf8),
        Array("<h1>Second demo.fuzz.get</h1>".utf8), Array("<h2>Method Parameters</h2>".utf8), Array("\"".utf8),
        Array("&lt;".utf8), Array("</script>".utf8), Array("\\u0000".utf8), Array("<p".utf8 + (0..<200).flatMap { Array(" a\($0)=\"v\"".utf8) }),
        Array("<pre><code class=\"hljs json\">{\"result\": [".utf8),
    ]

    static func mutate(_ page: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = page
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            let length = min(bytes.count - at, Int.random(in: 1...4096, using: &rng))
            switch Int.random(in: 0..<6, using: &rng) {
            case 0:
                for k in at..<(at + min(length, 16)) { bytes[k] = UInt8.random(in: 0...255, using: &rng) }
            case 1:
                bytes.removeSubrange(at...)
            case 2:
                let chunk = Array(bytes[at..<(at + length)])
                let copies = Int.random(in: 2...20, using: &rng)
                bytes.insert(contentsOf: (0..<copies).flatMap { _ in chunk }, at: at)
            case 3:
                bytes.removeSubrange(at..<(at + length))
            default:
                let snippet = snippets[Int.random(in: 0..<snippets.count, using: &rng)]
                bytes.insert(contentsOf: snippet, at: at)
            }
        }
        return bytes
    }

    /// The pages to mutate: a seeded sample of the corpus, else the fixtures.
    static func sources(using rng: inout SplitMix64) throws -> [DocSet.File] {
        if let corpus = ProcessInfo.processInfo.environment["B24_CORPUS"] {
            let listing = try DocSet.scan(directory: URL(filePath: corpus).appending(path: "pages"))
            let sample = DocSet.Listing.sample(listing, count: 120, using: &rng)
            return DocSet.read(sample).files
        }
        return try fixtureNames().map { DocSet.File(path: $0 + ".html", bytes: try fixtureBytes($0)) }
    }

    @Test func mutatedPagesNeverCrashOrVanish() throws {
        let seed = ProcessInfo.processInfo.environment["B24_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0xB24F_0221
        var rng = SplitMix64(seed: seed)
        let sources = try Self.sources(using: &rng)
        #expect(!sources.isEmpty)
        var files: [DocSet.File] = []
        while files.count < 360 {
            let source = sources[files.count % sources.count]
            let path = "fuzz/\(String(format: "%03d", files.count))-" + source.path.replacingOccurrences(of: "/", with: "_")
            files.append(DocSet.File(path: path, bytes: Self.mutate(source.bytes, using: &rng)))
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let model = DocSet.parse(files)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let megabytes = Double(files.reduce(0) { $0 + $1.bytes.count }) / 1_048_576
        print(String(format: "fuzz seed %llu: %d mutated pages (%.1f MB) in %.2f s, %d diagnostics",
                     seed, files.count, megabytes, seconds, model.diagnostics.count))
        #expect(model.pages.map(\.path) == files.map(\.path).sorted(), "a mutated page vanished (seed \(seed))")
        let paths = Set(files.map(\.path))
        #expect(model.diagnostics.allSatisfy { paths.contains($0.path) && $0.line >= 1 }, "seed \(seed)")
        #expect(seconds < 60, "the fuzz run took \(seconds) s (seed \(seed))")
    }
}

extension DocSet.Listing {
    /// A seeded sample of a listing's pages (same order).
    static func sample(_ listing: DocSet.Listing, count: Int, using rng: inout SplitMix64) -> DocSet.Listing {
        var keep = Set<String>()
        let paths = listing.paths
        while keep.count < Swift.min(count, paths.count) { keep.insert(paths[Int.random(in: 0..<paths.count, using: &rng)]) }
        return listing.filtered { keep.contains($0) }
    }
}
