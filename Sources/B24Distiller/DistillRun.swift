import B24DocModel
import B24DocParser
import Foundation

/// Distils a folder of pages into a folder of fact-only pages: which pages are distilled (those the generator
/// reads), what is written (only changed files; never a page without the distiller's marker), and a report.
public enum DistillRun {
    /// What happens to one input page.
    public enum Decision: Sendable, Equatable {
        /// Distilled: the page's facts in our markup, and the round-trip difference if any.
        case distill(Distiller.Output)
        /// Not distilled, and why.
        case skip(reason: String)
    }

    /// One input page and what happens to it.
    public struct Planned: Sendable {
        public var path: String
        public var decision: Decision
    }

    /// What a run did.
    public struct Report: Sendable, Equatable {
        /// Distilled pages written (new or changed).
        public var written: [String] = []
        /// Distilled pages whose file already held the same bytes.
        public var unchanged: [String] = []
        /// Pages at a distilled page's path that lack the marker: hand-written, left as they are.
        public var keptHandWritten: [String] = []
        /// Pages not distilled, with the reason.
        public var skipped: [Note] = []
        /// Distilled pages removed because their page is no longer distilled (it is skipped now).
        public var removed: [String] = []
        /// Distilled pages whose facts do not read back the same, with the difference.
        public var mismatches: [Note] = []

        public var distilledCount: Int { written.count + unchanged.count }
    }

    /// A page and what is said about it.
    public struct Note: Sendable, Equatable {
        public var path: String
        public var text: String
    }

    /// The kinds of page the generator turns into entry points.
    static let entryKinds: Set<PageKind> = [.restMethod, .restEvent, .placementCommand, .placementEvent]

    /// Why a page is not distilled, or `nil` when it is: the generator reads entry-point pages and the object
    /// structures pages define.
    public static func skipReason(_ page: Page) -> String? {
        if entryKinds.contains(page.kind) || !page.types.isEmpty { return nil }
        switch page.kind {
        case .overview: return "overview page: no entry point, no object structure"
        default: return "no method, event, widget command or event, and no object structure on the page"
        }
    }

    /// Parses and distils `files` on all cores; the result is in path order whatever the order of `files`.
    public static func plan(_ files: [DocSet.File]) -> [Planned] {
        let planned = files.concurrentMap { file -> Planned in
            let page = DocParser.parse(file.bytes, path: file.path).page
            if let reason = skipReason(page) { return Planned(path: file.path, decision: .skip(reason: reason)) }
            return Planned(path: file.path, decision: .distill(Distiller.distill(page)))
        }
        return planned.sorted { $0.path < $1.path }
    }

    /// Writes the distilled pages of `planned` under `output`: a file is written only when its bytes change,
    /// a file without the distiller's marker (a page we wrote by hand) is never replaced, and a distilled page
    /// whose page is skipped now is removed. Pages under `output` that `planned` does not name are left alone
    /// (they may come from another folder of pages).
    public static func write(_ planned: [Planned], to output: URL) throws -> Report {
        var report = Report()
        for item in planned {
            switch item.decision {
            case .skip(let reason):
                report.skipped.append(Note(path: item.path, text: reason))
                // A distilled page left from an earlier run whose page is skipped now; never a page of ours.
                let url = output.appending(path: item.path)
                if let existing = try? Data(contentsOf: url), Distiller.isDistilled([UInt8](existing)) {
                    try FileManager.default.removeItem(at: url)
                    report.removed.append(item.path)
                }
            case .distill(let distilled):
                if let difference = distilled.mismatch { report.mismatches.append(Note(path: item.path, text: difference)) }
                let url = output.appending(path: item.path)
                let existing = try? Data(contentsOf: url)
                if let existing, !Distiller.isDistilled([UInt8](existing)) {
                    report.keptHandWritten.append(item.path)
                } else if let existing, [UInt8](existing) == distilled.bytes {
                    report.unchanged.append(item.path)
                } else {
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try replace(url, with: Data(distilled.bytes))
                    report.written.append(item.path)
                }
            }
        }
        return report
    }

    /// Writes through a temporary file in the same folder and a rename, so a reader never sees half a page.
    static func replace(_ url: URL, with data: Data) throws {
        let temporary = url.deletingLastPathComponent().appending(path: ".\(url.lastPathComponent).distill-tmp")
        try data.write(to: temporary)
        guard rename(temporary.path(percentEncoded: false), url.path(percentEncoded: false)) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path(percentEncoded: false),
                                                          NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)])
        }
    }
}
