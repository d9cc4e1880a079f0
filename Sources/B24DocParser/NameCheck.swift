import B24DocModel

/// A page's name checked against its own examples and its file name (issue 13): the H1 gives the name,
/// the methods the request examples call confirm it, and where the two disagree the file name settles it.
/// Also: pages that document no method never stay methods, and REST events are known by their payload.
extension Extractor {
    mutating func checkName() {
        if page.kind == .restMethod, page.nameSource == nil { page.nameSource = .title }
        readEventByPayload()
        let called = Self.calledMethod(page.requests)
        let stem = Self.fileStem(path)
        if page.kind == .restMethod, let name = page.name {
            if let called, called.lowercased() != name.lowercased() { settle(title: name, called: called, stem: stem) }
            else if called == nil, page.whoCan == nil, page.scopes.isEmpty, page.parameters.isEmpty, page.returns.isEmpty {
                warn(page.line, "the H1 names \(name), but nothing on the page documents it as a method; not a method")
                page.kind = .other
                page.name = nil
                page.nameSource = nil
            }
        } else if page.kind == .other, let called, Self.matches(called, stem),
                  page.whoCan != nil || !page.parameters.isEmpty || !page.returns.isEmpty {
            warn(page.line, "the H1 names no method; the examples call \(called), as the file name says")
            page.kind = .restMethod
            page.name = called
            page.nameSource = .examples
        }
    }

    /// The H1's name and the examples' disagree: the file name settles it.
    mutating func settle(title name: String, called: String, stem: String) {
        if Self.matches(called, stem) && !Self.matches(name, stem) {
            warn(page.line, "the H1 names \(name), but the examples call \(called), as the file name says; read as \(called)")
            page.name = called
            page.nameSource = .fileName
        } else if Self.matches(name, stem) {
            warn(page.line, "the examples call \(called), not \(name) (pasted from another page?); the file name agrees with the H1")
        } else {
            warn(page.line, "the examples call \(called), not \(name); the H1's name is kept")
        }
    }

    /// The one method every request example calls first (`batch` aside), if they agree.
    static func calledMethod(_ requests: [RequestExample]) -> String? {
        let names = Set(requests.compactMap { $0.methods.first { $0 != "batch" } })
        return names.count == 1 ? names.first : nil
    }

    /// `department-delete` for `api-reference/departments/department-delete.html` (a `-rest-v3` twin's suffix dropped).
    static func fileStem(_ path: String) -> String {
        var stem = Substring(path.split(separator: "/").last ?? Substring(path))
        if stem.hasSuffix(".html") { stem = stem.dropLast(5) }
        if stem.hasSuffix("-rest-v3") { stem = stem.dropLast(8) }
        return stem.lowercased()
    }

    /// Whether a file stem writes this method name: lower case, `.` and `_` as `-`, camel humps split or not
    /// (`rpa.fields.setSettings` is `rpa-fields-set-settings` or `rpa-fields-setsettings`).
    static func matches(_ name: String, _ stem: String) -> Bool {
        var plain = ""
        var humps = ""
        var previous: Character = "."
        for c in name {
            let mapped: Character = c == "." || c == "_" ? "-" : Character(c.lowercased())
            plain.append(mapped)
            if c.isUppercase && (previous.isLowercase || previous.isNumber) { humps.append("-") }
            humps.append(mapped)
            previous = c
        }
        return stem == plain || stem == humps
    }

    /// A page whose first table is an event's payload (`event`, `data`, `ts`, `auth`, and usually
    /// `event_handler_id`) documents a REST event, however its name is spelled.
    mutating func readEventByPayload() {
        guard page.kind != .restEvent, page.kind != .overview else { return }
        let names = Set(page.parameters.map { $0.name.lowercased() })
        guard ["event", "data", "ts", "auth"].allSatisfy(names.contains),
              let name = NameRules.nameInTitle(page.title), !name.has("::") else { return }
        if page.kind != .other || page.name != nil {
            warn(page.line, "the payload table is an event's (event, data, ts, auth); read as the REST event \(name)")
        }
        page.kind = .restEvent
        page.name = name
        page.nameSource = .title
    }
}
