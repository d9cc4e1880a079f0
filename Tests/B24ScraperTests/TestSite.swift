import Bitrix24Locking
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A documentation site on 127.0.0.1: pages from a directory (the corpus or pages the test wrote),
/// a `toc.js` listing them, ETag / Last-Modified with 304 handling, and injected faults under
/// `api-reference/faults/`. Counts requests per path and response status.
final class TestSite: @unchecked Sendable {
    /// Which injected faults the site serves.
    struct Faults: OptionSet, Sendable {
        let rawValue: Int
        /// 404, 500 (always / once), redirect loop, off-site and escaping redirects, a good redirect, non-HTML, 50 MB.
        static let quick = Faults(rawValue: 1)
        /// A slow page (served after 0.3 s) and a stalled one (4 s, beyond the test timeout).
        static let slow = Faults(rawValue: 2)
        /// A page with hostile links, and a page whose stored path runs through a planted symbolic link.
        static let hostile = Faults(rawValue: 4)
        static let all: Faults = [.quick, .slow, .hostile]
    }

    let pagesRoot: URL
    let pagePaths: [String]
    let faults: Faults
    private(set) var port: UInt16 = 0
    /// What the site's connection threads share.
    private let state = Locked(State())

    private struct State {
        var server: LoopbackHTTPServer?
        /// Requests per path.
        var counts: [String: Int] = [:]
        /// Responses per path and status.
        var statusCounts: [String: [Int: Int]] = [:]
        /// 200 page responses.
        var servedPages = 0
        var onServed: (@Sendable (Int) -> Void)?
        /// ETags and 304 answers by path, made on the first request for a page (the pages do not change while the
        /// site runs). Bodies are read from disk for each 200; they are not kept.
        var cache: [String: CachedPage] = [:]
        /// Whether the flaky page has failed once.
        var flakyServed = false
        /// Pages the site no longer has (answered 404).
        var withdrawn: Set<String> = []
    }

    private struct CachedPage {
        var etag: String
        /// The 304 answer, serialized once.
        var notModified: LoopbackHTTPServer.Response
    }

    static let lastModified = "Sat, 01 Aug 2026 00:00:00 GMT"

    /// The fault pages that a correct crawl stores (with their bodies).
    let goodFaultPages: [String: Data]

    init(pagesRoot: URL, faults: Faults) throws {
        self.pagesRoot = pagesRoot.standardizedFileURL
        self.faults = faults
        var paths: [String] = []
        let base = self.pagesRoot.path(percentEncoded: false)
        if let enumerator = FileManager.default.enumerator(atPath: base) {
            while let relative = enumerator.nextObject() as? String {
                if relative.hasSuffix(".html") { paths.append(relative) }
            }
        }
        pagePaths = paths.filter { $0.hasPrefix("api-reference/") }.sorted()
        var good: [String: Data] = [:]
        if faults.contains(.quick) {
            good["api-reference/faults/flaky.html"] = Self.page(title: "Flaky page", links: [], depth: 3)
            good["api-reference/faults/moved-target.html"] = Self.page(title: "Moved target", links: [], depth: 3)
        }
        if faults.contains(.slow) {
            good["api-reference/faults/slow.html"] = Self.page(title: "Slow page", links: [], depth: 3)
        }
        if faults.contains(.hostile) {
            good["api-reference/faults/hostile.html"] = Self.page(title: "Hostile links", links: Self.hostileLinks, depth: 3)
            good["api-reference/symlinked/escape.html"] = Self.page(title: "Through a symlink", links: [], depth: 3)
        }
        goodFaultPages = good
    }

    /// Links that try to leave the output directory or the site.
    static let hostileLinks = [
        "../../etc/passwd", "../../../../../../etc/passwd.html", "/etc/passwd", "/api-reference/../../etc/passwd.html",
        "api-reference/..%2F..%2F..%2Fescaped.html", "api-reference/%2e%2e/%2e%2e/escaped.html",
        "api-reference/faults/%2E%2E%2Fescaped.html", "api-reference\\..\\..\\escaped.html",
        "api-reference/faults/a%5C..%5Cescaped.html", "api-reference/faults/nul%00.html",
        "http://evil.example/api-reference/evil.html", "//evil.example/api-reference/evil.html",
        "file:///etc/passwd", "javascript:alert(1)", "api-reference/symlinked/escape.html",
        "api-reference/faults/&#46;&#46;/&#46;&#46;/escaped.html", "api-reference/.hidden/x.html",
    ]

    /// Starts a site serving `pagesRoot`, runs `body` with it and stops it when `body` returns or throws.
    @discardableResult
    static func serving<T>(_ pagesRoot: URL, faults: Faults, _ body: (TestSite) async throws -> T) async throws -> T {
        let site = try TestSite(pagesRoot: pagesRoot, faults: faults)
        try await site.start()
        do {
            let result = try await body(site)
            await site.stop()
            return result
        } catch {
            await site.stop()
            throw error
        }
    }

    func start() async throws {
        let server = try LoopbackHTTPServer { [weak self] request in
            guard let self else { return .init(status: 503) }
            return self.respond(to: request)
        }
        server.start()
        state.withLock { $0.server = server }
        port = server.port
    }

    /// Connections the server accepted so far.
    var connectionsAccepted: Int { state.withLock { $0.server }?.accepted ?? 0 }

    func stop() async { state.withLock { $0.server }?.stop() }

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/")! }
    var startURL: URL { URL(string: "http://127.0.0.1:\(port)/api-reference/index.html")! }

    /// Requests per path since the last ``resetCounts()``.
    func requestCounts() -> [String: Int] { state.withLock { $0.counts } }
    /// Responses per path and status since the last ``resetCounts()``.
    func statuses() -> [String: [Int: Int]] { state.withLock { $0.statusCounts } }
    func resetCounts() { state.withLock { $0.counts = [:]; $0.statusCounts = [:]; $0.servedPages = 0 } }
    /// From now on the site answers 404 for `path`.
    func withdraw(_ path: String) { state.withLock { _ = $0.withdrawn.insert(path) } }
    /// Called with the number of 200 page responses so far, after each one.
    func setOnServed(_ callback: (@Sendable (Int) -> Void)?) { state.withLock { $0.onServed = callback } }

    /// The bytes of a page the site serves, by path.
    func bytes(of path: String) -> Data? {
        if let data = goodFaultPages[path] { return data }
        return FileManager.default.contents(atPath: pagesRoot.appending(path: path).path(percentEncoded: false))
    }

    /// Every page a complete crawl must store: the directory's pages (all listed in toc.js) and the good fault pages.
    var reachablePages: [String] { (pagePaths + goodFaultPages.keys).sorted() }

    // MARK: Serving

    private func record(_ path: String, _ status: Int) {
        let callback: (@Sendable (Int) -> Void)?
        let served: Int
        (callback, served) = state.withLock { state in
            state.statusCounts[path, default: [:]][status, default: 0] += 1
            if status == 200 && path.hasSuffix(".html") { state.servedPages += 1 }
            return (state.onServed, state.servedPages)
        }
        if status == 200 && path.hasSuffix(".html") { callback?(served) }
    }

    private func respond(to request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        let decoded = request.path.contains("%") ? request.path.removingPercentEncoding ?? request.path : request.path
        let path = String(decoded.drop { $0 == "/" })
        let withdrawn = state.withLock { state in
            state.counts[path, default: 0] += 1
            return state.withdrawn.contains(path)
        }
        if withdrawn {
            record(path, 404)
            return .init(status: 404)
        }
        if let response = fault(path) {
            record(path, response.status)
            return response
        }
        let known = state.withLock { $0.cache[path] }
        if let known, request.headers["if-none-match"] == known.etag {
            record(path, 304)
            return known.notModified
        }
        guard let (body, contentType) = content(of: path) else {
            record(path, 404)
            return .init(status: 404)
        }
        let page = known ?? {
            let etag = "\"\(body.count)-\(Self.fnv1a(body))\""
            let notModified = LoopbackHTTPServer.Response(status: 304, headers: [("ETag", etag), ("Last-Modified", Self.lastModified)])
            let page = CachedPage(etag: etag, notModified: notModified.bytes.map { .init(notModified, cached: $0) } ?? notModified)
            state.withLock { $0.cache[path] = page }
            return page
        }()
        if request.headers["if-none-match"] == page.etag {
            record(path, 304)
            return page.notModified
        }
        record(path, 200)
        return .init(status: 200, headers: [("ETag", page.etag), ("Last-Modified", Self.lastModified), ("Content-Type", contentType)],
                     body: .data(body))
    }

    /// The body and content type of what the site serves at `path`.
    private func content(of path: String) -> (Data, String)? {
        let body: Data
        let contentType: String
        if path == "toc.js" {
            body = tocScript()
            contentType = "application/javascript"
        } else if let data = goodFaultPages[path] {
            body = data
            contentType = "text/html; charset=utf-8"
        } else if path.hasPrefix("api-reference/"), path.hasSuffix(".html"), !path.contains(".."),
                  let data = FileManager.default.contents(atPath: pagesRoot.appending(path: path).path(percentEncoded: false)) {
            body = data
            contentType = "text/html; charset=utf-8"
        } else {
            return nil
        }
        return (body, contentType)
    }

    private func fault(_ path: String) -> LoopbackHTTPServer.Response? {
        guard path.hasPrefix("api-reference/faults/") || path.hasPrefix("api-reference/symlinked/") else { return nil }
        let name = path.split(separator: "/").dropFirst().joined(separator: "/")
        switch name {
        case "faults/error500.html" where faults.contains(.quick):
            return .init(status: 500)
        case "faults/flaky.html" where faults.contains(.quick):
            let first = state.withLock { state -> Bool in
                defer { state.flakyServed = true }
                return !state.flakyServed
            }
            return first ? .init(status: 500) : nil
        case "faults/loop-a.html" where faults.contains(.quick):
            return redirect(to: "/api-reference/faults/loop-b.html")
        case "faults/loop-b.html" where faults.contains(.quick):
            return redirect(to: "/api-reference/faults/loop-a.html")
        case "faults/redirect-off-site.html" where faults.contains(.quick):
            return redirect(to: "http://evil.example/api-reference/evil.html")
        case "faults/redirect-escape.html" where faults.contains(.quick):
            return redirect(to: "/api-reference/faults/..%2F..%2F..%2Fescaped.html")
        case "faults/redirect-ok.html" where faults.contains(.quick):
            return redirect(to: "/api-reference/faults/moved-target.html")
        case "faults/image.html" where faults.contains(.quick):
            return .init(status: 200, headers: [("Content-Type", "image/png")], body: .data(Data([0x89, 0x50, 0x4E, 0x47])))
        case "faults/huge.html" where faults.contains(.quick):
            return .init(status: 200, headers: [("Content-Type", "text/html")], body: .filler(count: 50 * 1_048_576, chunked: false))
        case "faults/huge-chunked.html" where faults.contains(.quick):
            return .init(status: 200, headers: [("Content-Type", "text/html")], body: .filler(count: 50 * 1_048_576, chunked: true))
        case "faults/slow.html" where faults.contains(.slow):
            // Each connection has a thread of its own: sleeping here delays only this response.
            Thread.sleep(forTimeInterval: 0.3)
            return nil
        case "faults/stall.html" where faults.contains(.slow):
            Thread.sleep(forTimeInterval: 4)
            return .init(status: 200, headers: [("Content-Type", "text/html")], body: .data(Self.page(title: "Too late", links: [])))
        default:
            return nil
        }
    }

    private func redirect(to location: String) -> LoopbackHTTPServer.Response {
        .init(status: 302, headers: [("Location", location)])
    }

    /// Every page (and every fault) as Diplodoc navigation JSON.
    private func tocScript() -> Data {
        var hrefs = pagePaths
        if faults.contains(.quick) {
            hrefs += ["error500", "flaky", "loop-a", "redirect-off-site", "redirect-escape", "redirect-ok", "image", "huge",
                      "huge-chunked", "missing"].map { "api-reference/faults/\($0).html" }
        }
        if faults.contains(.slow) { hrefs += ["api-reference/faults/slow.html", "api-reference/faults/stall.html"] }
        if faults.contains(.hostile) { hrefs += ["api-reference/faults/hostile.html"] }
        let items = hrefs.map { #"{"name":"page","href":"\#($0)"}"# }.joined(separator: ",")
        return Data(#"window.__DATA__.data.toc = {"title":"Reference","href":"index.html","items":[\#(items)]};"#.utf8)
    }

    static func fnv1a(_ data: Data) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { raw in
            for byte in raw.bindMemory(to: UInt8.self) {
                hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3
            }
        }
        return hash
    }

    // MARK: Pages the tests write

    /// A page in the published markup: `<base href>` to the site root, the article in the escaped state JSON.
    static func page(title: String, links: [String], depth: Int = 2, staticRoot: Bool = false) -> Data {
        let base = String(repeating: "../", count: max(1, depth - 1))
        let article = links.map { #"<p><a href="\#(htmlEscape($0))">\#(htmlEscape($0))</a></p>"# }.joined(separator: "\n")
        let state: [String: Any] = [
            "data": ["html": article, "title": title, "headings": [] as [Any]],
            "router": ["pathname": "page", "depth": depth, "base": base],
        ]
        let json = (try? JSONSerialization.data(withJSONObject: state, options: [.sortedKeys])) ?? Data()
        let escaped = String(decoding: json, as: UTF8.self)
            .replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        let root = staticRoot ? "<h1>\(htmlEscape(title))</h1>\n\(article)" : ""
        return Data("""
            <!DOCTYPE html>
            <html lang="en">
                <head>
                    <meta charset="utf-8">
                    <base href="\(base)" />
                    <title>\(htmlEscape(title)) | Test docs</title>
                </head>
                <body>
                    <div id="root">\(root)</div>
                    <script type="application/json" id="diplodoc-state">
                        \(escaped)
                    </script>
                    <script type="application/javascript" defer src="toc.js"></script>
                </body>
            </html>

            """.utf8)
    }

    static func htmlEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Writes a small site of `count` pages into `directory` (index plus sections `alpha` and `beta`),
    /// each padded to about `padding` bytes, linked from the index and from each other.
    static func writeSmallSite(into directory: URL, count: Int = 24, padding: Int = 2_000) throws {
        var paths: [String] = []
        for i in 0..<count {
            let section = i % 2 == 0 ? "alpha" : "beta"
            paths.append(i % 5 == 4 ? "api-reference/\(section)/sub/page-\(i).html" : "api-reference/\(section)/page-\(i).html")
        }
        let write: (String, Data) throws -> Void = { path, data in
            let url = directory.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        // The index links only the first half; the rest is reachable from pages and from toc.js.
        try write("api-reference/index.html", page(title: "Reference", links: Array(paths.prefix(count / 2)) + ["api-reference/index.html#top"]))
        for (i, path) in paths.enumerated() {
            let depth = path.split(separator: "/").count
            let next = paths[(i + 1) % paths.count]
            var body = page(title: "Page \(i)", links: [next, "/" + next, "https://example.com/elsewhere.html"], depth: depth,
                            staticRoot: i % 2 == 1)
            body.append(Data(String(repeating: "<!-- padding \(i) -->\n", count: padding / 20).utf8))
            try write(path, body)
        }
    }
}
