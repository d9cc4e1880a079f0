import Foundation

/// Crawls the documentation site into an output directory (see ``ScrapeOptions``).
///
/// The crawl follows article links under `api-reference/` found in each page's state JSON, in its
/// `#root` markup and in the site's table of contents (`toc.js`), stores each page at its URL path,
/// and keeps `manifest.json` (URL, ETag, Last-Modified, SHA-256, size) so the next crawl asks with
/// `If-None-Match` / `If-Modified-Since`. A journal (`.scrape-journal.jsonl`) records each page stored or
/// updated as it is finished; an interrupted crawl picks up from it without requesting those pages again (a page
/// a refresh had only confirmed unchanged is asked for again: one conditional request, answered 304).
public struct Scraper: Sendable {
    /// How the crawl behaves.
    public let options: ScrapeOptions

    /// The journal's file name inside the output directory.
    public static let journalName = ".scrape-journal.jsonl"

    public init(options: ScrapeOptions) {
        self.options = options
    }

    /// Runs the crawl. Throws `CancellationError` when cancelled (the journal stays for resuming) and
    /// ``ScrapeError`` when it cannot start; page failures are diagnostics in the report.
    public func run(progress: (@Sendable (ScrapeProgress) -> Void)? = nil) async throws -> ScrapeReport {
        guard let rootURL = SiteMap.guessRoot(from: options.start),
              let site = SiteMap(root: rootURL, sections: options.sections)
        else { throw ScrapeError("\(options.start.absoluteString): not an http(s) URL") }
        guard case .success(let startPath) = site.pagePath(for: options.start) else {
            throw ScrapeError("\(options.start.absoluteString): the start page must be an .html page under \(site.root.absoluteString)api-reference/")
        }
        let output = OutputDirectory(root: options.output)
        if let problem = output.storageProblem(startPath) {
            throw ScrapeError("\(options.start.absoluteString): the start page cannot be stored in \(options.output.path): \(problem)")
        }
        do { try output.create() } catch { throw ScrapeError("\(options.output.path): cannot create the output directory: \(error)") }

        var crawl = try Crawl(options: options, site: site, output: output, startPath: startPath)
        return try await crawl.run(progress: progress)
    }
}
