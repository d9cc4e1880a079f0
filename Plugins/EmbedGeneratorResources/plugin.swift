import Foundation
import PackagePlugin

/// Embeds `Templates/` and the runtime sources (`Sources/Bitrix24Core/`) into the generator, so that
/// `b24gen` carries everything it renders and copies. Inputs are declared file by file, so editing a
/// template or a runtime file rebuilds the generator.
@main
struct EmbedGeneratorResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        let root = context.package.directoryURL
        let dirs = [root.appending(path: "Templates"), root.appending(path: "Sources/Bitrix24Core")]
        var inputs: [URL] = []
        for dir in dirs {
            guard let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where !url.hasDirectoryPath {
                inputs.append(url)
            }
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding templates and runtime sources into \(target.name)",
                executable: try context.tool(named: "B24ResourceEmbedder").url,
                arguments: [output.path(percentEncoded: false), "EmbeddedResources"]
                    + dirs.map { $0.path(percentEncoded: false) },
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
