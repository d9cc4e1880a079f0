import Foundation
import Testing

@testable import B24Generator

/// The generator carries `Templates/` as string literals (`Sources/B24Generator/Render/EmbeddedResources.swift`,
/// written by `make embed`). This fails when they drift.
@Test func embeddedResourcesMatchTemplates() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var onDisk: [String: String] = [:]
    for (folder, prefix) in [("Templates", "Templates")] {
        let base = root.appending(path: folder).standardizedFileURL
        let walker = try #require(FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]))
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let relative = url.standardizedFileURL.path.dropFirst(base.path.count + 1)
            onDisk["\(prefix)/\(relative)"] = try String(contentsOf: url, encoding: .utf8)
        }
    }
    let stale = Set(onDisk.keys).union(EmbeddedResources.files.keys).filter { onDisk[$0] != EmbeddedResources.files[$0] }.sorted()
    #expect(stale.isEmpty, "embedded copies differ from the files (run `make embed`): \(stale)")
    #expect(onDisk.keys.contains("Templates/File.mustache"))
}
