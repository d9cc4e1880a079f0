import B24Diff
import B24DocModel
import B24DocParser
import Foundation
import Testing

/// The diff between the corpus's two snapshots, checked against counts computed here without `APIDiff`.
@Test("corpus: added and removed REST methods match the name sets of both models and the file lists",
      .enabled(if: ProcessInfo.processInfo.environment["B24_CORPUS"] != nil, "set B24_CORPUS to the corpus directory"))
func corpusDiffCounts() throws {
    let corpus = URL(fileURLWithPath: try #require(ProcessInfo.processInfo.environment["B24_CORPUS"]))
    let oldDirectory = corpus.appending(path: "pages-old")
    let newDirectory = corpus.appending(path: "pages")
    let old = try DocSet.load(directory: oldDirectory)
    let new = try DocSet.load(directory: newDirectory)
    let diff = APIDiff(old: old, new: new)

    // Independently: the sets of REST method names (case-folded, as the server treats them).
    func methodNames(_ model: DocModel) -> [String: [String]] {
        var names: [String: [String]] = [:]
        for page in model.pages where page.kind == .restMethod {
            guard let name = page.name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else { continue }
            names[name.lowercased(), default: []].append(page.path)
        }
        return names
    }
    let oldNames = methodNames(old)
    let newNames = methodNames(new)
    let added = Set(newNames.keys).subtracting(oldNames.keys)
    let removed = Set(oldNames.keys).subtracting(newNames.keys)

    let summary = diff.summary
    #expect((summary.added[.restMethod] ?? 0) == added.count)
    #expect((summary.removed[.restMethod] ?? 0) == removed.count)
    #expect(Set(diff.changes(.added).filter { $0.element.kind == .restMethod }.map { $0.element.name.lowercased() }) == added)
    #expect(Set(diff.changes(.removed).filter { $0.element.kind == .restMethod }.map { $0.element.name.lowercased() }) == removed)

    // Cross-check against the file lists: an added method's pages are files of the new snapshot, a removed
    // method's pages files of the old one; a method documented on a file that exists only in the new snapshot
    // and named nowhere in the old one is among the added (and the other way round).
    let oldFiles = Set(try DocSet.list(directory: oldDirectory))
    let newFiles = Set(try DocSet.list(directory: newDirectory))
    #expect(oldFiles.count == old.pages.count && newFiles.count == new.pages.count)
    for name in added { #expect(newNames[name, default: []].allSatisfy(newFiles.contains), "\(name)") }
    for name in removed { #expect(oldNames[name, default: []].allSatisfy(oldFiles.contains), "\(name)") }
    let onNewFilesOnly = Set(newNames.filter { $0.value.contains { !oldFiles.contains($0) } }.keys)
    let onOldFilesOnly = Set(oldNames.filter { $0.value.contains { !newFiles.contains($0) } }.keys)
    #expect(onNewFilesOnly.subtracting(oldNames.keys) == added.intersection(onNewFilesOnly))
    #expect(onOldFilesOnly.subtracting(newNames.keys) == removed.intersection(onOldFilesOnly))

    print("""
        corpus diff: REST methods \(oldNames.count) → \(newNames.count); added \(added.count), removed \(removed.count) \
        (APIDiff: +\(summary.added[.restMethod] ?? 0) −\(summary.removed[.restMethod] ?? 0)); files \(oldFiles.count) → \(newFiles.count), \
        \(newFiles.subtracting(oldFiles).count) only in new, \(oldFiles.subtracting(newFiles).count) only in old; \
        added methods on new-only files \(added.intersection(onNewFilesOnly).count), removed methods on old-only files \
        \(removed.intersection(onOldFilesOnly).count); \(summary.moved) moved, \(summary.breaking) breaking changes
        """)
}
