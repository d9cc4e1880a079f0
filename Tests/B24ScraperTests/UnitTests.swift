import B24Scraper
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("scraper building blocks")
struct ScraperUnitTests {
    @Test("SHA-256 matches the FIPS 180-4 test vectors")
    func sha256Vectors() {
        #expect(SHA256.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(Data(repeating: 0x61, count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("links become page paths only when they stay on the site, under api-reference/, with safe names")
    func linkMapping() throws {
        let site = try #require(SiteMap(root: URL(string: "https://docs.example.com/")!))
        let base = URL(string: "https://docs.example.com/")!
        let cases: [(String, Result<String, SiteMap.Rejection>)] = [
            ("api-reference/crm/deals/crm-deal-add.html", .success("api-reference/crm/deals/crm-deal-add.html")),
            ("api-reference/crm/deals/crm-deal-get.html#fields", .success("api-reference/crm/deals/crm-deal-get.html")),
            ("/api-reference/index.html", .success("api-reference/index.html")),
            ("https://docs.example.com/api-reference/x.html?y=1", .success("api-reference/x.html")),
            ("HTTPS://DOCS.EXAMPLE.COM/api-reference/x.html", .success("api-reference/x.html")),
            ("api-reference/a%20b.html", .success("api-reference/a b.html")),
            ("api-reference/crm/../tasks/t.html", .success("api-reference/tasks/t.html")),
            ("../../etc/passwd", .failure(.offSite)),
            ("/etc/passwd", .failure(.offSite)),
            ("https://evil.example/api-reference/x.html", .failure(.offSite)),
            ("//evil.example/api-reference/x.html", .failure(.offSite)),
            ("https://docs.example.com:8443/api-reference/x.html", .failure(.offSite)),
            ("https://user@docs.example.com/api-reference/x.html", .failure(.offSite)),
            ("http://docs.example.com/api-reference/x.html", .failure(.offSite)),
            ("file:///etc/passwd", .failure(.offSite)),
            ("mailto:a@b.c", .failure(.offSite)),
            ("api-reference/crm/", .failure(.notFollowed)),
            ("api-reference/image.png", .failure(.notFollowed)),
            ("#anchor", .failure(.notFollowed)),
            ("/", .failure(.notFollowed)),
            ("api-reference/..%2F..%2Fescaped.html", .failure(.unsafe("encoded separator %2F"))),
            ("api-reference/a%5c..%5cescaped.html", .failure(.unsafe("encoded separator %5C"))),
            ("api-reference/a%00.html", .failure(.unsafe("encoded separator %00"))),
            ("api-reference\\..\\escaped.html", .failure(.unsafe("backslash"))),
            ("api-reference/%2e%2e/%2e%2e/escaped.html", .failure(.unsafe("dot segment"))),
            ("api-reference/.git/config.html", .failure(.unsafe("hidden name"))),
            ("api-reference//x.html", .failure(.unsafe("empty path component"))),
        ]
        for (href, expected) in cases {
            #expect(site.pagePath(forLink: href, base: base) == expected, "\(href)")
        }
        // A site below a path prefix, and --only sections.
        let nested = try #require(SiteMap(root: URL(string: "http://127.0.0.1:9/docs")!, sections: ["crm/deals", "tasks"]))
        #expect(nested.pagePath(forLink: "../api-reference/x.html", base: URL(string: "http://127.0.0.1:9/docs/")!) == .failure(.offSite))
        #expect(nested.pagePath(for: URL(string: "http://127.0.0.1:9/docs/api-reference/x.html")!) == .success("api-reference/x.html"))
        #expect(nested.inSections("api-reference/crm/deals/crm-deal-add.html"))
        #expect(nested.inSections("api-reference/tasks/index.html"))
        #expect(!nested.inSections("api-reference/crm/index.html"))
        #expect(!nested.inSections("api-reference/tasks.html"))
        #expect(SiteMap.guessRoot(from: URL(string: "https://apidocs.bitrix24.com/api-reference/index.html")!)?.absoluteString
            == "https://apidocs.bitrix24.com/")
    }

    @Test("the output directory refuses unsafe paths and planted symbolic links, and writes atomically")
    func outputDirectorySafety() throws {
        let temp = try TempRoot()
        defer { temp.remove() }
        let output = OutputDirectory(root: temp.output)
        try output.create()
        try output.write(Data("one".utf8), to: "api-reference/a/b.html")
        #expect(output.read("api-reference/a/b.html") == Data("one".utf8))
        try output.write(Data("two".utf8), to: "api-reference/a/b.html")
        #expect(output.read("api-reference/a/b.html") == Data("two".utf8))
        for bad in ["../x.html", "api-reference/../../x.html", "/etc/x.html", "api-reference//x.html", "api-reference/./x.html",
                    "api-reference/.x.html", "api-reference/a\\b.html", ""] {
            #expect(throws: OutputError.self, "\(bad)") { try output.write(Data(), to: bad) }
        }
        // A directory link and a file link planted in the output directory.
        try FileManager.default.createSymbolicLink(at: temp.output.appending(path: "api-reference/out"), withDestinationURL: temp.outside)
        #expect(throws: OutputError.self) { try output.write(Data("x".utf8), to: "api-reference/out/x.html") }
        let target = temp.outside.appending(path: "target.html")
        try Data("keep".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(at: temp.output.appending(path: "api-reference/a/link.html"), withDestinationURL: target)
        #expect(throws: OutputError.self) { try output.write(Data("x".utf8), to: "api-reference/a/link.html") }
        #expect(output.read("api-reference/a/link.html") == nil, "reads do not follow links either")
        #expect(FileManager.default.contents(atPath: target.path(percentEncoded: false)) == Data("keep".utf8))
        #expect(TempRoot.walk(temp.outside) == ["target.html"])
        #expect(TempRoot.walk(temp.output) == ["api-reference/a/b.html", "api-reference/a/link.html", "api-reference/out"],
                "no temporary files left behind")
    }

    @Test("hard links, FIFOs and directories at a destination are refused; names and paths too long are refused before anything is made")
    func outputDirectoryRefusals() throws {
        let temp = try TempRoot()
        defer { temp.remove() }
        let output = OutputDirectory(root: temp.output)
        try output.create()
        let outsideFile = temp.outside.appending(path: "kept.txt")
        try Data("kept".utf8).write(to: outsideFile)
        try FileManager.default.createDirectory(at: temp.output.appending(path: "api-reference/d.html/x"), withIntermediateDirectories: true)
        try #require(link(outsideFile.path(percentEncoded: false), temp.output.appending(path: "api-reference/l.html").path(percentEncoded: false)) == 0)
        try #require(mkfifo(temp.output.appending(path: "api-reference/f.html").path(percentEncoded: false), 0o644) == 0)
        for (path, reason) in [("api-reference/l.html", "hard links"), ("api-reference/f.html", "not a regular file"),
                               ("api-reference/d.html", "directory is in the way")] {
            do {
                try output.write(Data("x".utf8), to: path)
                Issue.record("\(path) written")
            } catch let error as OutputError {
                #expect(error.reason.contains(reason), "\(path): \(error)")
            }
            #expect(output.read(path) == nil && output.size(of: path) == nil, "\(path) is not read (a FIFO would block)")
        }
        #expect(FileManager.default.contents(atPath: outsideFile.path(percentEncoded: false)) == Data("kept".utf8))

        // A 255-byte name is written (its temporary file's name does not grow with it); 256 bytes, or a path over the
        // limit, are refused before a directory is made.
        let longest = "api-reference/long/" + String(repeating: "a", count: 250) + ".html"
        #expect(output.storageProblem(longest) == nil)
        try output.write(Data("long".utf8), to: longest)
        #expect(output.read(longest) == Data("long".utf8))
        let overName = "api-reference/over/" + String(repeating: "a", count: 251) + ".html"
        #expect(output.storageProblem(overName)?.contains("name of 256 bytes") == true)
        let overPath = "api-reference/deep/" + String(repeating: String(repeating: "d", count: 250) + "/", count: 20) + "x.html"
        #expect(output.storageProblem(overPath)?.contains("a path of") == true)
        for path in [overName, overPath] {
            #expect(throws: OutputError.self) { try output.write(Data(), to: path) }
        }
        #expect(!FileManager.default.fileExists(atPath: temp.output.appending(path: "api-reference/over").path(percentEncoded: false)))
        #expect(!FileManager.default.fileExists(atPath: temp.output.appending(path: "api-reference/deep").path(percentEncoded: false)))
        #expect(!TempRoot.walk(temp.output).contains { $0.contains(".b24-") }, "no temporary file left behind")
    }

    @Test("links come from the state JSON, the #root markup and toc.js")
    func linkExtraction() {
        let page = TestSite.page(title: "T", links: ["api-reference/a.html", "x.html?a=1&b=2", "api-reference/b.html#h"], depth: 3, staticRoot: true)
        let links = LinkExtractor.links(inPage: page)
        #expect(links.base == "../../")
        #expect(links.hrefs == ["api-reference/a.html", "x.html?a=1&b=2", "api-reference/b.html#h"])
        #expect(links.tocScripts == ["toc.js"])

        let plain = Data(#"<html><body><a href="api-reference/c.html">c</a> <A HREF='api-reference/d.html'>d</A></body></html>"#.utf8)
        #expect(LinkExtractor.links(inPage: plain).hrefs == ["api-reference/c.html", "api-reference/d.html"])
        #expect(LinkExtractor.links(inPage: Data([0xFF, 0xFE, 0x00])).hrefs.isEmpty, "garbage gives nothing, no crash")

        let toc = Data(#"window.__DATA__.data.toc = {"href":"index.html","items":[{"name":"A","href":"api-reference\/a.html"},{"href" : "api-reference/b \"q\".html"}]};"#.utf8)
        #expect(LinkExtractor.links(inTableOfContents: toc) == ["index.html", "api-reference/a.html", #"api-reference/b "q".html"#])
    }

    @Test("the manifest encodes deterministically, sorted by path")
    func manifestDeterminism() throws {
        let a = Manifest.Entry(path: "api-reference/b.html", url: "u", etag: "\"1\"", lastModified: nil, sha256: "00", size: 1)
        let b = Manifest.Entry(path: "api-reference/a.html", url: "u", etag: nil, lastModified: "L", sha256: "11", size: 2)
        let one = try Manifest(root: "r", pages: [a, b]).jsonData()
        let two = try Manifest(root: "r", pages: [b, a]).jsonData()
        #expect(one == two)
        #expect(try JSONDecoder().decode(Manifest.self, from: one).pages.map(\.path) == ["api-reference/a.html", "api-reference/b.html"])
    }

    @Test("a page's URL is the same whether the path takes the plain-ASCII shortcut or is percent-encoded")
    func pageURLs() throws {
        let site = try #require(SiteMap(root: URL(string: "https://docs.example.com/docs")!))
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/;?#%"))
        for path in ["api-reference/crm/deals/crm-deal-add.html", "api-reference/a_b-c~d.html", "api-reference/a b.html",
                     "api-reference/ü.html", "api-reference/./x.html", "api-reference/../x.html", "api-reference//x.html",
                     "api-reference/.hidden.html", "api-reference/x.html?y", "api-reference/50%.html", "/api-reference/x.html"] {
            let encoded = path.split(separator: "/", omittingEmptySubsequences: false)
                .map { String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }.joined(separator: "/")
            let expected = URL(string: encoded, relativeTo: site.root)?.absoluteURL
            #expect(site.url(forPage: path)?.absoluteString == expected?.absoluteString, "\(path)")
        }
        #expect(site.url(forPage: "api-reference/crm/x.html")?.absoluteString == "https://docs.example.com/docs/api-reference/crm/x.html")
    }
}
