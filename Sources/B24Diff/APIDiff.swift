import B24DocModel
import Foundation

/// One API element: a REST method, REST event, widget command or widget event, identified by kind and name.
public struct APIElement: Sendable, Equatable, Hashable, Comparable, Codable {
    /// REST method, REST event, widget command or widget event.
    public var kind: PageKind
    /// The name as the docs write it (`crm.deal.add`).
    public var name: String

    public init(kind: PageKind, name: String) {
        self.kind = kind
        self.name = name
    }

    public static func < (lhs: APIElement, rhs: APIElement) -> Bool {
        (lhs.kind.rawValue, lhs.name.lowercased(), lhs.name) < (rhs.kind.rawValue, rhs.name.lowercased(), rhs.name)
    }
}

/// One difference between two documentation snapshots.
public struct APIChange: Sendable, Equatable, Codable, Comparable {
    /// What changed.
    public enum Kind: String, Sendable, Codable, CaseIterable, Comparable {
        case added, removed, moved
        case parameterAdded = "parameter-added"
        case parameterRemoved = "parameter-removed"
        case parameterRetyped = "parameter-retyped"
        case parameterNewlyRequired = "parameter-newly-required"
        case parameterNoLongerRequired = "parameter-no-longer-required"
        case returnFieldAdded = "return-field-added"
        case returnFieldRemoved = "return-field-removed"
        case returnFieldRetyped = "return-field-retyped"
        case deprecated
        case undeprecated

        var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rank < rhs.rank }
    }

    /// The method, event or command concerned.
    public var element: APIElement
    /// What changed.
    public var kind: Kind
    /// The parameter or returned field, as a dotted path (`fields.TITLE`), for parameter and field changes.
    public var member: String?
    /// Before: the old page path (moved, removed), type (retyped) or deprecation notice.
    public var old: String?
    /// After: the new page path (moved, added), type (retyped, added) or deprecation notice.
    public var new: String?
    /// Whether code written against the old API may break.
    public var breaking: Bool

    public init(element: APIElement, kind: Kind, member: String? = nil, old: String? = nil, new: String? = nil, breaking: Bool) {
        self.element = element
        self.kind = kind
        self.member = member
        self.old = old
        self.new = new
        self.breaking = breaking
    }

    public static func < (lhs: APIChange, rhs: APIChange) -> Bool {
        if lhs.element != rhs.element { return lhs.element < rhs.element }
        if lhs.kind != rhs.kind { return lhs.kind < rhs.kind }
        return (lhs.member ?? "", lhs.old ?? "", lhs.new ?? "") < (rhs.member ?? "", rhs.old ?? "", rhs.new ?? "")
    }
}

/// What changed in the API between two documentation snapshots: a pure function of two models.
///
/// Elements (REST methods and events, widget commands and events) are matched by kind and name,
/// case-insensitively (the server treats method names so). An element present in both is *moved*
/// when none of its page paths stayed; its parameters (nested ones as dotted paths), returned
/// fields and deprecation are compared on the page that kept its path, else on the first page.
/// Changes come out sorted, so the same two models always give the same diff.
public struct APIDiff: Sendable, Equatable {
    /// Every change, sorted by element, kind and member.
    public var changes: [APIChange]
    /// Elements per kind in the old snapshot, for summaries.
    public var oldCount: [PageKind: Int]
    /// Elements per kind in the new snapshot.
    public var newCount: [PageKind: Int]

    /// The kinds of page that are API elements.
    public static let elementKinds: [PageKind] = [.restMethod, .restEvent, .placementCommand, .placementEvent]

    public init(old: DocModel, new: DocModel) {
        let before = Self.elements(of: old)
        let after = Self.elements(of: new)
        var changes: [APIChange] = []
        var oldCount: [PageKind: Int] = [:]
        var newCount: [PageKind: Int] = [:]
        for key in before.keys { oldCount[key.kind, default: 0] += 1 }
        for key in after.keys { newCount[key.kind, default: 0] += 1 }

        let keys = Set(before.keys).union(after.keys).sorted()
        for key in keys {
            switch (before[key], after[key]) {
            case (nil, let added?):
                changes.append(APIChange(element: added.element, kind: .added, new: added.paths.joined(separator: ", "), breaking: false))
            case (let removed?, nil):
                changes.append(APIChange(element: removed.element, kind: .removed, old: removed.paths.joined(separator: ", "), breaking: true))
            case (let was?, let now?):
                changes += Self.compare(was, now)
            case (nil, nil):
                break
            }
        }
        self.changes = changes.sorted()
        self.oldCount = oldCount
        self.newCount = newCount
    }

    /// `true` when any change may break code written against the old API.
    public var isBreaking: Bool { changes.contains { $0.breaking } }

    /// The changes of one kind.
    public func changes(_ kind: APIChange.Kind) -> [APIChange] { changes.filter { $0.kind == kind } }

    // MARK: - Elements

    /// An element with its pages in one snapshot.
    struct Entry {
        var element: APIElement
        /// Page paths, sorted.
        var paths: [String]
        var pages: [Page]
    }

    struct Key: Hashable, Comparable {
        var kind: PageKind
        var folded: String
        static func < (lhs: Key, rhs: Key) -> Bool { (lhs.kind.rawValue, lhs.folded) < (rhs.kind.rawValue, rhs.folded) }
        var description: String { "\(kind.rawValue) \(folded)" }
    }

    static func elements(of model: DocModel) -> [Key: Entry] {
        var result: [Key: Entry] = [:]
        for page in model.pages.sorted(by: { $0.path < $1.path }) {
            guard elementKinds.contains(page.kind), let rawName = page.name else { continue }
            let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else { continue }
            let key = Key(kind: page.kind, folded: name.lowercased())
            if result[key] == nil {
                result[key] = Entry(element: APIElement(kind: page.kind, name: name), paths: [], pages: [])
            }
            result[key]?.paths.append(page.path)
            result[key]?.pages.append(page)
        }
        return result
    }

    // MARK: - Comparing one element

    static func compare(_ was: Entry, _ now: Entry) -> [APIChange] {
        let element = now.element
        var changes: [APIChange] = []
        let shared = Set(was.paths).intersection(now.paths).sorted()
        if shared.isEmpty {
            changes.append(APIChange(element: element, kind: .moved, old: was.paths.joined(separator: ", "),
                                     new: now.paths.joined(separator: ", "), breaking: false))
        }
        let oldPage = shared.first.flatMap { path in was.pages.first { $0.path == path } } ?? was.pages[0]
        let newPage = shared.first.flatMap { path in now.pages.first { $0.path == path } } ?? now.pages[0]

        changes += parameterChanges(element, was: oldPage, now: newPage)
        changes += returnChanges(element, was: oldPage, now: newPage)

        // Deprecation.
        if !oldPage.deprecated && newPage.deprecated {
            let replacement = newPage.deprecation?.replacement.map { "use \($0)" }
            changes.append(APIChange(element: element, kind: .deprecated, new: replacement ?? newPage.deprecation?.message, breaking: false))
        } else if oldPage.deprecated && !newPage.deprecated {
            changes.append(APIChange(element: element, kind: .undeprecated, breaking: false))
        }
        return changes
    }

    /// Parameters added, removed, retyped, newly required or no longer required.
    static func parameterChanges(_ element: APIElement, was oldPage: Page, now newPage: Page) -> [APIChange] {
        var changes: [APIChange] = []
        let oldParameters = flatten(oldPage.parameters)
        let newParameters = flatten(newPage.parameters)
        for member in Set(oldParameters.keys).union(newParameters.keys).sorted() {
            switch (oldParameters[member], newParameters[member]) {
            case (nil, let added?):
                // A new child of a new parameter is part of that parameter's addition.
                if let parent = parentPath(member), newParameters[parent] != nil, oldParameters[parent] == nil { continue }
                changes.append(APIChange(element: element, kind: .parameterAdded, member: member, new: describe(added),
                                         breaking: added.required))
            case (let removed?, nil):
                if let parent = parentPath(member), oldParameters[parent] != nil, newParameters[parent] == nil { continue }
                changes.append(APIChange(element: element, kind: .parameterRemoved, member: member, old: describe(removed),
                                         breaking: true))
            case (let before?, let after?):
                if normalizedType(before.type) != normalizedType(after.type) {
                    changes.append(APIChange(element: element, kind: .parameterRetyped, member: member,
                                             old: before.type ?? "(none)", new: after.type ?? "(none)", breaking: true))
                }
                if !before.required && after.required {
                    changes.append(APIChange(element: element, kind: .parameterNewlyRequired, member: member, breaking: true))
                } else if before.required && !after.required {
                    changes.append(APIChange(element: element, kind: .parameterNoLongerRequired, member: member, breaking: false))
                }
            case (nil, nil):
                break
            }
        }
        return changes
    }

    /// Returned fields added, removed or retyped.
    static func returnChanges(_ element: APIElement, was oldPage: Page, now newPage: Page) -> [APIChange] {
        var changes: [APIChange] = []
        let oldFields = flatten(oldPage.returns)
        let newFields = flatten(newPage.returns)
        for member in Set(oldFields.keys).union(newFields.keys).sorted() {
            switch (oldFields[member], newFields[member]) {
            case (nil, let added?):
                if let parent = parentPath(member), newFields[parent] != nil, oldFields[parent] == nil { continue }
                changes.append(APIChange(element: element, kind: .returnFieldAdded, member: member, new: added ?? "(none)", breaking: false))
            case (let removed?, nil):
                if let parent = parentPath(member), oldFields[parent] != nil, newFields[parent] == nil { continue }
                changes.append(APIChange(element: element, kind: .returnFieldRemoved, member: member, old: removed ?? "(none)", breaking: true))
            case (let before?, let after?):
                if normalizedType(before) != normalizedType(after) {
                    changes.append(APIChange(element: element, kind: .returnFieldRetyped, member: member,
                                             old: before ?? "(none)", new: after ?? "(none)", breaking: true))
                }
            case (nil, nil):
                break
            }
        }
        return changes
    }

    struct FlatParameter {
        var type: String?
        var required: Bool
    }

    /// Parameters by dotted path; the first row wins where the docs repeat a name.
    static func flatten(_ parameters: [Parameter], prefix: String = "") -> [String: FlatParameter] {
        var result: [String: FlatParameter] = [:]
        for parameter in parameters {
            let name = parameter.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else { continue }
            let path = prefix.isEmpty ? name : prefix + "." + name
            if result[path] != nil { continue }
            result[path] = FlatParameter(type: parameter.type, required: parameter.required)
            for (childPath, child) in flatten(parameter.children, prefix: path) where result[childPath] == nil {
                result[childPath] = child
            }
        }
        return result
    }

    /// Returned fields by dotted path, with their type text.
    static func flatten(_ fields: [Field], prefix: String = "") -> [String: String?] {
        var result: [String: String?] = [:]
        for field in fields {
            let name = field.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else { continue }
            let path = prefix.isEmpty ? name : prefix + "." + name
            if result[path] != nil { continue }
            result[path] = .some(field.type)
            for (childPath, child) in flatten(field.children, prefix: path) where result[childPath] == nil {
                result[childPath] = child
            }
        }
        return result
    }

    static func parentPath(_ path: String) -> String? {
        guard let dot = path.lastIndex(of: ".") else { return nil }
        return String(path[..<dot])
    }

    /// Type text compared without case, with whitespace removed (`String | null` ≡ `string|null`) and the docs'
    /// two spellings of the same type merged (`int` ≡ `integer`, `bool` ≡ `boolean`).
    static func normalizedType(_ type: String?) -> String {
        guard let type else { return "" }
        let compact = type.lowercased().split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined()
        var result = ""
        var word = ""
        func flush() {
            result += synonyms[word] ?? word
            word = ""
        }
        for character in compact {
            if character.isLetter || character.isNumber || character == "_" {
                word.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    static let synonyms = ["int": "integer", "bool": "boolean"]

    static func describe(_ parameter: FlatParameter) -> String {
        (parameter.type ?? "(no type)") + (parameter.required ? ", required" : "")
    }
}
