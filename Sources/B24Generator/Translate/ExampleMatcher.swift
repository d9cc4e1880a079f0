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

    /// Candidates per family, in a fixed order.
    private let candidates: [String: [Candidate]]

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
        candidates = byFamily.mapValues { $0.sorted { $0.id < $1.id } }
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
        var best: (common: Int, size: Int, id: String)?
        for candidate in candidates[family] ?? [] {
            let common = keys.intersection(candidate.keys).count
            let coverage = Double(common) / Double(keys.count)
            let asSpelled = Double(spelled.intersection(candidate.spelled).count) >= Self.minimumCoverage * Double(spelled.count)
            let loosely = coverage >= Self.minimumCoverage || (common >= Self.largeOverlap && coverage >= Self.largeOverlapCoverage)
            let named = entity.map { !$0.isEmpty && candidate.label.contains($0) } ?? false
            guard asSpelled || (loosely && named) else { continue }
            let better = best.map { common > $0.common || (common == $0.common && candidate.keys.count < $0.size) } ?? true
            if better { best = (common, candidate.keys.count, candidate.id) }
        }
        return best?.id
    }

    /// The objects a method's response example shows: its result, its rows, and an object its result wraps
    /// (`{"task": {…}}`, `{"item": {…}}`).
    static func objects(in page: Page) -> [JSONShape] {
        guard let result = ResultTyping(page: page).exampleResult else { return [] }
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
