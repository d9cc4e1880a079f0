/// Rendered units → files, by the layout the configuration asks for. Every unit already knows its family and
/// file (decided in translation); this only groups, orders, splits and adds the file headers and exports.
struct FileLayout: Sendable {
    let renderer: Renderer
    let layout: OutputLayout
    /// The retry-class listing written beside the modules (not in the build plugin's single target).
    var listing: String?

    func files(_ units: [RenderedUnit]) -> [GeneratedFile] {
        switch layout {
        case .modules(let prefix): moduleFiles(units, prefix: prefix)
        case .singleTarget(let pageFiles, let sharedFile): singleTargetFiles(units, pageFiles: pageFiles, sharedFile: sharedFile)
        }
    }

    /// The modules of the multi-module layout: one per family with units, the common one, the umbrella.
    func modules(_ units: [RenderedUnit]) -> [GeneratedModule] {
        guard case .modules(let prefix) = layout else { return [] }
        let scopes = Set(units.map(\.file.family)).subtracting([""]).map { FamilyNames.moduleName($0, prefix: prefix) }
        return scopes.sorted().map { GeneratedModule(name: $0, role: .scope) }
            + [GeneratedModule(name: prefix + "Common", role: .common), GeneratedModule(name: prefix, role: .umbrella)]
    }

    /// Units in a file's order: by kind, then by name.
    private static func ordered(_ units: [RenderedUnit]) -> [String] {
        units.sorted { ($0.order, $0.name) < ($1.order, $1.name) }.map(\.text)
    }

    private func moduleFiles(_ units: [RenderedUnit], prefix: String) -> [GeneratedFile] {
        let common = prefix + "Common"
        var groups: [UnitFile: [RenderedUnit]] = [:]
        for unit in units { groups[UnitFile(family: unit.file.family, file: unit.file.file), default: []].append(unit) }
        var files: [GeneratedFile] = []
        var scopeModules = Set<String>()
        for key in groups.keys.sorted() {
            let module = key.family.isEmpty ? common : FamilyNames.moduleName(key.family, prefix: prefix)
            if !key.family.isEmpty { scopeModules.insert(module) }
            let imports = key.family.isEmpty ? ["Bitrix24Core", "Foundation"] : [common, "Bitrix24Core", "Foundation"]
            let base = Self.safeFileName(key.file)
            files += renderer.files(base: module + "/" + base, units: Self.ordered(groups[key] ?? []), imports: imports)
        }
        for module in scopeModules.sorted() {
            files.append(exports(module: module, of: [common]))
        }
        files.append(exports(module: common, of: ["Bitrix24Core"]))
        files.append(exports(module: prefix, of: [common] + scopeModules.sorted()))
        if let listing { files.append(GeneratedFile(path: "RETRY-CLASSES.md", contents: listing)) }
        return files.sorted { $0.path < $1.path }
    }

    private func exports(module: String, of modules: [String]) -> GeneratedFile {
        GeneratedFile(path: module + "/Exports.swift", contents: renderer.render("Exports", ExportsContext(exports: modules)))
    }

    /// The build plugin's layout: each page's units in the file the plugin named for that page, everything else in
    /// the shared file; every named file is written, an empty one with its header only.
    private func singleTargetFiles(_ units: [RenderedUnit], pageFiles: [String: String], sharedFile: String) -> [GeneratedFile] {
        var groups: [String: [RenderedUnit]] = [:]
        for unit in units {
            let file = unit.file.page.flatMap { pageFiles[$0] } ?? sharedFile
            groups[file, default: []].append(unit)
        }
        let names = Set(pageFiles.values).union([sharedFile]).union(groups.keys)
        return names.sorted().map { name in
            renderer.file(path: name, units: Self.ordered(groups[name] ?? []), imports: ["Bitrix24Core", "Foundation"])
        }
    }

    /// `main.swift` (any case) would make SwiftPM treat a target as an executable.
    static func safeFileName(_ name: String) -> String {
        ["main", "linuxmain", "exports"].contains(name.lowercased()) ? name + ".Code" : name
    }
}

struct ExportsContext: TemplateModel {
    let exports: [String]
}
