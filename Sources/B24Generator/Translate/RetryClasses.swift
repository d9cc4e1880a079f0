import B24DocModel

/// How the runtime may repeat a method after a failure that may have reached the portal — decided from what the
/// method's page says it does (the parser's ``Evidence``: reads, creates, modifies, deletes, consumes, positional),
/// checked against the verb of its name, conservatively: where the two disagree the less repeatable class wins.
/// The configuration's `retryClasses` overrides both. A pure function, table-tested; `b24gen stats --retry-classes`
/// and the listing the generator writes (`Sources/Generated/RETRY-CLASSES.md`) show every method's class and why.
enum RetryClassifier {
    /// A method's class (a member of `Bitrix24MethodInfo.RetryClass`) and why.
    struct Decision: Sendable, Equatable, Codable {
        var retryClass: String
        var source: Source
        var reason: String
    }

    enum Source: String, Sendable, Equatable, Codable {
        case configuration, evidence, name
    }

    /// The runtime's classes, least repeatable first.
    static let classes = ["write", "consumingRead", "delete", "idempotentWrite", "read"]

    static func rank(_ retryClass: String) -> Int { classes.firstIndex(of: retryClass) ?? 0 }

    static func classify(_ page: Page, override: String?) -> Decision {
        if let override, classes.contains(override) {
            return Decision(retryClass: override, source: .configuration, reason: "set in the configuration")
        }
        let fromName = nameClass(page.name ?? "")
        guard let fromEvidence = evidenceClass(page.evidence) else {
            guard let fromName else {
                return Decision(retryClass: "write", source: .name, reason: "nothing on the page or in the name says it is safe to repeat")
            }
            return Decision(retryClass: fromName.retryClass, source: .name, reason: fromName.reason + " (the page states no effect)")
        }
        guard let fromName, rank(fromName.retryClass) < rank(fromEvidence.retryClass) else { return fromEvidence }
        return Decision(
            retryClass: fromName.retryClass, source: .name,
            reason: "\(fromName.reason), which is less safe to repeat than the page's '\(fromEvidence.reason)'"
        )
    }

    /// The class the page's evidence calls for: consumes › positional › creates › deletes › modifies › reads.
    static func evidenceClass(_ evidence: [Evidence]) -> Decision? {
        let order: [(Evidence.Kind, String)] = [
            (.consumes, "consumingRead"), (.positional, "write"), (.creates, "write"), (.deletes, "delete"),
            (.modifies, "idempotentWrite"), (.reads, "read"),
        ]
        for (kind, retryClass) in order {
            if let found = evidence.first(where: { $0.kind == kind }) {
                return Decision(retryClass: retryClass, source: .evidence, reason: "\(kind.rawValue): \(found.reason)")
            }
        }
        return nil
    }

    /// The class the verb of the name's last segment suggests, when it is a verb this knows.
    static func nameClass(_ name: String) -> Decision? {
        let leaf = (name.split(separator: ".").last.map(String.init) ?? name).lowercased()
        for (verbs, retryClass) in verbs where verbs.contains(where: { leaf == $0 || leaf.hasPrefix($0) }) {
            let verb = verbs.first { leaf == $0 || leaf.hasPrefix($0) } ?? leaf
            return Decision(retryClass: retryClass, source: .name, reason: "the name's verb '\(verb)'")
        }
        return nil
    }

    /// The rule before the pages' evidence was read: a prefix of the name's last segment (reads, then
    /// update-like writes, else a write). Kept to show which classes the evidence changed.
    static func legacyClass(_ name: String) -> String {
        let leaf = (name.split(separator: ".").last.map(String.init) ?? name).lowercased()
        let reads = ["get", "list", "fields", "search", "count", "current", "status", "info", "version"]
        let idempotent = ["update", "delete", "set", "unbind", "remove", "clear", "edit"]
        if reads.contains(where: { leaf == $0 || leaf.hasPrefix($0) }) { return "read" }
        if idempotent.contains(where: { leaf == $0 || leaf.hasPrefix($0) }) { return "idempotentWrite" }
        return "write"
    }

    /// Verbs of method names, by the class they suggest (checked in this order).
    static let verbs: [([String], String)] = [
        (["add", "create", "send", "start", "register", "import", "upload", "copy", "attach", "post", "execute", "notify",
          "append", "duplicate", "clone", "answer", "invite", "join", "convert", "log"], "write"),
        (["delete", "remove", "unregister", "unbind", "kill", "clear"], "delete"),
        (["update", "set", "edit", "change", "rename", "move", "complete", "pin", "unpin", "enable", "disable", "bind",
          "mark", "hide", "show", "mute", "unmute", "approve", "pause", "renew", "close", "open", "read", "unread"], "idempotentWrite"),
        (["get", "list", "fields", "search", "count", "current", "status", "info", "version", "check", "is", "has", "find"], "read"),
    ]
}
