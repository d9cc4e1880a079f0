import B24DocModel

/// Finds the object type an example's object is an instance of: the documented structure of its family whose fields
/// cover the example's keys (`tasks.task.get`'s example task → the task fields page). The example is the evidence
/// of what the portal sends; the definition gives the fields their types and descriptions, and every method whose
/// example shows the same object shares one Swift type.
struct ExampleMatcher: Sendable {
    struct Candidate: Sendable {
        var id: String
        var keys: Set<String>
    }

    /// Candidates per family, in a fixed order.
    private let candidates: [String: [Candidate]]

    /// Fewest keys an example object needs, and the share of them a definition must cover, to be matched.
    static let minimumKeys = 4
    static let minimumCoverage = 0.75

    init(pages: [Page], families: Families) {
        var byFamily: [String: [Candidate]] = [:]
        for page in pages {
            let family = ObjectTypes.family(of: page, families: families)
            for definition in page.types where definition.fields.count >= Self.minimumKeys && !ObjectTypes.isScalar(definition) {
                let keys = Set(definition.fields.map { $0.name.lowercased() })
                byFamily[family, default: []].append(Candidate(id: definition.id, keys: keys))
            }
        }
        candidates = byFamily.mapValues { $0.sorted { $0.id < $1.id } }
    }

    /// The id of the definition `shape` (an object) is an instance of, in `family`, if one covers its keys.
    func match(_ shape: JSONShape, family: String) -> String? {
        guard shape.kind == .object, let members = shape.members else { return nil }
        let keys = Set(members.map { $0.key.lowercased() }.filter { !ResultTyping.isCustomField($0) })
        guard keys.count >= Self.minimumKeys else { return nil }
        var best: (common: Int, size: Int, id: String)?
        for candidate in candidates[family] ?? [] {
            let common = keys.intersection(candidate.keys).count
            guard Double(common) >= Self.minimumCoverage * Double(keys.count) else { continue }
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
