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
        var writer = DiffWriter(markdown: format == .markdown)
        let style = writer
        writer.summary(self)
        writer.section("Added", changes(.added)) { "\(style.label($0.element)) — \($0.new ?? "")" }
        writer.section("Removed", changes(.removed)) { "\(style.label($0.element)) — was \($0.old ?? "")\(style.breakingMark)" }
        writer.section("Moved", changes(.moved)) { "\(style.label($0.element)): \($0.old ?? "") → \($0.new ?? "")" }
        writer.section("Deprecated", changes(.deprecated)) { "\(style.label($0.element))" + ($0.new.map { ": \($0)" } ?? "") }
        writer.section("No longer deprecated", changes(.undeprecated)) { style.label($0.element) }
        writer.details(changes.filter { DiffWriter.detailKinds.contains($0.kind) })
        return writer.lines.joined(separator: "\n") + "\n"
    }
}

/// Writes a diff's lines, as text or Markdown.
struct DiffWriter {
    let markdown: Bool
    var lines: [String] = []

    init(markdown: Bool) {
        self.markdown = markdown
    }

    static let plural: [PageKind: String] = [
        .restMethod: "REST methods", .restEvent: "REST events",
        .placementCommand: "widget commands", .placementEvent: "widget events",
    ]

    static let detailKinds: Set<APIChange.Kind> = [
        .parameterAdded, .parameterRemoved, .parameterRetyped, .parameterNewlyRequired, .parameterNoLongerRequired,
        .returnFieldAdded, .returnFieldRemoved, .returnFieldRetyped,
    ]

    var breakingMark: String { markdown ? " **breaking**" : " [breaking]" }

    func label(_ element: APIElement) -> String {
        markdown ? "`\(element.name)` (\(element.kind.rawValue))" : "\(element.name) (\(element.kind.rawValue))"
    }

    func code(_ text: String) -> String { markdown ? "`\(text)`" : text }

    /// The title, the counts per kind and the totals.
    mutating func summary(_ diff: APIDiff) {
        let summary = diff.summary
        lines += [markdown ? "# API changes" : "API changes", ""]
        if markdown {
            lines += ["| | before | after | added | removed |", "|---|---:|---:|---:|---:|"]
        }
        for kind in APIDiff.elementKinds {
            let name = Self.plural[kind] ?? kind.rawValue
            let (old, new) = (diff.oldCount[kind] ?? 0, diff.newCount[kind] ?? 0)
            let (added, removed) = (summary.added[kind] ?? 0, summary.removed[kind] ?? 0)
            lines.append(markdown
                ? "| \(name) | \(old) | \(new) | \(added) | \(removed) |"
                : "  \(name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(old) → \(new): +\(added) −\(removed)")
        }
        lines.append("")
        lines.append("\(summary.moved) moved, \(summary.changed) changed, \(summary.breaking) breaking change\(summary.breaking == 1 ? "" : "s").")
    }

    mutating func section(_ title: String, _ items: [APIChange], line: (APIChange) -> String) {
        guard !items.isEmpty else { return }
        lines.append("")
        lines.append(markdown ? "## \(title) (\(items.count))" : "\(title) (\(items.count))")
        if markdown { lines.append("") }
        for item in items { lines.append((markdown ? "- " : "  ") + line(item)) }
    }

    /// The parameter and returned-field changes, per element.
    mutating func details(_ details: [APIChange]) {
        guard !details.isEmpty else { return }
        let elements = Set(details.map(\.element)).sorted()
        lines += ["", markdown ? "## Changed (\(elements.count))" : "Changed (\(elements.count))"]
        for element in elements {
            lines.append("")
            lines.append(markdown ? "### \(label(element))" : "  \(label(element))")
            if markdown { lines.append("") }
            for change in details where change.element == element {
                lines.append((markdown ? "- " : "    ") + describe(change) + (change.breaking ? breakingMark : ""))
            }
        }
    }

    func describe(_ change: APIChange) -> String {
        let member = code(change.member ?? "")
        switch change.kind {
        case .parameterAdded: return "parameter \(member) added (\(change.new ?? ""))"
        case .parameterRemoved: return "parameter \(member) removed"
        case .parameterRetyped: return "parameter \(member): \(code(change.old ?? "")) → \(code(change.new ?? ""))"
        case .parameterNewlyRequired: return "parameter \(member) is now required"
        case .parameterNoLongerRequired: return "parameter \(member) is no longer required"
        case .returnFieldAdded: return "returned field \(member) added (\(change.new ?? ""))"
        case .returnFieldRemoved: return "returned field \(member) removed"
        case .returnFieldRetyped: return "returned field \(member): \(code(change.old ?? "")) → \(code(change.new ?? ""))"
        default: return change.kind.rawValue
        }
    }
}
