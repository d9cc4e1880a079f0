import B24DocModel

/// Finds the object type an example's object is an instance of: the documented structure of its family whose fields
/// cover the example's keys (`tasks.task.get`'s example task → the task fields page). The example is the evidence
/// of what the portal sends; the definition gives the fields their types and descriptions, and every method whose
/// example shows the same object shares one Swift type.
struct ExampleMatcher: Sendable {
    struct Candidate: Sendable {
        var id: String
        /// The field names compared ignoring case and underscores, and as spelled (lowercased).
        var keys: Set<String>
        var spelled: Set<String>
        /// The definition's name and title, lowercased: what an entity's name is looked for in.
        var label: String
    }

    /// The candidates of one family, in a fixed order, with an index from each key to the candidates that have it
    /// (so a match looks each of the example's keys up once instead of comparing it with every candidate).
    struct FamilyIndex: Sendable {
        var candidates: [Candidate] = []
        var byKey: [String: [Int]] = [:]
        var bySpelling: [String: [Int]] = [:]

        init(_ candidates: [Candidate]) {
            self.candidates = candidates.sorted { $0.id < $1.id }
            for (index, candidate) in self.candidates.enumerated() {
                for key in candidate.keys { byKey[key, default: []].append(index) }
                for key in candidate.spelled { bySpelling[key, default: []].append(index) }
            }
        }

        /// How many of `keys` each candidate has, by the candidate's position.
        func counts(_ keys: Set<String>, in index: [String: [Int]]) -> [Int] {
            var counts = [Int](repeating: 0, count: candidates.count)
            for key in keys { for candidate in index[key] ?? [] { counts[candidate] += 1 } }
            return counts
        }
    }

    private let indexes: [String: FamilyIndex]

    /// Fewest keys an example object needs, and the share of them a definition must cover, to be matched: three
    /// quarters of the keys as spelled. A looser match — keys compared ignoring case and underscores (`RESPONSIBLE_ID`
    /// documented, `responsibleId` sent), or three fifths when at least eight keys are shared (examples often show a
    /// few more fields than the structure documents) — holds only for a definition named after the method's entity
    /// (`tasks.task.list` → the task fields; `crm.item.list`'s rows are not the lead's structure).
    static let minimumKeys = 4
    static let minimumCoverage = 0.75
    static let largeOverlap = 8
    static let largeOverlapCoverage = 0.6

    init(pages: [Page], families: Families) {
        var byFamily: [String: [Candidate]] = [:]
        for page in pages {
            let family = ObjectTypes.family(of: page, families: families)
            for definition in page.types where definition.fields.count >= Self.minimumKeys && !ObjectTypes.isScalar(definition) {
                let candidate = Candidate(
                    id: definition.id, keys: Set(definition.fields.map { Self.normalized($0.name) }),
                    spelled: Set(definition.fields.map { $0.name.lowercased() }),
                    label: (definition.name + " " + definition.title).lowercased()
                )
                byFamily[family, default: []].append(candidate)
            }
        }
        indexes = byFamily.mapValues(FamilyIndex.init)
    }

    /// A key as compared: case and underscores ignored (`RESPONSIBLE_ID`, `responsibleId`).
    static func normalized(_ key: String) -> String {
        String(key.lowercased().filter { $0 != "_" })
    }

    /// The entity a method works on, by its namespace (`crm.item.list` → `item`).
    static func entity(ofMethod name: String?) -> String? {
        (name ?? "").split(separator: ".").dropLast().last.map { String($0).lowercased() }
    }

    /// The id of the definition `shape` (an object) is an instance of, in `family`, if one covers its keys;
    /// `entity` is the method's (see ``entity(ofMethod:)``).
    func match(_ shape: JSONShape, family: String, entity: String?) -> String? {
        guard shape.kind == .object, let members = shape.members else { return nil }
        let names = members.map(\.key).filter { !ResultTyping.isCustomField($0) }
        let keys = Set(names.map(Self.normalized))
        let spelled = Set(names.map { $0.lowercased() })
        guard keys.count >= Self.minimumKeys else { return nil }
        guard let index = indexes[family] else { return nil }
        let commons = index.counts(keys, in: index.byKey)
        let spelledCommons = index.counts(spelled, in: index.bySpelling)
        var best: (common: Int, size: Int, id: String)?
        for (position, candidate) in index.candidates.enumerated() {
            let common = commons[position]
            let coverage = Double(common) / Double(keys.count)
            let loosely = coverage >= Self.minimumCoverage || (common >= Self.largeOverlap && coverage >= Self.largeOverlapCoverage)
            let asSpelled = Double(spelledCommons[position]) >= Self.minimumCoverage * Double(spelled.count)
            let named = { entity.map { !$0.isEmpty && candidate.label.utf8.firstRange(of: $0.utf8) != nil } ?? false }
            guard asSpelled || (loosely && named()) else { continue }
            let better = best.map { common > $0.common || (common == $0.common && candidate.keys.count < $0.size) } ?? true
            if better { best = (common, candidate.keys.count, candidate.id) }
        }
        return best?.id
    }

    /// The objects a method's response example shows: its result, its rows, and an object its result wraps
    /// (`{"task": {…}}`, `{"item": {…}}`).
    static func objects(in page: Page) -> [JSONShape] {
        guard let result = ResultTyping.exampleResult(of: page) else { return [] }
        var objects: [JSONShape] = []
        func add(_ shape: JSONShape?) {
            guard let shape else { return }
            if shape.kind == .object { objects.append(shape) }
            if shape.kind == .array, let element = shape.elements?.first, element.kind == .object { objects.append(element) }
        }
        add(result)
        for member in result.members ?? [] where member.shape.kind != .null { add(member.shape) }
        return objects
    }
}
