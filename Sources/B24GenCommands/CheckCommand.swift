import ArgumentParser
import B24DocModel
import B24DocParser
import B24Generator
import Foundation

public struct CheckCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Fails when regenerating the client would change any file (the checked-in client is stale)."
    )

    @OptionGroup public var options: GenerationOptions

    public init() {}

    public func run() async throws {
        let configuration = try options.configurationFile()
        let model = try options.loadModel(configuration: configuration)
        let result = try options.render(model, configuration: configuration)
        let (files, directory) = (result.files, result.directory)
        let changes = OutputWriter.changes(files, in: directory)
        if result.manifestIsStale, let manifest = result.manifest {
            print("  modified: \(manifest.url.lastPathComponent) (its list of generated scope modules)")
            throw CLIError("the scope modules in \(manifest.url.path(percentEncoded: false)) differ from the docs' families; run `b24gen generate`")
        }
        if changes.isEmpty {
            print("\(directory.path) is up to date (\(files.count) files)")
            return
        }
        for change in changes { print("  \(change)") }
        throw CLIError("\(changes.count) generated files differ from \(directory.path); run `b24gen generate`")
    }
}
