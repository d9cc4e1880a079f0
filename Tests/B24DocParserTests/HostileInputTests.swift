import B24DocModel
import B24DocParser
import Dispatch
import Foundation
import Testing

/// Pages built to attack the parser (issue 10): each is read through real libxml2, must keep the method it
/// documents, and must parse in time linear in its size. Each case parses a page of `n` and of `4n` bytes;
/// the larger may take at most 8× as long (linear: 4×; the quadratic code these replace took 16×), and
/// the seconds per MB are printed.
@Suite(.serialized) struct HostileInputTests {
    /// The method every hostile page documents, so that a lost article shows.
    static let intro = """
        <p>Scope: <code>demo</code></p><p>Who can execute the method: any user</p>
        <h2 id="parameters">Method Parameters</h2>
        <table><tbody><tr><td><p><strong>Name</strong><br /><code>type</code></p></td><td><p><strong>Description</strong></p></td></tr>
        <tr><td><p><strong>id</strong>*<br /><code>integer</code></p></td><td><p>Which record.</p></td></tr></tbody></table>
        """

    /// A full page whose state script holds `article` (without its H1) and whose title is `title`.
    static func statePage(title: String, article: String, beforeScript: String = "") -> [UInt8] {
        let json = try! JSONSerialization.data(withJSONObject: ["data": ["html": article, "title": title]])
        let escaped = String(decoding: json, as: UTF8.self)
            .replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return Array(("<!DOCTYPE html><html><head><title>\(title)</title></head><body><div id=\"root\"></div>\(beforeScript)"
            + "<script type=\"application/json\" id=\"diplodoc-state\">\(escaped)</script></body></html>").utf8)
    }

    /// Parses `make(n)` and `make(4n)`, checks the pages, and returns seconds per MB of the larger one.
    func linear(_ label: String, _ n: Int, check: (Page, [Diagnostic]) -> Void, _ make: (Int) -> [UInt8]) -> Double {
        func time(_ bytes: [UInt8]) -> Double {
            var best = Double.infinity
            for _ in 0..<3 {
                let start = DispatchTime.now().uptimeNanoseconds
                let (page, diagnostics) = DocParser.parse(bytes, path: "hostile/\(label).html")
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                check(page, diagnostics)
            }
            return best
        }
        let small = make(n)
        let large = make(4 * n)
        let ts = time(small)
        let tl = time(large)
        let mb = Double(large.count) / 1_048_576
        print(String(format: "hostile %@: %.1f MB in %.3f s = %.3f s/MB (%.2f MB in %.3f s; ratio %.1f for 4x the size)",
                     label, mb, tl, tl / mb, Double(small.count) / 1_048_576, ts, tl / max(ts, 1e-6)))
        #expect(tl < max(8 * ts, 0.05), "\(label): 4x the input took \(tl / max(ts, 1e-6))x the time")
        return tl / mb
    }

    func keepsTheMethod(_ name: String) -> (Page, [Diagnostic]) -> Void {
        { page, diagnostics in
            #expect(page.kind == .restMethod && page.name == name, "\(name): \(page.kind) \(page.name ?? "-")")
            #expect(page.parameters.map(\.name) == ["id"], "\(name)")
            #expect(!diagnostics.contains { $0.message.contains("not well-formed") }, "\(name): \(diagnostics)")
        }
    }

    @Test func repeatedStateMarkers() {
        _ = linear("state markers", 1_000_000, check: keepsTheMethod("demo.marker.get")) { n in
            let markers = String(repeating: "id=\"diplodoc-state\" ", count: n / 20)
            return Self.statePage(title: "Get demo.marker.get", article: Self.intro, beforeScript: "<p data-x=\"\(markers)\">x</p>")
        }
    }

    @Test func oneElementWithManyAttributes() {
        let check = keepsTheMethod("demo.attrs.get")
        _ = linear("attributes", 50_000, check: { page, diagnostics in
            check(page, diagnostics)
            #expect(diagnostics.contains { $0.message.contains("1 elements have more than 64 attributes") })
        }) { count in
            let attributes = (0..<count).map { " a\($0)=\"v\"" }.joined()
            return Self.statePage(title: "Get demo.attrs.get", article: "<p\(attributes)>x</p>" + Self.intro)
        }
    }

    @Test func unclosedChromeElements() {
        // Elements the prefilter drops when they are closed: here none is, and each would be searched to the end.
        _ = linear("unclosed chrome", 200_000, check: { page, _ in
            #expect(page.name == "demo.chrome.get" && page.parameters.map(\.name) == ["id"])
        }) { n in
            let junk = String(repeating: "<button>b<svg>s<a aria-hidden=\"true\">a<div role=\"tab\">t ", count: n / 50)
            return Self.statePage(title: "Get demo.chrome.get", article: Self.intro + "<p>" + junk + "</p>")
        }
    }

    @Test func tagsWithoutEnd() {
        _ = linear("tags without >", 1_000_000, check: { page, _ in #expect(page.name == "demo.open.get") }) { n in
            let junk = String(repeating: "<code x <a aria-hidden=\"true\" ", count: n / 30)
            return Self.statePage(title: "Get demo.open.get", article: Self.intro + "<p>" + junk)
        }
    }

    @Test func deepButClosedNesting() {
        // Deeper than libxml2's default limit (256), properly closed: the method inside must not vanish.
        _ = linear("deep nesting", 25_000, check: keepsTheMethod("demo.deep.get")) { depth in
            let open = String(repeating: "<div>", count: depth)
            let close = String(repeating: "</div>", count: depth)
            return Self.statePage(title: "Get demo.deep.get", article: open + Self.intro + close)
        }
    }

    @Test func nulAtTheStartOfTheArticle() {
        let plain = DocParser.parse(Self.statePage(title: "Get demo.nul.get", article: Self.intro), path: "n.html")
        let (page, diagnostics) = DocParser.parse(Self.statePage(title: "Get demo.nul.get", article: "\u{0}" + Self.intro), path: "n.html")
        keepsTheMethod("demo.nul.get")(page, diagnostics)
        #expect(page == plain.page)
        #expect(diagnostics.contains { $0.message.contains("1 NUL bytes") })
        // A NUL in a fragment's middle does not cut the rest off either.
        let fragment = Array("<h1>Get demo.nul.get</h1>".utf8) + [0] + Array(Self.intro.utf8)
        #expect(DocParser.parse(fragment, path: "f.html").page.parameters.map(\.name) == ["id"])
    }
}
