import B24DocModel
import B24Scraper
import Bitrix24Locking
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output directory tampered with before the crawl: hard links, FIFOs, directories planted where the scraper
/// writes; page names too long to store. Every case against the loopback site, with the real file system.
@Suite("scrape into a tampered output directory", .serialized)
struct TamperedFolderTests {
    static let journal = ".scrape-journal.jsonl"

    /// Runs `body` with the small generated site (24 pages, and `extraPages`) served while it runs.
    static func withSite(_ temp: TempRoot, extraPages: [String: Data] = [:], _ body: (TestSite) async throws -> Void) async throws {
        try TestSite.writeSmallSite(into: temp.site)
        for (path, data) in extraPages {
            let url = temp.site.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        try await TestSite.serving(temp.site, faults: [], body)
    }

    static func path(_ url: URL) -> String { url.path(percentEncoded: false) }

    /// Runs a crawl that must not wait on the given FIFOs: if it has not ended after 20 s, a watchdog opens each of
    /// them (which ends a blocked `open` or `read`) so that the test fails instead of hanging.
    static func crawl(_ options: ScrapeOptions, fifos: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> ScrapeReport {
        let watchdog = FIFOWatchdog(fifos: fifos, deadline: .seconds(20))
        let clock = ContinuousClock()
        let began = clock.now
        let report = try await Scraper(options: options).run()
        #expect(!watchdog.finish(), "the crawl blocked on a FIFO until the watchdog opened it", sourceLocation: sourceLocation)
        #expect(clock.now - began < .seconds(20), sourceLocation: sourceLocation)
        return report
    }

    static func isFIFO(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO
    }

    /// Every page in `pages` stored byte-identical to what the site serves.
    static func expectStored(_ pages: [String], _ temp: TempRoot, _ site: TestSite, sourceLocation: SourceLocation = #_sourceLocation) {
        let wrong = pages.filter { FileManager.default.contents(atPath: path(temp.output.appending(path: $0))) != site.bytes(of: $0) }
        #expect(wrong.isEmpty, "not stored byte-identical: \(wrong.prefix(5))", sourceLocation: sourceLocation)
    }

    static func hasError(_ report: ScrapeReport, at path: String, mentioning text: String) -> Bool {
        report.diagnostics.contains { $0.path == path && $0.severity == .error && $0.message.contains(text) }
    }

    @Test("a hard link planted at the journal's path: refused, nothing written through it, the pages stored, the run fails")
    func hardLinkAtJournal() async throws {
        let temp = try TempRoot()
        defer { temp.remove() }
        try await Self.withSite(temp) { site in
            try FileManager.default.createDirectory(at: temp.output, withIntermediateDirectories: true)
            let victim = temp.outside.appending(path: "victim.txt")
            let original = Data("a file outside the output directory\n".utf8)
            try original.write(to: victim)
            let journalPath = Self.path(temp.output.appending(path: Self.journal))
            try #require(link(Self.path(victim), journalPath) == 0)

            let report = try await Scraper(options: testOptions(site, temp)).run()
            #expect(FileManager.default.contents(atPath: Self.path(victim)) == original, "the outside file is unchanged")
            #expect(TempRoot.walk(temp.outside) == ["victim.txt"])
            #expect(temp.strayFiles(allowed: ["outside/victim.txt"]).isEmpty, "\(temp.strayFiles(allowed: ["outside/victim.txt"]))")
            Self.expectStored(site.reachablePages, temp, site)
            #expect(report.downloaded == site.reachablePages)
            #expect(Self.hasError(report, at: Self.journal, mentioning: "hard links"), "\(report.diagnostics)")
            #expect(report.hasErrors, "the journal could not be written: the run fails")
            var info = stat()
            #expect(lstat(journalPath, &info) == 0 && info.st_nlink == 2, "the planted link is left as it was")
        }
    }

    @Test("a FIFO at the journal's path: neither read nor written, no hang, the pages stored, the run fails")
    func fifoAtJournal() async throws {
        let temp = try TempRoot()
        defer { temp.remove() }
        try await Self.withSite(temp) { site in
            try FileManager.default.createDirectory(at: temp.output, withIntermediateDirectories: true)
            let journalPath = Self.path(temp.output.appending(path: Self.journal))
            try #require(mkfifo(journalPath, 0o644) == 0)

            let report = try await Self.crawl(testOptions(site, temp), fifos: [journalPath])
            Self.expectStored(site.reachablePages, temp, site)
            #expect(Self.hasError(report, at: Self.journal, mentioning: "not a regular file"), "\(report.diagnostics)")
            #expect(report.diagnostics.contains { $0.path == Self.journal && $0.message.contains("not read") })
            #expect(report.hasErrors)
            #expect(Self.isFIFO(journalPath), "the FIFO is left as it was")
            #expect(temp.strayFiles().isEmpty)
        }
    }

    @Test("FIFOs at a page's path, the manifest's and the link cache's on a refresh: no hang, refused with errors, the rest stored")
    func fifosAtPageAndManifest() async throws {
        let temp = try TempRoot()
        defer { temp.remove() }
        try await Self.withSite(temp) { site in
            let first = try await Scraper(options: testOptions(site, temp)).run()
            #expect(!first.hasErrors && first.downloaded == site.reachablePages)

            // A page the manifest lists (so the refresh would ask for it conditionally and read it) replaced by a FIFO.
            let page = "api-reference/alpha/page-0.html"
            let pagePath = Self.path(temp.output.appending(path: page))
            try FileManager.default.removeItem(atPath: pagePath)
            try #require(mkfifo(pagePath, 0o644) == 0)
            let refresh = try await Self.crawl(testOptions(site, temp), fifos: [pagePath])
            #expect(Self.hasError(refresh, at: page, mentioning: "not a regular file"), "\(refresh.diagnostics)")
            #expect(refresh.hasErrors)
            #expect(Self.isFIFO(pagePath))
            let others = site.reachablePages.filter { $0 != page }
            Self.expectStored(others, temp, site)
            #expect(refresh.unchanged == others, "the other pages are confirmed unchanged")

            // Then the manifest and the link cache as FIFOs too.
            var fifos = [pagePath]
            for name in [Manifest.fileName, ".scrape-links.json"] {
                let path = Self.path(temp.output.appending(path: name))
                try FileManager.default.removeItem(atPath: path)
                try #require(mkfifo(path, 0o644) == 0)
                fifos.append(path)
            }
            let blind = try await Self.crawl(testOptions(site, temp), fifos: fifos)
            #expect(Self.hasError(blind, at: Manifest.fileName, mentioning: "not a regular file"), "\(blind.diagnostics)")
            #expect(Self.hasError(blind, at: ".scrape-links.json", mentioning: "not a regular file"))
            #expect(Self.hasError(blind, at: page, mentioning: "not a regular file"))
            #expect(fifos.allSatisfy(Self.isFIFO), "every FIFO is left as it was")
            Self.expectStored(others, temp, site)
            #expect(temp.strayFiles().isEmpty)
        }
    }

    @Test("page names too long to store are rejected up front with a diagnostic and never requested; a long one that fits is stored")
    func overlongNames() async throws {
        let temp = try TempRoot()
        defer { temp.remove() }
        // 250 bytes: fits the 255-byte limit (the old temporary name, 42 bytes longer, did not); 300 bytes does not;
        // 25 directories of 200 bytes exceed the path limit.
        let fits = "api-reference/names/" + String(repeating: "f", count: 245) + ".html"
        let tooLong = "api-reference/names/" + String(repeating: "n", count: 295) + ".html"
        let tooDeep = "api-reference/names/" + String(repeating: String(repeating: "d", count: 200) + "/", count: 25) + "deep.html"
        let names = "api-reference/names/index.html"
        try await Self.withSite(temp, extraPages: [
            names: TestSite.page(title: "Names", links: [fits, tooLong, tooDeep].map { "/" + $0 }, depth: 3),
            fits: TestSite.page(title: "A long name that fits", links: [], depth: 3),
        ]) { site in
            let report = try await Scraper(options: testOptions(site, temp)).run()
            #expect(report.downloaded == site.reachablePages, "every page with a storable name is stored, the 250-byte one included")
            #expect(site.reachablePages.contains(fits))
            Self.expectStored(site.reachablePages, temp, site)
            let counts = site.requestCounts()
            #expect(counts[tooLong] == nil && counts[tooDeep] == nil, "pages that cannot be stored are never requested")
            let messages = report.diagnostics.filter { $0.path == names && $0.severity == .warning }.map(\.message)
            #expect(messages.contains { $0.contains("name too long") && $0.contains(String(repeating: "n", count: 295)) }, "\(messages)")
            #expect(messages.contains { $0.contains("cannot be stored") && $0.contains("path of") }, "\(messages)")
            #expect(!report.hasErrors, "a link to a page that cannot be stored is a warning, not a failed write")
            #expect(temp.strayFiles().isEmpty)
        }
    }

    @Test("a page or the manifest that cannot be written is an error, and b24gen scrape exits with a non-zero status")
    func failedWritesFail() async throws {
        let temp = try TempRoot()
        defer { temp.remove() }
        try await Self.withSite(temp) { site in
            // A directory (not empty) where a page should go, and one where the manifest should go.
            let page = "api-reference/beta/page-1.html"
            for blocked in [page, Manifest.fileName] {
                try FileManager.default.createDirectory(at: temp.output.appending(path: blocked + "/inside"), withIntermediateDirectories: true)
            }
            let report = try await Scraper(options: testOptions(site, temp)).run()
            #expect(Self.hasError(report, at: page, mentioning: "directory is in the way"), "\(report.diagnostics)")
            #expect(Self.hasError(report, at: Manifest.fileName, mentioning: "directory is in the way"))
            #expect(report.hasErrors)
            #expect(report.failed == [page])
            Self.expectStored(site.reachablePages.filter { $0 != page }, temp, site)

            // The command: a non-zero status while they are in the way, zero once they are gone.
            let b24gen = try #require(Self.b24gen, "the b24gen executable next to the test bundle")
            let arguments = ["scrape", "--start", site.startURL.absoluteString, "--output", Self.path(temp.output), "--rate", "0"]
            let failed = try Self.run(b24gen, arguments)
            #expect(failed.status != 0, "\(failed.errors)")
            #expect(failed.errors.contains("\(page): error: not stored: a directory is in the way"), "\(failed.errors)")
            for blocked in [page, Manifest.fileName] {
                try FileManager.default.removeItem(at: temp.output.appending(path: blocked))
            }
            let succeeded = try Self.run(b24gen, arguments)
            #expect(succeeded.status == 0, "\(succeeded.errors)")
            Self.expectStored(site.reachablePages, temp, site)
        }
    }

    @Test("--prune removes a page the site no longer has; one that is not a plain file any more is an error, left and kept in the manifest")
    func pruneRefusesWhatItDidNotWrite() async throws {
        let temp = try TempRoot()
        defer { temp.remove() }
        try await Self.withSite(temp) { site in
            var options = testOptions(site, temp)
            options.prune = true
            #expect(try await Scraper(options: options).run().downloaded == site.reachablePages)
            // Two pages vanish from the site (404); one of them was replaced by a FIFO in the output directory.
            let gone = "api-reference/alpha/page-2.html"
            let fifo = "api-reference/beta/page-3.html"
            for page in [gone, fifo] { site.withdraw(page) }
            let fifoPath = Self.path(temp.output.appending(path: fifo))
            try FileManager.default.removeItem(atPath: fifoPath)
            try #require(mkfifo(fifoPath, 0o644) == 0)

            let report = try await Self.crawl(options, fifos: [fifoPath])
            #expect(report.pruned == [gone])
            #expect(!FileManager.default.fileExists(atPath: Self.path(temp.output.appending(path: gone))))
            #expect(Self.hasError(report, at: fifo, mentioning: "not pruned"), "\(report.diagnostics)")
            #expect(Self.isFIFO(fifoPath))
            let manifestData = try #require(FileManager.default.contents(atPath: Self.path(temp.output.appending(path: Manifest.fileName))))
            let listed = Set(try JSONDecoder().decode(Manifest.self, from: manifestData).pages.map(\.path))
            #expect(!listed.contains(gone) && listed.contains(fifo), "the pruned page leaves the manifest, the one left stays")
            #expect(report.hasErrors)
        }
    }

    /// The `b24gen` built with the tests (next to the test bundle or executable).
    static var b24gen: URL? {
        let directories = ([Bundle.main.executableURL] + Bundle.allBundles.map(\.bundleURL)).compactMap { $0?.deletingLastPathComponent() }
        return directories.map { $0.appending(path: "b24gen") }.first { FileManager.default.isExecutableFile(atPath: path($0)) }
    }

    /// Runs an executable (ended after a minute at most); its exit status and standard error.
    static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) { if process.isRunning { process.terminate() } }
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}

/// Opens the given FIFOs after a deadline, again and again until ``finish()``, so that an `open` or `read`
/// waiting on one of them returns; ``finish()`` tells whether it had to.
final class FIFOWatchdog: Sendable {
    private let state = Locked((done: false, fired: false))

    init(fifos: [String], deadline: Duration) {
        let end = ContinuousClock.now + deadline
        let thread = Thread { [state] in
            while ContinuousClock.now < end {
                if state.withLock({ $0.done }) { return }
                usleep(20_000)
            }
            state.withLock { $0.fired = true }
            while !state.withLock({ $0.done }) {
                for path in fifos {
                    let descriptor = open(path, O_RDWR | O_NONBLOCK)
                    if descriptor >= 0 {
                        usleep(10_000)
                        close(descriptor)
                    }
                }
                usleep(100_000)
            }
        }
        thread.start()
    }

    /// Stops the watchdog; `true` when it had to open the FIFOs.
    func finish() -> Bool {
        state.withLock { state in
            state.done = true
            return state.fired
        }
    }
}
