import B24DocModel
import Foundation

/// How a diff is printed.
public enum DiffFormat: String, Sendable, CaseIterable {
    case text, markdown
}

extension APIDiff {
    /// Counts of added and removed elements per kind.
    public struct Summary: Sendable, Equatable {
        /// Added elements per kind.
        public var added: [PageKind: Int] = [:]
        /// Removed elements per kind.
        public var removed: [PageKind: Int] = [:]
        /// Elements whose pages all moved.
        public var moved = 0
        /// Elements with parameter, returned-field or deprecation changes.
        public var changed = 0
        /// Changes that may break code written against the old API.
        public var breaking = 0
    }

    /// Added and removed elements per kind, moved elements, elements with other changes, breaking changes.
    public var summary: Summary {
        var summary = Summary()
        var changedElements = Set<APIElement>()
        for change in changes {
            switch change.kind {
            case .added: summary.added[change.element.kind, default: 0] += 1
            case .removed: summary.removed[change.element.kind, default: 0] += 1
            case .moved: summary.moved += 1
            default: changedElements.insert(change.element)
            }
            if change.breaking { summary.breaking += 1 }
        }
        summary.changed = changedElements.count
        return summary
    }

    /// The diff as plain text or Markdown: a summary, then added, removed, moved and changed elements.
    public func render(_ format: DiffFormat) -> String {
        var out: [String] = []
        let md = format == .markdown
        let summary = self.summary
        let kinds = APIDiff.elementKinds
        let plural: [PageKind: String] = [
            .restMethod: "REST methods", .restEvent: "REST events",
            .placementCommand: "widget commands", .placementEvent: "widget events",
        ]
        out.append(md ? "# API changes" : "API changes")
        out.append("")
        if md {
            out.append("| | before | after | added | removed |")
            out.append("|---|---:|---:|---:|---:|")
            for kind in kinds {
                out.append("| \(plural[kind] ?? kind.rawValue) | \(oldCount[kind] ?? 0) | \(newCount[kind] ?? 0) | "
                    + "\(summary.added[kind] ?? 0) | \(summary.removed[kind] ?? 0) |")
            }
        } else {
            for kind in kinds {
                let name = (plural[kind] ?? kind.rawValue).padding(toLength: 16, withPad: " ", startingAt: 0)
                out.append("  \(name) \(oldCount[kind] ?? 0) → \(newCount[kind] ?? 0): "
                    + "+\(summary.added[kind] ?? 0) −\(summary.removed[kind] ?? 0)")
            }
        }
        out.append("")
        out.append("\(summary.moved) moved, \(summary.changed) changed, \(summary.breaking) breaking change\(summary.breaking == 1 ? "" : "s").")

        func section(_ title: String, _ items: [APIChange], line: (APIChange) -> String) {
            guard !items.isEmpty else { return }
            out.append("")
            out.append(md ? "## \(title) (\(items.count))" : "\(title) (\(items.count))")
            if md { out.append("") }
            for item in items { out.append((md ? "- " : "  ") + line(item)) }
        }
        func label(_ element: APIElement) -> String { md ? "`\(element.name)` (\(element.kind.rawValue))" : "\(element.name) (\(element.kind.rawValue))" }
        func code(_ text: String) -> String { md ? "`\(text)`" : text }
        let breakingMark = md ? " **breaking**" : " [breaking]"

        section("Added", changes(.added)) { "\(label($0.element)) — \($0.new ?? "")" }
        section("Removed", changes(.removed)) { "\(label($0.element)) — was \($0.old ?? "")\(breakingMark)" }
        section("Moved", changes(.moved)) { "\(label($0.element)): \($0.old ?? "") → \($0.new ?? "")" }
        section("Deprecated", changes(.deprecated)) { "\(label($0.element))" + ($0.new.map { ": \($0)" } ?? "") }
        section("No longer deprecated", changes(.undeprecated)) { label($0.element) }

        let detailKinds: Set<APIChange.Kind> = [
            .parameterAdded, .parameterRemoved, .parameterRetyped, .parameterNewlyRequired, .parameterNoLongerRequired,
            .returnFieldAdded, .returnFieldRemoved, .returnFieldRetyped,
        ]
        let details = changes.filter { detailKinds.contains($0.kind) }
        if !details.isEmpty {
            out.append("")
            let elements = Set(details.map(\.element)).sorted()
            out.append(md ? "## Changed (\(elements.count))" : "Changed (\(elements.count))")
            for element in elements {
                out.append("")
                out.append(md ? "### \(label(element))" : "  \(label(element))")
                if md { out.append("") }
                for change in details where change.element == element {
                    let member = code(change.member ?? "")
                    let text: String
                    switch change.kind {
                    case .parameterAdded: text = "parameter \(member) added (\(change.new ?? ""))"
                    case .parameterRemoved: text = "parameter \(member) removed"
                    case .parameterRetyped: text = "parameter \(member): \(code(change.old ?? "")) → \(code(change.new ?? ""))"
                    case .parameterNewlyRequired: text = "parameter \(member) is now required"
                    case .parameterNoLongerRequired: text = "parameter \(member) is no longer required"
                    case .returnFieldAdded: text = "returned field \(member) added (\(change.new ?? ""))"
                    case .returnFieldRemoved: text = "returned field \(member) removed"
                    case .returnFieldRetyped: text = "returned field \(member): \(code(change.old ?? "")) → \(code(change.new ?? ""))"
                    default: text = change.kind.rawValue
                    }
                    out.append((md ? "- " : "    ") + text + (change.breaking ? breakingMark : ""))
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
