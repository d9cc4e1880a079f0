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
        try root.allow(["accessModifier", "scopes", "methods", "exclude", "nameOverrides", "typeOverrides", "patches"])
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
                file.typeOverrides[key.lowercased()] = .init(swiftName: swiftName, base: base)
            }
        }
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
                file.patches.append(Patch(id: id, reason: reason, page: page, parameter: try item.string("parameter"), set: changes))
            }
        }
        return file
    }

    /// Reads and parses a configuration file.
    public static func load(_ url: URL) throws -> ConfigurationFile {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw Error(path: "", message: "cannot read \(url.path(percentEncoded: false))")
        }
        do { return try parse(data) } catch let error as Error {
            throw Error(path: error.path, message: "\(url.lastPathComponent): \(error.message)")
        }
    }

    /// The generator configuration this file asks for, over `base`.
    public func apply(to base: GeneratorConfiguration) -> GeneratorConfiguration {
        var configuration = base
        if let accessModifier { configuration.accessModifier = accessModifier }
        configuration.nameOverrides.merge(nameOverrides) { _, new in new }
        configuration.typeOverrides.merge(typeOverrides) { _, new in new }
        return configuration
    }

    // MARK: Applying to the model

    /// Applies the patches, then the filters, to `model`. Each patch that matches nothing, and each
    /// entry point a filter drops, is reported, so nothing disappears silently.
    public func transform(_ model: DocModel) -> (DocModel, [Diagnostic]) {
        var model = model
        var diagnostics: [Diagnostic] = []
        for patch in patches {
            guard let index = model.pages.firstIndex(where: { $0.path == patch.page }) else {
                diagnostics.append(Diagnostic(path: patch.page, line: 1, severity: .error, message: "patch \(patch.id) matches no page"))
                continue
            }
            if let parameter = patch.parameter {
                let path = parameter.split(separator: ".").map(String.init)
                if !Self.patch(&model.pages[index].parameters, path: path[...], changes: patch.set) {
                    diagnostics.append(Diagnostic(path: patch.page, line: model.pages[index].line, severity: .error, message: "patch \(patch.id) matches no parameter \(parameter)"))
                    continue
                }
            } else {
                if let kind = patch.set.kind { model.pages[index].kind = kind }
                if let name = patch.set.name { model.pages[index].name = name }
                if patch.set.remove { model.pages[index].kind = .other }
            }
            diagnostics.append(Diagnostic(path: patch.page, line: model.pages[index].line, severity: .note, message: "patch \(patch.id) applied: \(patch.reason)"))
        }
        guard !scopes.isEmpty || !methods.isEmpty || !exclude.isEmpty else { return (model, diagnostics) }

        let entryKinds: Set<PageKind> = [.restMethod, .restEvent, .placementCommand, .placementEvent]
        let scopeSet = Set(scopes.map { $0.lowercased() })
        func selected(_ page: Page) -> Bool {
            guard entryKinds.contains(page.kind), let name = page.name else { return false }
            if !scopeSet.isEmpty && !page.scopes.contains(where: { scopeSet.contains($0.lowercased()) }) { return false }
            if !methods.isEmpty && !methods.contains(where: { Self.matches(name, pattern: $0) }) { return false }
            return !exclude.contains { Self.matches(name, pattern: $0) }
        }
        var keep = Set(model.pages.filter(selected).map(\.path))
        // What the selection depends on: widget commands are sent with placement.call, widget events
        // bound with placement.bindEvent, REST events bound with event.bind / event.unbind.
        var needed = Set<String>()
        for page in model.pages where keep.contains(page.path) {
            switch page.kind {
            case .placementCommand: needed.insert("placement.call")
            case .placementEvent: needed.insert("placement.bindevent")
            case .restEvent: needed.formUnion(["event.bind", "event.unbind"])
            default: break
            }
        }
        for page in model.pages where !keep.contains(page.path) {
            if let name = page.name?.lowercased(), needed.contains(name), entryKinds.contains(page.kind) {
                keep.insert(page.path)
                diagnostics.append(Diagnostic(path: page.path, line: page.line, severity: .note, message: "kept \(page.name ?? "") because the selection uses it"))
            }
        }
        var dropped = 0
        model.pages = model.pages.filter { page in
            if keep.contains(page.path) || !entryKinds.contains(page.kind) { return true }
            dropped += 1
            return false
        }
        diagnostics.append(Diagnostic(path: "bitrix24-generator.json", line: 1, severity: .note, message: "filters keep \(keep.count) entry points and drop \(dropped)"))
        return (model, diagnostics)
    }

    /// Whether `name` matches `pattern` case-insensitively, `*` matching any run of characters.
    public static func matches(_ name: String, pattern: String) -> Bool {
        let name = Array(name.lowercased()), pattern = Array(pattern.lowercased())
        var n = 0, p = 0, star = -1, mark = 0
        while n < name.count {
            if p < pattern.count, pattern[p] != "*", pattern[p] == name[n] {
                n += 1; p += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p; mark = n; p += 1
            } else if star >= 0 {
                p = star + 1; mark += 1; n = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    static func patch(_ parameters: inout [Parameter], path: ArraySlice<String>, changes: Patch.Changes) -> Bool {
        guard let head = path.first, let index = parameters.firstIndex(where: { $0.name == head }) else { return false }
        if path.count > 1 { return patch(&parameters[index].children, path: path.dropFirst(), changes: changes) }
        if changes.remove { parameters.remove(at: index); return true }
        if let type = changes.type { parameters[index].type = type }
        if let required = changes.required { parameters[index].required = required }
        if let name = changes.name { parameters[index].name = name }
        return true
    }
}

/// A JSON value as the configuration file holds it (booleans stay apart from numbers).
private enum ConfigJSON: Decodable {
    case null, bool(Bool), number(Double), string(String), array([ConfigJSON]), object([String: ConfigJSON])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([ConfigJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: ConfigJSON].self)) }
    }
}

/// Reads one JSON object of the configuration, remembering where it is for error messages.
private struct Reader {
    let path: String
    let dictionary: [String: ConfigJSON]

    init(_ value: ConfigJSON?, path: String) throws {
        guard case .object(let dictionary)? = value else {
            throw ConfigurationFile.Error(path: path, message: "must be an object")
        }
        self.path = path
        self.dictionary = dictionary
    }

    var keys: [String] { dictionary.keys.sorted() }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    func allow(_ known: Set<String>) throws {
        for name in keys where !known.contains(name) {
            throw ConfigurationFile.Error(path: key(name), message: "unknown key (known: \(known.sorted().joined(separator: ", ")))")
        }
    }

    func string(_ name: String) throws -> String? {
        guard let value = dictionary[name] else { return nil }
        guard case .string(let string) = value else { throw ConfigurationFile.Error(path: key(name), message: "must be a string") }
        return string
    }

    func bool(_ name: String) throws -> Bool? {
        guard let value = dictionary[name] else { return nil }
        guard case .bool(let bool) = value else { throw ConfigurationFile.Error(path: key(name), message: "must be true or false") }
        return bool
    }

    func strings(_ name: String) throws -> [String]? {
        guard let value = dictionary[name] else { return nil }
        guard case .array(let items) = value else { throw ConfigurationFile.Error(path: key(name), message: "must be an array of strings") }
        return try items.map {
            guard case .string(let s) = $0 else { throw ConfigurationFile.Error(path: key(name), message: "must be an array of strings") }
            return s
        }
    }

    func stringMap(_ name: String) throws -> [String: String]? {
        guard let value = dictionary[name] else { return nil }
        let map = try Reader(value, path: key(name))
        var result: [String: String] = [:]
        for k in map.keys {
            guard let s = try map.string(k) else { continue }
            result[k] = s
        }
        return result
    }

    func object(_ name: String) throws -> Reader? {
        guard let value = dictionary[name] else { return nil }
        return try Reader(value, path: key(name))
    }

    func child(_ name: String) throws -> Reader {
        try Reader(dictionary[name], path: key(name))
    }

    func array(_ name: String) throws -> [Reader]? {
        guard let value = dictionary[name] else { return nil }
        guard case .array(let items) = value else { throw ConfigurationFile.Error(path: key(name), message: "must be an array") }
        return try items.enumerated().map { try Reader($1, path: "\(key(name))[\($0)]") }
    }
}
