import B24DocModel
import Foundation

/// What one generation produced.
public struct GeneratorOutput: Sendable, Equatable {
    /// The client's files, sorted by path, relative to the output directory (`Sources/Generated/` for the
    /// checked-in client).
    public var files: [GeneratedFile]
    /// The modules the files form (multi-module layout), sorted; empty for a single target.
    public var modules: [GeneratedModule]
    public var diagnostics: [Diagnostic]
    public var coverage: CoverageReport
    public var viewModel: ClientVM
}

/// The generator: model → view model (translate) → Swift text (render) → files (layout). No file I/O here: the
/// edges (`b24gen`, the plugins' tool) read the docs and write the files.
public struct Generator: Sendable {
    public var configuration: GeneratorConfiguration
    /// Renders the templates in place of ``TemplateLibrary`` (tests check the engine against swift-mustache).
    var engine: Renderer.Engine?

    public init(configuration: GeneratorConfiguration = GeneratorConfiguration()) {
        self.configuration = configuration
    }

    /// The typed view model of `model`, its diagnostics and the coverage report.
    public func viewModel(for model: DocModel) -> (ClientVM, [Diagnostic], CoverageReport) {
        var translator = Translator(configuration: configuration)
        let client = translator.translate(model)
        return (client, translator.diagnostics.sorted(), translator.coverage)
    }

    /// The coverage report alone (for `b24gen stats`).
    public func coverage(for model: DocModel) -> CoverageReport {
        viewModel(for: model).2
    }

    /// Renders the client for `model`.
    public func generate(_ model: DocModel) throws -> GeneratorOutput {
        let (client, diagnostics, coverage) = viewModel(for: model)
        let renderer = try Renderer(access: configuration.accessModifier.rawValue, maxLines: configuration.maxLinesPerFile, engine: engine)
        let units = UnitRendering(renderer: renderer).units(of: client)
        let layout = FileLayout(renderer: renderer, layout: configuration.layout, listing: coverage.retryClassListing)
        return GeneratorOutput(
            files: layout.files(units), modules: layout.modules(units), diagnostics: diagnostics, coverage: coverage, viewModel: client
        )
    }

    /// Where a standalone package gets the runtime (`Bitrix24Core`) from: this repository, by path or by URL
    /// and version, as swift-openapi-generator's output depends on swift-openapi-runtime.
    public enum RuntimeDependency: Sendable, Equatable {
        /// A checkout of swift-bitrix24 on disk.
        case path(String)
        /// A git URL of swift-bitrix24 and the lowest version to accept.
        case url(String, from: String)

        /// The `.package(…)` line.
        var packageLine: String {
            switch self {
            case .path(let path): ".package(path: \(Docs.literal(path)))"
            case .url(let url, let version): ".package(url: \(Docs.literal(url)), from: \(Docs.literal(version)))"
            }
        }

        /// The package identity SwiftPM derives: the last path component, without `.git`, lower-cased.
        var identity: String {
            let location: String
            switch self {
            case .path(let path): location = path
            case .url(let url, _): location = url
            }
            var last = location.split(separator: "/").last.map(String.init) ?? location
            if last.hasSuffix(".git") { last = String(last.dropLast(4)) }
            return last.lowercased()
        }
    }

    /// The files of a standalone SwiftPM package holding `output` (generated with a `.modules` layout):
    /// `Package.swift`, depending on the runtime through `runtime`, and `Sources/<module>/…`. The modules are
    /// named with the layout's prefix, not `Bitrix24…`: SwiftPM wants module names unique across a package graph,
    /// and swift-bitrix24 has modules of those names itself.
    public func packageFiles(for output: GeneratorOutput, runtime: RuntimeDependency, packageName: String) throws -> [GeneratedFile] {
        let renderer = try Renderer(access: configuration.accessModifier.rawValue, maxLines: configuration.maxLinesPerFile, engine: engine)
        let manifest = PackageContext(packageName: packageName, runtime: runtime, modules: output.modules)
        var files = [GeneratedFile(path: "Package.swift", contents: renderer.render("Package", manifest))]
        // Swift files under Sources/; the retry-class listing beside the manifest.
        files += output.files.map { GeneratedFile(path: ($0.path.hasSuffix(".swift") ? "Sources/" : "") + $0.path, contents: $0.contents) }
        return files.sorted { $0.path < $1.path }
    }
}

/// A module of the multi-module layout.
public struct GeneratedModule: Sendable, Equatable {
    public enum Role: String, Sendable, Equatable {
        /// One scope family's methods, events and types.
        case scope
        /// What every scope module shares (error codes, directory types).
        case common
        /// Re-exports every module.
        case umbrella
    }

    public var name: String
    public var role: Role
}

struct PackageScopeVM: TemplateModel {
    let moduleNameLiteral: String
}

struct PackageContext: TemplateModel {
    let packageNameLiteral: String
    let runtimePackageLine: String
    let runtimePackageLiteral: String
    let umbrellaLiteral: String
    let commonLiteral: String
    let scopes: [PackageScopeVM]

    init(packageName: String, runtime: Generator.RuntimeDependency, modules: [GeneratedModule]) {
        packageNameLiteral = Docs.literal(packageName)
        runtimePackageLine = runtime.packageLine
        runtimePackageLiteral = Docs.literal(runtime.identity)
        umbrellaLiteral = Docs.literal(modules.first { $0.role == .umbrella }?.name ?? packageName)
        commonLiteral = Docs.literal(modules.first { $0.role == .common }?.name ?? packageName + "Common")
        scopes = modules.filter { $0.role == .scope }.map { PackageScopeVM(moduleNameLiteral: Docs.literal($0.name)) }
    }
}
