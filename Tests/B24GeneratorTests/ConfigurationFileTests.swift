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

@Suite struct FileSlotsTests {
    @Test func everySlotIsWrittenAndNothingIsLost() {
        let files = (0..<5).map { GeneratedFile(path: "F\($0).swift", contents: "let v\($0) = \($0)\n") }
        let slots = FileSlots.pack(files, into: ["A.swift", "B.swift", "C.swift", "D.swift", "E.swift", "F.swift", "G.swift"])
        #expect(slots.map(\.path) == ["A.swift", "B.swift", "C.swift", "D.swift", "E.swift", "F.swift", "G.swift"])
        let all = slots.map(\.contents).joined()
        for index in 0..<5 { #expect(all.contains("let v\(index) = \(index)\n")) }
        #expect(slots.allSatisfy { $0.contents.hasPrefix("// Generated by b24gen") })
    }

    @Test func oneSlotHoldsEverythingInPathOrder() {
        let files = [GeneratedFile(path: "b.swift", contents: "let b = 2\n"), GeneratedFile(path: "a.swift", contents: "let a = 1")]
        let slots = FileSlots.pack(files, into: ["Client.swift"])
        #expect(slots.count == 1)
        let text = slots[0].contents
        let a = text.range(of: "let a = 1\n")
        let b = text.range(of: "let b = 2\n")
        #expect(a != nil && b != nil)
        if let a, let b { #expect(a.lowerBound < b.lowerBound) }
        #expect(FileSlots.pack(files, into: []).isEmpty)
    }
}
