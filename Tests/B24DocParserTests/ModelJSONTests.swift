import B24DocModel
import B24DocParser
import Foundation
import Testing

/// `DocModel.decode(from:)` decodes the pages concurrently; it must give exactly what `JSONDecoder` gives.
@Suite struct ModelJSONTests {
    /// Every fixture page, each under 10 paths: enough pages for the concurrent path.
    static func model() throws -> DocModel {
        var pages: [Page] = []
        var diagnostics: [Diagnostic] = []
        for name in fixtureNames() {
            let (model, _, _) = try parseFixture(name)
            diagnostics += model.diagnostics
            for copy in 0..<10 {
                for var page in model.pages {
                    page.path = "copy\(copy)/" + page.path
                    // Strings with what a byte scan must not take for structure.
                    page.summary = (page.summary ?? "") + " \"quoted\" [bracket] {brace}, back\\slash \\\" \u{1F600} é"
                    pages.append(page)
                }
            }
        }
        return DocModel(pages: pages, diagnostics: diagnostics)
    }

    @Test func concurrentDecodingEqualsJSONDecoder() throws {
        let model = try Self.model()
        #expect(model.pages.count >= 160)
        let pretty = try model.jsonData()
        #expect(try DocModel.decode(from: pretty) == model)
        // Compact JSON and keys in another order decode the same way.
        let compact = try JSONEncoder().encode(model)
        #expect(try DocModel.decode(from: compact) == model)
        let diagnosticsFirst = try JSONEncoder().encode(["diagnostics": model.diagnostics])
        let pagesOnly = try JSONEncoder().encode(["pages": model.pages])
        var reordered = Data(diagnosticsFirst.dropLast())
        reordered.append(contentsOf: Array(",".utf8))
        reordered.append(pagesOnly.dropFirst())
        #expect(try DocModel.decode(from: reordered) == model)
    }

    /// What `JSONDecoder` throws for `data`, as text (nil when it decodes).
    func referenceError(_ data: Data) -> String? {
        do {
            _ = try JSONDecoder().decode(DocModel.self, from: data)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func badDocumentsFailAsWithJSONDecoder() throws {
        let good = String(decoding: try Self.model().jsonData(), as: UTF8.self)
        let firstPath = try #require(good.range(of: "\"path\" : \""))
        let cases: [(String, String)] = [
            ("truncated", String(good.prefix(good.utf8.count / 2))),
            ("a page's field of the wrong type", good.replacingCharacters(in: firstPath, with: "\"path\" : 12, \"x\" : \"")),
            ("pages twice", good.replacingOccurrences(of: "\"diagnostics\" :", with: "\"pages\" : [], \"diagnostics\" :")),
            ("pages not an array", "{\"pages\": {\"a\": 1}, \"diagnostics\": []}"),
            ("trailing garbage", good + "]"),
            ("not an object", "[" + good + "]"),
            ("empty", ""),
        ]
        for (label, text) in cases {
            let data = Data(text.utf8)
            let reference = referenceError(data)
            do {
                let model = try DocModel.decode(from: data)
                #expect(reference == nil, "\(label): JSONDecoder fails (\(reference ?? "")) but decode gave \(model.pages.count) pages")
            } catch {
                #expect("\(error)" == reference, "\(label)")
            }
        }
    }
}
