import B24DocModel

/// The page's code blocks: the request examples' bodies and the response example.
extension Extractor {
    mutating func readCode(_ blocks: [CodeBlock]) {
        for code in blocks {
            guard case .code(let lang) = code.block.kind else { continue }
            let shellish = lang.isEmpty || lang == "bash" || lang == "sh" || lang == "shell" || lang == "curl"
                || lang == "plaintext" || lang == "text"
            let jsonish = lang.isEmpty || lang == "json" || lang == "javascript" || lang == "js" || lang == "plaintext"
                || lang == "text"
            guard shellish || (jsonish && code.role == .returns && page.returnExample == nil) else { continue }
            let text = HTMLText.rawText(code.block.node)
            if shellish, text.has("curl") {
                if let body = Self.curlBody(text) { page.requestExamples.append(body) }
            }
            if page.returnExample == nil, code.role == .returns,
               code.heading.map({ !$0.lowercased().has("error") }) ?? true {
                let trimmed = text.trimmed()
                if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") { page.returnExample = trimmed }
            }
        }
    }

    /// The JSON body of a curl command (`-d '{…}'` / `--data '…'`).
    static func curlBody(_ text: String) -> String? {
        for flag in ["-d '", "--data '", "--data-raw '", "-d \""] {
            guard let r = text.firstRange(of: flag) else { continue }
            let quote = flag.last ?? "'"
            let rest = text[r.upperBound...]
            guard let end = rest.firstIndex(of: quote) else { return nil }
            let body = String(rest[..<end]).trimmed()
            if body.hasPrefix("{") || body.hasPrefix("[") { return body }
        }
        return nil
    }
}
