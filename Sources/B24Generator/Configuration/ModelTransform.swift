import B24DocModel

/// The configuration's model → model stage: the patches (fixes for known errors in the documentation), then the
/// filters (scopes, method patterns, exclusions). It runs before translation, on the model alone.
extension ConfigurationFile {
    /// Applies the patches, then the filters, to `model`. Each patch that matches nothing, and each
    /// entry point a filter drops, is reported, so nothing disappears silently.
    public func transform(_ model: DocModel) -> (DocModel, [Diagnostic]) {
        var model = model
        var diagnostics: [Diagnostic] = []
        for patch in patches {
            guard let index = model.pages.firstIndex(where: { $0.path == patch.page }) else {
                diagnostics.append(Diagnostic(path: patch.page, line: 1, severity: .error, message: "patch \(patch.id) matches no page"))
                continue
            }
            if let parameter = patch.parameter {
                let path = parameter.split(separator: ".").map(String.init)
                if !Self.patch(&model.pages[index].parameters, path: path[...], changes: patch.set) {
                    diagnostics.append(Diagnostic(path: patch.page, line: model.pages[index].line, severity: .error, message: "patch \(patch.id) matches no parameter \(parameter)"))
                    continue
                }
            } else {
                if let kind = patch.set.kind { model.pages[index].kind = kind }
                if let name = patch.set.name { model.pages[index].name = name }
                if patch.set.remove { model.pages[index].kind = .other }
            }
            diagnostics.append(Diagnostic(path: patch.page, line: model.pages[index].line, severity: .note, message: "patch \(patch.id) applied: \(patch.reason)"))
        }
        guard !scopes.isEmpty || !methods.isEmpty || !exclude.isEmpty else { return (model, diagnostics) }

        let entryKinds: Set<PageKind> = [.restMethod, .restEvent, .placementCommand, .placementEvent]
        let scopeSet = Set(scopes.map { $0.lowercased() })
        func selected(_ page: Page) -> Bool {
            guard entryKinds.contains(page.kind), let name = page.name else { return false }
            if !scopeSet.isEmpty && !page.scopes.contains(where: { scopeSet.contains($0.lowercased()) }) { return false }
            if !methods.isEmpty && !methods.contains(where: { Self.matches(name, pattern: $0) }) { return false }
            return !exclude.contains { Self.matches(name, pattern: $0) }
        }
        var keep = Set(model.pages.filter(selected).map(\.path))
        // What the selection depends on: widget commands are sent with placement.call, widget events
        // bound with placement.bindEvent, REST events bound with event.bind / event.unbind.
        var needed = Set<String>()
        for page in model.pages where keep.contains(page.path) {
            switch page.kind {
            case .placementCommand: needed.insert("placement.call")
            case .placementEvent: needed.insert("placement.bindevent")
            case .restEvent: needed.formUnion(["event.bind", "event.unbind"])
            default: break
            }
        }
        for page in model.pages where !keep.contains(page.path) {
            if let name = page.name?.lowercased(), needed.contains(name), entryKinds.contains(page.kind) {
                keep.insert(page.path)
                diagnostics.append(Diagnostic(path: page.path, line: page.line, severity: .note, message: "kept \(page.name ?? "") because the selection uses it"))
            }
        }
        var dropped = 0
        model.pages = model.pages.filter { page in
            if keep.contains(page.path) || !entryKinds.contains(page.kind) { return true }
            dropped += 1
            return false
        }
        diagnostics.append(Diagnostic(path: "bitrix24-generator.json", line: 1, severity: .note, message: "filters keep \(keep.count) entry points and drop \(dropped)"))
        return (model, diagnostics)
    }

    /// Whether `name` matches `pattern` case-insensitively, `*` matching any run of characters.
    public static func matches(_ name: String, pattern: String) -> Bool {
        let name = Array(name.lowercased()), pattern = Array(pattern.lowercased())
        var n = 0, p = 0, star = -1, mark = 0
        while n < name.count {
            if p < pattern.count, pattern[p] != "*", pattern[p] == name[n] {
                n += 1; p += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p; mark = n; p += 1
            } else if star >= 0 {
                p = star + 1; mark += 1; n = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    static func patch(_ parameters: inout [Parameter], path: ArraySlice<String>, changes: Patch.Changes) -> Bool {
        guard let head = path.first, let index = parameters.firstIndex(where: { $0.name == head }) else { return false }
        if path.count > 1 { return patch(&parameters[index].children, path: path.dropFirst(), changes: changes) }
        if changes.remove { parameters.remove(at: index); return true }
        if let type = changes.type { parameters[index].type = type }
        if let required = changes.required { parameters[index].required = required }
        if let name = changes.name { parameters[index].name = name }
        return true
    }
}

