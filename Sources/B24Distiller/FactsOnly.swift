import B24DocModel
import Foundation

/// The facts of a page: the model with every piece of prose removed. This is what a distilled page
/// carries, and what the round trip compares (`FactsOnly.page(parse(distill(p))) == FactsOnly.page(parse(p))`).
///
/// Kept exactly: path, kind, name, the title (a label), scopes, the deprecation flag and its replacement, the
/// placement, every parameter / returned / extra table row (name, aliases, type text, type link, required
/// marker, value codes, default, nested anchor, children), the extra tables' keys and titles, error codes
/// with their HTTP status and system flag, object types (id, name, title as a label, fields as above), the
/// shapes of the response examples and request bodies, what each request example calls and at which
/// address version, the REST versions, where the name came from, and the evidence of what a method does
/// (its kind and the parser's own reason).
///
/// Removed: the "who can" sentence, the summary, the deprecation notice's text, every description (parameters,
/// returned fields, values, errors), what a default's text says after its first sentence (`Y. The default value
/// can be changed …` keeps `Y`) and every source line. Examples keep only their shape: keys, nesting and
/// value kinds (``ExampleShape``), no values; a request body whose JSON cannot be read has no shape and is
/// dropped (a response example's unreadable shape stays `nil`).
public enum FactsOnly {
    /// The page without its prose.
    public static func page(_ page: Page) -> Page {
        var p = page
        p.whoCan = nil
        p.summary = nil
        p.deprecation = page.deprecation.map { Deprecation(message: "", replacement: $0.replacement) }
        p.parameters = page.parameters.map(parameter)
        p.extraParameterTables = page.extraParameterTables.map(table)
        p.returns = page.returns.map(field)
        p.errors = page.errors.map(error)
        p.returnExample = page.returnExample.flatMap(ExampleShape.canonical)
        p.requestExamples = page.requestExamples.compactMap(ExampleShape.canonical)
        p.types = page.types.map(type)
        p.responseExamples = page.responseExamples.map { ResponseExample(shape: $0.shape, line: 0) }
        p.requests = page.requests.map { var r = $0; r.line = 0; return r }
        // A reason as its sentence states it (white space collapsed, no final full stop).
        p.evidence = page.evidence.map { Evidence(sentence: $0.sentence, line: 0) ?? Evidence(kind: $0.kind, reason: $0.reason, line: 0) }
        p.line = 0
        return p
    }

    static func type(_ type: TypeDefinition) -> TypeDefinition {
        TypeDefinition(id: type.id, name: type.name, title: type.title, fields: type.fields.map(field), line: 0)
    }

    static func parameter(_ parameter: Parameter) -> Parameter {
        var p = parameter
        p.description = ""
        p.defaultValue = parameter.defaultValue.flatMap(defaultValue)
        p.values = parameter.values.map(value)
        p.children = parameter.children.map(Self.parameter)
        p.line = 0
        return p
    }

    /// The default up to the end of its first sentence (`0. The maximum value is 1000 …` → `0`); `nil` when
    /// nothing is left.
    static func defaultValue(_ text: String) -> String? {
        guard let stop = text.firstRange(of: ". ") else { return text }
        let kept = text[..<stop.lowerBound].trimmingCharacters(in: .whitespaces)
        return kept.isEmpty ? nil : kept
    }

    static func field(_ field: Field) -> Field {
        var f = field
        f.description = ""
        f.values = field.values.map(value)
        f.children = field.children.map(Self.field)
        f.line = 0
        return f
    }

    static func table(_ table: ParameterTable) -> ParameterTable {
        ParameterTable(key: table.key, title: table.title, parameters: table.parameters.map(parameter), line: 0)
    }

    static func value(_ value: PossibleValue) -> PossibleValue {
        PossibleValue(value: value.value)
    }

    static func error(_ error: ErrorCode) -> ErrorCode {
        ErrorCode(code: error.code, httpStatus: error.httpStatus, system: error.system)
    }
}
