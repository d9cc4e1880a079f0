import B24DocModel

/// Error codes across all pages: one static member per code (case-insensitive), first page wins.
struct ErrorCodeCollector {
    let configuration: GeneratorConfiguration
    var byCode: [String: (name: String, literal: String, description: String, methods: [String])] = [:]
    var order: [String] = []
    /// The methods listed per code, for a constant-time "already listed" check.
    var methodsByCode: [String: Set<String>] = [:]
    var scope: NameScope
    var diagnostics: [Diagnostic] = []

    init(configuration: GeneratorConfiguration) {
        self.configuration = configuration
        scope = NameScope(reserved: ["rawValue", "description", "hashValue", "init"] + configuration.runtimeErrorCodes.values.sorted())
    }

    /// ASCII letters, digits and `_`, with at least one letter (checked on UTF-8 bytes: any other byte,
    /// non-ASCII included, disqualifies the code, as the character checks did).
    static func isCode(_ code: String) -> Bool {
        var hasLetter = false
        for byte in code.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"): hasLetter = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): continue
            default: return false
            }
        }
        return hasLetter
    }

    /// A widget's interface error code: a short phrase (`Call card is undefined`), ASCII words and spaces.
    static func isPhrase(_ code: String) -> Bool {
        code.count <= 64 && code.first?.isLetter == true
            && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " " || $0 == "_") }
    }

    /// Adds a documented error; returns its constant name when it gets one. Widget commands document phrases as
    /// codes (`allowPhrases`).
    @discardableResult
    mutating func add(_ error: ErrorCode, method: String?, allowPhrases: Bool = false) -> String? {
        let code = error.code.trimmingSpaces()
        guard Self.isCode(code) || (allowPhrases && Self.isPhrase(code)) else { return nil }
        let key = code.uppercased()
        if let member = configuration.runtimeErrorCodes[key] { return member }
        if let name = byCode[key]?.name {
            // In place: copying the entry out would copy its (for common codes, long) method list.
            if let method, methodsByCode[key, default: []].insert(method).inserted { byCode[key]?.methods.append(method) }
            return name
        }
        let name = scope.claim(configuration.override("value", code) ?? Naming.valueConstant(code), for: code)
        byCode[key] = (name, Docs.literal(code), Docs.shortened(error.description, limit: 200), method.map { [$0] } ?? [])
        if let method { methodsByCode[key, default: []].insert(method) }
        order.append(key)
        return name
    }

    func constants() -> [ErrorCodeVM] {
        order.sorted().compactMap { key in
            guard let entry = byCode[key] else { return nil }
            var doc = entry.description.isEmpty ? ["/// `\(Docs.sanitize(Docs.bareLiteral(entry.literal)))`"] : Docs.lines(entry.description)
            if !entry.methods.isEmpty {
                let listed = entry.methods.prefix(3).map { "`\($0)`" }.joined(separator: ", ")
                doc += Docs.lines("Returned by \(listed)\(entry.methods.count > 3 ? " and \(entry.methods.count - 3) more" : "").")
            } else {
                doc += ["/// A system error any method may return."]
            }
            return ErrorCodeVM(errorDoc: doc, errorName: entry.name, errorLiteral: entry.literal)
        }
    }
}

extension Docs {
    static func bareLiteral(_ literal: String) -> String {
        String(literal.dropFirst().dropLast())
    }
}
