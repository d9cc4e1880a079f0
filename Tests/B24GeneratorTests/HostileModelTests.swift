import B24DocModel
import Foundation
import Testing
@testable import B24Generator

/// A model full of what the docs of sections we have never seen could hold: keywords and non-identifiers
/// as names, names differing only in case, duplicates, empty names, unknown types, deep nesting, text that
/// could break a comment or a literal. The generator must go on, report, and emit Swift that builds in
/// Swift 6 mode with warnings as errors.
enum HostileModel {
    static let nastyText = "Ends a comment */ or opens one /* ; a {{template}} tag; \"quotes\", back\\slash, \\u{41}, tab\there, CR\r\nLF, NUL\u{0} DEL\u{7F}, ``` fence, emoji 😀, RTL \u{202E}txet"

    static func parameters(depth: Int) -> [Parameter] {
        var rows: [Parameter] = [
            Parameter(name: "class", type: "integer", required: true, description: nastyText),
            Parameter(name: "Class", type: "string"),
            Parameter(name: "self", type: "boolean"),
            Parameter(name: "Type", type: "char"),
            Parameter(name: "init", type: "date"),
            Parameter(name: "default", type: "datetime", required: true),
            Parameter(name: "_", type: "double"),
            Parameter(name: "", type: "string", description: "a row without a name"),
            Parameter(name: "123abc", type: "integer | null"),
            Parameter(name: "a-b c", type: "string[]"),
            Parameter(name: "data.FIELDS", type: "object"),
            Parameter(name: "crm_contact[]", type: "crm_contact[]"),
            Parameter(name: "UF_CRM_...", type: "any"),
            Parameter(name: "PARENT_ID_xxx", type: "crm_entity"),
            Parameter(name: "имя", type: "text"),
            Parameter(name: "rawValue", type: "file"),
            Parameter(name: "documentedKeys", type: "timestamp"),
            Parameter(name: "weird", type: "map<string, list<int>>!!"),
            Parameter(name: "status", type: "string", values: [
                PossibleValue(value: "", description: "empty"), PossibleValue(value: "1C"), PossibleValue(value: "Y"),
                PossibleValue(value: "y"), PossibleValue(value: "class"), PossibleValue(value: "\"quoted\\\""),
                PossibleValue(value: "1C", description: "duplicate"), PossibleValue(value: nastyText),
            ]),
            Parameter(name: "flag", type: "char", values: [PossibleValue(value: "Y"), PossibleValue(value: "N"), PossibleValue(value: "D")]),
        ]
        if depth > 0 {
            rows.append(Parameter(name: "nested", type: "object", description: "level \(depth)", nestedAnchor: "nested-\(depth)", children: parameters(depth: depth - 1)))
            rows.append(Parameter(name: "NESTED", type: "object[]", children: parameters(depth: depth - 1)))
        }
        return rows
    }

    static let errors = [
        ErrorCode(code: "", description: "no code"), ErrorCode(code: "ACCESS_DENIED"), ErrorCode(code: "access_denied"),
        ErrorCode(code: "123"), ErrorCode(code: "a b-c"), ErrorCode(code: "Empty value"), ErrorCode(code: "\"quoted\""),
        ErrorCode(code: "class"), ErrorCode(code: nastyText), ErrorCode(code: "QUERY_LIMIT_EXCEEDED", httpStatus: 503, system: true),
    ]

    static func method(_ name: String?, path: String, deprecated: Bool = false, depth: Int = 1) -> Page {
        Page(
            path: path, kind: .restMethod, name: name, title: nastyText, scopes: ["crm", "", nastyText],
            whoCan: nastyText, deprecated: deprecated,
            deprecation: deprecated ? Deprecation(message: nastyText, replacement: "crm.item.\"add\"") : nil,
            summary: nastyText, parameters: parameters(depth: depth),
            returns: [
                Field(name: "result", type: "object", children: [
                    Field(name: "class", type: "integer"), Field(name: "", type: "string"), Field(name: "items", type: "object[]", children: [
                        Field(name: "ID", type: "integer"), Field(name: "id", type: "string"),
                    ]),
                ]),
                Field(name: "total", type: "integer"), Field(name: "next", type: "integer"),
            ],
            errors: errors
        )
    }

    static var model: DocModel {
        var pages: [Page] = []
        let methodNames: [String?] = [
            "crm.deal.add", "crm.deal.add", "CRM.Deal.Add", "crm.deal", "class.struct.func", "1c.import.run", "user.get", "User.Get",
            "a..b", "", nil, "crm.deal.add ", "тест.метод", "placement.call", "placement.bindEvent", "batch", "scope", "methods",
            "event.bind", "self", "init", "client", "call.start", "protocol.Type.self", "x.y-z.w", "telephony.externalcall.register",
            "telephony.externalCall.register", "main", "Bitrix24Client.method", "a.b.c.d.e.f.g.h",
        ]
        for (index, name) in methodNames.enumerated() {
            // One method nests six levels deep (two nested tables per level); the rest, one level.
            pages.append(method(name, path: "api-reference/hostile/method-\(index).html", deprecated: index % 3 == 0, depth: index == 4 ? 6 : 1))
        }
        let eventNames: [String?] = ["onCrmDealAdd", "ONCRMDEALADD", "on.weird-name", "", nil, "class", "onUnknown Event", "Bitrix24Event", "unknown"]
        for (index, name) in eventNames.enumerated() {
            pages.append(Page(
                path: "api-reference/hostile/event-\(index).html", kind: .restEvent, name: name, title: nastyText,
                scopes: ["crm"], deprecated: index == 0, summary: nastyText, parameters: parameters(depth: 1), errors: errors
            ))
        }
        let commandNames: [String?] = ["CallCardSetHold", "callCardSetHold", "class", "", nil, "Call Card::Set", "request"]
        for (index, name) in commandNames.enumerated() {
            pages.append(Page(
                path: "api-reference/hostile/command-\(index).html", kind: .placementCommand, name: name, title: nastyText,
                summary: nastyText, placement: index == 0 ? "PAGE_BACKGROUND_WORKER" : nastyText, parameters: parameters(depth: 1)
            ))
        }
        let placementEventNames: [String?] = ["BackgroundCallCard::holdButtonClick", "::", "a::b::c", "", nil, "class::self", "BackgroundCallCard::HoldButtonClick"]
        for (index, name) in placementEventNames.enumerated() {
            pages.append(Page(
                path: "api-reference/hostile/placement-event-\(index).html", kind: .placementEvent, name: name, title: nastyText,
                summary: nastyText, placement: nastyText, parameters: parameters(depth: 1)
            ))
        }
        return DocModel(pages: pages)
    }
}

@Suite struct HostileModelTests {
    @Test func everyEntryPointIsGeneratedOrReported() throws {
        let model = HostileModel.model
        let output = try Generator().generate(model)
        let generated = output.coverage.entryPoints.reduce(0) { $0 + $1.count }
        #expect(generated + output.coverage.skipped.count == model.pages.count, "every page has an entry point or a reason")
        // The pages without a name, with a name that is no identifier path, or with a name another page
        // has (in any case) are the ones skipped, each with its reason.
        #expect(generated == 30)
        for skipped in output.coverage.skipped {
            let expected = ["names no", "is not a valid", "duplicate of"].contains { skipped.reason.contains($0) }
            #expect(expected, "\(skipped.path): \(skipped.reason)")
        }
        #expect(output.diagnostics.count >= 20, "renames and oddities are reported")
        for file in output.files {
            let controls = file.contents.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F }
            #expect(controls.isEmpty, "\(file.path): control characters \(controls.map { $0.value })")
        }
        // Determinism holds here too.
        var reversed = model
        reversed.pages.reverse()
        #expect(try Generator().generate(reversed).files == output.files)
    }

    /// The standalone package for the hostile model builds: Swift 6 mode, warnings as errors.
    @Test(.timeLimit(.minutes(10))) func hostileClientBuildsWithoutWarnings() throws {
        let generator = Generator(configuration: GeneratorConfiguration(layout: .modules(prefix: "Hostile")))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let files = try generator.packageFiles(
            for: generator.generate(HostileModel.model), runtime: .path(root.standardizedFileURL.path(percentEncoded: false)),
            packageName: "Hostile"
        )
        let directory = FileManager.default.temporaryDirectory.appending(path: "b24-hostile-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: directory)
        var keep = false
        defer { if !keep { try? FileManager.default.removeItem(at: directory) } }
        for file in files {
            let url = directory.appending(path: file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: url)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "build", "--package-path", directory.path(percentEncoded: false), "-Xswiftc", "-warnings-as-errors"]
        let log = directory.appending(path: "build.log")
        #expect(FileManager.default.createFile(atPath: log.path(percentEncoded: false), contents: nil))
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let output = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
        keep = process.terminationStatus != 0 || output.contains("warning:")
        #expect(process.terminationStatus == 0, "the hostile client does not build (kept in \(directory.path)):\n\(output.suffix(6_000))")
        #expect(!output.contains("warning:"), "warnings (kept in \(directory.path)):\n\(output.suffix(6_000))")
    }
}
