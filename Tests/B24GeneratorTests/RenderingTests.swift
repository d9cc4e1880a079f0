import B24DocModel
@testable import B24GenCommands
import Bitrix24Core
import Foundation
import Testing
@testable import B24Generator

/// Properties every rendering must have, whatever the input.
@Suite struct RenderingTests {
    static func generate(_ model: DocModel = Fixtures.model) throws -> GeneratorOutput {
        try Generator(configuration: Fixtures.configuration).generate(model)
    }

    @Test func noTemplateSyntaxOrEmptyNameIsLeft() throws {
        let output = try Self.generate()
        let emptyNamePatterns = [
            "func (", "func <", "var :", "let :", "case (", "struct :", "struct  ", "enum  ", "enum {", "extension  ", "extension {",
            "typealias  ", "static let :", ": ?", "<>", "init(: ", "(: ", ", :", ".()", "name: \"\"",
        ]
        for file in output.files {
            #expect(!file.contents.contains("{{"), "\(file.path) has a leftover {{")
            #expect(!file.contents.contains("}}"), "\(file.path) has a leftover }}")
            for pattern in emptyNamePatterns {
                #expect(!file.contents.contains(pattern), "\(file.path) contains '\(pattern)' (an empty name)")
            }
            #expect(file.contents.hasSuffix("\n") && !file.contents.hasSuffix("\n\n"), "\(file.path) ends badly")
            #expect(!file.contents.split(separator: "\n").contains { $0.last == " " }, "\(file.path) has trailing spaces")
        }
    }

    @Test func templatesStartWithTheTextPragma() {
        for name in Renderer.templateNames {
            let text = EmbeddedResources.files["Templates/\(name).mustache"] ?? ""
            #expect(text.hasPrefix("{{%CONTENT_TYPE:TEXT}}"), "\(name)")
        }
    }

    @Test func outputDoesNotDependOnPageOrder() throws {
        let first = try Self.generate()
        var reversed = Fixtures.model
        reversed.pages.reverse()
        let second = try Self.generate(reversed)
        #expect(first.files == second.files)
        #expect(first.diagnostics == second.diagnostics)
    }

    @Test func filesAreSplitUnderTheLineLimit() throws {
        var configuration = Fixtures.configuration
        configuration.maxLinesPerFile = 120
        let output = try Generator(configuration: configuration).generate(Fixtures.model)
        let deal = output.files.filter { $0.path.hasPrefix("Bitrix24CRM/CRM.Deal") }.map(\.path)
        #expect(deal.count > 1)
        #expect(Set(output.files.map(\.path)).count == output.files.count)
        for file in output.files where file.path.hasPrefix("Bitrix24CRM/CRM.Deal") {
            // A unit larger than the limit stays whole; none here is.
            #expect(file.contents.split(separator: "\n", omittingEmptySubsequences: false).count <= 200, "\(file.path)")
        }
    }

    @Test func writesOnlyWhatChangedAndCheckSeesDrift() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "b24gen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try Self.generate()
        let first = try OutputWriter.write(output.files, to: directory)
        #expect(first.count == output.files.count && first.allSatisfy { $0.kind == .added })
        let second = try OutputWriter.write(output.files, to: directory)
        #expect(second.isEmpty)
        // Drift: one file edited, one stale file added.
        let edited = directory.appending(path: output.files[0].path)
        try Data("// edited\n".utf8).write(to: edited)
        try Data("// stale\n".utf8).write(to: directory.appending(path: "Bitrix24CRM/Stale.swift"))
        let drift = OutputWriter.changes(output.files, in: directory)
        #expect(drift == [
            OutputWriter.Change(kind: .modified, path: output.files[0].path),
            OutputWriter.Change(kind: .removed, path: "Bitrix24CRM/Stale.swift"),
        ].sorted { $0.path < $1.path })
        try OutputWriter.write(output.files, to: directory)
        #expect(OutputWriter.changes(output.files, in: directory).isEmpty)
    }

    @Test func standalonePackageDependsOnTheRuntime() throws {
        var configuration = Fixtures.configuration
        configuration.layout = .modules(prefix: "Portal")
        let generator = Generator(configuration: configuration)
        let output = try generator.generate(Fixtures.model)
        let files = try generator.packageFiles(for: output, runtime: .url("https://example.com/me/swift-bitrix24.git", from: "1.2.0"), packageName: "Portal")
        let paths = Set(files.map(\.path))
        #expect(paths.contains("Package.swift"))
        #expect(paths.contains("Sources/Portal/Exports.swift"))
        #expect(paths.contains("Sources/PortalCommon/Exports.swift"))
        #expect(paths.contains("Sources/PortalCRM/CRM.Deal.swift"))
        #expect(!paths.contains { $0.hasPrefix("Sources/Bitrix24") }, "module names never clash with the runtime package's")
        let manifest = files.first { $0.path == "Package.swift" }?.contents ?? ""
        #expect(manifest.hasPrefix("// swift-tools-version: 6.1\n"))
        #expect(manifest.contains(".swiftLanguageMode(.v6)"))
        #expect(manifest.contains(#".package(url: "https://example.com/me/swift-bitrix24.git", from: "1.2.0")"#))
        #expect(manifest.contains(#"dependencies: ["PortalCommon", .product(name: "Bitrix24Core", package: "swift-bitrix24")]"#))
        #expect(manifest.contains(#".library(name: "PortalCRM", targets: ["PortalCRM"])"#))
        let local = try generator.packageFiles(for: output, runtime: .path("/src/My-Checkout"), packageName: "Portal")
        #expect(local.first { $0.path == "Package.swift" }?.contents.contains(#"package: "my-checkout""#) == true)
    }

    @Test func scopeModulesFollowTheFamiliesAndTheManifestBlockFollowsThem() throws {
        let output = try Self.generate()
        #expect(output.modules.map(\.name) == [
            "Bitrix24CRM", "Bitrix24Platform", "Bitrix24Telephony", "Bitrix24Common", "Bitrix24",
        ])
        let manifest = "a\n" + ManifestBlock.block(for: []) + "\nb\n"
        let updated = try #require(ManifestBlock.updating(manifest, modules: output.modules))
        #expect(updated.contains("    \"Bitrix24CRM\",\n    \"Bitrix24Platform\",\n    \"Bitrix24Telephony\",\n]"))
        #expect(updated.hasPrefix("a\n") && updated.hasSuffix("\nb\n"))
        #expect(ManifestBlock.updating(updated, modules: output.modules) == updated)
        #expect(ManifestBlock.updating("no block", modules: output.modules) == nil)
    }

    @Test func runtimeErrorCodesComeFromTheRuntime() {
        let codes = GeneratorConfiguration.runtimeErrorCodes
        #expect(codes["QUERY_LIMIT_EXCEEDED"] == "queryLimitExceeded")
        #expect(codes["EXPIRED_TOKEN"] == "expiredToken")
        #expect(codes.count == Bitrix24ErrorCode.Declared.allCases.count)
    }

    @Test func coverageReportCountsKindsAndSkips() throws {
        let output = try Self.generate()
        #expect(output.coverage.entryPoints.map(\.count) == [5, 0, 1, 1, 1])
        #expect(output.coverage.skipped.map(\.path) == ["api-reference/crm/odd.html"])
        #expect(output.coverage.text.contains("REST-method parameters with a concrete type"))
    }
}

@Suite struct ViewModelLookupTests {
    /// The template keys are derived from the view models' stored properties: each one is a key, with a value of
    /// the kind its Swift type calls for.
    @Test func everyStoredPropertyIsAKey() throws {
        let output = try Generator(configuration: Fixtures.configuration).generate(Fixtures.model)
        let vm = output.viewModel
        var values: [any TemplateModel] = []
        values += vm.namespaces as [any TemplateModel]
        values += vm.methods as [any TemplateModel]
        values += vm.events as [any TemplateModel]
        values += vm.commands as [any TemplateModel]
        values += vm.placementEvents as [any TemplateModel]
        values += vm.errorCodes as [any TemplateModel]
        values += vm.directoryTypes as [any TemplateModel]
        for method in vm.methods {
            values += method.arguments as [any TemplateModel]
            values.append(method.nested)
            values += method.nested.records as [any TemplateModel]
            values += method.nested.valueSets as [any TemplateModel]
            for record in method.nested.records { values += record.properties as [any TemplateModel] }
            for set in method.nested.valueSets { values += set.constants as [any TemplateModel] }
        }
        #expect(values.count > 20)
        for value in values {
            let object = value.templateObject
            for child in Mirror(reflecting: value).children {
                guard let label = child.label else { continue }
                let found = object.value(forKey: label)
                #expect(found != nil, "\(type(of: value)).\(label) is not a template key")
                switch (child.value, found) {
                case (let text as String, .text(let encoded)?): #expect(text == encoded)
                case (let flag as Bool, .flag(let encoded)?): #expect(flag == encoded)
                case (let lines as [String], .texts(let encoded)?): #expect(lines == encoded)
                case (_ as String, _), (_ as Bool, _): Issue.record("\(type(of: value)).\(label) has the wrong kind of value")
                default: break
                }
            }
        }
    }
}
