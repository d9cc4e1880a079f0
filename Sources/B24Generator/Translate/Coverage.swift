/// What a generation covered: the figures `b24gen stats` prints.
public struct CoverageReport: Sendable, Equatable, Codable {
    /// Entry points generated for one kind of page.
    public struct KindCount: Sendable, Equatable, Codable {
        public var kind: String
        public var count: Int
    }

    /// A page of an entry-point kind that got no entry point, and why.
    public struct SkippedPage: Sendable, Equatable, Codable {
        public var path: String
        public var kind: String
        public var name: String?
        public var reason: String
    }

    /// REST-method parameters (every row of every parameter table, nested ones included).
    public var restMethodParameters = 0
    /// Those that got a concrete Swift type (not `Bitrix24JSON` nor a container of it).
    public var concreteParameters = 0
    /// The docs' type texts of the parameters left as `Bitrix24JSON`, with counts.
    public var nonConcreteTypes: [String: Int] = [:]
    public var entryPoints: [KindCount] = []
    /// REST methods whose page documents a result (a returned-data table), and how many of them get a typed result
    /// (not `Bitrix24JSON` nor a container of it).
    public var methodsWithDocumentedResult = 0
    public var typedResults = 0
    /// The names of documented-result methods left untyped (for the report's sample).
    public var untypedResults: [String] = []
    /// List methods (row sequences), and how many yield typed rows.
    public var listMethods = 0
    public var typedRows = 0
    public var untypedRows: [String] = []
    /// List methods whose response example puts the rows somewhere the generated paging does not look, or spells
    /// their ID field otherwise than the paging metadata (both should be none).
    public var rowsKeyMismatches: [String] = []
    public var idFieldMismatches: [String] = []
    /// Object types generated (shared record types from the docs' object structures).
    public var objectTypes = 0
    public var skipped: [SkippedPage] = []

    public init() {}

    /// The concrete share, 0…1 (1 when there are no parameters).
    public var concreteShare: Double {
        restMethodParameters == 0 ? 1 : Double(concreteParameters) / Double(restMethodParameters)
    }

    /// The report as text, one fact per line.
    public var text: String {
        var lines: [String] = []
        for entry in entryPoints { lines.append("entry points, \(entry.kind): \(entry.count)") }
        let percent = (concreteShare * 1000).rounded() / 10
        lines.append("REST-method parameters with a concrete type: \(concreteParameters)/\(restMethodParameters) (\(percent)%)")
        let untyped = nonConcreteTypes.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(10)
        if !untyped.isEmpty {
            lines.append("  left as Bitrix24JSON, by docs type: " + untyped.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        let resultPercent = methodsWithDocumentedResult == 0 ? 100 : (Double(typedResults) * 1000 / Double(methodsWithDocumentedResult)).rounded() / 10
        lines.append("REST methods with a documented result: \(methodsWithDocumentedResult), typed: \(typedResults) (\(resultPercent)%)")
        if !untypedResults.isEmpty {
            lines.append("  untyped: " + untypedResults.sorted().joined(separator: ", "))
        }
        let rowPercent = listMethods == 0 ? 100 : (Double(typedRows) * 1000 / Double(listMethods)).rounded() / 10
        lines.append("list methods: \(listMethods), with typed rows: \(typedRows) (\(rowPercent)%)")
        if !untypedRows.isEmpty { lines.append("  rows untyped: " + untypedRows.sorted().joined(separator: ", ")) }
        lines.append("list methods whose example nests rows where the paging does not look: \(rowsKeyMismatches.count)"
            + (rowsKeyMismatches.isEmpty ? "" : " (" + rowsKeyMismatches.sorted().prefix(10).joined(separator: ", ") + ")"))
        lines.append("list methods whose example spells the ID otherwise than the paging: \(idFieldMismatches.count)"
            + (idFieldMismatches.isEmpty ? "" : " (" + idFieldMismatches.sorted().prefix(10).joined(separator: ", ") + ")"))
        lines.append("object types generated: \(objectTypes)")
        lines.append("pages without an entry point: \(skipped.count)")
        for page in skipped.sorted(by: { ($0.path, $0.reason) < ($1.path, $1.reason) }) {
            lines.append("  \(page.path) [\(page.kind)\(page.name.map { " \($0)" } ?? "")]: \(page.reason)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
