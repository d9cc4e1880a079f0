import B24DocModel
import B24DocParser
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every file under the docs folder gets a model entry or a diagnostic (issue 10): odd names, links,
/// FIFOs and files that are not pages included.
@Suite struct DocsDirectoryTests {
    static let page = "<h1>Get demo.thing.get</h1><p>Scope: <code>demo</code></p>"

    /// A temporary tree: `docs/` (the docs folder) and `outside/` beside it.
    static func makeTree() throws -> URL {
        let base = FileManager.default.temporaryDirectory.appending(path: "b24-docs-dir-\(UUID().uuidString)")
        let docs = base.appending(path: "docs")
        try FileManager.default.createDirectory(at: docs.appending(path: "a"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: base.appending(path: "outside"), withIntermediateDirectories: true)
        try Data(page.utf8).write(to: docs.appending(path: "a/page.html"))
        try Data(page.utf8).write(to: base.appending(path: "outside/secret.html"))
        try Data("notes".utf8).write(to: docs.appending(path: "notes.txt"))
        // A file name that is not UTF-8 (0xFF never occurs in UTF-8).
        let raw = Array(docs.path(percentEncoded: false).utf8) + Array("/bad".utf8) + [0xFF] + Array(".html".utf8) + [0]
        let fd = raw.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        #expect(fd >= 0)
        _ = Array(page.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let d = docs.path(percentEncoded: false)
        #expect(symlink("a/page.html", d + "/link-inside.html") == 0)
        #expect(symlink(base.path(percentEncoded: false) + "/outside/secret.html", d + "/link-outside.html") == 0)
        #expect(symlink("nowhere.html", d + "/dangling.html") == 0)
        #expect(symlink("a", d + "/linkdir") == 0)
        #expect(symlink("../outside", d + "/linkout") == 0)
        #expect(mkfifo(d + "/fifo.html", 0o644) == 0)
        return docs
    }

    @Test func everyFileGetsAnEntryOrADiagnostic() throws {
        let docs = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: docs.deletingLastPathComponent()) }
        let model = try DocsLoader.load(directory: docs)
        #expect(model.pages.map(\.path) == ["a/page.html", "bad%FF.html", "link-inside.html"])
        #expect(model.pages.allSatisfy { $0.title == "Get demo.thing.get" && $0.scopes == ["demo"] })
        func message(_ path: String) -> String? { model.diagnostics.first { $0.path == path }?.message }
        #expect(message("bad%FF.html")?.contains("not valid UTF-8") == true)
        #expect(message("link-inside.html")?.contains("read as a page of its own") == true)
        #expect(message("link-outside.html")?.contains("outside the docs directory") == true)
        #expect(message("dangling.html")?.contains("leads nowhere") == true)
        #expect(message("linkdir")?.contains("not followed") == true)
        #expect(message("linkout")?.contains("outside the docs directory") == true)
        #expect(message("fifo.html")?.contains("not a regular file") == true)
        #expect(message("notes.txt")?.contains("not a page") == true)
        // Nothing from outside the folder reaches the model.
        #expect(!model.pages.contains { $0.path.contains("secret") })
        // Listing and loading agree, and the order does not depend on the directory's.
        let listing = try DocSet.scan(directory: docs)
        #expect(listing.paths == model.pages.map(\.path))
        #expect(DocSet.load(listing) == model)
    }

    @Test func aMissingDirectoryIsAFailureWithADiagnostic() {
        #expect(throws: DocSet.Failure.self) { try DocsLoader.load(directory: URL(filePath: "/nonexistent-b24-docs")) }
        do {
            _ = try DocSet.scan(directory: URL(filePath: "/nonexistent-b24-docs"))
        } catch let failure as DocSet.Failure {
            #expect(failure.diagnostic.severity == .error)
            #expect(failure.description.contains("no documentation directory"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
