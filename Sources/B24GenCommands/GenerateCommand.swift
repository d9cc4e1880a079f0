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

    /// Where the checked-in client goes, relative to the package root.
    public static let defaultOutput = "Sources/Generated"

    @Option(help: "The directory the client's modules are written to (one folder per module).")
    public var output: String = GenerationOptions.defaultOutput

    @Option(help: "The package manifest whose list of generated scope modules follows the docs (default: Package.swift when --output is the default).")
    public var manifest: String?

    @Option(help: "Write a complete standalone SwiftPM package (the client, depending on the runtime) into this directory instead.")
    public var outputPackage: String?

    @Option(help: "With --output-package: depend on the runtime (Bitrix24Core) in this swift-bitrix24 checkout.")
    public var runtimePath: String?

    @Option(help: "With --output-package: depend on the runtime at this git URL of swift-bitrix24 (with --runtime-version).")
    public var runtimeURL: String?

    @Option(help: "With --runtime-url: the lowest version of swift-bitrix24 to accept.")
    public var runtimeVersion: String = "0.1.0"

    @Option(help: "A configuration file: filters, access modifier, name and type overrides, patches (default: bitrix24-generator.json in --docs, if present).")
    public var config: String?

    @Option(help: "With --page-file: one target, laid out in the files the build plugin names (every one is written). The file for what no single page owns.")
    public var sharedFile: String?

    @Option(help: "PAGE=FILE: the code of the page PAGE (its path under --docs) goes into FILE (used by the build plugin, which names its outputs up front).")
    public var pageFile: [String] = []

    @Option(help: "With --output-package: the prefix of the package's module names (default: the package directory's name).")
    public var modulePrefix: String?

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

    /// The layout the options ask for: the build plugin's single target, a package's modules, or the checked-in ones.
    func layout() throws -> OutputLayout {
        if let sharedFile {
            var pages: [String: String] = [:]
            for pair in pageFile {
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                    throw CLIError("--page-file takes PAGE=FILE, not \(pair)")
                }
                pages[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            return .singleTarget(pageFiles: pages, sharedFile: sharedFile)
        }
        if let outputPackage {
            let name = modulePrefix ?? URL(fileURLWithPath: outputPackage).lastPathComponent
            return .modules(prefix: Naming.typeName([name]))
        }
        return .modules(prefix: "Bitrix24")
    }

    /// The files to compare or write, the directory they belong in, and the manifest text to write (the checked-in
    /// client's list of scope modules), if it changes.
    public func render(_ model: DocModel, configuration file: ConfigurationFile?) throws -> Rendered {
        var configuration = file?.apply(to: GeneratorConfiguration()) ?? GeneratorConfiguration()
        configuration.layout = try layout()
        let generator = Generator(configuration: configuration)
        let output = try generator.generate(model)
        if let outputPackage {
            let runtime: Generator.RuntimeDependency
            if let runtimePath {
                runtime = .path(URL(fileURLWithPath: runtimePath).standardizedFileURL.path(percentEncoded: false))
            } else if let runtimeURL {
                runtime = .url(runtimeURL, from: runtimeVersion)
            } else {
                throw CLIError("--output-package needs the runtime's location: --runtime-path DIR (a swift-bitrix24 checkout) or --runtime-url URL [--runtime-version X.Y.Z]")
            }
            let name = URL(fileURLWithPath: outputPackage).lastPathComponent
            let files = try generator.packageFiles(for: output, runtime: runtime, packageName: name)
            return Rendered(output: output, files: files, directory: URL(fileURLWithPath: outputPackage))
        }
        var rendered = Rendered(output: output, files: output.files, directory: URL(fileURLWithPath: self.output))
        let manifest = self.manifest ?? (self.output == Self.defaultOutput ? "Package.swift" : nil)
        if sharedFile == nil, let manifest, let text = try? String(contentsOfFile: manifest, encoding: .utf8),
            let updated = ManifestBlock.updating(text, modules: output.modules)
        {
            rendered.manifest = (URL(fileURLWithPath: manifest), text, updated)
        }
        return rendered
    }
}

/// What `generate` writes and `check` compares.
public struct Rendered {
    public var output: GeneratorOutput
    public var files: [GeneratedFile]
    public var directory: URL
    /// The manifest, its text and the text it should have (the same when it is up to date).
    public var manifest: (url: URL, current: String, wanted: String)?

    /// `true` when the manifest's list of scope modules differs from the docs'.
    public var manifestIsStale: Bool { manifest.map { $0.current != $0.wanted } ?? false }
}

public struct GenerateCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generates the Swift client (by default docs-cache/ → Sources/Generated/, one folder per module).",
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
        let result = try options.render(model, configuration: configuration)
        let (output, files, directory) = (result.output, result.files, result.directory)
        let rendered = clock.now
        let changes = try OutputWriter.write(files, to: directory)
        if let manifest = result.manifest, result.manifestIsStale {
            try Data(manifest.wanted.utf8).write(to: manifest.url, options: .atomic)
            print("updated the list of scope modules in \(manifest.url.path(percentEncoded: false))")
        }
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
