import B24DocModel

/// A file the generator writes, relative to the output directory.
public struct GeneratedFile: Sendable, Equatable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }

    /// The file's lines (its newline characters).
    public var lineCount: Int { contents.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
}

/// An error that stops rendering (a template that does not parse).
public struct GeneratorError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The context every unit is rendered in: the access level, and the unit's view model as `item`.
struct Unit<Item: TemplateModel>: TemplateModel {
    let access: String
    let item: Item
    /// The unit's nested types, rendered and indented to where the template puts them.
    var nestedCode: String = ""
    /// An event's payload record, rendered and indented.
    var payloadCode: String = ""
}

/// A view model with nested types (records, value sets) laid out inside its enum or struct.
protocol HasNestedTypes: TemplateModel {
    var nested: NestedTypesVM { get }
}

extension MethodVM: HasNestedTypes {}
extension EventVM: HasNestedTypes {}
extension CommandVM: HasNestedTypes {}
extension PlacementEventVM: HasNestedTypes {}

/// View model → Swift text, through the templates embedded from `Templates/`.
struct Renderer {
    /// Renders a template by name in a context, as UTF-8.
    typealias Engine = @Sendable (_ template: String, _ context: any TemplateContext) -> [UInt8]

    let library: TemplateLibrary
    let access: String
    let maxLines: Int
    /// Used instead of `library` when set.
    let engine: Engine?

    static let templateNames = [
        "File", "Family", "Namespace", "Nested", "Record", "Method", "Event", "Command", "PlacementEvent",
        "ErrorCodes", "DirectoryTypes", "Package", "Exports", "Payload", "ObjectType",
    ]

    init(access: String, maxLines: Int, templates: [String: String] = EmbeddedResources.files, engine: Engine? = nil) throws {
        var library = TemplateLibrary()
        do {
            for name in Self.templateNames {
                guard let text = templates["Templates/\(name).mustache"] else {
                    throw GeneratorError("template Templates/\(name).mustache is missing")
                }
                try library.register(text, named: name)
            }
            try library.validate()
        } catch let error as TemplateError {
            throw GeneratorError("template Templates/\(error.template).mustache does not parse: line \(error.line): \(error.reason)")
        }
        self.library = library
        self.engine = engine
        self.access = access
        self.maxLines = maxLines
    }

    func render(_ template: String, _ model: some TemplateModel) -> String {
        let context = model.templateObject
        return Self.tidy(engine?(template, context) ?? library.render(template, context))
    }

    func unit<Item: TemplateModel>(_ template: String, _ item: Item) -> String {
        render(template, Unit(access: access, item: item))
    }

    /// A unit whose nested types go inside it, `nestedIndent` levels deep.
    func unit<Item: HasNestedTypes>(_ template: String, _ item: Item, nestedIndent: Int = 1) -> String {
        render(template, Unit(access: access, item: item, nestedCode: nestedCode(item.nested, levels: nestedIndent)))
    }

    /// A REST event: its payload record inside the family's `Events`, its nested types in an extension of it.
    func event(_ event: EventVM) -> String {
        let payload = Self.indent(render("Payload", Unit(access: access, item: event.payload)), levels: 1)
        return render("Event", Unit(access: access, item: event, nestedCode: nestedCode(event.nested, levels: 1), payloadCode: payload))
    }

    /// An object type: its record inside the family's `Objects`, its nested types in an extension of it.
    func objectType(_ object: ObjectTypeVM) -> String {
        let record = Self.indent(render("Payload", Unit(access: access, item: object.record)), levels: 1)
        return render("ObjectType", Unit(access: access, item: object, nestedCode: nestedCode(object.nested, levels: 1), payloadCode: record))
    }

    private func nestedCode(_ nested: NestedTypesVM, levels: Int) -> String {
        nested.isEmpty ? "" : Self.indent(render("Nested", Unit(access: access, item: nested)), levels: levels)
    }

    /// `text` indented by four spaces per level (empty lines stay empty).
    static func indent(_ text: String, levels: Int = 1) -> String {
        let pad = [UInt8](repeating: 0x20, count: 4 * levels)
        var out: [UInt8] = []
        var atLineStart = true
        for byte in text.utf8 {
            if atLineStart, byte != 0x0A { out += pad }
            out.append(byte)
            atLineStart = byte == 0x0A
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Strips trailing whitespace on every line, collapses runs of blank lines, drops blank lines right
    /// after an opening brace and right before a closing one, and ends with one newline. Works on bytes.
    static func tidy(_ bytes: [UInt8]) -> String {
        var lines: [ArraySlice<UInt8>] = []
        var blank = 0
        var start = 0
        func isClosing(_ line: ArraySlice<UInt8>) -> Bool { line.first { $0 != 0x20 } == UInt8(ascii: "}") }
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var stop = end
            while stop > start, bytes[stop - 1] == 0x20 || bytes[stop - 1] == 0x09 { stop -= 1 }
            let line = bytes[start..<stop]
            if line.isEmpty {
                blank += 1
                if blank == 1, let previous = lines.last, previous.last != UInt8(ascii: "{"), !lines.isEmpty {
                    lines.append(line)
                }
            } else {
                if blank > 0, isClosing(line), let previous = lines.last, previous.isEmpty { lines.removeLast() }
                blank = 0
                lines.append(line)
            }
            start = end + 1
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 1)
        for line in lines {
            out.append(contentsOf: line)
            out.append(0x0A)
        }
        return String(decoding: out, as: UTF8.self)
    }

    struct FileContext: TemplateModel {
        let imports: [String]
        let units: [String]
    }

    /// Files `<base>.swift`, `<base>+2.swift`, … holding `units` in order, each under `maxLines`.
    func files(base: String, units: [String], imports: [String]) -> [GeneratedFile] {
        guard !units.isEmpty else { return [] }
        var chunks: [[String]] = [[]]
        var lines = 4
        for unit in units {
            let count = unit.utf8.reduce(into: 0) { $0 += $1 == 0x0A ? 1 : 0 } + 1
            if lines + count > maxLines, !(chunks.last?.isEmpty ?? true) {
                chunks.append([])
                lines = 4
            }
            chunks[chunks.count - 1].append(unit)
            lines += count
        }
        return chunks.enumerated().map { index, chunk in
            let name = index == 0 ? base : "\(base)+\(index + 1)"
            return file(path: name + ".swift", units: chunk, imports: imports)
        }
    }

    /// One file holding `units`, whatever its length.
    func file(path: String, units: [String], imports: [String]) -> GeneratedFile {
        GeneratedFile(path: path, contents: render("File", FileContext(imports: imports, units: units.map { $0.dropLastNewline() })))
    }
}

extension String {
    /// The string without one trailing newline (constant time: works on the UTF-8 view, not on characters).
    func dropLastNewline() -> String {
        guard utf8.last == 0x0A else { return self }
        let newline = utf8.index(before: utf8.endIndex)
        // "\r\n" is one character: `dropLast()` drops both bytes.
        guard newline > utf8.startIndex, utf8[utf8.index(before: newline)] != 0x0D else { return String(dropLast()) }
        return String(self[..<newline])
    }
}
