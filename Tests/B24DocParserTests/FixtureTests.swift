import B24DocModel
import B24DocParser
import Foundation
import Testing

/// Every fixture page has a golden model next to it (`<name>.json`). `B24_UPDATE_GOLDENS=1` rewrites them.
@Suite struct GoldenTests {
    @Test("fixture model matches its golden", arguments: fixtureNames())
    func golden(_ name: String) throws {
        let (model, _, _) = try parseFixture(name)
        let data = try model.jsonData()
        let goldenURL = fixturesDirectory.appending(path: name + ".json")
        if ProcessInfo.processInfo.environment["B24_UPDATE_GOLDENS"] == "1" {
            try data.write(to: goldenURL)
        }
        let golden = try Data(contentsOf: goldenURL)
        if golden != data {
            Issue.record("\(name): model differs from \(name).json; rerun with B24_UPDATE_GOLDENS=1 to accept:\n\(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test func everyFixtureHasAGolden() {
        for name in fixtureNames() {
            #expect(FileManager.default.fileExists(atPath: fixturesDirectory.appending(path: name + ".json").path(percentEncoded: false)), "\(name).json missing")
        }
        #expect(fixtureNames().count >= 16)
    }
}

@Suite struct LoaderShapeTests {
    @Test func stateOnlyPage() throws {
        let (_, page, diags) = try parseFixture("shape-state")
        #expect(page.title == "Add a Note demo.note.add")
        #expect(page.kind == .restMethod)
        #expect(page.name == "demo.note.add")
        #expect(diags.isEmpty)
        // Lines count from the state script's line.
        #expect(page.parameters.first?.line ?? 0 > page.line)
    }

    @Test func serverRenderedPageMatchesStatePage() throws {
        let state = try parseFixture("shape-state").page
        let root = try parseFixture("shape-root").page
        #expect(root.parameters.map(\.name) == state.parameters.map(\.name))
        #expect(root.errors.map(\.code) == state.errors.map(\.code))
        #expect(root.returns.map(\.name) == state.returns.map(\.name))
    }

    @Test func bareFragment() throws {
        let (_, page, diags) = try parseFixture("shape-fragment")
        #expect(page.title == "Add a Note demo.note.add")
        #expect(page.line == 1)
        #expect(diags.isEmpty)
        #expect(page.parameters.map(\.marked) == ["fields*", "mode"])
    }

    @Test func brokenStateFallsBackToRoot() throws {
        var bytes = try fixtureBytes("shape-root")
        // Break the JSON: cut a quote out of the state script.
        let marker = Array("\"leading\"".utf8)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"leading\""))
        if let r = bytes.firstRange(of: marker) { bytes.remove(at: r.lowerBound) }
        let (page, diags) = DocParser.parse(bytes, path: "broken.html")
        #expect(diags.contains { $0.message.contains("state JSON unusable") })
        #expect(page.title == "Add a Note demo.note.add")
        #expect(page.parameters.map(\.marked) == ["fields*", "mode"])
    }

    @Test func htmlNotAStringIsReported() {
        let page = #"<!DOCTYPE html><html><body><div id="root"></div><script type="application/json" id="diplodoc-state">{"data":{"html":42,"title":"T"}}</script></body></html>"#
        let (p, diags) = DocParser.parse(Array(page.utf8), path: "x.html")
        #expect(diags.contains { $0.message.contains("data.html is not a string") })
        #expect(p.path == "x.html")
    }
}

@Suite struct ExtractionTests {
    @Test func parametersNestedByAnchor() throws {
        // The row links to its own page's `#fields` heading: parse under that page's path.
        let page = DocParser.parse(try fixtureBytes("shape-state"), path: "api-reference/demo/demo-note-add.html").page
        let fields = try #require(page.parameters.first)
        #expect(fields.name == "fields" && fields.required && fields.type == "object")
        #expect(fields.nestedAnchor == "fields")
        #expect(fields.children.map(\.marked) == ["TITLE*", "WHEN"])
        #expect(fields.children.last?.typeLink == "api-reference/data-types.html#datetime")
        // Under another path the link is not to this page; the heading's words still attach the table.
        let other = try parseFixture("shape-state").page
        #expect(other.parameters.first?.nestedAnchor == nil)
        #expect(other.parameters.first?.children.map(\.marked) == ["TITLE*", "WHEN"])
        let mode = page.parameters[1]
        #expect(mode.values.map(\.value) == ["Y", "N"])
        #expect(mode.values.first?.description == "keep")
        #expect(mode.defaultValue == "Y")
    }

    @Test func returnsErrorsAndExamples() throws {
        let page = try parseFixture("shape-state").page
        #expect(page.returns.map(\.name) == ["result", "time"])
        #expect(page.returns.last?.typeLink == "api-reference/data-types.html#time")
        #expect(page.returnExample?.contains("\"result\": 7") == true)
        #expect(page.requestExamples == [#"{"fields":{"TITLE":"Hello"}}"#])
        #expect(page.errors.filter { !$0.system }.map(\.code) == ["DEMO_TITLE_MISSING"])
        #expect(page.errors.filter(\.system).map(\.httpStatus) == [500, 503, 401])
        #expect(page.scopes == ["demo"])
        #expect(page.whoCan == "any user")
        #expect(page.summary == "The method demo.note.add stores a note in the demo journal.")
    }

    @Test func widgetCommandSeed() throws {
        let (_, page, _) = try parseFixture("seed-call-card-set-hold")
        #expect(page.kind == .placementCommand)
        #expect(page.name == "CallCardSetHold")
        #expect(page.placement == "PAGE_BACKGROUND_WORKER")
        #expect(page.scopes == ["placement", "telephony"])
        #expect(page.parameters.map(\.marked) == ["PLACEMENT*", "PARAMS*"])
        #expect(page.parameters.last?.children.map(\.marked) == ["held*"])
        #expect(page.errors.filter { !$0.system }.map(\.code) == ["WRONG_AUTH_TYPE", "Call card is undefined"])
        #expect(page.requestExamples.first?.contains("CallCardSetHold") == true)
    }

    @Test func widgetEventSeed() throws {
        let (_, page, _) = try parseFixture("seed-hold-button-click")
        #expect(page.kind == .placementEvent)
        #expect(page.name == "BackgroundCallCard::holdButtonClick")
        #expect(page.placement == "PAGE_BACKGROUND_WORKER")
        #expect(page.parameters.map(\.marked) == ["eventData*"])
        #expect(page.parameters.first?.values.map(\.value) == ["true", "false"])
        #expect(page.extraParameterTables.map(\.key) == ["event-subscription-parameters"])
        #expect(page.extraParameterTables.first?.parameters.map(\.marked) == ["PLACEMENT*", "HANDLER*"])
    }

    @Test func deprecationNamesItsReplacement() throws {
        let page = try parseFixture("deprecated").page
        #expect(page.deprecated)
        #expect(page.deprecation?.replacement == "demo.note.add")
    }

    @Test func requiredMarkerStyles() throws {
        let page = try parseFixture("required-markers").page
        #expect(page.parameters.map(\.marked) == ["id*", "folderId*", "UF_*", "position"])
        #expect(page.parameters.map(\.type) == ["integer", "integer", "any", "integer"])
    }
}

/// One fixture per irregularity of the published pages: each is read by meaning and reported.
@Suite struct IrregularityTests {
    func diagnostics(_ name: String) throws -> [String] { try parseFixture(name).diagnostics.map(\.message) }

    @Test func emptyNameFromBoldPlaceholder() throws {
        let (_, page, diags) = try parseFixture("empty-name")
        #expect(page.parameters.map(\.name) == ["id", ""])
        #expect(diags.contains { $0.message.contains("parameter name is empty") && $0.line > 1 })
    }

    @Test func lineAfterTableLost() throws {
        #expect(try diagnostics("line-after-table-lost").contains { $0.contains("may have been lost") })
    }

    @Test func noteMarkersAsText() throws {
        #expect(try diagnostics("note-markers-as-text").contains { $0.contains("note markers shown as text") })
    }

    @Test func systemErrorTableWithoutHeading() throws {
        let (_, page, diags) = try parseFixture("system-errors-without-heading")
        #expect(page.errors.filter { !$0.system }.map(\.code) == ["DEMO_NOT_FOUND"])
        #expect(page.errors.filter(\.system).count == 3)
        #expect(diags.contains { $0.message.contains("system-error table without its heading") })
    }

    @Test func secondH1InsideATableCell() throws {
        let (_, page, diags) = try parseFixture("second-h1-in-cell")
        #expect(page.title == "Update a Note demo.note.update")
        #expect(page.parameters.map(\.marked) == ["id*", "fields*"])
        #expect(diags.contains { $0.message.contains("inside a table cell") })
    }

    @Test func methodNamedOnlyInTheText() throws {
        let (_, page, diags) = try parseFixture("name-in-text")
        #expect(page.kind == .restMethod)
        #expect(page.name == "demo.note.fields")
        #expect(diags.contains { $0.message.contains("taken from the intro") })
    }

    @Test func colspanTable() throws {
        let (_, page, diags) = try parseFixture("colspan")
        #expect(page.errors.map(\.code) == ["Empty value", "DEMO_LOCKED"])
        #expect(page.errors.first?.description == "The archive is full")
        #expect(diags.contains { $0.message.contains("colspan") })
    }

    @Test func emptyErrorCode() throws {
        let (_, page, diags) = try parseFixture("empty-error-code")
        #expect(page.errors.map(\.code) == ["", "DEMO_TOO_MANY_PINS"])
        #expect(diags.contains { $0.message.contains("error code cell is empty") })
    }

    @Test func typosInHeadings() throws {
        let (_, page, diags) = try parseFixture("heading-typos")
        #expect(page.parameters.map(\.marked) == ["id*"])
        #expect(page.returns.map(\.name) == ["result"])
        #expect(diags.filter { $0.message.contains("misspelt") }.count == 2)
    }
}

@Suite struct DeterminismTests {
    @Test func fileOrderDoesNotChangeTheModel() throws {
        let files = try fixtureNames().map { DocSet.File(path: "fx/\($0).html", bytes: try fixtureBytes($0)) }
        let forward = try DocSet.parse(files).jsonData()
        let backward = try DocSet.parse(files.reversed()).jsonData()
        var rng = SplitMix64(seed: 7)
        let shuffled = try DocSet.parse(files.shuffled(using: &rng)).jsonData()
        #expect(forward == backward)
        #expect(forward == shuffled)
        #expect(try DocSet.parse(files).jsonData() == forward)
    }

    @Test func directoryLoaderUsesRelativeSortedPaths() throws {
        let model = try DocSet.load(directory: fixturesDirectory)
        #expect(model.pages.map(\.path) == fixtureNames().map { $0 + ".html" })
        #expect(model.diagnostics == model.diagnostics.sorted())
    }
}

@Suite struct SingleWordMethodTests {
    static func fragment(title: String, request: String) -> [UInt8] {
        Array("""
            <h1>\(title)</h1>
            <blockquote><p>Scope: <code>basic</code></p><p>Who can execute the method: any user</p></blockquote>
            <p>Lists things.</p>
            <h2 id="method-parameters">Method Parameters</h2>
            <table><tbody><tr><td><p><strong>Name</strong><br /><code>type</code></p></td><td><p><strong>Description</strong></p></td></tr>
            <tr><td><p><strong>full</strong><br /><code>boolean</code></p></td><td><p>Everything.</p></td></tr></tbody></table>
            <h2 id="code-examples">Code Examples</h2>
            <pre><code class="hljs bash">\(request)</code></pre>
            """.utf8)
    }

    @Test func aOneWordMethodIsNamedWhenAnExampleCallsIt() {
        let page = DocParser.parse(Self.fragment(title: "List the Scopes scope", request: "curl -X POST https://x.bitrix24.com/rest/scope"), path: "a.html").page
        #expect(page.kind == .restMethod)
        #expect(page.name == "scope")
        #expect(page.parameters.map(\.name) == ["full"])
    }

    @Test func aOneWordTitleWithoutSuchACallStaysUnnamed() {
        // The example calls scope.list, not scope: no method named `scope` is invented.
        let (page, diagnostics) = DocParser.parse(Self.fragment(title: "List the Scopes scope", request: "curl -X POST https://x.bitrix24.com/rest/scope.list"), path: "a.html")
        #expect(page.kind == .restMethod)
        #expect(page.name == "scope.list")
        #expect(diagnostics.map(\.message).contains("method name not in the H1; taken from the first example request"))
    }
}
