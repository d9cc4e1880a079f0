/// A rendered piece of code and where it goes.
struct RenderedUnit: Sendable {
    var file: UnitFile
    /// Orders units inside a file: the kind of unit, then its name.
    var order: Int
    var name: String
    var text: String
}

/// The view model's units rendered through their templates, on all cores, in a fixed order.
struct UnitRendering: Sendable {
    let renderer: Renderer

    /// The shared units' file names (their family `""` means the common module).
    static let errorCodesFile = UnitFile(family: "", file: "ErrorCodes")
    static let directoryTypesFile = UnitFile(family: "", file: "DirectoryTypes")

    func units(of client: ClientVM) -> [RenderedUnit] {
        var units: [RenderedUnit] = client.families.map { family in
            RenderedUnit(file: family.file, order: 0, name: family.typeName, text: renderer.unit("Family", family))
        }
        units += client.namespaces.concurrentMap { namespace in
            RenderedUnit(file: namespace.file, order: 1, name: namespace.namespacePath.lowercased(), text: renderer.unit("Namespace", namespace))
        }
        units += client.methods.concurrentMap { method in
            RenderedUnit(file: method.file, order: 2, name: method.methodName.lowercased() + " " + method.methodName, text: renderer.unit("Method", method, nestedIndent: 2))
        }
        units += client.events.concurrentMap { event in
            RenderedUnit(file: event.file, order: 3, name: event.eventName, text: renderer.event(event))
        }
        units += client.objectTypes.concurrentMap { object in
            RenderedUnit(file: object.file, order: 3, name: object.qualifiedObject, text: renderer.objectType(object))
        }
        units += client.commands.map { command in
            RenderedUnit(file: command.file, order: 4, name: command.commandName, text: renderer.unit("Command", command, nestedIndent: 2))
        }
        units += client.placementEvents.map { event in
            RenderedUnit(file: event.file, order: 5, name: event.placementEventName, text: renderer.unit("PlacementEvent", event, nestedIndent: 2))
        }
        units += errorCodeUnits(client)
        if !client.directoryTypes.isEmpty {
            let context = DirectoryTypesContext(access: client.access, directoryTypes: client.directoryTypes)
            units.append(RenderedUnit(file: Self.directoryTypesFile, order: 7, name: "", text: renderer.render("DirectoryTypes", context)))
        }
        return units
    }

    /// The error code constants, in chunks of 200 (one `extension` each).
    private func errorCodeUnits(_ client: ClientVM) -> [RenderedUnit] {
        let chunkSize = 200
        return stride(from: 0, to: client.errorCodes.count, by: chunkSize).map { start in
            let chunk = Array(client.errorCodes[start..<min(start + chunkSize, client.errorCodes.count)])
            let text = renderer.render("ErrorCodes", ErrorCodesContext(access: client.access, errorCodes: chunk))
            return RenderedUnit(file: Self.errorCodesFile, order: 6, name: String(repeating: "0", count: max(0, 8 - String(start).count)) + String(start), text: text)
        }
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
