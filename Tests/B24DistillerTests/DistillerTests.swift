import B24DocModel
import B24DocParser
@testable import B24Distiller
import Foundation
import Testing

@Suite struct DistillerTests {
    @Test func factsOnlyRemovesEveryPieceOfProse() {
        let child = Parameter(name: "TITLE", type: "string", description: "The deal's title.", line: 12)
        let parameter = Parameter(
            name: "fields", type: "object", typeLink: "api-reference/data-types.html", required: true, aliases: ["FIELDS"],
            description: "Values of the deal.", values: [PossibleValue(value: "Y", description: "yes")],
            defaultValue: "Y. The default can be changed in the settings", nestedAnchor: "fields", children: [child], line: 10
        )
        let page = Page(
            path: "a/b.html", kind: .restMethod, name: "crm.deal.add", title: "Add crm.deal.add", scopes: ["crm"],
            whoCan: "any user", deprecated: true, deprecation: Deprecation(message: "Use the new one.", replacement: "crm.item.add"),
            summary: "Adds a deal.", placement: "PAGE_BACKGROUND_WORKER", parameters: [parameter],
            extraParameterTables: [ParameterTable(key: "auth", title: "Auth Parameter", parameters: [child], line: 40)],
            returns: [Field(name: "result", type: "integer", description: "The new id.", line: 50)],
            returnExample: "{\"result\": 42, \"time\": {\"start\": 1.5}}",
            errors: [ErrorCode(code: "ACCESS_DENIED", description: "No access.", httpStatus: 403, system: true, line: 60)],
            requestExamples: ["{\"fields\": {\"TITLE\": 'x', /* note */ \"IDS\": [1, 2, 3],}}", "not json"], line: 3
        )
        let facts = FactsOnly.page(page)
        #expect(facts.whoCan == nil && facts.summary == nil && facts.line == 0)
        #expect(facts.deprecation == Deprecation(message: "", replacement: "crm.item.add") && facts.deprecated)
        #expect(facts.parameters == [Parameter(
            name: "fields", type: "object", typeLink: "api-reference/data-types.html", required: true, aliases: ["FIELDS"],
            values: [PossibleValue(value: "Y")], defaultValue: "Y", nestedAnchor: "fields",
            children: [Parameter(name: "TITLE", type: "string")]
        )])
        #expect(facts.extraParameterTables == [ParameterTable(key: "auth", title: "Auth Parameter", parameters: [Parameter(name: "TITLE", type: "string")], line: 0)])
        #expect(facts.returns == [Field(name: "result", type: "integer")])
        #expect(facts.errors == [ErrorCode(code: "ACCESS_DENIED", httpStatus: 403, system: true)])
        #expect(facts.returnExample == "{\"result\": 0, \"time\": {\"start\": 0}}")
        #expect(facts.requestExamples == ["{\"fields\": {\"TITLE\": \"\", \"IDS\": [0]}}"])
        #expect([facts.path, facts.name, facts.title, facts.placement] == ["a/b.html", "crm.deal.add", "Add crm.deal.add", "PAGE_BACKGROUND_WORKER"])
        #expect(facts.kind == .restMethod && facts.scopes == ["crm"])
    }

    @Test(arguments: [
        ("{\"a\": \"x\", \"b\": 1, \"c\": true, \"d\": null}", "{\"a\": \"\", \"b\": 0, \"c\": false, \"d\": null}"),
        ("[{\"ID\": \"1\"}, {\"ID\": \"2\"}, {\"ID\": 3}]", "[{\"ID\": \"\"}, {\"ID\": 0}]"),
        ("{result: [1, 2, ...], // rows\n 'next': 50, \"total\": ...}", "{\"result\": [0], \"next\": 0}"),
        ("{\"it's\": {\"q\\\"\": -1e3}}", "{\"it's\": {\"q\\\"\": 0}}"),
        ("{\"a\": 1} trailing", nil),
        ("{\"a\": }", nil),
        ("", nil),
    ] as [(String, String?)])
    func exampleShapes(text: String, shape: String?) {
        #expect(ExampleShape.canonical(text) == shape)
        // A shape is its own shape.
        if let shape { #expect(ExampleShape.canonical(shape) == shape) }
    }

    @Test func defaultsKeepTheirFirstSentence() {
        #expect(FactsOnly.defaultValue("0. The maximum value is 1000") == "0")
        #expect(FactsOnly.defaultValue(". To display them") == nil)
        #expect(FactsOnly.defaultValue("the current user") == "the current user")
        #expect(FactsOnly.defaultValue("0.5") == "0.5")
    }

    /// The parser's odd fixture pages read back with their facts, carry none of their prose, and carry the marker.
    @Test func fixturePagesRoundTripWithoutProse() throws {
        let files = try fixturePages()
        #expect(files.count >= 15)
        for file in files {
            let original = DocParser.parse(file.bytes, path: file.path).page
            let output = Distiller.distill(original)
            #expect(output.mismatch == nil, "\(file.path): \(output.mismatch ?? "")")
            let readBack = DocParser.parse(output.bytes, path: file.path).page
            #expect(FactsOnly.page(readBack) == FactsOnly.page(original), "\(file.path)")
            #expect(Distiller.isDistilled(output.bytes))
            #expect(!Distiller.isDistilled(file.bytes))
            let article = articleText(output.bytes)
            for sentence in prose(of: original) where sentence.split(separator: " ").count >= 3 {
                #expect(!article.contains(sentence), "\(file.path) carries prose: \(sentence)")
            }
        }
    }

    @Test func distilledPageIsTheSiteShellWithTheMarker() throws {
        var page = Page(path: "api-reference/crm/x-y.html", kind: .restMethod, name: "x.y", title: "A <b> & c x.y", scopes: ["crm"])
        page.apiVersions = [.v2]
        page.nameSource = .title
        let output = Distiller.distill(page)
        #expect(output.mismatch == nil)
        let text = String(decoding: output.bytes, as: UTF8.self)
        #expect(text.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"))
        #expect(text.contains("<meta name=\"generator\" content=\"b24gen distill\">"))
        #expect(text.contains("<base href=\"../../\" />"))
        #expect(text.contains("<title>A &lt;b&gt; &amp; c x.y | Bitrix24 REST API and Marketplace Applications</title>"))
        #expect(text.contains("<script type=\"application/json\" id=\"diplodoc-state\">{\"data\":{\"title\":"))
        #expect(DocParser.parse(output.bytes, path: page.path).page.title == "A <b> & c x.y")
        // The same page gives the same bytes.
        #expect(Distiller.distill(page).bytes == output.bytes)
    }

    /// A row with children but no anchor of its own gets its table by name; a second row with the same anchor
    /// as an earlier one does too.
    @Test func nestingPlanFollowsTheParsersOrder() {
        let leaf = Parameter(name: "x")
        let rows = [
            Parameter(name: "a", nestedAnchor: "n", children: [leaf]),
            Parameter(name: "b", nestedAnchor: "n", children: [leaf]),
            Parameter(name: "c", children: [Parameter(name: "d", nestedAnchor: "m", children: [leaf])]),
        ]
        let plan = NestingPlan.plan(rows: rows)
        #expect(plan.map(\.anchor) == ["n", nil, nil, "m"])
        #expect(plan.map(\.ownerName) == ["a", "b", "c", "d"])
    }
}
