import Foundation
import PackagePlugin

/// Command plugin: regenerates the checked-in client (`Sources/Bitrix24/Generated/` from `docs-cache/`).
///
///     swift package --allow-writing-to-package-directory generate-bitrix24-client [b24gen generate options]
@main
struct GenerateBitrix24Client: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "B24GenPluginTool")
        let root = context.package.directoryURL
        var args = ["generate"]
        if !arguments.contains("--docs") { args += ["--docs", root.appending(path: "docs-cache").path(percentEncoded: false)] }
        if !arguments.contains("--output") && !arguments.contains("--output-package") {
            args += ["--output", root.appending(path: "Sources/Bitrix24/Generated").path(percentEncoded: false)]
        }
        args += arguments
        let process = Process()
        process.executableURL = tool.url
        process.arguments = args
        process.currentDirectoryURL = root
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            Diagnostics.error("b24gen generate failed with exit code \(process.terminationStatus)")
            throw GenerateError.failed(process.terminationStatus)
        }
    }

    enum GenerateError: Error { case failed(Int32) }
}
