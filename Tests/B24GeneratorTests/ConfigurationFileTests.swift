import B24DocModel
import Foundation
import Testing

@testable import B24Generator

@Suite struct ConfigurationFileTests {
    static func parse(_ json: String) throws -> ConfigurationFile {
        try ConfigurationFile.parse(Data(json.utf8))
    }

    static func error(_ json: String) -> ConfigurationFile.Error? {
        do {
            _ = try parse(json)
            return nil
        } catch let error as ConfigurationFile.Error {
            return error
        } catch {
            return nil
        }
    }

    @Test func readsEveryKey() throws {
        let file = try Self.parse("""
            {"accessModifier": "package", "scopes": ["crm"], "methods": ["crm.deal.*"], "exclude": ["crm.deal.delete"],
             "nameOverrides": {"member:ASSIGNED_BY_ID": "assigneeID"},
             "typeOverrides": {"CRM_Status": {"swiftName": "StageCode", "base": "String"}},
             "patches": [{"id": "p1", "reason": "typed as string on the page", "page": "a.html", "parameter": "fields.X", "set": {"type": "double", "required": true}}]}
            """)
        #expect(file.accessModifier == .package)
        #expect(file.scopes == ["crm"])
        #expect(file.methods == ["crm.deal.*"])
        #expect(file.exclude == ["crm.deal.delete"])
        #expect(file.nameOverrides == ["member:ASSIGNED_BY_ID": "assigneeID"])
        #expect(file.typeOverrides["crm_status"] == .init(swiftName: "StageCode", base: .string))
        #expect(file.patches.count == 1)
        #expect(file.patches.first?.set.type == "double")
        #expect(file.patches.first?.set.required == true)
        let configuration = file.apply(to: GeneratorConfiguration())
        #expect(configuration.accessModifier == .package)
        #expect(configuration.nameOverrides["member:ASSIGNED_BY_ID"] == "assigneeID")
        #expect(configuration.typeOverrides["crm_status"]?.swiftName == "StageCode")
    }

    @Test(arguments: [
        (#"{"acessModifier": "public"}"#, "acessModifier"),
        (#"{"typeOverrides": {"user": {"swiftName": "U", "bse": "Int"}}}"#, "typeOverrides.user.bse"),
        (#"{"patches": [{"id": "a", "reason": "r", "page": "p", "set": {"tpye": "x"}}]}"#, "patches[0].set.tpye"),
        (#"{"accessModifier": "open"}"#, "accessModifier"),
        (#"{"scopes": "crm"}"#, "scopes"),
        (#"{"patches": [{"id": "a", "page": "p", "set": {}}]}"#, "patches[0].reason"),
        (#"{"patches": [{"id": "a", "reason": "r", "page": "p", "set": {"remove": "yes"}}]}"#, "patches[0].set.remove"),
        (#"{"nameOverrides": {"ASSIGNED_BY_ID": "x"}}"#, "nameOverrides.ASSIGNED_BY_ID"),
        (#"[1, 2]"#, ""),
        (#"{"#, ""),
    ])
    func rejectsBadFilesNamingTheKey(json: String, path: String) {
        let error = Self.error(json)
        #expect(error != nil, "accepted \(json)")
        #expect(error?.path == path, "\(String(describing: error))")
    }

    @Test func patchesApplyAndUnmatchedPatchesAreErrors() throws {
        let model = DocModel(pages: [
            Page(path: "a.html", kind: .restMethod, name: "crm.deal.add", parameters: [
                Parameter(name: "fields", type: "object", children: [Parameter(name: "OPPORTUNITY", type: "string")]),
            ]),
        ])
        let file = try Self.parse("""
            {"patches": [
              {"id": "fix", "reason": "the page says string", "page": "a.html", "parameter": "fields.OPPORTUNITY", "set": {"type": "double"}},
              {"id": "gone", "reason": "r", "page": "a.html", "parameter": "fields.NOPE", "set": {"type": "double"}},
              {"id": "nopage", "reason": "r", "page": "b.html", "set": {"kind": "other"}}
            ]}
            """)
        let (patched, diagnostics) = file.transform(model)
        #expect(patched.pages[0].parameters[0].children[0].type == "double")
        #expect(diagnostics.filter { $0.severity == .error }.map(\.message).sorted() == [
            "patch gone matches no parameter fields.NOPE", "patch nopage matches no page",
        ])
        #expect(diagnostics.contains { $0.severity == .note && $0.message.contains("patch fix applied: the page says string") })
    }

    @Test func filtersKeepWhatTheSelectionUsesAndReportWhatTheyDrop() throws {
        let model = DocModel(pages: [
            Page(path: "1.html", kind: .restMethod, name: "crm.deal.add", scopes: ["crm"]),
            Page(path: "2.html", kind: .restMethod, name: "crm.deal.delete", scopes: ["crm"]),
            Page(path: "3.html", kind: .restMethod, name: "user.get", scopes: ["user"]),
            Page(path: "4.html", kind: .placementCommand, name: "CallCardSetHold", scopes: ["telephony"]),
            Page(path: "5.html", kind: .restMethod, name: "placement.call", scopes: ["placement"]),
            Page(path: "6.html", kind: .restMethod, name: "placement.bind", scopes: ["placement"]),
            Page(path: "7.html", kind: .overview, name: nil),
        ])
        let file = try Self.parse(#"{"methods": ["crm.deal.*", "callcardsethold"], "exclude": ["CRM.DEAL.DELETE"]}"#)
        let (filtered, diagnostics) = file.transform(model)
        #expect(filtered.pages.map(\.path) == ["1.html", "4.html", "5.html", "7.html"])
        #expect(diagnostics.contains { $0.path == "5.html" && $0.message.contains("kept placement.call") })
        #expect(diagnostics.contains { $0.message == "filters keep 3 entry points and drop 3" })

        let byScope = try Self.parse(#"{"scopes": ["user"]}"#).transform(model).0
        #expect(byScope.pages.map(\.path) == ["3.html", "7.html"])
    }

    @Test(arguments: [
        ("crm.deal.add", "crm.deal.*", true), ("crm.deal.add", "CRM.*.ADD", true), ("crm.deal.add", "crm.deal", false),
        ("crm.deal.add", "*", true), ("crm.deal.add", "crm.deal.add*", true), ("crm.dealer.add", "crm.deal.*", false),
    ])
    func patterns(name: String, pattern: String, expected: Bool) {
        #expect(ConfigurationFile.matches(name, pattern: pattern) == expected)
    }
}

@Suite struct SingleTargetLayoutTests {
    /// The build plugin's layout: each page's code in the file named for it, the rest in the shared file, every
    /// named file written (an unused one with its header only).
    @Test func eachPageGoesToItsOwnFile() throws {
        var configuration = Fixtures.configuration
        let pageFiles = [
            Fixtures.dealAdd.path: "Page_deal_add.swift", Fixtures.setHold.path: "Page_set_hold.swift", "gone.html": "Page_gone.swift",
        ]
        configuration.layout = .singleTarget(pageFiles: pageFiles, sharedFile: "Bitrix24Client.swift")
        let output = try Generator(configuration: configuration).generate(Fixtures.model)
        #expect(output.files.map(\.path) == ["Bitrix24Client.swift", "Page_deal_add.swift", "Page_gone.swift", "Page_set_hold.swift"])
        let add = try #require(output.files.first { $0.path == "Page_deal_add.swift" }).contents
        #expect(add.contains("// MARK: - crm.deal.add"))
        #expect(!add.contains("// MARK: - crm.deal.list"), "only the page's own code")
        #expect(try #require(output.files.first { $0.path == "Page_set_hold.swift" }).contents.contains("callCardSetHold"))
        let gone = try #require(output.files.first { $0.path == "Page_gone.swift" }).contents
        #expect(gone.hasPrefix("// Generated by b24gen") && !gone.contains("extension"))
        let shared = try #require(output.files.first { $0.path == "Bitrix24Client.swift" }).contents
        #expect(shared.contains("// MARK: - crm.deal.list"), "pages without a file of their own go to the shared file")
        #expect(shared.contains("public struct CRMAPI: Sendable {"))
        #expect(!shared.contains("import Bitrix24Common"), "one target: nothing to import but the runtime")
        #expect(output.modules.isEmpty)
    }
}
