import B24DocModel

/// Scope families: which module an entry point belongs to.
///
/// A REST method's family comes from the first segment of its name (`crm.deal.add` → `crm`), so that a top-level
/// namespace (`b24.crm`) lives in exactly one module; a REST event's from its page's scopes; widget commands and
/// events go where the `placement` namespace goes. Synonyms and the platform's own namespaces are merged by
/// ``GeneratorConfiguration/families`` (`task` → `tasks`, `imbot` → `im`, `app` → `platform`, …); anything else
/// is a family of its own, so sections of the docs this generator has never seen get modules of their own too.
struct Families {
    let table: [String: String]

    init(configuration: GeneratorConfiguration) {
        table = configuration.families
    }

    /// The family of a REST method name (`crm.deal.add` → `crm`; one-word names → `platform`).
    func family(ofMethod name: String) -> String {
        let segments = name.split(separator: ".")
        guard segments.count > 1, let first = segments.first else { return Self.platform }
        return family(ofSegment: String(first))
    }

    /// The family of a first name segment or scope code.
    func family(ofSegment segment: String) -> String {
        let key = segment.lowercased()
        return table[key] ?? key
    }

    /// The family of a REST event: its page's first scope with a known family, else the docs section of its path
    /// (`api-reference/crm/…` → `crm`), else `platform`.
    func family(ofEventPage page: Page) -> String {
        for scope in page.scopes {
            let code = scope.trimmingSpaces().lowercased()
            guard !code.isEmpty, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { continue }
            return family(ofSegment: code)
        }
        let parts = page.path.split(separator: "/")
        if parts.count > 2, parts[0] == "api-reference" {
            let section = String(parts[1]).lowercased()
            if section.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { return family(ofSegment: section) }
        }
        return Self.platform
    }

    /// The family of the platform's own methods (`app.info`, `event.bind`, `placement.call`, `scope`).
    static let platform = "platform"

    /// The default merges: synonyms of one scope, and the platform's namespaces.
    static let defaultTable: [String: String] = {
        var table: [String: String] = [
            "task": "tasks", "tasks": "tasks",
            "imbot": "im", "imopenlines": "im", "imconnector": "im",
            "voximplant": "telephony", "call": "telephony",
            "ctrigger": "crm",
            "humanresourses": "humanresources",
            "user_basic": "user", "user_brief": "user",
        ]
        for namespace in ["app", "access", "basic", "feature", "method", "methods", "scope", "server", "profile",
                          "events", "event", "placement", "userfieldtype", "batch"] {
            table[namespace] = platform
        }
        return table
    }()
}

/// The names a family's module and top-level type get.
struct FamilyNames {
    /// Module names of the runtime and the package's other targets: a family must never take one.
    static let reservedModules: Set<String> = [
        "Bitrix24", "Bitrix24Core", "Bitrix24Common", "Bitrix24Testing", "Bitrix24Logging", "Bitrix24Locking",
    ]

    /// `Bitrix24CRM`, `Bitrix24Tasks` (with `Scope` appended where the name is taken by the package).
    static func moduleName(_ family: String, prefix: String) -> String {
        let base = prefix + Naming.typeName([family])
        return reservedModules.contains(base) || base == prefix ? base + "Scope" : base
    }

    /// `CRMAPI`, `TasksAPI`, `PlatformAPI`: distinct from Foundation's and users' types (`Calendar`, `User`).
    static func typeName(_ family: String) -> String {
        Naming.typeName([family, "api"])
    }
}
