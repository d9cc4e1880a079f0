import B24DocModel

/// The page's code blocks: request examples (what they call, at which address, with which body) and
/// response examples (their JSON's shape).
extension Extractor {
    static func isShellish(_ lang: String) -> Bool {
        lang.isEmpty || lang == "bash" || lang == "sh" || lang == "shell" || lang == "curl" || lang == "plaintext" || lang == "text"
    }

    static func isJSONish(_ lang: String) -> Bool {
        lang.isEmpty || lang == "json" || lang == "javascript" || lang == "js" || lang == "plaintext" || lang == "text"
    }

    /// Languages whose examples call methods (TypeScript blocks declare result types; the HTML/JS ones call).
    static func isCalling(_ lang: String) -> Bool {
        isShellish(lang) || lang == "js" || lang == "javascript" || lang == "html" || lang == "php" || lang == "go"
            || lang == "python"
    }

    mutating func readCode(_ blocks: [CodeBlock]) {
        for code in blocks {
            guard case .code(let lang) = code.block.kind else { continue }
            let isResponse = code.role == .returns && (Self.isJSONish(lang) || Self.isShellish(lang))
                && (code.heading.map { !$0.lowercased().has("error") } ?? true)
            let isRequest = Self.isCalling(lang)
            guard isResponse || isRequest else { continue }
            let text = HTMLText.rawText(code.block.node)
            if isResponse { readResponse(text, line: code.block.line) }
            if isRequest { readRequest(text, lang: lang, line: code.block.line, calls: code.role != .returns) }
        }
    }

    mutating func readResponse(_ text: String, line: Int) {
        let trimmed = text.trimmed()
        guard trimmed.hasPrefix("{") || trimmed.hasPrefix("[") else { return }
        if page.returnExample == nil { page.returnExample = trimmed }
        switch JSONShapeReader.shape(of: trimmed) {
        case .success(let shape):
            page.responseExamples.append(ResponseExample(shape: shape, line: line))
        case .failure(let failure):
            page.responseExamples.append(ResponseExample(shape: nil, line: line))
            warn(line, "response example is not readable JSON (\(failure.reason)); its shape is unknown")
        }
    }

    /// The curl body (any section, as before); what the example calls when `calls` (not in returned data,
    /// where JSON may hold URLs).
    mutating func readRequest(_ text: String, lang: String, line: Int, calls findCalls: Bool) {
        var body: JSONShape?
        if Self.isShellish(lang), text.has("curl"), let json = Self.curlBody(text) {
            page.requestExamples.append(json)
            if case .success(let shape) = JSONShapeReader.shape(of: json) { body = shape }
        }
        guard findCalls else { return }
        let calls = CallFinder.calls(in: text)
        guard !calls.methods.isEmpty else { return }
        page.requests.append(RequestExample(language: lang, methods: calls.methods, version: calls.version, body: body, line: line))
    }

    /// The JSON body of a curl command (`-d '{…}'` / `--data '…'`).
    static func curlBody(_ text: String) -> String? {
        for flag in ["-d '", "--data '", "--data-raw '", "-d \""] {
            guard let r = Bytes.range(of: flag, in: text) else { continue }
            let quote = flag.last ?? "'"
            let rest = text[r.upperBound...]
            guard let end = rest.firstIndex(of: quote) else { return nil }
            let body = String(rest[..<end]).trimmed()
            if body.hasPrefix("{") || body.hasPrefix("[") { return body }
        }
        return nil
    }
}

extension Extractor {
    /// The REST versions a method page documents: its examples' addresses (`/rest/api/` is REST 3.0),
    /// the intro's REST 3.0 note; the classic API when the page says nothing either way.
    mutating func readVersions() {
        guard page.kind == .restMethod else { return }
        var versions = Set(page.requests.compactMap(\.version))
        if collected.rest3Note { versions.insert(.v3) }
        if versions.isEmpty { versions.insert(.v2) }
        page.apiVersions = versions.sorted()
    }
}
