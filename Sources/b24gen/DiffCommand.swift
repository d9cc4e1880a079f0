import ArgumentParser
import B24GenCommands
import B24Diff
import B24DocModel
import B24DocParser
import Foundation

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Shows what changed in the API between two documentation snapshots.",
        discussion: """
            Parses both directories (or reads model JSON files written by `b24gen parse`) and lists REST methods, \
            events and widget commands and events that were added, removed or moved, and parameters and returned \
            fields that were added, removed, retyped or became required, and deprecations.
            """
    )

    @Argument(help: "The older snapshot: a docs directory or a model JSON file.")
    var old: String

    @Argument(help: "The newer snapshot: a docs directory or a model JSON file.")
    var new: String

    @Option(help: "Output format: text or markdown.")
    var format: String = "text"

    @Option(name: .customLong("fail-on"), help: "Exit non-zero when there are changes of this sort: breaking, any or none.")
    var failOn: String = "none"

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    func validate() throws {
        guard DiffFormat(rawValue: format) != nil else { throw ValidationError("--format must be text or markdown") }
        guard ["breaking", "any", "none"].contains(failOn) else { throw ValidationError("--fail-on must be breaking, any or none") }
    }

    func run() async throws {
        async let before = Self.load(old)
        async let after = Self.load(new)
        let (oldModel, newModel) = try await (before, after)
        let diff = APIDiff(old: oldModel, new: newModel)
        let report = diff.render(DiffFormat(rawValue: format) ?? .text)
        if let output {
            try Data(report.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(Data(report.utf8))
        }
        if (failOn == "breaking" && diff.isBreaking) || (failOn == "any" && !diff.changes.isEmpty) {
            let breaking = diff.changes.filter(\.breaking).count
            FileHandle.standardError.write(Data("diff: \(diff.changes.count) changes, \(breaking) breaking\n".utf8))
            throw ExitCode(1)
        }
    }

    /// A model from a docs directory (parsed) or from a model JSON file.
    static func load(_ path: String) async throws -> DocModel {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError("\(path): no such file or directory")
        }
        if isDirectory.boolValue {
            return try DocSet.load(directory: URL(fileURLWithPath: path, isDirectory: true))
        }
        do {
            return try DocModel.decode(from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CLIError("\(path): not a model JSON file (\(error))")
        }
    }
}
