@testable import B24DocParser
import Testing

@Suite struct LoaderUnitTests {
    @Test func entitiesUnescapeLikeTheSite() {
        // The site replaces &lt; then &gt; then &amp;: "&amp;lt;" ends as "&lt;" (text), never "<".
        let input = Array("a&lt;b&gt;c&amp;lt;d&amp;amp;e&x".utf8)
        #expect(String(decoding: PageLoader.unescapeEntities(input[...]), as: UTF8.self) == "a<b>c&lt;d&amp;e&x")
    }

    @Test func stateJSONReadsOnlyWhatItNeeds() {
        let json = Array(#"{"data":{"leading":false,"html":"<p>x\n\u00e9\ud83d\ude00</p>","meta":{"a":[1,2,{"b":null}]},"title":"T \"q\""},"router":{}}"#.utf8)
        guard case .success(let state) = StateJSON.extract(json) else {
            Issue.record("state not read")
            return
        }
        #expect(String(decoding: state.html, as: UTF8.self) == "<p>x\né😀</p>")
        #expect(state.title == "T \"q\"")
        if case .success = StateJSON.extract(Array(#"{"data":{"html":"x"}"#.utf8)) { Issue.record("unterminated JSON accepted") }
        if case .success = StateJSON.extract(Array(#"{"data":{"html":["x"]}}"#.utf8)) { Issue.record("array html accepted") }
    }

    /// The string reader skips eight bytes at a time: every escape, quote and end at every offset around a step.
    @Test(arguments: [#"\""#, #"\\"#, #"\/"#, #"\n"#, #"\t"#, #"\r"#, #"\u00e9"#, #"\ud83d\ude00"#, "é"])
    func stateStringsDecodeAtEveryOffset(_ escape: String) {
        let decoded = ["\\\"": "\"", "\\\\": "\\", "\\/": "/", "\\n": "\n", "\\t": "\t", "\\r": "\r", "\\u00e9": "é",
                       "\\ud83d\\ude00": "😀", "é": "é"]
        for before in 0...17 {
            for after in [0, 1, 7, 8, 9] {
                let raw = String(repeating: "a", count: before) + escape + String(repeating: "b", count: after)
                let json = Array(("{\"data\":{\"html\":\"" + raw + "\",\"title\":\"t\"}}").utf8)
                guard case .success(let state) = StateJSON.extract(json) else {
                    Issue.record("not read: \(raw)")
                    continue
                }
                let expected = String(repeating: "a", count: before) + (decoded[escape] ?? "?") + String(repeating: "b", count: after)
                #expect(String(decoding: state.html, as: UTF8.self) == expected, "\(raw)")
            }
        }
        // A string that a backslash leaves open never ends.
        if case .success = StateJSON.extract(Array(#"{"data":{"html":"abcdefghij\"}}"#.utf8)) { Issue.record("escaped quote ended the string") }
    }

    /// Lines are counted eight bytes at a time: the count equals a byte-by-byte one at every offset.
    @Test func lineNumbersMatchAByteByByteCount() {
        var random = SplitMix64(seed: 7)
        let bytes = (0..<300).map { _ in [UInt8(0x0A), 0x0B, 0x8A, 0x00, 0x61, 0xFF][Int(random.next() % 6)] }
        for offset in 0...bytes.count + 3 {
            let expected = 1 + bytes.prefix(offset).filter { $0 == 0x0A }.count
            #expect(PageLoader.lineNumber(of: offset, in: bytes) == expected, "offset \(offset)")
        }
    }

    @Test func prefilterKeepsLinesAndDropsChrome() {
        let html = "<h2 id=\"x\"><a href=\"#x\" aria-hidden=\"true\"><span>X</span>\n</a>X</h2>\n<pre><code class=\"hljs json\"><span class=\"k\">{</span>\n}</code></pre>\n<button>\n<svg><svg></svg>\n</svg></button><p><code class=\"c\" id=\"i\">v</code></p>"
        let out = String(decoding: Prefilter.strip(Array(html.utf8)), as: UTF8.self)
        #expect(out.filter { $0 == "\n" }.count == html.filter { $0 == "\n" }.count)
        #expect(!out.contains("button") && !out.contains("svg") && !out.contains("aria-hidden") && !out.contains("<span"))
        #expect(out.contains("<code class=\"hljs json\">{\n}</code>"))
        #expect(out.contains("<p><code>v</code></p>"))
    }

    @Test func utf8Validation() {
        #expect(PageLoader.isValidUTF8(Array("plain ascii and é 😀".utf8)))
        #expect(!PageLoader.isValidUTF8([0x61, 0xC0, 0x80]))  // overlong
        #expect(!PageLoader.isValidUTF8([0xED, 0xA0, 0x80]))  // surrogate
        #expect(!PageLoader.isValidUTF8([0xE2, 0x82]))  // truncated
    }

    @Test func namesInTitles() {
        #expect(NameRules.nameInTitle("Register the Service ai.engine.register") == "ai.engine.register")
        #expect(NameRules.nameInTitle("Remove the ai.engine.unregister Service") == "ai.engine.unregister")
        #expect(NameRules.nameInTitle("OnCalendarEntryDelete Event") == "OnCalendarEntryDelete")
        #expect(NameRules.nameInTitle("Event When Adding a Bot to a Chat ONIMBOTJOINCHAT") == "ONIMBOTJOINCHAT")
        #expect(NameRules.nameInTitle("When Clicking the Hold Call Button BackgroundCallCard::holdButtonClick") == "BackgroundCallCard::holdButtonClick")
        #expect(NameRules.nameInTitle("Disable Auto-Close disableAutoClose") == "disableAutoClose")
        #expect(NameRules.nameInTitle("WebRTC") == nil)
        #expect(NameRules.nameInTitle("Calendar Events: Overview of Methods") == nil)
    }
}
