import B24DocModel
import Mustache

/// A file the generator writes, relative to the output directory.
public struct GeneratedFile: Sendable, Equatable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// An error that stops rendering (a template that does not parse).
public struct GeneratorError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The context every unit is rendered in: the access level, and the unit's view model as `item`.
struct Unit<Item>: MustacheParent {
    let access: String
    let item: Item
    /// The unit's nested types, rendered and indented one level.
    var nestedCode: String = ""

    func child(named name: String) -> Any? {
        switch name {
        case "access": access
        case "item": item
        case "nestedCode": nestedCode
        default: nil
        }
    }
}

/// A view model with nested types (records, value sets) laid out inside its enum or struct.
protocol HasNestedTypes {
    var nested: NestedTypesVM { get }
}

extension MethodVM: HasNestedTypes {}
extension EventVM: HasNestedTypes {}
extension CommandVM: HasNestedTypes {}
extension PlacementEventVM: HasNestedTypes {}

/// View model → Swift text, through the templates embedded from `Templates/`.
struct Renderer {
    let library: MustacheLibrary
    let access: String
    let maxLines: Int

    static let templateNames = [
        "File", "Namespace", "Nested", "Record", "Method", "Event", "EventEnum", "Command", "PlacementEvent",
        "ErrorCodes", "DirectoryTypes", "Package", "Umbrella",
    ]

    init(access: String, maxLines: Int, templates: [String: String] = EmbeddedResources.files) throws {
        var library = MustacheLibrary()
        for name in Self.templateNames {
            guard let text = templates["Templates/\(name).mustache"] else {
                throw GeneratorError("template Templates/\(name).mustache is missing")
            }
            do {
                try library.register(text, named: name)
            } catch {
                throw GeneratorError("template Templates/\(name).mustache does not parse: \(error)")
            }
        }
        self.library = library
        self.access = access
        self.maxLines = maxLines
    }

    func render(_ template: String, _ object: Any) -> String {
        let text = library.render(object, withTemplate: template) ?? ""
        return Self.tidy(text)
    }

    func unit<Item>(_ template: String, _ item: Item) -> String {
        render(template, Unit(access: access, item: item))
    }

    func unit<Item: HasNestedTypes>(_ template: String, _ item: Item) -> String {
        let nested = item.nested.isEmpty ? "" : Self.indent(render("Nested", Unit(access: access, item: item.nested)))
        return render(template, Unit(access: access, item: item, nestedCode: nested))
    }

    /// `text` indented by four spaces (empty lines stay empty).
    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "    " + $0 }
            .joined(separator: "\n")
    }

    /// Strips trailing whitespace on every line, collapses runs of blank lines, ends with one newline.
    static func tidy(_ text: String) -> String {
        var lines: [Substring] = []
        var blank = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = raw
            while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
            if line.isEmpty {
                blank += 1
                if blank > 1 { continue }
            } else {
                // No blank line right before a closing brace or right after an opening one.
                if blank > 0, line.drop(while: { $0 == " " }).first == "}", lines.count > 0 { lines.removeLast() }
                blank = 0
            }
            if line.isEmpty, let previous = lines.last, previous.hasSuffix("{") { continue }
            lines.append(line)
        }
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    struct FileContext {
        let imports: [String]
        let units: [String]
    }

    /// Files named `<directory>/<name>.swift`, `<name>+2.swift`, … holding `units`, each under `maxLines`.
    func files(directory: String, name: String, units: [String], imports: [String]) -> [GeneratedFile] {
        guard !units.isEmpty else { return [] }
        var chunks: [[String]] = [[]]
        var lines = 4
        for unit in units {
            let count = unit.reduce(into: 0) { $0 += $1 == "\n" ? 1 : 0 } + 1
            if lines + count > maxLines, !(chunks.last?.isEmpty ?? true) {
                chunks.append([])
                lines = 4
            }
            chunks[chunks.count - 1].append(unit)
            lines += count
        }
        return chunks.enumerated().map { index, chunk in
            let file = index == 0 ? name : "\(name)+\(index + 1)"
            let text = render("File", FileContext(imports: imports, units: chunk.map { Self.tidy($0).dropLastNewline() }))
            return GeneratedFile(path: "\(directory)/\(file).swift", contents: text)
        }
    }
}

extension String {
    func dropLastNewline() -> String {
        hasSuffix("\n") ? String(dropLast()) : self
    }
}
