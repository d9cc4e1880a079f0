import ArgumentParser
import B24DocModel
import B24DocParser
import B24Generator
import Foundation

/// Options shared by `generate` and `check`: where the model comes from and where the client goes.
public struct GenerationOptions: ParsableArguments {
    @Option(help: "The documentation pages.")
    public var docs: String = "docs-cache"

    @Option(help: "Read the model from this JSON file (written by `b24gen parse`) instead of parsing --docs.")
    public var model: String?

    @Option(help: "The directory the client's files are written to.")
    public var output: String = "Sources/Bitrix24/Generated"

    @Option(help: "Write a complete standalone SwiftPM package (runtime + client) into this directory instead.")
    public var outputPackage: String?

    @Option(help: "A configuration file: filters, access modifier, name and type overrides, patches (default: bitrix24-generator.json in --docs, if present).")
    public var config: String?

    @Option(
        parsing: .upToNextOption,
        help: "Pack the client into exactly these files under --output (used by the build plugin, which must name its outputs up front)."
    )
    public var intoFiles: [String] = []

    public init() {}

    /// The configuration file: `--config`, else `bitrix24-generator.json` in the docs folder when there is one.
    public func configurationFile() throws -> ConfigurationFile? {
        let beside = URL(fileURLWithPath: docs).appending(path: "bitrix24-generator.json").path(percentEncoded: false)
        guard let config = config ?? (model == nil && FileManager.default.fileExists(atPath: beside) ? beside : nil) else { return nil }
        do {
            return try ConfigurationFile.load(URL(fileURLWithPath: config))
        } catch let error as ConfigurationFile.Error {
            throw CLIError("error: \(error)")
        }
    }

    /// Loads the model from `--model` or by parsing `--docs`, then applies the configuration's patches
    /// and filters (their notes and errors are printed).
    public func loadModel(configuration file: ConfigurationFile?) throws -> DocModel {
        var loaded: DocModel
        if let model {
            let data = try Data(contentsOf: URL(fileURLWithPath: model))
            loaded = try DocModel.decode(from: data)
        } else {
            loaded = try DocsLoader.load(directory: URL(fileURLWithPath: docs))
        }
        if let file {
            let (transformed, diagnostics) = file.transform(loaded)
            for diagnostic in diagnostics { FileHandle.standardError.write(Data("\(diagnostic)\n".utf8)) }
            if diagnostics.contains(where: { $0.severity == .error }) {
                throw CLIError("the configuration's patches do not match the documentation (see above)")
            }
            loaded = transformed
            loaded.diagnostics += diagnostics
        }
        return loaded
    }

    /// The files to compare or write, and the directory they belong in.
    public func render(_ model: DocModel, configuration file: ConfigurationFile?) throws -> (output: GeneratorOutput, files: [GeneratedFile], directory: URL) {
        let configuration = file?.apply(to: GeneratorConfiguration()) ?? GeneratorConfiguration()
        let generator = Generator(configuration: configuration)
        let output = try generator.generate(model)
        if let outputPackage {
            return (output, try generator.packageFiles(for: output), URL(fileURLWithPath: outputPackage))
        }
        let files = intoFiles.isEmpty ? output.files : FileSlots.pack(output.files, into: intoFiles)
        return (output, files, URL(fileURLWithPath: self.output))
    }
}

public struct GenerateCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generates the Swift client (by default docs-cache/ → Sources/Bitrix24/Generated/).",
        discussion: "Files are written only when their contents change; stale generated files are removed."
    )

    @OptionGroup public var options: GenerationOptions

    @Flag(help: "Print the diagnostics of the generator stage.")
    public var verbose = false

    @Flag(help: "Print the coverage report (entry points per kind, concrete parameter types, pages skipped).")
    public var coverage = false

    public init() {}

    public func run() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let configuration = try options.configurationFile()
        let model = try options.loadModel(configuration: configuration)
        let loaded = clock.now
        let (output, files, directory) = try options.render(model, configuration: configuration)
        let rendered = clock.now
        let changes = try OutputWriter.write(files, to: directory)
        if verbose {
            for diagnostic in output.diagnostics { print(diagnostic) }
        }
        if coverage { print(output.coverage.text, terminator: "") }
        if verbose {
            print("timing: model \(loaded - start), model → Swift \(rendered - loaded), write \(clock.now - rendered)")
        }
        let lines = files.reduce(0) { $0 + $1.lineCount }
        print("read \(model.pages.count) pages; generated \(files.count) files (\(lines) lines) in \(directory.path)")
        print("wrote \(changes.filter { $0.kind != .removed }.count) files, removed \(changes.filter { $0.kind == .removed }.count); \(output.diagnostics.count) generator diagnostics")
        for change in changes { print("  \(change)") }
    }
}
