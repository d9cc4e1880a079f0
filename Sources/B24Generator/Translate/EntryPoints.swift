import B24DocModel

/// Which pages become entry points: one per name and kind (case-insensitive), the current page winning over
/// deprecated, outdated and REST 3.0 ones. Everything not chosen is reported in the coverage report.
struct EntryPoints {
    /// Classic REST methods (`/rest/`).
    var methods: [Page] = []
    /// REST 3.0 methods (`/rest/api/`): every page documenting a method there, twin or not.
    var v3Methods: [Page] = []
    var events: [Page] = []
    var commands: [Page] = []
    var placementEvents: [Page] = []
    var skipped: [CoverageReport.SkippedPage] = []
    var diagnostics: [Diagnostic] = []

    init(_ pages: [Page]) {
        methods = select(.restMethod, from: pages.filter(Self.isClassic), valid: Self.isMethodName)
        v3Methods = select(.restMethod, from: pages.filter(Self.isV3), valid: Self.isMethodName)
        events = select(.restEvent, from: pages, valid: Self.isEventName)
        commands = select(.placementCommand, from: pages, valid: Self.isEventName)
        placementEvents = select(.placementEvent, from: pages, valid: Self.isEventName)
    }

    var counts: [CoverageReport.KindCount] {
        [
            .init(kind: PageKind.restMethod.rawValue, count: methods.count),
            .init(kind: PageKind.restMethod.rawValue + " (REST 3.0)", count: v3Methods.count),
            .init(kind: PageKind.restEvent.rawValue, count: events.count),
            .init(kind: PageKind.placementCommand.rawValue, count: commands.count),
            .init(kind: PageKind.placementEvent.rawValue, count: placementEvents.count),
        ]
    }

    /// The pages of `kind` that become entry points, one per name (case-insensitive), sorted by name.
    private mutating func select(_ kind: PageKind, from pages: [Page], valid: (String) -> Bool) -> [Page] {
        var groups: [String: [Page]] = [:]
        for page in pages where page.kind == kind {
            guard let name = page.name?.trimmingSpaces(), !name.isEmpty else {
                skipped.append(.init(path: page.path, kind: kind.rawValue, name: nil, reason: "the page names no \(kind.rawValue)"))
                continue
            }
            guard valid(name) else {
                skipped.append(.init(path: page.path, kind: kind.rawValue, name: name, reason: "'\(name)' is not a valid \(kind.rawValue) name"))
                continue
            }
            groups[name.lowercased(), default: []].append(page)
        }
        return groups.keys.sorted().compactMap { key in groups[key].map { choose(from: $0, kind: kind) } }
    }

    /// The page used for one name: current pages first, then classic REST before its REST 3.0 twin, then by path.
    private mutating func choose(from group: [Page], kind: PageKind) -> Page {
        let ranked = group.sorted { lhs, rhs in
            let l = (lhs.deprecated ? 1 : 0, lhs.path.contains("/outdated/") ? 1 : 0, Self.isRESTv3(lhs) ? 1 : 0, lhs.path)
            let r = (rhs.deprecated ? 1 : 0, rhs.path.contains("/outdated/") ? 1 : 0, Self.isRESTv3(rhs) ? 1 : 0, rhs.path)
            return l < r
        }
        for other in ranked.dropFirst() {
            let reason = "duplicate of \(ranked[0].path)"
            skipped.append(.init(path: other.path, kind: kind.rawValue, name: other.name, reason: reason))
            diagnostics.append(Diagnostic(path: other.path, line: other.line, message: "\(kind.rawValue) '\(other.name ?? "")' is also documented in \(ranked[0].path), which is used"))
        }
        return ranked[0]
    }

    /// A page of the REST 3.0 version of a method (`tasks-task-add-rest-v3.html`), which the docs publish
    /// beside the classic page of the same name.
    static func isRESTv3(_ page: Page) -> Bool {
        page.path.hasSuffix("-rest-v3.html")
    }

    /// A method page that documents the classic API (every method page that names no version).
    static func isClassic(_ page: Page) -> Bool {
        page.kind != .restMethod || page.apiVersions.isEmpty || page.apiVersions.contains(.v2)
    }

    /// A method page that documents REST 3.0 (its examples call `/rest/api/`, or it says it belongs to REST 3.0).
    static func isV3(_ page: Page) -> Bool {
        page.kind == .restMethod && page.apiVersions.contains(.v3)
    }

    static func isMethodName(_ name: String) -> Bool {
        let segments = name.split(separator: ".", omittingEmptySubsequences: false)
        return !segments.isEmpty && segments.allSatisfy { segment in
            !segment.isEmpty && segment.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                && segment.first?.isLetter == true
        }
    }

    static func isEventName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" || $0 == ".") }
    }
}
