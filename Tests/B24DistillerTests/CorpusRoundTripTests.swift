import B24DocModel
import B24DocParser
import B24Distiller
import Foundation
import Testing

/// The round trip over every page of the dev corpus, and the size of the snapshot. Runs when `B24_CORPUS` is set.
@Suite(.enabled(if: !(ProcessInfo.processInfo.environment["B24_CORPUS"] ?? "").isEmpty,
                "set B24_CORPUS to the corpus directory to run the distiller's corpus round trip"))
struct CorpusRoundTripTests {
    let pages = URL(filePath: ProcessInfo.processInfo.environment["B24_CORPUS"] ?? "/nonexistent", directoryHint: .isDirectory)
        .appending(path: "pages")

    /// `parse(distill(page))` has the facts of `parse(page)`, for every page (not only those `b24gen distill` writes).
    @Test func everyPageReadsBackWithItsFacts() throws {
        let (files, unreadable) = DocSet.read(try DocSet.scan(directory: pages))
        #expect(files.count > 1000 && unreadable.isEmpty)
        let differences = files.concurrentMap { file -> String? in
            let original = DocParser.parse(file.bytes, path: file.path).page
            let distilled = Distiller.distill(original)
            let readBack = DocParser.parse(distilled.bytes, path: file.path).page
            // Checked here on its own, not through `distilled.mismatch`.
            return RoundTrip.difference(expected: FactsOnly.page(original), actual: FactsOnly.page(readBack))
                .map { "\(file.path): \($0)" }
        }.compactMap { $0 }
        print("distill round trip: \(files.count) corpus pages compared, \(differences.count) differ")
        for difference in differences { print("  " + difference) }
        #expect(differences.isEmpty)
    }

    /// The checked-in snapshot (distilled pages and our hand-written ones) is at most 10% of the corpus pages' size,
    /// and each distilled page at most 10% of the page it comes from.
    @Test func snapshotIsAtMostATenthOfTheCorpus() throws {
        let corpusBytes = try Self.bytes(under: pages)
        let cacheBytes = try Self.bytes(under: docsCache)
        let ratio = Double(cacheBytes) / Double(corpusBytes)
        print("docs-cache: \(cacheBytes) bytes; corpus pages: \(corpusBytes) bytes; ratio \(String(format: "%.2f%%", ratio * 100))")
        #expect(cacheBytes * 10 <= corpusBytes)

        var distilled = 0
        var sources = 0
        for path in try DocSet.list(directory: docsCache) {
            let bytes = [UInt8](try Data(contentsOf: docsCache.appending(path: path)))
            guard Distiller.isDistilled(bytes), let source = try? Data(contentsOf: pages.appending(path: path)) else { continue }
            distilled += bytes.count
            sources += source.count
        }
        print("distilled pages: \(distilled) bytes; their corpus pages: \(sources) bytes")
        #expect(distilled * 10 <= sources)
    }

    static func bytes(under directory: URL) throws -> Int {
        var total = 0
        let keys: Set<URLResourceKey> = [.isRegularFileKey, .fileSizeKey]
        guard let walk = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: Array(keys)) else { return 0 }
        for case let url as URL in walk {
            let values = try url.resourceValues(forKeys: keys)
            if values.isRegularFile == true { total += values.fileSize ?? 0 }
        }
        return total
    }
}

/// The repository's `docs-cache/`.
let docsCache = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appending(path: "docs-cache", directoryHint: .isDirectory)
