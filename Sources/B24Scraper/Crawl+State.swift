import B24DocModel
import Foundation

/// The crawl's state on disk: the manifest, the link cache and the journal.
///
/// Each is written by temporary file and rename; the journal is then kept open and appended to through the file the
/// crawl created. Something planted at one of their paths (a FIFO, a symbolic link, a file with other hard links, a
/// directory) is neither read nor written: a diagnostic says so.
extension Crawl {
    mutating func loadState() {
        if let data = readMetadata(Manifest.fileName) {
            if let decoded = try? JSONDecoder().decode(Manifest.self, from: data) {
                if decoded.root == site.root.absoluteString {
                    for entry in decoded.pages { manifest[entry.path] = entry }
                } else {
                    diagnostics.append(.init(path: Manifest.fileName, line: 0, severity: .note,
                                             message: "manifest is for \(decoded.root); starting a new one"))
                }
            } else {
                diagnostics.append(.init(path: Manifest.fileName, line: 0, severity: .warning,
                                         message: "manifest unreadable; every page will be downloaded again"))
            }
        }
        if let data = readMetadata(LinkCache.fileName), let read = LinkCache.read(from: data) {
            linkCache = read
        }
        guard let data = readMetadata(Scraper.journalName) else { return }
        let lines = data.split(separator: 0x0A)
        let header = lines.first.flatMap { try? JSONDecoder().decode(JournalHeader.self, from: Data($0)) }
        guard options.resume, let header, header == journalHeader else {
            diagnostics.append(.init(path: Scraper.journalName, line: 0, severity: .note,
                                     message: "an earlier crawl's journal does not match this one; starting over"))
            return
        }
        for line in lines.dropFirst() {
            // A line cut short by an interruption fails to decode and is ignored.
            guard let record = try? JSONDecoder().decode(JournalRecord.self, from: Data(line)) else { continue }
            journalled[record.entry.path] = record
            manifest[record.entry.path] = record.entry
        }
    }

    /// One of the crawl's files, or `nil` when there is none or it cannot be read (then with a diagnostic).
    private mutating func readMetadata(_ name: String) -> Data? {
        do {
            return try output.readMetadata(name: name)
        } catch {
            diagnostics.append(.init(path: name, line: 0, severity: .warning, message: "not read: \(OutputError.reason(of: error))"))
            return nil
        }
    }

    /// The first line of this crawl's journal.
    private var journalHeader: JournalHeader {
        JournalHeader(journal: 1, start: options.start.absoluteString, sections: site.sections.map { $0.joined(separator: "/") })
    }

    /// Starts the journal afresh: its header and the records of the crawl it resumes (a record cut short by the
    /// interruption is left out), written by temporary file and rename and kept open. Without a journal (when it
    /// cannot be written) the crawl goes on, with an error: an interruption would then start over.
    mutating func openJournal() {
        do {
            var data = try encodeLine(journalHeader)
            for path in journalled.keys.sorted() {
                if let record = journalled[path] { data.append(try encodeLine(record)) }
            }
            journal = try output.createAppendable(data, name: Scraper.journalName)
        } catch {
            diagnostics.append(.init(path: Scraper.journalName, line: 0, severity: .error,
                                     message: "not written: \(OutputError.reason(of: error)); an interrupted crawl will start over"))
        }
    }

    mutating func flushJournal() {
        guard !pendingJournal.isEmpty, let journal else { return }
        do {
            try journal.append(pendingJournal)
        } catch {
            diagnostics.append(.init(path: Scraper.journalName, line: 0, severity: .error,
                                     message: "cannot append: \(OutputError.reason(of: error)); no further records are kept"))
            closeJournal()
        }
        pendingJournal.removeAll(keepingCapacity: true)
    }

    mutating func closeJournal() {
        journal?.close()
        journal = nil
    }

    /// After a complete crawl: the journal is not needed any more.
    mutating func removeJournal() {
        guard let journal else { return }
        journal.close()
        self.journal = nil
        do {
            try output.removeMetadata(name: Scraper.journalName)
        } catch {
            diagnostics.append(.init(path: Scraper.journalName, line: 0, severity: .error,
                                     message: "not removed: \(OutputError.reason(of: error)); the next crawl would resume from it"))
        }
    }

    func encodeLine(_ value: some Encodable) throws -> Data {
        var data = try lineEncoder.encode(value)
        data.append(0x0A)
        return data
    }

    /// Writes the manifest (and, with `links`, the link cache) atomically.
    mutating func saveSnapshot(links: Bool) {
        if manifestChanged || !output.hasMetadata(name: Manifest.fileName) {
            let snapshot = Manifest(root: site.root.absoluteString, pages: Array(manifest.values))
            if writeMetadata(Manifest.fileName, { try snapshot.jsonData() }) { manifestChanged = false }
        }
        if links && linksChanged {
            let cache = linkCache
            if writeMetadata(LinkCache.fileName, { try cache.jsonData() }) { linksChanged = false }
        }
    }

    /// Writes one of the crawl's files; `false` (with an error) when it cannot.
    private mutating func writeMetadata(_ name: String, _ data: () throws -> Data) -> Bool {
        do {
            try output.writeMetadata(try data(), name: name)
            return true
        } catch {
            diagnostics.append(.init(path: name, line: 0, severity: .error, message: "not written: \(OutputError.reason(of: error))"))
            return false
        }
    }
}
