import B24DocModel
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The crawl's state on disk: the manifest, the link cache and the journal.
extension Crawl {
    mutating func loadState() {
        if let data = output.readMetadata(name: Manifest.fileName) {
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
        if let data = output.readMetadata(name: LinkCache.fileName), let read = LinkCache.read(from: data) {
            linkCache = read
        }
        guard let data = output.readMetadata(name: Scraper.journalName) else { return }
        let lines = data.split(separator: 0x0A)
        let header = lines.first.flatMap { try? JSONDecoder().decode(JournalHeader.self, from: Data($0)) }
        guard options.resume, let header, header.start == options.start.absoluteString,
              header.sections == site.sections.map({ $0.joined(separator: "/") })
        else {
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

    mutating func openJournal() throws {
        let path = try output.metadataPath(name: Scraper.journalName)
        let resuming = !journalled.isEmpty
        let flags = O_WRONLY | O_CREAT | O_NOFOLLOW | (resuming ? O_APPEND : O_TRUNC)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw ScrapeError("\(path): cannot open the journal (\(String(cString: strerror(errno))))") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        if resuming {
            // Make sure a record cut short by the interruption does not glue onto the next one.
            try handle.write(contentsOf: Data([0x0A]))
        } else {
            let header = JournalHeader(journal: 1, start: options.start.absoluteString,
                                       sections: site.sections.map { $0.joined(separator: "/") })
            try handle.write(contentsOf: encodeLine(header))
        }
        journal = handle
    }

    mutating func flushJournal() {
        guard !pendingJournal.isEmpty, let journal else { return }
        do {
            try journal.write(contentsOf: pendingJournal)
        } catch {
            diagnostics.append(.init(path: Scraper.journalName, line: 0, severity: .warning, message: "cannot append: \(error)"))
        }
        pendingJournal.removeAll(keepingCapacity: true)
    }

    func encodeLine(_ value: some Encodable) throws -> Data {
        var data = try lineEncoder.encode(value)
        data.append(0x0A)
        return data
    }

    /// Writes the manifest (and, with `links`, the link cache) atomically.
    mutating func saveSnapshot(links: Bool) {
        do {
            if manifestChanged || !output.hasMetadata(name: Manifest.fileName) {
                let snapshot = Manifest(root: site.root.absoluteString, pages: Array(manifest.values))
                try output.writeMetadata(try snapshot.jsonData(), name: Manifest.fileName)
                manifestChanged = false
            }
            if links && linksChanged {
                try output.writeMetadata(try linkCache.jsonData(), name: LinkCache.fileName)
                linksChanged = false
            }
        } catch {
            diagnostics.append(.init(path: Manifest.fileName, line: 0, severity: .error, message: "cannot write: \(error)"))
        }
    }
}
