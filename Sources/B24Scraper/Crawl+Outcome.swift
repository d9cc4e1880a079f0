import B24DocModel
import Foundation

/// What the crawl does with a finished job: the report, the manifest, the link cache, the journal, the queue.
extension Crawl {
    mutating func handle(_ outcome: Outcome) {
        diagnostics.append(contentsOf: outcome.diagnostics)
        report.requests += outcome.requests
        report.bytes += outcome.bytes
        counters.bytes += outcome.bytes
        if outcome.isTOC {
            if let toc = outcome.toc, linkCache.tocs[outcome.path] != toc {
                linkCache.tocs[outcome.path] = toc
                linksChanged = true
            }
            for link in outcome.links where !seen.contains(link) { enqueue(link, from: nil) }
            return
        }
        count(outcome)
        if let entry = outcome.entry {
            record(entry, of: outcome)
        }
        // Most links name pages already seen (every page links its neighbours): checked here, before the call.
        let from = outcome.entry?.path ?? outcome.path
        for link in outcome.links where !seen.contains(link) { enqueue(link, from: from) }
        for toc in outcome.tocs where seenTOC.insert(toc).inserted {
            if let url = URL(string: toc) { pendingTOC.append(url) }
        }
    }

    /// The report's lists and the progress counters.
    private mutating func count(_ outcome: Outcome) {
        counters.done += 1
        let path = outcome.path
        switch outcome.result {
        case .downloaded: report.downloaded.append(path); counters.downloaded += 1
        case .unchanged: report.unchanged.append(path); counters.unchanged += 1
        case .resumed: report.resumed.append(path); counters.resumed += 1
        case .failed(let transient, let isGone):
            report.failed.append(path)
            counters.failed += 1
            if transient { transientFailures.insert(path) }
            if isGone { gone.insert(path) }
        }
    }

    /// A page stored or confirmed: into the manifest, the link cache and (when the disk must remember it) the journal.
    private mutating func record(_ entry: Manifest.Entry, of outcome: Outcome) {
        finished.insert(entry.path)
        if entry.path != outcome.path { finished.insert(outcome.path) }
        manifest[entry.path] = entry
        // Links taken from the link cache are in it already.
        if !outcome.linksFromCache {
            let item = LinkCache.Item(sha256: entry.sha256, links: outcome.links, toc: outcome.tocs)
            if linkCache.pages[entry.path] != item {
                linkCache.pages[entry.path] = item
                linksChanged = true
            }
        }
        let entryChanged = manifestBefore[entry.path] != entry
        if entryChanged { manifestChanged = true }
        switch outcome.result {
        case .resumed:
            break
        case .unchanged where !entryChanged:
            // Confirmed unchanged, and the manifest on disk says so already: nothing to journal. After an
            // interruption the page is asked for again, which costs a conditional request (a 304), no body.
            break
        default:
            appendToJournal(entry, of: outcome)
        }
        seen.insert(entry.path)
    }

    /// Appends the page's journal record.
    private mutating func appendToJournal(_ entry: Manifest.Entry, of outcome: Outcome) {
        guard journal != nil else { return }
        // Links of an unchanged page are in the link cache already.
        let unchanged: Bool = if case .unchanged = outcome.result { true } else { false }
        let record = JournalRecord(entry: entry, links: unchanged ? nil : outcome.links,
                                   toc: unchanged ? nil : outcome.tocs)
        do {
            // A downloaded page's record is written at once (its body must never be fetched again);
            // records of unchanged pages are batched (losing one costs only a conditional request).
            pendingJournal.append(try encodeLine(record))
            if !unchanged || pendingJournal.count >= 64 * 1024 { flushJournal() }
        } catch {
            diagnostics.append(.init(path: Scraper.journalName, line: 0, severity: .warning, message: "cannot append: \(error)"))
        }
    }

    /// After a complete crawl: report (and with `prune`, remove) pages the manifest lists but the crawl did not keep.
    mutating func finish() {
        let stale = manifest.keys.filter { path in
            !finished.contains(path) && (path == startPath || site.inSections(path)) && !transientFailures.contains(path)
        }.sorted()
        for path in stale {
            if options.prune {
                do {
                    try output.remove(path)
                } catch {
                    diagnostics.append(.init(path: path, line: 0, severity: .error, message: "not pruned: \(OutputError.reason(of: error))"))
                    continue
                }
                manifest[path] = nil
                manifestChanged = true
                linkCache.pages[path] = nil
                linksChanged = true
                report.pruned.append(path)
            } else {
                report.notReached.append(path)
            }
        }
        for path in linkCache.pages.keys where manifest[path] == nil {
            linkCache.pages[path] = nil
            linksChanged = true
        }
        for url in linkCache.tocs.keys where !seenTOC.contains(url) {
            linkCache.tocs[url] = nil
            linksChanged = true
        }
    }
}
