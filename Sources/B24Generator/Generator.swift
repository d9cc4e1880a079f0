import B24DocModel
import Foundation

/// What one generation produced.
public struct GeneratorOutput: Sendable, Equatable {
    /// The client's files, sorted by path, relative to the output directory (`Sources/Bitrix24/Generated/`).
    public var files: [GeneratedFile]
    public var diagnostics: [Diagnostic]
    public var coverage: CoverageReport
    public var viewModel: ClientVM
}

/// The generator stage: model → view model → Swift files. No file I/O here (see ``OutputWriter``).
public struct Generator: Sendable {
    public var configuration: GeneratorConfiguration
    /// Renders the templates in place of ``TemplateLibrary`` (tests check the engine against swift-mustache).
    var engine: Renderer.Engine?

    public init(configuration: GeneratorConfiguration = GeneratorConfiguration()) {
        self.configuration = configuration
    }

    /// The typed view model of `model`, its diagnostics and the coverage report.
    public func viewModel(for model: DocModel) -> (ClientVM, [Diagnostic], CoverageReport) {
        var builder = ClientBuilder(configuration: configuration)
        let client = builder.build(model)
        return (client, builder.diagnostics.sorted(), builder.coverage)
    }

    /// The coverage report alone (for `b24gen stats`).
    public func coverage(for model: DocModel) -> CoverageReport {
        viewModel(for: model).2
    }

    /// Renders the client for `model`.
    public func generate(_ model: DocModel) throws -> GeneratorOutput {
        let (client, diagnostics, coverage) = viewModel(for: model)
        let renderer = try Renderer(
            access: configuration.accessModifier.rawValue, maxLines: configuration.maxLinesPerFile, engine: engine
        )
        let imports = ["Bitrix24Core", "Foundation"]
        var files: [GeneratedFile] = []

        // Methods and their namespaces, grouped by the first two levels of the name.
        var groups: [String: (namespaces: [String], methods: [String])] = [:]
        let namespaceKeys = Self.groupKeys(client.namespaces)
        let namespaceUnits = client.namespaces.concurrentMap { renderer.unit("Namespace", $0) }
        for (key, unit) in zip(namespaceKeys, namespaceUnits) {
            groups[key, default: ([], [])].namespaces.append(unit)
        }
        let methods = client.methods.sorted { ($0.methodName.lowercased(), $0.methodName) < ($1.methodName.lowercased(), $1.methodName) }
        let methodUnits = methods.concurrentMap { renderer.unit("Method", $0) }
        let namespaceGroups = Dictionary(zip(client.namespaces.map(\.apiType), namespaceKeys)) { first, _ in first }
        for (method, unit) in zip(methods, methodUnits) {
            let key = method.isRoot ? "Bitrix24Client" : namespaceGroups[method.apiType] ?? "Bitrix24Client"
            groups[key, default: ([], [])].methods.append(unit)
        }
        let groupFiles = groups.sorted { $0.key < $1.key }.concurrentMap { key, group in
            // `main.swift` (any case) would make SwiftPM treat the target as an executable.
            let name = ["main", "linuxmain"].contains(key.lowercased()) ? key + ".Methods" : key
            return renderer.files(directory: "Methods", name: name, units: group.namespaces + group.methods, imports: imports)
        }
        files += groupFiles.joined()

        // REST events.
        let eventUnits = client.events.concurrentMap { renderer.unit("Event", $0) }
        files += renderer.files(directory: "Events", name: "Events", units: eventUnits, imports: imports)
        files.append(GeneratedFile(
            path: "Events/Bitrix24Event.swift",
            contents: renderer.render("File", Renderer.FileContext(
                imports: imports,
                units: [renderer.render("EventEnum", EventEnumContext(access: client.access, events: client.events, hasRawEvent: true)).dropLastNewline()]
            ))
        ))

        // Widgets.
        files += renderer.files(directory: "Placement", name: "PlacementCommands", units: client.commands.map { renderer.unit("Command", $0) }, imports: imports)
        files += renderer.files(directory: "Placement", name: "PlacementEvents", units: client.placementEvents.map { renderer.unit("PlacementEvent", $0) }, imports: imports)

        // Error codes and directory types.
        let chunkSize = 200
        var errorUnits: [String] = []
        var start = 0
        while start < client.errorCodes.count {
            let chunk = Array(client.errorCodes[start..<min(start + chunkSize, client.errorCodes.count)])
            errorUnits.append(renderer.render("ErrorCodes", ErrorCodesContext(access: client.access, errorCodes: chunk)))
            start += chunkSize
        }
        files += renderer.files(directory: "Support", name: "ErrorCodes", units: errorUnits, imports: imports)
        if !client.directoryTypes.isEmpty {
            files += renderer.files(
                directory: "Support", name: "DirectoryTypes",
                units: [renderer.render("DirectoryTypes", DirectoryTypesContext(access: client.access, directoryTypes: client.directoryTypes))],
                imports: imports
            )
        }
        files.sort { $0.path < $1.path }
        return GeneratorOutput(files: files, diagnostics: diagnostics, coverage: coverage, viewModel: client)
    }

    /// The file group of each of `namespaces`, in their order: the first two levels of its type
    /// (`CRM.Deal`), found by walking up the parents (looked up by type in a dictionary).
    static func groupKeys(_ namespaces: [NamespaceVM]) -> [String] {
        let byType = Dictionary(namespaces.map { ($0.apiType, $0) }) { first, _ in first }
        return namespaces.map { start in
            var chain: [NamespaceVM] = []
            var current: NamespaceVM? = byType[start.apiType]
            while let namespace = current, chain.count <= namespaces.count {
                chain.insert(namespace, at: 0)
                current = namespace.isTopLevel ? nil : byType[namespace.parentAPIType]
            }
            let names = chain.prefix(2).map { Naming.typeName([Naming.bare($0.memberName)]) }
            return names.isEmpty ? "Bitrix24Client" : names.joined(separator: ".")
        }
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

    /// The files of a standalone SwiftPM package holding `client`: `Package.swift` (depending on the runtime
    /// through `runtime`) and `Sources/<packageName>/…`. The client's module is named after the package: SwiftPM
    /// wants module names unique across a package graph, and swift-bitrix24 has a `Bitrix24` module of its own.
    public func packageFiles(
        for output: GeneratorOutput, runtime: RuntimeDependency, packageName: String = "Bitrix24Client"
    ) throws -> [GeneratedFile] {
        let renderer = try Renderer(access: configuration.accessModifier.rawValue, maxLines: configuration.maxLinesPerFile, engine: engine)
        let module = Naming.typeName([packageName])
        let manifest = PackageContext(
            packageNameLiteral: Docs.literal(packageName), moduleNameLiteral: Docs.literal(module), runtimePackageLine: runtime.packageLine,
            runtimePackageLiteral: Docs.literal(runtime.identity)
        )
        var files: [GeneratedFile] = [
            GeneratedFile(path: "Package.swift", contents: renderer.render("Package", manifest)),
            GeneratedFile(path: "Sources/\(module)/Exports.swift", contents: renderer.render("Umbrella", manifest)),
        ]
        files += output.files.map { GeneratedFile(path: "Sources/\(module)/Generated/" + $0.path, contents: $0.contents) }
        return files.sorted { $0.path < $1.path }
    }
}

struct EventEnumContext: TemplateModel {
    let access: String
    let events: [EventVM]
    let hasEvents: Bool
    let hasRawEvent: Bool

    init(access: String, events: [EventVM], hasRawEvent: Bool) {
        self.access = access
        self.events = events
        self.hasEvents = !events.isEmpty
        self.hasRawEvent = hasRawEvent
    }
}

struct ErrorCodesContext: TemplateModel {
    let access: String
    let errorCodes: [ErrorCodeVM]
}

struct DirectoryTypesContext: TemplateModel {
    let access: String
    let directoryTypes: [DirectoryTypeVM]
}

struct PackageContext: TemplateModel {
    let packageNameLiteral: String
    let moduleNameLiteral: String
    let runtimePackageLine: String
    let runtimePackageLiteral: String
}
