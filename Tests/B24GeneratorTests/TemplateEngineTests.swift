import B24DocModel
import B24DocParser
import Foundation
import Mustache
import Testing
@testable import B24Generator

/// A template context for the tests: keys and values given as a dictionary.
struct Values: TemplateContext {
    var values: [String: TemplateValue]
    init(_ values: [String: TemplateValue]) { self.values = values }
    func value(forKey key: String) -> TemplateValue? { values[key] }
}

/// Any template context as swift-mustache sees it: the reference the engine is checked against.
struct MustacheView: MustacheParent {
    let context: any TemplateContext

    func child(named name: String) -> Any? {
        context.value(forKey: name).map(Self.convert)
    }

    static func convert(_ value: TemplateValue) -> Any {
        switch value {
        case .text(let string): string
        case .flag(let flag): flag
        case .texts(let strings): strings
        case .contexts(let contexts): contexts.map { MustacheView(context: $0) }
        case .context(let context): MustacheView(context: context)
        }
    }
}

/// swift-mustache over the same templates, as a ``Renderer/Engine``.
func mustacheEngine(_ templates: [String: String] = EmbeddedResources.files) throws -> Renderer.Engine {
    var library = MustacheLibrary()
    for (key, text) in templates where key.hasPrefix("Templates/") && key.hasSuffix(".mustache") {
        let name = String(key.dropFirst("Templates/".count).dropLast(".mustache".count))
        try library.register(text, named: name)
    }
    let reference = library
    return { name, context in Array((reference.render(MustacheView(context: context), withTemplate: name) ?? "").utf8) }
}

@Suite struct TemplateEngineTests {
    /// `template` rendered by the engine, after checking that swift-mustache renders it the same way.
    func render(_ template: String, _ context: Values, partials: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        var library = TemplateLibrary()
        try library.register(template, named: "T")
        for (name, text) in partials { try library.register(text, named: name) }
        try library.validate()
        let ours = String(decoding: library.render("T", context), as: UTF8.self)
        var files = ["Templates/T.mustache": "{{%CONTENT_TYPE:TEXT}}\n" + template]
        for (name, text) in partials { files["Templates/\(name).mustache"] = "{{%CONTENT_TYPE:TEXT}}\n" + text }
        let reference = String(decoding: try mustacheEngine(files)("T", context), as: UTF8.self)
        #expect(ours == reference, "swift-mustache renders it differently", sourceLocation: sourceLocation)
        return ours
    }

    @Test func variablesAreInsertedUnescaped() throws {
        let context = Values(["name": .text("a < b & \"c\""), "flag": .flag(true)])
        #expect(try render("x {{name}} {{{name}}} {{&name}} {{ name }} {{flag}} {{missing}}.", context) == "x a < b & \"c\" a < b & \"c\" a < b & \"c\" a < b & \"c\" true .")
    }

    @Test func sectionsOverFlagsListsAndContexts() throws {
        let item = Values(["label": .text("one")])
        let context = Values([
            "yes": .flag(true), "no": .flag(false),
            "lines": .texts(["/// a", "/// b"]), "none": .texts([]),
            "items": .contexts([item, Values(["label": .text("two")])]), "empty": .contexts([]),
            "inner": .context(Values(["deep": .text("D")])), "outer": .text("O"),
        ])
        let template = """
            {{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^yes}}!Y{{/yes}}{{^no}}!N{{/no}}
            {{#lines}}[{{.}}]{{/lines}}{{#none}}x{{/none}}{{^none}}no lines{{/none}}{{^lines}}x{{/lines}}
            {{#items}}{{label}}/{{outer}} {{/items}}{{^empty}}nothing{{/empty}}
            {{#inner}}{{deep}}{{outer}}{{/inner}}{{^inner}}x{{/inner}}{{#missing}}x{{/missing}}{{^missing}}m{{/missing}}
            """
        #expect(try render(template, context) == """
            Y!N
            [/// a][/// b]no lines
            one/O two/O nothing
            DOm
            """)
    }

    @Test func standaloneTagLinesLeaveNothing() throws {
        let context = Values(["items": .texts(["a", "b"]), "yes": .flag(true), "no": .flag(false)])
        let template = """
            begin
              {{#items}}
            - {{.}}
              {{/items}}
            {{! a comment on its own line }}
            {{#no}}
            hidden
            {{/no}}
            {{#yes}}  {{/yes}} kept: tags with text on the line
            \t{{^no}}\t
            end
            {{/no}}
            """
        #expect(try render(template, context) == "begin\n- a\n- b\n   kept: tags with text on the line\nend\n")
    }

    @Test func partialsRenderInTheCurrentContext() throws {
        let context = Values(["rows": .texts(["1", "2"]), "title": .text("T")])
        let partials = ["Row": "{{#rows}}\nrow {{.}} of {{title}}\n\n{{/rows}}\n"]
        #expect(try render("head\n{{>Row}}\ntail", context, partials: partials) == "head\nrow 1 of T\n\nrow 2 of T\n\ntail")
        #expect(try render("head {{> Row}} tail", context, partials: partials) == "head row 1 of T\n\nrow 2 of T\n\n tail")
    }

    @Test func unsupportedOrBrokenTemplatesAreRejectedWithTheLine() {
        let cases: [(String, Int, String)] = [
            ("a\n{{#open}}\nb\n", 2, "not closed"),
            ("a\n{{/close}}\n", 2, "closes no open section"),
            ("{{#a}}\n{{/b}}\n", 2, "closes no open section"),
            ("x\ny {{name\n}}", 2, "not closed on its line"),
            ("{{=<% %>=}}", 1, "unsupported tag"),
            ("{{a.b}}", 1, "not a supported name"),
            ("{{%CONTENT_TYPE:HTML}}", 1, "unsupported pragma"),
            ("{{}}", 1, "empty tag"),
            ("a\n  {{> Record}}\n", 2, "indented partial"),
        ]
        for (template, line, reason) in cases {
            var library = TemplateLibrary()
            do {
                try library.register(template, named: "T")
                Issue.record("\(template.debugDescription) was accepted")
            } catch {
                #expect(error.line == line, "\(template.debugDescription)")
                #expect(error.reason.contains(reason), "\(template.debugDescription): \(error.reason)")
            }
        }
        var library = TemplateLibrary()
        #expect(throws: TemplateError.self) {
            try library.register("{{> Missing}}", named: "T")
            try library.validate()
        }
    }

    @Test func partialCyclesStop() throws {
        var library = TemplateLibrary()
        try library.register("a{{> B}}", named: "A")
        try library.register("b{{> A}}", named: "B")
        try library.validate()
        let output = String(decoding: library.render("A", Values([:])), as: UTF8.self)
        #expect(output.hasPrefix("abab"))
        #expect(output.count < 100)
    }

    /// The whole client rendered by the engine and by swift-mustache: identical files.
    func expectSameAsMustache(_ model: DocModel, configuration: GeneratorConfiguration = GeneratorConfiguration()) throws {
        let ours = try Generator(configuration: configuration).generate(model)
        var reference = Generator(configuration: configuration)
        reference.engine = try mustacheEngine()
        let theirs = try reference.generate(model)
        #expect(ours.files.map(\.path) == theirs.files.map(\.path))
        for (mine, other) in zip(ours.files, theirs.files) where mine != other {
            Issue.record("\(mine.path) differs from swift-mustache's rendering")
        }
        #expect(ours.files.count > 5)
    }

    @Test func fixtureClientRendersAsWithMustache() throws {
        try expectSameAsMustache(Fixtures.model, configuration: Fixtures.configuration)
        var internalAccess = Fixtures.configuration
        internalAccess.accessModifier = .internal
        try expectSameAsMustache(Fixtures.model, configuration: internalAccess)
        // The standalone package too (Package.swift, the umbrella file).
        var reference = Generator(configuration: Fixtures.configuration)
        reference.engine = try mustacheEngine()
        let generator = Generator(configuration: Fixtures.configuration)
        let output = try generator.generate(Fixtures.model)
        let runtime = Generator.RuntimeDependency.url("https://example.com/swift-bitrix24", from: "0.1.0")
        #expect(
            try generator.packageFiles(for: output, runtime: runtime, packageName: "Client")
                == reference.packageFiles(for: reference.generate(Fixtures.model), runtime: runtime, packageName: "Client")
        )
    }

    @Test func docsCacheClientRendersAsWithMustache() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let model = try DocSet.load(directory: root.appending(path: "docs-cache"))
        #expect(model.pages.count >= 45)
        try expectSameAsMustache(model)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["B24_CORPUS"] != nil, "set B24_CORPUS to render the corpus with both engines"))
    func corpusClientRendersAsWithMustache() throws {
        try expectSameAsMustache(try CorpusTests.model())
    }
}
