import B24DocModel
import Foundation

/// The generator's configuration file (`bitrix24-generator.json`), read by the CLI and by the build
/// plugin. JSON, so that a plugin could read it with Foundation alone. Unknown keys are rejected.
///
/// ```json
/// {
///   "accessModifier": "public",
///   "scopes": ["crm", "telephony"],
///   "methods": ["crm.deal.*", "CallCardSetHold"],
///   "exclude": ["crm.deal.delete"],
///   "nameOverrides": { "member:ASSIGNED_BY_ID": "assigneeID" },
///   "typeOverrides": { "crm_status": { "swiftName": "CRMStatusID", "base": "String" } },
///   "patches": [ { "id": "deal-add-opportunity", "reason": "the page types it as string",
///                  "page": "api-reference/crm/deals/crm-deal-add.html",
///                  "parameter": "fields.OPPORTUNITY", "set": { "type": "double" } } ]
/// }
/// ```
public struct ConfigurationFile: Sendable, Equatable {
    /// A fix for a known error in the documentation, keyed by a stable id, with the reason beside it.
    public struct Patch: Sendable, Equatable {
        /// What a patch changes on the node it selects.
        public struct Changes: Sendable, Equatable {
            public var type: String?
            public var required: Bool?
            public var name: String?
            public var kind: PageKind?
            public var remove: Bool
        }

        public var id: String
        public var reason: String
        /// The page path the patch applies to.
        public var page: String
        /// A dotted path to a parameter (`fields.OPPORTUNITY`); `nil` patches the page itself.
        public var parameter: String?
        public var set: Changes
    }

    public var accessModifier: GeneratorConfiguration.AccessModifier?
    /// Keep only pages with one of these scopes (empty: all).
    public var scopes: [String]
    /// Keep only entry points whose name matches one of these patterns (`*` matches any run of characters; empty: all).
    public var methods: [String]
    /// Drop entry points whose name matches one of these patterns.
    public var exclude: [String]
    public var nameOverrides: [String: String]
    public var typeOverrides: [String: GeneratorConfiguration.DirectoryType]
    public var patches: [Patch]
    /// Retry classes set by hand, by method name (`"event.offline.get": "consumingRead"`).
    public var retryClasses: [String: String] = [:]

    public init(
        accessModifier: GeneratorConfiguration.AccessModifier? = nil, scopes: [String] = [], methods: [String] = [],
        exclude: [String] = [], nameOverrides: [String: String] = [:],
        typeOverrides: [String: GeneratorConfiguration.DirectoryType] = [:], patches: [Patch] = []
    ) {
        self.accessModifier = accessModifier
        self.scopes = scopes
        self.methods = methods
        self.exclude = exclude
        self.nameOverrides = nameOverrides
        self.typeOverrides = typeOverrides
        self.patches = patches
    }

    /// A configuration file that cannot be used, with the key path and the reason.
    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { path.isEmpty ? message : "\(path): \(message)" }

        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }

        /// The error as a diagnostic about `file` (the key path as its context).
        public func diagnostic(file: String) -> Diagnostic {
            Diagnostic(path: file, line: 0, severity: .error, message: message, context: path.isEmpty ? nil : path)
        }
    }

    // MARK: Reading

    /// Parses the file's bytes. Unknown keys, wrong types and bad values are errors naming the key.
    public static func parse(_ data: Data) throws -> ConfigurationFile {
        let json: ConfigJSON
        do {
            json = try JSONDecoder().decode(ConfigJSON.self, from: data)
        } catch {
            throw Error(path: "", message: "not valid JSON")
        }
        let root = try Reader(json, path: "")
        try root.allow(["accessModifier", "scopes", "methods", "exclude", "nameOverrides", "typeOverrides", "patches", "retryClasses"])
        var file = ConfigurationFile()
        if let access = try root.string("accessModifier") {
            guard let value = GeneratorConfiguration.AccessModifier(rawValue: access) else {
                throw Error(path: "accessModifier", message: "must be \"public\", \"package\" or \"internal\", not \"\(access)\"")
            }
            file.accessModifier = value
        }
        file.scopes = try root.strings("scopes") ?? []
        file.methods = try root.strings("methods") ?? []
        file.exclude = try root.strings("exclude") ?? []
        file.nameOverrides = try root.stringMap("nameOverrides") ?? [:]
        for key in file.nameOverrides.keys.sorted() {
            let parts = key.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, ["namespace", "type", "member", "value", "method"].contains(String(parts[0])) else {
                throw Error(path: "nameOverrides.\(key)", message: "keys are \"<context>:<docs name>\" with context namespace, type, member, value or method")
            }
        }
        file.typeOverrides = try Self.typeOverrides(root)
        file.retryClasses = try root.stringMap("retryClasses") ?? [:]
        for (method, retryClass) in file.retryClasses.sorted(by: { $0.key < $1.key }) where !RetryClassifier.classes.contains(retryClass) {
            throw Error(
                path: "retryClasses.\(method)", message: "must be one of \(RetryClassifier.classes.joined(separator: ", ")), not \"\(retryClass)\""
            )
        }
        file.patches = try Self.patches(root)
        return file
    }

    private static func typeOverrides(_ root: Reader) throws -> [String: GeneratorConfiguration.DirectoryType] {
        var overrides: [String: GeneratorConfiguration.DirectoryType] = [:]
        if let types = try root.object("typeOverrides") {
            for key in types.keys {
                let entry = try types.child(key)
                try entry.allow(["swiftName", "base"])
                guard let swiftName = try entry.string("swiftName"), !swiftName.isEmpty else {
                    throw Error(path: entry.path + ".swiftName", message: "is required")
                }
                let baseText = try entry.string("base") ?? "String"
                guard let base = GeneratorConfiguration.DirectoryBase(rawValue: baseText) else {
                    throw Error(path: entry.path + ".base", message: "must be \"Int\" or \"String\", not \"\(baseText)\"")
                }
                overrides[key.lowercased()] = .init(swiftName: swiftName, base: base)
            }
        }
        return overrides
    }

    private static func patches(_ root: Reader) throws -> [Patch] {
        var result: [Patch] = []
        if let patches = try root.array("patches") {
            var ids = Set<String>()
            for item in patches {
                try item.allow(["id", "reason", "page", "parameter", "set"])
                guard let id = try item.string("id"), !id.isEmpty else { throw Error(path: item.path + ".id", message: "is required") }
                guard ids.insert(id).inserted else { throw Error(path: item.path + ".id", message: "\"\(id)\" is used twice") }
                guard let reason = try item.string("reason"), !reason.isEmpty else {
                    throw Error(path: item.path + ".reason", message: "is required: say why the docs are wrong")
                }
                guard let page = try item.string("page"), !page.isEmpty else { throw Error(path: item.path + ".page", message: "is required") }
                guard let set = try item.object("set") else { throw Error(path: item.path + ".set", message: "is required") }
                try set.allow(["type", "required", "name", "kind", "remove"])
                var changes = Patch.Changes(type: try set.string("type"), required: try set.bool("required"), name: try set.string("name"), kind: nil, remove: try set.bool("remove") ?? false)
                if let kind = try set.string("kind") {
                    guard let value = PageKind(rawValue: kind) else {
                        throw Error(path: set.path + ".kind", message: "unknown page kind \"\(kind)\"")
                    }
                    changes.kind = value
                }
                result.append(Patch(id: id, reason: reason, page: page, parameter: try item.string("parameter"), set: changes))
            }
        }
        return result
    }

    /// The generator configuration this file asks for, over `base`.
    public func apply(to base: GeneratorConfiguration) -> GeneratorConfiguration {
        var configuration = base
        if let accessModifier { configuration.accessModifier = accessModifier }
        configuration.nameOverrides.merge(nameOverrides) { _, new in new }
        configuration.typeOverrides.merge(typeOverrides) { _, new in new }
        configuration.retryOverrides.merge(retryClasses) { _, new in new }
        return configuration
    }
}
