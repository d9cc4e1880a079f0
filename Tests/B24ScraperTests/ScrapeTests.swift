import B24Scraper
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary directory holding the served pages (`site/`), the output (`out/`) and a directory the
/// crawl must never write to (`outside/`).
struct TempRoot {
    let root: URL
    var site: URL { root.appending(path: "site") }
    var output: URL { root.appending(path: "out") }
    var outside: URL { root.appending(path: "outside") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appending(path: "b24scrape-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Every file and symbolic link under `directory` (not following links), as paths relative to it.
    static func walk(_ directory: URL) -> [String] {
        var result: [String] = []
        func visit(_ path: String, _ relative: String) {
            var info = stat()
            guard lstat(path, &info) == 0 else { return }
            if info.st_mode & S_IFMT == S_IFDIR {
                for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                    visit(path + "/" + name, relative.isEmpty ? name : relative + "/" + name)
                }
            } else {
                result.append(relative)
            }
        }
        visit(directory.path(percentEncoded: false), "")
        return result.sorted()
    }

    /// Files anywhere under the root that are neither in `site/` (written by the test) nor in `out/`.
    func strayFiles(allowed: Set<String> = []) -> [String] {
        Self.walk(root).filter { !$0.hasPrefix("site/") && !$0.hasPrefix("out/") && !allowed.contains($0) }
    }

    /// Stored pages in the output (paths ending in `.html`).
    func storedPages() -> Set<String> {
        Set(Self.walk(output).filter { $0.hasSuffix(".html") })
    }
}

func testOptions(_ site: TestSite, _ temp: TempRoot, sections: [String] = [], concurrency: Int = 4) -> ScrapeOptions {
    ScrapeOptions(
        start: site.startURL, output: temp.output, sections: sections, concurrency: concurrency, requestsPerSecond: 0,
        maxPageBytes: 2 * 1_048_576, timeout: .seconds(1), maxAttempts: 2, retryBackoff: .milliseconds(50)
    )
}

let corpusPages: URL? = ProcessInfo.processInfo.environment["B24_CORPUS"].map {
    URL(fileURLWithPath: $0).appending(path: "pages")
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

@Suite("scrape against a real HTTP server on 127.0.0.1", .serialized)
struct ScrapeTests {
    @Test("faults and hostile links: good pages stored byte-identical, the rest diagnosed, nothing written outside")
    func faultsAndHostileLinks() async throws {
        let temp = try TempRoot()
        defer { temp.remove() }
        // With the corpus: its pages, limited to one section plus the faults (the full set is crawled by the timing test).
        let pagesRoot: URL
        var sections: [String] = []
        if let corpusPages {
            pagesRoot = corpusPages
            sections = ["crm/deals", "faults", "symlinked"]
        } else {
            try TestSite.writeSmallSite(into: temp.site)
            pagesRoot = temp.site
        }
        try await TestSite.serving(pagesRoot, faults: .all) { site in
            // A symbolic link planted in the output directory, pointing outside it.
            try FileManager.default.createDirectory(at: temp.output.appending(path: "api-reference"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: temp.output.appending(path: "api-reference/symlinked"), withDestinationURL: temp.outside)

            let report = try await Scraper(options: testOptions(site, temp, sections: sections)).run()
            // The page behind the planted link cannot be stored.
            let reachable = site.reachablePages.filter { path in
                !path.hasPrefix("api-reference/symlinked/")
                    && (sections.isEmpty || path == "api-reference/index.html" || sections.contains { path.hasPrefix("api-reference/\($0)/") })
            }

            for path in reachable {
                let stored = FileManager.default.contents(atPath: temp.output.appending(path: path).path(percentEncoded: false))
                #expect(stored == site.bytes(of: path), "\(path) stored byte-identical")
            }
            #expect(temp.storedPages() == Set(reachable), "exactly the reachable pages are stored")
            #expect(TempRoot.walk(temp.outside).isEmpty, "nothing written through the planted symbolic link")
            #expect(temp.strayFiles().isEmpty, "nothing written outside the output directory: \(temp.strayFiles())")
            #expect(!TempRoot.walk(temp.root).contains { $0.hasSuffix("escaped.html") || $0.hasSuffix("evil.html") || $0.contains("passwd") })

            Self.expectFaultDiagnostics(report)
            Self.expectFaultRequests(site.requestCounts())
            let manifestData = try Self.expectManifest(in: temp, of: site, listing: reachable)

            // Second run: every page answered 304, nothing downloaded, manifest unchanged.
            site.resetCounts()
            let second = try await Scraper(options: testOptions(site, temp, sections: sections)).run()
            #expect(second.downloaded.isEmpty, "second scrape downloads nothing: \(second.downloaded)")
            #expect(second.unchanged == reachable)
            let statuses = site.statuses()
            let sentAgain = reachable.filter { statuses[$0]?[200] != nil }
            #expect(sentAgain.isEmpty, "no stored page's body sent again: \(sentAgain)")
            let not304 = reachable.filter { statuses[$0]?[304] == nil }
            #expect(not304.isEmpty, "every stored page answered 304: \(not304)")
            #expect(statuses["toc.js"] == [304: 1], "the unchanged table of contents is asked for conditionally, not sent again")
            #expect(FileManager.default.contents(atPath: temp.output.appending(path: "manifest.json").path(percentEncoded: false)) == manifestData)
            #expect(temp.strayFiles().isEmpty)
        }
    }

    /// A diagnostic for each injected fault and hostile link, naming the page and what went wrong.
    static func expectFaultDiagnostics(_ report: ScrapeReport, sourceLocation: SourceLocation = #_sourceLocation) {
        let messages = report.diagnostics.map(\.description)
        func expectDiagnostic(_ subject: String, _ text: String) {
            #expect(messages.contains { $0.hasPrefix(subject + ":") && $0.contains(text) },
                    "diagnostic for \(subject) mentioning \"\(text)\"", sourceLocation: sourceLocation)
        }
        expectDiagnostic("api-reference/faults/missing.html", "HTTP 404")
        expectDiagnostic("api-reference/faults/error500.html", "HTTP 500")
        expectDiagnostic("api-reference/faults/loop-a.html", "more than 5 redirects")
        expectDiagnostic("api-reference/faults/redirect-off-site.html", "redirect refused")
        expectDiagnostic("api-reference/faults/redirect-escape.html", "redirect refused")
        expectDiagnostic("api-reference/faults/image.html", "not an HTML page")
        expectDiagnostic("api-reference/faults/huge.html", "larger than")
        expectDiagnostic("api-reference/faults/huge-chunked.html", "larger than")
        expectDiagnostic("api-reference/faults/stall.html", "timed out")
        expectDiagnostic("api-reference/symlinked/escape.html", "symbolic link")
        expectDiagnostic("api-reference/faults/hostile.html", "encoded separator")
        expectDiagnostic("api-reference/faults/hostile.html", "backslash")
    }

    /// Retries bounded, oversized pages not retried, hostile links never requested.
    static func expectFaultRequests(_ counts: [String: Int], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(counts["api-reference/faults/error500.html"] == 2, "500 retried, bounded", sourceLocation: sourceLocation)
        #expect(counts["api-reference/faults/flaky.html"] == 2, "a transient 500 retried once, then stored", sourceLocation: sourceLocation)
        #expect(counts["api-reference/faults/stall.html"] == 2, "a timeout retried, bounded", sourceLocation: sourceLocation)
        #expect(counts["api-reference/faults/huge.html"] == 1, "oversized is not retried", sourceLocation: sourceLocation)
        #expect((counts["api-reference/faults/loop-a.html"] ?? 0) + (counts["api-reference/faults/loop-b.html"] ?? 0) <= 6,
                "redirect loop bounded", sourceLocation: sourceLocation)
        #expect(counts.keys.allSatisfy { !$0.contains("escaped") && !$0.contains("evil") && !$0.contains("passwd") },
                "hostile links are never requested", sourceLocation: sourceLocation)
    }

    /// The manifest: sorted, deterministic, matching the stored bytes. Returns its bytes.
    static func expectManifest(in temp: TempRoot, of site: TestSite, listing reachable: [String],
                               sourceLocation: SourceLocation = #_sourceLocation) throws -> Data {
        let manifestData = try #require(FileManager.default.contents(atPath: temp.output.appending(path: "manifest.json").path(percentEncoded: false)),
                                        sourceLocation: sourceLocation)
        let manifest = try JSONDecoder().decode(Manifest.self, from: manifestData)
        #expect(manifest.pages.map(\.path) == reachable, sourceLocation: sourceLocation)
        #expect(try manifest.jsonData() == manifestData, "manifest bytes are its canonical encoding", sourceLocation: sourceLocation)
        for entry in manifest.pages {
            let data = try #require(site.bytes(of: entry.path), sourceLocation: sourceLocation)
            #expect(entry.sha256 == SHA256.hex(data) && entry.size == data.count && entry.etag != nil, "\(entry.path)",
                    sourceLocation: sourceLocation)
            #expect(entry.lastModified == TestSite.lastModified, sourceLocation: sourceLocation)
        }
        return manifestData
    }

    @Test("a full scrape, then a second one that gets only 304s in at most 10% of the time")
    func secondScrapeIsConditional() async throws {
        let temp = try TempRoot()
        defer { temp.remove() }
        let pagesRoot: URL
        if let corpusPages {
            pagesRoot = corpusPages
        } else {
            try TestSite.writeSmallSite(into: temp.site, count: 300, padding: 60_000)
            pagesRoot = temp.site
        }
        // No injected faults here (the test above has them): their delays would be timed, not the crawl.
        try await TestSite.serving(pagesRoot, faults: []) { site in

            let clock = ContinuousClock()
            let began = clock.now
            let first = try await Scraper(options: testOptions(site, temp)).run()
            let firstTime = clock.now - began

            let reachable = site.reachablePages
            #expect(first.downloaded == reachable, "every reachable page downloaded once")
            var mismatched: [String] = []
            for path in reachable where FileManager.default.contents(atPath: temp.output.appending(path: path).path(percentEncoded: false)) != site.bytes(of: path) {
                mismatched.append(path)
            }
            #expect(mismatched.isEmpty, "stored byte-identical: \(mismatched.prefix(5))")
            #expect(temp.storedPages() == Set(reachable))

            // The second scrape, three times (nothing changes in between): the median is the figure, the
            // machines being noisy. Every run must get only 304s.
            var secondTimes: [Duration] = []
            for _ in 0..<3 {
                site.resetCounts()
                let secondBegan = clock.now
                let second = try await Scraper(options: testOptions(site, temp)).run()
                secondTimes.append(clock.now - secondBegan)
                #expect(second.downloaded.isEmpty)
                #expect(second.unchanged == reachable)
                let statuses = site.statuses()
                let sentAgain = reachable.filter { statuses[$0]?[200] != nil }
                #expect(sentAgain.isEmpty, "no stored page's body sent again: \(sentAgain.prefix(5))")
            }
            let secondTime = secondTimes.sorted()[1]
            let ratio = seconds(secondTime) / seconds(firstTime)
            print(String(format: "scrape timing (%@, %d pages, %.1f MB): first %.2f s, second (median of 3) %.2f s [%@], ratio %.3f",
                         corpusPages == nil ? "generated" : "corpus", reachable.count, Double(first.bytes) / 1_048_576,
                         seconds(firstTime), seconds(secondTime),
                         secondTimes.map { String(format: "%.2f", seconds($0)) }.joined(separator: ", "), ratio))
            // The acceptance figure (issue 5) is defined on the corpus, in every build. The generated stand-in (300
            // padded pages with three links each, for machines without the corpus) is too small for it: its first
            // scrape is ~0.8 s, so the second one's fixed costs (state files, the first page before any fan-out)
            // dominate. Without the corpus the crawl's behaviour is checked above and the figures printed.
            if corpusPages != nil {
                #expect(ratio <= 0.10, "second scrape took \(ratio * 100)% of the first")
            } else {
                print("scrape timing: ratio asserted only on the corpus (set B24_CORPUS)")
            }
            #expect(temp.strayFiles().isEmpty)
        }
    }

    @Test("an interrupted scrape resumes without requesting what it stored; --only limits the sections")
    func interruptedScrapeResumes() async throws {
        let temp = try TempRoot()
        defer { temp.remove() }
        let pagesRoot: URL
        let sections: [String]
        if let corpusPages {
            pagesRoot = corpusPages
            sections = ["crm/deals", "tasks"]
        } else {
            try TestSite.writeSmallSite(into: temp.site, count: 120, padding: 4_000)
            pagesRoot = temp.site
            sections = ["alpha"]
        }
        try await TestSite.serving(pagesRoot, faults: []) { site in
            let options = testOptions(site, temp, sections: sections, concurrency: 2)
            let expected = site.reachablePages.filter { path in
                path == "api-reference/index.html" || sections.contains { path.hasPrefix("api-reference/\($0)/") }
            }
            let stopAfter = expected.count / 3
            #expect(stopAfter > 3)

            let (stream, trigger) = AsyncStream<Void>.makeStream()
            site.setOnServed { served in if served == stopAfter { trigger.yield() } }
            let task = Task { try await Scraper(options: options).run() }
            for await _ in stream { break }
            task.cancel()
            let result = await task.result
            site.setOnServed(nil)
            #expect(throws: CancellationError.self) { try result.get() }

            let storedFirst = temp.storedPages()
            #expect(!storedFirst.isEmpty && storedFirst.count < expected.count, "interrupted midway: \(storedFirst.count) of \(expected.count)")
            #expect(FileManager.default.fileExists(atPath: temp.output.appending(path: ".scrape-journal.jsonl").path(percentEncoded: false)))

            site.resetCounts()
            let resumed = try await Scraper(options: options).run()
            let counts = site.requestCounts()
            let refetched = storedFirst.filter { counts[$0] != nil }.sorted()
            #expect(refetched.isEmpty, "pages stored before the interruption were requested again: \(refetched.prefix(5))")
            #expect(Set(resumed.resumed) == storedFirst)
            #expect(Set(resumed.downloaded).isDisjoint(with: storedFirst))
            #expect(temp.storedPages() == Set(expected), "--only: the start page and the sections, nothing else")
            for path in expected {
                #expect(FileManager.default.contents(atPath: temp.output.appending(path: path).path(percentEncoded: false)) == site.bytes(of: path))
            }
            #expect(!FileManager.default.fileExists(atPath: temp.output.appending(path: ".scrape-journal.jsonl").path(percentEncoded: false)),
                    "the journal is gone once the crawl completes")
            print("resume: \(storedFirst.count) pages stored before the interruption, \(resumed.downloaded.count) downloaded after, "
                  + "\(resumed.requests) requests in the resumed run")
            #expect(temp.strayFiles().isEmpty)
        }
    }
}
