import Foundation
import PackagePlugin

/// Command plugin: regenerates the checked-in client (`Sources/Generated/` from `docs-cache/`, and the list of scope
/// modules in `Package.swift`).
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
            args += ["--output", root.appending(path: "Sources/Generated").path(percentEncoded: false)]
            args += ["--manifest", root.appending(path: "Package.swift").path(percentEncoded: false)]
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
