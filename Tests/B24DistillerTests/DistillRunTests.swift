import B24DocModel
import B24DocParser
import B24Distiller
import Foundation
import Testing

/// The folder side: which pages are distilled, what is written, and what is never touched.
@Suite struct DistillRunTests {
    let scratch: URL

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appending(path: "b24-distill-\(UUID().uuidString)", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    func read(_ relative: String, in folder: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appending(path: relative)))
    }

    @Test func writesOnlyChangesAndNeverAHandWrittenPage() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let guides = ["a", "b"].map { DocSet.File(path: "api-reference/fixtures/guide-\($0).html", bytes: Array("<h1>Guide \($0)</h1><p>Words only.</p>".utf8)) }
        let files = try fixturePages() + guides
        let planned = DistillRun.plan(files)
        let distilled = planned.filter { if case .distill = $0.decision { true } else { false } }.map(\.path)
        let skipped = planned.filter { if case .skip = $0.decision { true } else { false } }
        #expect(!distilled.isEmpty && skipped.count >= 2)
        #expect(distilled.count + skipped.count == files.count)
        // Entry points are distilled; everything else is skipped with a reason.
        for item in planned {
            let page = DocParser.parse(try #require(files.first { $0.path == item.path }).bytes, path: item.path).page
            #expect((DistillRun.skipReason(page) == nil) == distilled.contains(item.path), "\(item.path)")
        }

        // A page of ours at a distilled path, without the marker, one unrelated page, a distilled page left at
        // the path of a page that is skipped now, and a page of ours at another skipped path.
        let staleSkipped = guides[0].path
        let oursSkipped = guides[1].path
        let output = scratch.appending(path: "out", directoryHint: .isDirectory)
        let ours = distilled[0]
        let handWritten = Array("<!DOCTYPE html><html><body><h1>Ours</h1></body></html>".utf8)
        try FileManager.default.createDirectory(at: output.appending(path: ours).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(handWritten).write(to: output.appending(path: ours))
        try Data("keep".utf8).write(to: output.appending(path: "README.md"))
        try Data("<meta name=\"generator\" content=\"b24gen distill\"> old".utf8).write(to: output.appending(path: staleSkipped))
        try Data(handWritten).write(to: output.appending(path: oursSkipped))

        let first = try DistillRun.write(planned, to: output)
        #expect(first.keptHandWritten == [ours])
        #expect(first.written == Array(distilled.dropFirst()))
        #expect(first.unchanged.isEmpty && first.mismatches.isEmpty)
        #expect(first.skipped.map(\.path) == skipped.map(\.path))
        #expect(try read(ours, in: output) == handWritten)
        #expect(try read("README.md", in: output) == Array("keep".utf8))
        #expect(first.removed == [staleSkipped])
        #expect(!FileManager.default.fileExists(atPath: output.appending(path: staleSkipped).path(percentEncoded: false)))
        #expect(try read(oursSkipped, in: output) == handWritten)

        // Again, with the files in reverse order: nothing changes, nothing is written.
        let modified = try distilled.dropFirst().map { try FileManager.default.attributesOfItem(atPath: output.appending(path: $0).path(percentEncoded: false))[.modificationDate] as? Date }
        let second = try DistillRun.write(DistillRun.plan(files.reversed()), to: output)
        #expect(second.written.isEmpty)
        #expect(second.unchanged == first.written)
        let modifiedAgain = try distilled.dropFirst().map { try FileManager.default.attributesOfItem(atPath: output.appending(path: $0).path(percentEncoded: false))[.modificationDate] as? Date }
        #expect(modified == modifiedAgain)

        // A distilled page that changed is rewritten; only it.
        let stale = distilled[1]
        try Data("<meta name=\"generator\" content=\"b24gen distill\"> old".utf8).write(to: output.appending(path: stale))
        let third = try DistillRun.write(planned, to: output)
        #expect(third.written == [stale])
        #expect(try read(stale, in: output) == (planned.first { $0.path == stale }.flatMap { item -> [UInt8]? in
            if case .distill(let out) = item.decision { out.bytes } else { nil }
        }))
    }

    @Test func aSecondDistillationChangesNothing() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let once = DistillRun.plan(try fixturePages()).compactMap { item -> DocSet.File? in
            if case .distill(let out) = item.decision { DocSet.File(path: item.path, bytes: out.bytes) } else { nil }
        }
        let twice = DistillRun.plan(once).compactMap { item -> DocSet.File? in
            if case .distill(let out) = item.decision { DocSet.File(path: item.path, bytes: out.bytes) } else { nil }
        }
        #expect(!once.isEmpty, "the fixture pages are distilled")
        #expect(once.map(\.path) == twice.map(\.path))
        #expect(once.map(\.bytes) == twice.map(\.bytes))
    }
}
