/// Naming: one pure function per context, from the documentation's spelling to a Swift identifier.
///
/// Every function returns a non-empty, valid identifier in *code form*: keywords that may be
/// escaped are wrapped in backticks (`` `default` ``), names Swift gives a special meaning even when
/// escaped (`self`, `Type`, `init`, …) get a trailing underscore. Collisions within one scope are
/// resolved afterwards by ``NameScope``.
public enum Naming {
    // MARK: Keywords

    /// Every Swift keyword (declarations, statements, expressions, types, patterns) and the
    /// contextual keywords; a member, label or constant spelled like one is escaped with backticks.
    public static let keywords: Set<String> = [
        // declarations
        "associatedtype", "borrowing", "class", "consuming", "deinit", "enum", "extension", "fileprivate", "func",
        "import", "init", "inout", "internal", "let", "nonisolated", "open", "operator", "private",
        "precedencegroup", "protocol", "public", "rethrows", "static", "struct", "subscript", "typealias", "var",
        // statements
        "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard",
        "if", "in", "repeat", "return", "throw", "switch", "where", "while",
        // expressions and types
        "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try",
        // patterns
        "_",
        // contextual keywords
        "actor", "any", "associativity", "async", "consume", "convenience", "copy", "didSet", "discard",
        "distributed", "dynamic", "each", "final", "get", "indirect", "infix", "isolated", "lazy", "left",
        "macro", "mutating", "none", "nonmutating", "optional", "override", "package", "postfix", "precedence",
        "prefix", "Protocol", "required", "right", "sending", "set", "some", "Type", "unowned", "weak",
        "willSet",
    ]

    /// Names that mean something else even in backticks (`x.self`, `T.Type`, `init`), or that
    /// generated types must not shadow: renamed with a trailing underscore instead of escaped.
    public static let unescapable: Set<String> = ["self", "Self", "Type", "Protocol", "init", "_", "Any", "super"]

    /// Members every generated record has; a documented field with one of these names is renamed.
    public static let recordReservedMembers: [String] = [
        "rawValue", "additionalFields", "documentedKeys", "description", "value", "setValue", "setYesNo",
        "bitrix24JSON", "hashValue",
    ]

    /// Type names generated code refers to; a nested generated type must not shadow them.
    public static let reservedTypeNames: [String] = [
        "String", "Int", "Double", "Bool", "Bitrix24JSON", "Array", "Dictionary", "Optional", "Set",
        "Sendable", "Hashable", "Equatable", "Codable", "Decodable", "Encodable", "Never", "Void", "Error",
        "AnyObject", "URL", "Swift", "Foundation", "Bitrix24Core", "Bitrix24",
    ]

    /// Words written in capitals inside identifiers (`currencyID`, `CRMDeal`, `siteURL`).
    public static let acronyms: [String: String] = [
        "ai": "AI", "api": "API", "crm": "CRM", "csv": "CSV", "ftp": "FTP", "guid": "GUID", "hr": "HR",
        "html": "HTML", "http": "HTTP", "https": "HTTPS", "id": "ID", "ids": "IDs", "im": "IM", "imap": "IMAP",
        "ip": "IP", "json": "JSON", "md5": "MD5", "pdf": "PDF", "rpa": "RPA", "sip": "SIP", "sms": "SMS",
        "smtp": "SMTP", "ssl": "SSL", "tls": "TLS", "uf": "UF", "ui": "UI", "uri": "URI", "url": "URL",
        "urls": "URLs", "utm": "UTM", "uuid": "UUID", "vat": "VAT", "xml": "XML",
    ]

    // MARK: Words and paths

    /// Splits a name into lower-case words: at non-alphanumeric characters, at lower→upper case
    /// changes (`externalCall`), and before the last capital of a capital run (`URLValue` → url, value).
    /// Letters outside ASCII are separators. Digits stay with the word before them (`utf8`).
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        func flush() {
            if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self).lowercased()) }
            current.removeAll(keepingCapacity: true)
        }
        func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() {
            guard isUpper(byte) || isLower(byte) || isDigit(byte) else {
                flush()
                continue
            }
            if let previous = current.last, isUpper(byte) {
                let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
                if isLower(previous) || isDigit(previous) && current.contains(where: isLower) {
                    flush()
                } else if isUpper(previous), let next, isLower(next) {
                    flush()
                }
            }
            current.append(byte)
        }
        flush()
        return words
    }

    /// The components of a dotted or bracketed name: `data.FIELDS` → data, FIELDS;
    /// `fields[TITLE]` → fields, TITLE; `crm_contact[]` → crm_contact.
    public static func path(_ name: String) -> [String] {
        var parts: [String] = []
        var current = ""
        for char in name {
            if char == "." || char == "[" || char == "]" {
                let trimmed = current.trimmingSpaces()
                if !trimmed.isEmpty { parts.append(trimmed) }
                current = ""
            } else {
                current.append(char)
            }
        }
        let trimmed = current.trimmingSpaces()
        if !trimmed.isEmpty { parts.append(trimmed) }
        return parts
    }

    /// `true` for rows that stand for a family of custom fields (`UF_CRM_...`, `PARENT_ID_xxx`,
    /// `UF_*`, `PARENT_ID_{id}`): they become no member; such fields stay reachable as additional fields.
    public static func isPlaceholder(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        func has(_ marker: String) -> Bool {
            let needle = Array(marker.utf8)
            guard needle.count <= bytes.count else { return false }
            for start in 0...(bytes.count - needle.count) where bytes[start..<start + needle.count].elementsEqual(needle) {
                return true
            }
            return false
        }
        let markers = ["...", "…", "*", "{", "<", "xxx", "XXX"]
        return markers.contains(where: has) || name.hasSuffix("_") || name.hasSuffix("_N")
    }

    // MARK: Contexts

    /// A namespace property (`crm`, `deal`, `externalCall`) for one method-name segment.
    public static func namespaceMember(_ segment: String) -> String {
        lowerCamel(words(segment))
    }

    /// A type name from name parts (`["crm", "deal", "add"]` → `CRMDealAdd`).
    public static func typeName(_ parts: [String]) -> String {
        let name = upperCamel(parts.flatMap { words($0) })
        return finish(name, fallback: "Unnamed", escape: false)
    }

    /// A member (property) name for a field or parameter as the docs write it; the last path
    /// component counts (`data.FIELDS` → `fields`, `ASSIGNED_BY_ID` → `assignedByID`).
    public static func memberName(_ name: String) -> String {
        let last = path(name).last ?? name
        return lowerCamel(words(last))
    }

    /// An argument label: the member name (labels and parameter names are the same in generated code).
    public static func argumentLabel(_ name: String) -> String {
        memberName(name)
    }

    /// A static member for a documented value (`NEW` → `new`, `C1:NEW` → `c1New`, `1` → `_1`).
    public static func valueConstant(_ value: String) -> String {
        var parts = words(value)
        if parts.isEmpty {
            // Operators and other symbol-only values (`!=`, `>=`, `%`): spelt out.
            parts = value.compactMap { symbolWords[$0] }
        }
        return lowerCamel(parts, fallback: "empty")
    }

    /// Words for the symbols of symbol-only values (filter operators).
    static let symbolWords: [Character: String] = [
        "!": "not", "=": "equal", "<": "less", ">": "greater", "%": "like", "@": "in", "*": "any", "+": "plus",
        "-": "minus", "?": "question", "&": "and", "|": "or", "~": "tilde", "^": "caret", "$": "dollar", "#": "hash",
        "/": "slash", ".": "dot", ",": "comma", ":": "colon", ";": "semicolon", "_": "underscore",
    ]

    /// An enum case or static member for an event or command name
    /// (`onCrmDealAdd`, `BackgroundCallCard::holdButtonClick` → `backgroundCallCardHoldButtonClick`).
    public static func entryPointMember(_ name: String) -> String {
        lowerCamel(words(name))
    }

    /// The name of a directory type (`crm_status` → `CRMStatusID`, `user` → `UserID`).
    public static func directoryTypeName(_ type: String) -> String {
        typeName([type, "id"])
    }

    /// `true` when `identifier` is a keyword that must be written in backticks.
    public static func needsBackticks(_ identifier: String) -> Bool {
        keywords.contains(identifier)
    }

    /// The identifier without backticks.
    public static func bare(_ identifier: String) -> String {
        identifier.hasPrefix("`") ? String(identifier.dropFirst().dropLast()) : identifier
    }

    // MARK: Helpers

    static func lowerCamel(_ words: [String], fallback: String = "unnamed") -> String {
        var out = ""
        for (index, word) in words.enumerated() {
            if index == 0 {
                out += word
            } else {
                out += capitalized(word)
            }
        }
        return finish(out, fallback: fallback, escape: true)
    }

    static func upperCamel(_ words: [String]) -> String {
        words.map(capitalized).joined()
    }

    static func capitalized(_ word: String) -> String {
        if let acronym = acronyms[word] { return acronym }
        guard let first = word.first else { return word }
        return first.uppercased() + word.dropFirst()
    }

    /// Leading digit → `_`; empty → fallback; reserved → trailing `_`; keyword → backticks (members).
    static func finish(_ name: String, fallback: String, escape: Bool) -> String {
        var name = name.isEmpty ? fallback : name
        if let first = name.first, first.isNumber { name = "_" + name }
        if unescapable.contains(name) { return name + "_" }
        if escape, keywords.contains(name) { return "`\(name)`" }
        if !escape, keywords.contains(name) { return name + "_" }
        return name
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

/// One scope of names (a type's members, a namespace's children, the module's types): the first
/// claimant of a name keeps it, later ones get `2`, `3`, … and a diagnostic.
public struct NameScope: Sendable {
    private var taken: Set<String>
    /// `(original, wanted, given)` for every renamed claim, in claim order.
    public private(set) var renames: [(original: String, wanted: String, given: String)] = []

    public init(reserved: [String] = []) {
        taken = Set(reserved.map(Naming.bare))
    }

    /// Claims `wanted` (code form) for `original`; returns the name given (code form).
    public mutating func claim(_ wanted: String, for original: String) -> String {
        let bare = Naming.bare(wanted)
        if taken.insert(bare).inserted { return wanted }
        var counter = 2
        while !taken.insert("\(bare)\(counter)").inserted { counter += 1 }
        let given = "\(bare)\(counter)"
        renames.append((original, wanted, given))
        return given
    }

    /// `true` when `name` is taken.
    public func contains(_ name: String) -> Bool { taken.contains(Naming.bare(name)) }
}
