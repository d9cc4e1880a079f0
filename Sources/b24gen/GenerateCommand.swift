import ArgumentParser
import B24DocModel
import B24Generator
import Foundation

/// Options shared by `generate` and `check`: where the model comes from and where the client goes.
struct GenerationOptions: ParsableArguments {
    @Option(help: "The documentation pages.")
    var docs: String = "docs-cache"

    @Option(help: "Read the model from this JSON file (written by `b24gen parse`) instead of parsing --docs.")
    var model: String?

    @Option(help: "The directory the client's files are written to.")
    var output: String = "Sources/Bitrix24/Generated"

    @Option(help: "Write a complete standalone SwiftPM package (runtime + client) into this directory instead.")
    var outputPackage: String?

    @Option(help: "A configuration file (bitrix24-generator.json): filters, access modifier, name and type overrides, patches.")
    var config: String?

    @Option(
        parsing: .upToNextOption,
        help: "Pack the client into exactly these files under --output (used by the build plugin, which must name its outputs up front)."
    )
    var intoFiles: [String] = []

    /// The configuration file, when `--config` names one.
    func configurationFile() throws -> ConfigurationFile? {
        guard let config else { return nil }
        do {
            return try ConfigurationFile.load(URL(fileURLWithPath: config))
        } catch let error as ConfigurationFile.Error {
            throw CLIError("error: \(error)")
        }
    }

    /// Loads the model from `--model` or by parsing `--docs`, then applies the configuration's patches
    /// and filters (their notes and errors are printed).
    func loadModel() throws -> DocModel {
        var loaded: DocModel
        if let model {
            let data = try Data(contentsOf: URL(fileURLWithPath: model))
            loaded = try DocModel.decode(from: data)
        } else {
            loaded = try DocsLoader.load(directory: URL(fileURLWithPath: docs))
        }
        if let file = try configurationFile() {
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
    func render(_ model: DocModel) throws -> (output: GeneratorOutput, files: [GeneratedFile], directory: URL) {
        let configuration = try configurationFile()?.apply(to: GeneratorConfiguration()) ?? GeneratorConfiguration()
        let generator = Generator(configuration: configuration)
        let output = try generator.generate(model)
        if let outputPackage {
            return (output, try generator.packageFiles(for: output), URL(fileURLWithPath: outputPackage))
        }
        let files = intoFiles.isEmpty ? output.files : FileSlots.pack(output.files, into: intoFiles)
        return (output, files, URL(fileURLWithPath: self.output))
    }
}

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generates the Swift client (by default docs-cache/ → Sources/Bitrix24/Generated/).",
        discussion: "Files are written only when their contents change; stale generated files are removed."
    )

    @OptionGroup var options: GenerationOptions

    @Flag(help: "Print the diagnostics of the generator stage.")
    var verbose = false

    func run() async throws {
        let model = try options.loadModel()
        let (output, files, directory) = try options.render(model)
        let changes = try OutputWriter.write(files, to: directory)
        if verbose {
            for diagnostic in output.diagnostics { print(diagnostic) }
        }
        let lines = files.reduce(0) { $0 + $1.contents.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) } }
        print("read \(model.pages.count) pages; generated \(files.count) files (\(lines) lines) in \(directory.path)")
        print("wrote \(changes.filter { $0.kind != .removed }.count) files, removed \(changes.filter { $0.kind == .removed }.count); \(output.diagnostics.count) generator diagnostics")
        for change in changes { print("  \(change)") }
    }
}
