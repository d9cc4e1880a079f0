import B24DocModel
import Foundation
import Testing
@testable import B24Generator

/// The public names a generated module adds to its users' namespace: declarations at the top level of its files
/// (extensions add members to existing types, not names). A scope module adds at most ten.
enum TopLevelNames {
    static let kinds = ["struct", "enum", "class", "final class", "actor", "protocol", "typealias", "func", "let", "var"]

    /// The top-level public names declared in `files`, by module (the first path component).
    static func byModule(_ files: [GeneratedFile]) -> [String: [String]] {
        var names: [String: [String]] = [:]
        for file in files {
            let module = String(file.path.split(separator: "/").first ?? "")
            for line in file.contents.split(separator: "\n") where line.hasPrefix("public ") {
                let rest = line.dropFirst("public ".count)
                guard let kind = kinds.first(where: { rest.hasPrefix($0 + " ") }) else { continue }
                let name = rest.dropFirst(kind.count + 1).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                names[module, default: []].append(String(name))
            }
        }
        return names.mapValues { $0.sorted() }
    }
}

@Suite struct TopLevelNamesTests {
    /// The checked-in client (`Sources/Generated/`): every scope module adds at most ten top-level names.
    @Test func checkedInScopeModulesAddAtMostTenNames() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appending(path: "Sources/Generated")
        var files: [GeneratedFile] = []
        let walker = try #require(FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil))
        for case let url as URL in walker where url.pathExtension == "swift" {
            let relative = String(url.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count + 1))
            files.append(GeneratedFile(path: relative, contents: try String(contentsOf: url, encoding: .utf8)))
        }
        let names = TopLevelNames.byModule(files)
        #expect(names.keys.contains("Bitrix24CRM"))
        for (module, list) in names.sorted(by: { $0.key < $1.key }) where module != "Bitrix24Common" && module != "Bitrix24" {
            #expect(list.count <= 10, "\(module) adds \(list.count) top-level names: \(list)")
            print("top-level public names: \(module): \(list.count) \(list)")
        }
        #expect(names["Bitrix24CRM"] == ["CRMAPI"])
        #expect(names["Bitrix24"] == nil, "the umbrella only re-exports")
    }

    /// The fixture client: one name per scope module.
    @Test func fixtureScopeModulesAddOneNameEach() throws {
        let output = try Generator(configuration: Fixtures.configuration).generate(Fixtures.model)
        let names = TopLevelNames.byModule(output.files)
        #expect(names["Bitrix24CRM"] == ["CRMAPI"])
        #expect(names["Bitrix24Platform"] == ["PlatformAPI"])
        #expect(names["Bitrix24Telephony"] == ["TelephonyAPI"])
    }
}
