// The template engine: the part of Mustache the templates use, over typed values.
//
// swift-mustache finds every value through dynamic casts (`as? MustacheParent`, `as? Bool`,
// `as? any MustacheSequence`, optional unwrapping, …) on `Any`; for the whole corpus that was more than
// half of the generator's time. Here a view model answers a key with a `TemplateValue`, an enum the
// renderer switches over, and the output goes straight into a byte buffer.
//
// What is supported, with Mustache's meaning (https://mustache.github.io/mustache.5.html):
// - `{{name}}`, `{{{name}}}`, `{{&name}}`: the value, never escaped (the templates produce Swift, not HTML);
// - `{{#name}}…{{/name}}` and `{{^name}}…{{/name}}`: sections over flags, lists and nested contexts;
// - `{{.}}`: the current string inside a section over a list of strings;
// - `{{> Name}}`: a partial (another template of the library), not indented (implementations disagree
//   on how an indented partial's lines are indented, so an indented standalone partial is an error);
// - `{{! comment }}` and the pragma `{{%CONTENT_TYPE:TEXT}}` (kept so the files stay valid swift-mustache
//   templates; the engine never escapes);
// - standalone lines: a line holding only a section, closing, comment, partial or pragma tag (and
//   whitespace) leaves nothing in the output.
// Names are looked up from the innermost context outwards. Anything else (`{{=` delimiters, dotted names,
// a tag spanning lines, unbalanced sections, an unknown partial) is an error when the template is
// registered, not a surprise in the output. `TemplateEngineTests` renders every template of the corpus
// with swift-mustache too and requires identical output.

/// What a key of a template context stands for.
enum TemplateValue {
    /// A string: rendered as it is; as a section, rendered once with the string as `{{.}}`.
    case text(String)
    /// A flag: as a section, rendered when `true`; inverted, when `false`.
    case flag(Bool)
    /// Lines of text (doc comments): a section is rendered once per string, each as `{{.}}`.
    case texts([String])
    /// A list of contexts: a section is rendered once per element.
    case contexts([any TemplateContext])
    /// A nested context: a section is rendered once inside it.
    case context(any TemplateContext)
}

/// A value the templates can look into: each key the templates use answers a ``TemplateValue``.
protocol TemplateContext {
    /// The value for `key`, or `nil` when this context has no such key (the lookup then goes outwards).
    func value(forKey key: String) -> TemplateValue?
}

extension Array where Element: TemplateContext {
    /// The array as a template list.
    var templateValue: TemplateValue { .contexts(map { $0 as any TemplateContext }) }
}

/// A template that cannot be registered: its name, the line and the reason.
struct TemplateError: Error, CustomStringConvertible {
    var template: String
    var line: Int
    var reason: String
    var description: String { "\(template):\(line): \(reason)" }
}

/// Named templates that can include each other as partials.
struct TemplateLibrary: Sendable {
    /// A parsed template: text and tags, with sections as subtrees.
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(String)
        case current
        case section(String, [Node])
        case inverted(String, [Node])
        case partial(String)
    }

    private var templates: [String: [Node]] = [:]

    init() {}

    /// Parses `text` and registers it as `name`. Partials are checked by ``validate()``.
    mutating func register(_ text: String, named name: String) throws(TemplateError) {
        templates[name] = try Parser(template: name, bytes: Array(text.utf8)).parse()
    }

    /// Fails when a template includes a partial that is not registered.
    func validate() throws(TemplateError) {
        for name in templates.keys.sorted() {
            if let missing = Self.partials(in: templates[name] ?? []).first(where: { templates[$0] == nil }) {
                throw TemplateError(template: name, line: 0, reason: "partial '\(missing)' is not a template of the library")
            }
        }
    }

    private static func partials(in nodes: [Node]) -> [String] {
        nodes.flatMap { node -> [String] in
            switch node {
            case .partial(let name): [name]
            case .section(_, let body), .inverted(_, let body): partials(in: body)
            default: []
            }
        }
    }

    /// `name` rendered in `context`, as UTF-8; empty when there is no such template.
    func render(_ name: String, _ context: any TemplateContext) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        var stack = [Frame.context(context)]
        render(templates[name] ?? [], stack: &stack, into: &output, depth: 0)
        return output
    }

    private enum Frame {
        case context(any TemplateContext)
        case text(String)
    }

    private func lookUp(_ key: String, in stack: [Frame]) -> TemplateValue? {
        for frame in stack.reversed() {
            if case .context(let context) = frame, let value = context.value(forKey: key) { return value }
        }
        return nil
    }

    private func render(_ nodes: [Node], stack: inout [Frame], into output: inout [UInt8], depth: Int) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                output.append(contentsOf: bytes)
            case .variable(let key):
                switch lookUp(key, in: stack) {
                case .text(let string): output.append(contentsOf: string.utf8)
                case .flag(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
                case .texts, .contexts, .context, nil: break
                }
            case .current:
                if case .text(let string) = stack.last { output.append(contentsOf: string.utf8) }
            case .section(let key, let body):
                switch lookUp(key, in: stack) {
                case .flag(let flag):
                    if flag { render(body, stack: &stack, into: &output, depth: depth) }
                case .text(let string):
                    renderInside(.text(string), body, stack: &stack, into: &output, depth: depth)
                case .texts(let strings):
                    for string in strings { renderInside(.text(string), body, stack: &stack, into: &output, depth: depth) }
                case .contexts(let contexts):
                    for context in contexts { renderInside(.context(context), body, stack: &stack, into: &output, depth: depth) }
                case .context(let context):
                    renderInside(.context(context), body, stack: &stack, into: &output, depth: depth)
                case nil:
                    break
                }
            case .inverted(let key, let body):
                let empty: Bool = switch lookUp(key, in: stack) {
                case .flag(let flag): !flag
                case .texts(let strings): strings.isEmpty
                case .contexts(let contexts): contexts.isEmpty
                case .text, .context: false
                case nil: true
                }
                if empty { render(body, stack: &stack, into: &output, depth: depth) }
            case .partial(let name):
                // Partials may include each other; a cycle stops at a fixed depth instead of overflowing.
                guard depth < 32, let partial = templates[name] else { continue }
                render(partial, stack: &stack, into: &output, depth: depth + 1)
            }
        }
    }

    private func renderInside(_ frame: Frame, _ body: [Node], stack: inout [Frame], into output: inout [UInt8], depth: Int) {
        stack.append(frame)
        render(body, stack: &stack, into: &output, depth: depth)
        stack.removeLast()
    }

    /// Template text → nodes, line by line (tags never span lines).
    private struct Parser {
        let template: String
        let bytes: [UInt8]

        private enum Tag {
            case variable(String)
            case current
            case open(String)
            case openInverted(String)
            case close(String)
            case partial(String)
            case ignored

            /// Whether a line holding only this tag disappears from the output.
            var canStandAlone: Bool {
                if case .variable = self { return false }
                if case .current = self { return false }
                return true
            }
        }

        private enum Piece {
            case text(ArraySlice<UInt8>)
            case tag(Tag, line: Int)
        }

        func parse() throws(TemplateError) -> [Node] {
            var pieces: [Piece] = []
            var start = 0
            var line = 1
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                if end < bytes.count { end += 1 }  // the newline belongs to its line
                try pieces += self.line(bytes[start..<end], number: line)
                start = end
                line += 1
            }
            var position = 0
            return try build(pieces, from: &position, closing: nil)
        }

        private static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
            bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        }

        /// The pieces of one line; a standalone tag's line is reduced to the tag.
        private func line(_ line: ArraySlice<UInt8>, number: Int) throws(TemplateError) -> [Piece] {
            var pieces: [Piece] = []
            var textStart = line.startIndex
            var index = line.startIndex
            while index < line.endIndex {
                guard line[index] == UInt8(ascii: "{"), index + 1 < line.endIndex, line[index + 1] == UInt8(ascii: "{") else {
                    index += 1
                    continue
                }
                let triple = index + 2 < line.endIndex && line[index + 2] == UInt8(ascii: "{")
                let closing: [UInt8] = triple ? Array("}}}".utf8) : Array("}}".utf8)
                let contentStart = index + (triple ? 3 : 2)
                guard let contentEnd = Self.find(closing, in: line, from: contentStart) else {
                    throw TemplateError(template: template, line: number, reason: "tag not closed on its line")
                }
                if textStart < index { pieces.append(.text(line[textStart..<index])) }
                let tag = try self.tag(line[contentStart..<contentEnd], unescaped: triple, line: number)
                pieces.append(.tag(tag, line: number))
                index = contentEnd + closing.count
                textStart = index
            }
            if textStart < line.endIndex { pieces.append(.text(line[textStart..<line.endIndex])) }

            // Standalone: one tag that may stand alone, and only whitespace around it.
            let tags = pieces.filter { if case .tag = $0 { true } else { false } }
            guard tags.count == 1, case .tag(let tag, _) = tags[0], tag.canStandAlone else { return pieces }
            for piece in pieces {
                if case .text(let text) = piece, !Self.isBlank(text) { return pieces }
            }
            if case .partial = tag, case .text = pieces.first {
                // Mustache implementations disagree on how an indented partial's lines are indented.
                throw TemplateError(template: template, line: number, reason: "an indented partial is not supported; indent inside the partial")
            }
            return [.tag(tag, line: number)]
        }

        private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>, from start: Int) -> Int? {
            var index = start
            while index + needle.count <= haystack.endIndex {
                if haystack[index..<index + needle.count].elementsEqual(needle) { return index }
                index += 1
            }
            return nil
        }

        private func tag(_ content: ArraySlice<UInt8>, unescaped: Bool, line: Int) throws(TemplateError) -> Tag {
            func name(_ bytes: ArraySlice<UInt8>) throws(TemplateError) -> String {
                let trimmed = bytes.drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed()
                let text = String(decoding: trimmed, as: UTF8.self)
                guard !text.isEmpty, text == "." || !text.contains("."), !text.contains(" ") else {
                    throw TemplateError(template: template, line: line, reason: "'\(text)' is not a supported name")
                }
                return text
            }
            if unescaped {
                let key = try name(content)
                return key == "." ? .current : .variable(key)
            }
            guard let sigil = content.first else {
                throw TemplateError(template: template, line: line, reason: "empty tag")
            }
            let rest = content.dropFirst()
            switch sigil {
            case UInt8(ascii: "#"): return .open(try name(rest))
            case UInt8(ascii: "^"): return .openInverted(try name(rest))
            case UInt8(ascii: "/"): return .close(try name(rest))
            case UInt8(ascii: ">"): return .partial(try name(rest))
            case UInt8(ascii: "&"):
                let key = try name(rest)
                return key == "." ? .current : .variable(key)
            case UInt8(ascii: "!"): return .ignored
            case UInt8(ascii: "%"):
                guard String(decoding: rest, as: UTF8.self) == "CONTENT_TYPE:TEXT" else {
                    throw TemplateError(template: template, line: line, reason: "unsupported pragma '\(String(decoding: rest, as: UTF8.self))'")
                }
                return .ignored
            case UInt8(ascii: "="), UInt8(ascii: "$"), UInt8(ascii: "<"):
                throw TemplateError(template: template, line: line, reason: "unsupported tag '\(String(decoding: content, as: UTF8.self))'")
            default:
                let key = try name(content)
                return key == "." ? .current : .variable(key)
            }
        }

        /// Nodes up to the tag that closes `closing` (or the end of the template).
        private func build(_ pieces: [Piece], from position: inout Int, closing: (name: String, line: Int)?) throws(TemplateError) -> [Node] {
            var nodes: [Node] = []
            func appendText(_ text: ArraySlice<UInt8>) {
                if case .text(let previous) = nodes.last {
                    nodes[nodes.count - 1] = .text(previous + text)
                } else {
                    nodes.append(.text(Array(text)))
                }
            }
            while position < pieces.count {
                let piece = pieces[position]
                position += 1
                switch piece {
                case .text(let text):
                    appendText(text)
                case .tag(let tag, let line):
                    switch tag {
                    case .variable(let key): nodes.append(.variable(key))
                    case .current: nodes.append(.current)
                    case .ignored: break
                    case .partial(let name): nodes.append(.partial(name))
                    case .open(let key):
                        nodes.append(.section(key, try build(pieces, from: &position, closing: (key, line))))
                    case .openInverted(let key):
                        nodes.append(.inverted(key, try build(pieces, from: &position, closing: (key, line))))
                    case .close(let key):
                        guard let closing, closing.name == key else {
                            throw TemplateError(template: template, line: line, reason: "'{{/\(key)}}' closes no open section")
                        }
                        return nodes
                    }
                }
            }
            if let closing {
                throw TemplateError(template: template, line: closing.line, reason: "section '\(closing.name)' is not closed")
            }
            return nodes
        }
    }
}
