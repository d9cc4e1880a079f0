import B24DocModel

/// Groups diagnostics by what went wrong, without the variable parts (quoted text, numbers, names).
public enum DiagnosticReasons {
    /// The message with quoted parts, backticked parts, parenthesised parts and numbers replaced by `…`/`N`.
    public static func reason(of message: String) -> String {
        var out = ""
        var skipUntil: Character?
        for ch in message {
            if let end = skipUntil {
                if ch == end { skipUntil = nil; out += "…" }
                continue
            }
            switch ch {
            case "\"": skipUntil = "\""
            case "`": skipUntil = "`"
            case "(": skipUntil = ")"
            default:
                if ch.isNumber {
                    if out.last != "N" { out.append("N") }
                } else {
                    out.append(ch)
                }
            }
        }
        return out
    }

    /// The most frequent reasons, most frequent first (ties by reason text), with their counts.
    public static func top(_ diagnostics: [Diagnostic], limit: Int) -> [(reason: String, count: Int)] {
        var counts: [String: Int] = [:]
        for d in diagnostics { counts[reason(of: d.message), default: 0] += 1 }
        return counts.map { (reason: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.reason < $1.reason }
            .prefix(limit).map { $0 }
    }
}
