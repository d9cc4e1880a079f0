import Foundation
import PackagePlugin

/// Build plugin: generates a Bitrix24 client for a target that holds documentation pages.
///
/// The target keeps its pages in a `Bitrix24Docs/` folder (excluded from the target's sources) and may
/// hold a `bitrix24-generator.json` configuration beside it. Outputs are declared up front from the
/// input *file names*: one Swift file per page, holding exactly that page's code, plus `Bitrix24Client.swift`
/// for what no single page owns (namespaces, error codes); the generator writes every one of them on every run
/// (a page that yields no code gets a file with its header only).
@main
struct Bitrix24ClientGenerator: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let inputs = try BuildInputs.discover(in: target.directoryURL)
        guard !inputs.pages.isEmpty else {
            Diagnostics.warning("\(target.name): no documentation pages in \(BuildInputs.docsFolder)/; no Bitrix24 client generated")
            return []
        }
        let outputDir = context.pluginWorkDirectoryURL.appending(path: "Bitrix24Generated")
        let outputs = inputs.outputFileNames.map { outputDir.appending(path: $0) }
        var arguments = [
            "generate",
            "--docs", inputs.docs.path(percentEncoded: false),
            "--output", outputDir.path(percentEncoded: false),
            "--shared-file", BuildInputs.sharedFile,
        ]
        for (page, file) in inputs.pageFiles { arguments += ["--page-file", "\(page)=\(file)"] }
        if let config = inputs.config {
            arguments += ["--config", config.path(percentEncoded: false)]
        }
        return [
            .buildCommand(
                displayName: "Generating Bitrix24 client for \(target.name) from \(inputs.pages.count) pages",
                executable: try context.tool(named: "B24GenPluginTool").url,
                arguments: arguments,
                inputFiles: inputs.pages + (inputs.config.map { [$0] } ?? []),
                outputFiles: outputs
            )
        ]
    }
}

/// What the plugin reads from a target: its pages and optional configuration, and the output names
/// derived from the pages' file names.
enum BuildInputs {
    static let docsFolder = "Bitrix24Docs"
    static let configName = "bitrix24-generator.json"
    static let sharedFile = "Bitrix24Client.swift"

    struct Found {
        var docs: URL
        var pages: [URL]
        var config: URL?
        /// Each page's path under the docs folder and the file named for it.
        var pageFiles: [(page: String, file: String)]
        /// `Bitrix24Client.swift` plus one file per page, named from its relative path.
        var outputFileNames: [String] { [BuildInputs.sharedFile] + pageFiles.map(\.file) }
    }

    static func discover(in targetDirectory: URL) throws -> Found {
        let docs = targetDirectory.appending(path: docsFolder)
        let root = docs.standardizedFileURL.path(percentEncoded: false)
        var pages: [URL] = []
        if let walker = FileManager.default.enumerator(at: docs, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where url.pathExtension.lowercased() == "html" {
                pages.append(url.standardizedFileURL)
            }
        }
        pages.sort { $0.path < $1.path }
        var pageFiles: [(page: String, file: String)] = []
        // `a-b.html` and `a_b.html` give the same safe name; file systems may ignore case.
        var taken: Set<String> = [sharedFile.lowercased()]
        for page in pages {
            var relative = String(page.path(percentEncoded: false).dropFirst(root.count))
            while relative.hasPrefix("/") { relative.removeFirst() }
            let stem = relative.dropLast(".html".count)
            let safe = stem.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
            var file = "Page_\(safe).swift"
            var counter = 2
            while taken.contains(file.lowercased()) {
                file = "Page_\(safe)_\(counter).swift"
                counter += 1
            }
            taken.insert(file.lowercased())
            pageFiles.append((page: relative, file: file))
        }
        let configURL = targetDirectory.appending(path: configName)
        let config = FileManager.default.fileExists(atPath: configURL.path(percentEncoded: false)) ? configURL : nil
        return Found(docs: docs, pages: pages, config: config, pageFiles: pageFiles)
    }
}
