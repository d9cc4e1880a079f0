import B24DocModel
import Foundation
import Testing
@testable import B24Generator

/// The retry class of a method: from its page's evidence, checked against the verb of its name (the less repeatable
/// wins), overridden by the configuration.
@Suite struct RetryClassTests {
    static func page(_ name: String, _ evidence: [(Evidence.Kind, String)]) -> Page {
        Page(path: "p.html", kind: .restMethod, name: name, evidence: evidence.map { Evidence(kind: $0.0, reason: $0.1, line: 1) })
    }

    @Test(arguments: [
        // name, evidence, class, source
        ("crm.deal.get", [(Evidence.Kind.reads, "get")], "read", "evidence"),
        ("crm.deal.add", [(.creates, "add")], "write", "evidence"),
        ("crm.deal.update", [(.modifies, "update")], "idempotentWrite", "evidence"),
        ("crm.deal.delete", [(.deletes, "delete")], "delete", "evidence"),
        // A read that removes what it returns (a queue) is never repeated blindly.
        ("event.offline.get", [(.reads, "get"), (.consumes, "deleted unless clear is 0")], "consumingRead", "evidence"),
        // A write that picks its target by position removes the next item when repeated.
        ("x.item.delete", [(.deletes, "delete"), (.positional, "an @N selector")], "write", "evidence"),
        // An edit that may create something must not run twice.
        ("im.chat.edit", [(.modifies, "edit"), (.creates, "may create a chat")], "write", "evidence"),
        // The name's verb is less safe than the page says: the name wins.
        ("bizproc.event.send", [(.reads, "return")], "write", "name"),
        // No evidence: the name's verb, else a write.
        ("crm.deal.list", [], "read", "name"),
        ("x.frobnicate", [], "write", "name"),
        // Evidence and an unknown verb: the evidence.
        ("access.name", [(.reads, "get")], "read", "evidence"),
    ])
    func classes(name: String, evidence: [(Evidence.Kind, String)], expected: String, source: String) {
        let decision = RetryClassifier.classify(Self.page(name, evidence), override: nil)
        #expect(decision.retryClass == expected, "\(name): \(decision.reason)")
        #expect(decision.source.rawValue == source, "\(name): \(decision.reason)")
        #expect(!decision.reason.isEmpty)
    }

    @Test func theConfigurationOverrides() throws {
        let page = Self.page("crm.deal.add", [(.creates, "add")])
        #expect(RetryClassifier.classify(page, override: "idempotentWrite").retryClass == "idempotentWrite")
        #expect(RetryClassifier.classify(page, override: "nonsense").retryClass == "write", "an unknown class is ignored")
        let file = try ConfigurationFile.parse(Data(#"{"retryClasses": {"crm.deal.add": "read"}}"#.utf8))
        #expect(file.apply(to: GeneratorConfiguration()).retryOverrides == ["crm.deal.add": "read"])
        #expect(throws: ConfigurationFile.Error.self) {
            try ConfigurationFile.parse(Data(#"{"retryClasses": {"crm.deal.add": "sometimes"}}"#.utf8))
        }
    }

    @Test func theGeneratedMetadataAndListingCarryTheClass() throws {
        let page = Page(path: "api-reference/events/event-offline-get.html", kind: .restMethod, name: "event.offline.get",
                        evidence: [Evidence(kind: .consumes, reason: "returned items are deleted unless `clear` is 0", line: 3)])
        let output = try Generator(configuration: Fixtures.configuration).generate(DocModel(pages: [page]))
        #expect(output.viewModel.methods.first?.retryClass == "consumingRead")
        #expect(output.files.contains { $0.contents.contains(#"Bitrix24MethodInfo(name: "event.offline.get", retry: .consumingRead)"#) })
        let listing = try #require(output.files.first { $0.path == "RETRY-CLASSES.md" }).contents
        #expect(listing.contains("| `event.offline.get` | `consumingRead` ◆ (name: `read`) | evidence | consumes: returned items are deleted unless `clear` is 0 |"))
    }
}
