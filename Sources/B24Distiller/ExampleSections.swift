import B24DocModel

/// Request examples: what each calls and at which address (`/rest/…` or `/rest/api/…`), with the shape of its
/// curl body; curl bodies of blocks that call nothing the parser can name stand on their own.
extension ArticleWriter {
    static let site = "https://example.bitrix24.com"

    mutating func requestExamples() {
        var bodies = page.requestExamples.compactMap(DocParserShapes.shape)
        guard !bodies.isEmpty || !page.requests.isEmpty else { return }
        markup.heading(2, "Examples")
        for request in page.requests {
            var body: String?
            if let shape = request.body, let index = bodies.firstIndex(of: shape) {
                for orphan in bodies[..<index] { markup.codeBlock(Self.curl(body: ExampleShape.text(orphan), calls: ""), language: "bash") }
                bodies.removeSubrange(...index)
                body = ExampleShape.text(shape)
            }
            markup.codeBlock(Self.code(for: request, body: body), language: request.language)
        }
        for orphan in bodies { markup.codeBlock(Self.curl(body: ExampleShape.text(orphan), calls: ""), language: "bash") }
    }

    /// A request's calls as addresses (`/rest/api/` for REST 3.0) when it has an address, else as `callMethod('…')`.
    static func code(for request: RequestExample, body: String?) -> String {
        let calls: [String]
        switch request.version {
        case .v2?: calls = request.methods.map { "\(site)/rest/\($0)" }
        case .v3?: calls = request.methods.map { "\(site)/rest/api/\($0)" }
        case nil: calls = request.methods.map { "callMethod('\($0)')" }
        }
        guard let body else { return calls.joined(separator: "\n") }
        return curl(body: body, calls: calls.joined(separator: " "))
    }

    static func curl(body: String, calls: String) -> String {
        "curl -X POST -H \"Content-Type: application/json\" -d '\(body)'" + (calls.isEmpty ? "" : " " + calls)
    }
}

/// Error tables: the page's own codes under "Errors", the shared system codes under "System errors", in the
/// page's order; a code and its HTTP status per row (descriptions are prose).
enum ErrorSections {
    static func write(_ errors: [ErrorCode], splitOwn: Bool, into markup: inout Markup) {
        var start = 0
        while start < errors.count {
            let system = errors[start].system
            var end = start
            while end < errors.count, errors[end].system == system { end += 1 }
            markup.heading(2, system ? "System errors" : "Errors")
            let run = Array(errors[start..<end])
            let pieces = !system && splitOwn ? stride(from: 0, to: run.count, by: 2).map { Array(run[$0..<min($0 + 2, run.count)]) } : [run]
            for piece in pieces {
                markup.table(header: ["Code", "HTTP status"], rows: piece.map { [Markup.escape($0.code), $0.httpStatus.map(String.init) ?? ""] })
            }
            start = end
        }
    }
}
