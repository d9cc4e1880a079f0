import Bitrix24Locking
import Foundation

/// Something odd about the input or the run, reported with where it was found.
///
/// The one diagnostic type of every stage: the parser (a page and line), the generator (an entry point),
/// the configuration (a key path), the scraper (a page path or URL). Diagnostics are values: stages return
/// them, collectors gather them, the edges (CLI, plugin tool) sort and print them.
public struct Diagnostic: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
        /// Informational: something was decided that a reader may want to know.
        case note
        /// Something in the input is odd or was skipped; the run goes on.
        case warning
        /// Something could not be done; the run fails.
        case error

        var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// Where the diagnostic points: a page path relative to the docs root, a file, a URL, or `""` for none.
    public var path: String
    /// The line in `path`, or `0` when there is none.
    public var line: Int
    public var severity: Severity
    /// What happened, in one line.
    public var message: String
    /// What was being worked on, when `path` alone does not say it: an entry point (`crm.deal.add`),
    /// a configuration key path, a stage.
    public var context: String?

    public init(path: String, line: Int, severity: Severity = .warning, message: String, context: String? = nil) {
        self.path = path
        self.line = line
        self.severity = severity
        self.message = message
        self.context = context
    }

    /// `path:line: warning: message`, the form compilers and editors understand (`path: warning: …` without a
    /// line; `[context]` after the message when there is one).
    public var description: String {
        var text = path.isEmpty ? "" : line > 0 ? "\(path):\(line): " : "\(path): "
        text += "\(severity.rawValue): \(message)"
        if let context, !context.isEmpty { text += " [\(context)]" }
        return text
    }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.path, lhs.line, lhs.message, lhs.severity.rawValue, lhs.context ?? "")
            < (rhs.path, rhs.line, rhs.message, rhs.severity.rawValue, rhs.context ?? "")
    }
}

/// Where diagnostics go while a stage runs.
public protocol DiagnosticCollector: Sendable {
    /// Takes one diagnostic.
    func emit(_ diagnostic: Diagnostic)
}

extension DiagnosticCollector {
    /// Takes several diagnostics, in order.
    public func emit(contentsOf diagnostics: some Sequence<Diagnostic>) {
        for diagnostic in diagnostics { emit(diagnostic) }
    }
}

/// Keeps every diagnostic it is given; ``diagnostics`` returns them sorted.
public final class DiagnosticAccumulator: DiagnosticCollector {
    private let collected = Locked<[Diagnostic]>([])

    public init() {}

    public func emit(_ diagnostic: Diagnostic) {
        collected.withLock { $0.append(diagnostic) }
    }

    /// Everything emitted so far, sorted (so the order never depends on scheduling).
    public var diagnostics: [Diagnostic] { collected.get().sorted() }

    /// `true` when an error was emitted.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Prints each diagnostic at or above a severity as one line to standard error.
public struct DiagnosticPrinter: DiagnosticCollector {
    public var minimumSeverity: Diagnostic.Severity

    public init(minimumSeverity: Diagnostic.Severity = .warning) {
        self.minimumSeverity = minimumSeverity
    }

    public func emit(_ diagnostic: Diagnostic) {
        guard diagnostic.severity >= minimumSeverity else { return }
        FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
    }
}
