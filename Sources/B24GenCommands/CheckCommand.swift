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
        let (_, files, directory) = try options.render(model, configuration: configuration)
        let changes = OutputWriter.changes(files, in: directory)
        if changes.isEmpty {
            print("\(directory.path) is up to date (\(files.count) files)")
            return
        }
        for change in changes { print("  \(change)") }
        throw CLIError("\(changes.count) generated files differ from \(directory.path); run `b24gen generate`")
    }
}
