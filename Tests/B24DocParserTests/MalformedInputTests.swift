import B24DocModel
import B24DocParser
import Foundation
import Testing

/// 500 malformed pages, generated deterministically from a seed: each gives a page entry and at least
/// one diagnostic, and nothing crashes.
@Suite struct MalformedInputTests {
    enum Kind: CaseIterable {
        case truncated, empty, notUTF8, unclosedTags, nestedTables, hugeAttribute, brokenState, htmlNotString
    }

    static func variants() throws -> [(label: String, bytes: [UInt8])] {
        var rng = SplitMix64(seed: 0xB24_5EED)
        let base = try fixtureBytes("shape-state")
        let rootPage = try fixtureBytes("shape-root")
        let fragment = try fixtureBytes("shape-fragment")
        let nested: [UInt8] = Array(("<h1>Deep demo.deep.nest</h1>" + String(repeating: "<table><tr><td>", count: 10_000) + "x").utf8)
        var huge = Array(#"<h1>Big demo.big.attr</h1><p data-x=""#.utf8)
        huge += [UInt8](repeating: UInt8(ascii: "a"), count: 5 << 20)
        huge += Array(#"">text</p>"#.utf8)
        var out: [(String, [UInt8])] = []
        for i in 0..<500 {
            let kind = Kind.allCases[i % Kind.allCases.count]
            switch kind {
            case .truncated:
                let source = i % 3 == 0 ? rootPage : (i % 3 == 1 ? base : fragment)
                let cut = Int.random(in: 1..<(source.count - 8), using: &rng)
                var bytes = Array(source[..<cut])
                if source == fragment { bytes += Array("<table><tr><td><strong>".utf8) }  // a fragment cut mid-table
                out.append(("truncated@\(cut)", bytes))
            case .empty:
                out.append(("empty", []))
            case .notUTF8:
                var bytes = i % 2 == 0 ? base : fragment
                for _ in 0..<Int.random(in: 1...8, using: &rng) {
                    let at = Int.random(in: 0..<bytes.count, using: &rng)
                    bytes.insert([0xFF, 0xFE, 0xC0, 0x80][Int.random(in: 0..<4, using: &rng)], at: at)
                }
                out.append(("notUTF8", bytes))
            case .unclosedTags:
                var text = String(decoding: fragment, as: UTF8.self)
                for tag in ["</td>", "</tr>", "</table>", "</p>", "</h2>"].shuffled(using: &rng).prefix(3) {
                    text = text.replacingOccurrences(of: tag, with: "")
                }
                text += "<div><table><tr><td><p><strong>dangling"
                out.append(("unclosed", Array(text.utf8)))
            case .nestedTables:
                out.append(("nested", nested))
            case .hugeAttribute:
                out.append(("hugeAttribute", huge))
            case .brokenState:
                // Cut the state JSON off at a random point (the script still closes): never valid JSON.
                let open = try #require(base.firstRange(of: Array(#"id="diplodoc-state">"#.utf8)))
                let close = try #require(base[open.upperBound...].firstRange(of: Array("</script>".utf8)))
                let at = Int.random(in: (open.upperBound + 16)..<(close.lowerBound - 4), using: &rng)
                out.append(("brokenState@\(at)", Array(base[..<at]) + Array(base[close.lowerBound...])))
            case .htmlNotString:
                let values = ["42", "null", "[\"a\"]", "{\"x\":1}", "true"]
                let page = #"<!DOCTYPE html><html><body><div id="root"></div><script type="application/json" id="diplodoc-state">{"data":{"html":"#
                    + values[Int.random(in: 0..<values.count, using: &rng)] + #","title":"Demo demo.x.y"}}</script></body></html>"#
                out.append(("htmlNotString", Array(page.utf8)))
            }
        }
        return out
    }

    @Test func fiveHundredMalformedPages() throws {
        let variants = try Self.variants()
        #expect(variants.count == 500)
        for (i, v) in variants.enumerated() {
            let path = "malformed/\(i).html"
            let (page, diagnostics) = DocParser.parse(v.bytes, path: path)
            #expect(page.path == path)
            #expect(!diagnostics.isEmpty, "no diagnostic for variant \(i) (\(v.label))")
            #expect(diagnostics.allSatisfy { $0.path == path && $0.line >= 1 })
        }
    }

    @Test func malformedPagesStillGiveModelEntries() throws {
        let variants = try Self.variants().prefix(40)
        let files = variants.enumerated().map { DocSet.File(path: "m/\(String(format: "%03d", $0.offset)).html", bytes: $0.element.bytes) }
        let model = DocSet.parse(files)
        #expect(model.pages.count == files.count)
        #expect(model.pages.map(\.path) == files.map(\.path).sorted())
    }
}
