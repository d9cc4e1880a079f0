import Foundation

/// The one place secrets are removed from text: every log line, error description and
/// `description` the runtime produces goes through ``redact(_:)``.
///
/// It removes the literal secrets it was given (webhook code, tokens, client secret) and, by shape,
/// anything that looks like one: the code segment of `/rest/{user}/{code}/` URLs, and the values of
/// `auth`, `access_token`, `refresh_token`, `client_secret`, `application_token`, `AUTH_ID` and
/// `REFRESH_ID` in query strings, form bodies and JSON.
package struct Bitrix24Redactor: Sendable {
    /// What replaces a secret.
    package static let mask = "***"

    private var secrets: [String]

    /// A redactor that also removes the given literal secrets (values shorter than 4 characters are ignored).
    package init(secrets: [String] = []) {
        self.secrets = []
        for secret in secrets { add(secret) }
    }

    /// Adds a literal secret to remove.
    package mutating func add(_ secret: String) {
        guard secret.count >= 4, !secrets.contains(secret) else { return }
        secrets.append(secret)
        // Longest first, so a secret containing another is removed whole.
        secrets.sort { $0.count > $1.count }
    }

    /// `text` with every secret replaced by ``mask`` — also where a secret is percent-encoded, whole or in
    /// part, once or twice (`%61bc…`, `%2561bc…`), as it is inside a URL carried in another URL.
    package func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.mask)
        }
        if result.contains("%") {
            for secret in secrets { result = Self.removingEncoded(secret, from: result) }
        }
        return Self.redactByShape(result)
    }

    /// `text` with every spelling of `secret` in which any byte may be percent-encoded (`%XX`, or `%25XX`
    /// twice encoded; hex digits in either case) replaced by ``mask``.
    static func removingEncoded(_ secret: String, from text: String) -> String {
        let needle = Array(secret.utf8)
        let haystack = Array(text.utf8)
        guard let first = needle.first, !needle.isEmpty else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(haystack.count)
        var position = 0
        var changed = false
        while position < haystack.count {
            if haystack[position] == first || haystack[position] == UInt8(ascii: "%"),
                let end = matchEncoded(needle, in: haystack, at: position)
            {
                output.append(contentsOf: mask.utf8)
                position = end
                changed = true
            } else {
                output.append(haystack[position])
                position += 1
            }
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }

    /// Where a spelling of `needle` that starts at `start` ends, if one does.
    private static func matchEncoded(_ needle: [UInt8], in haystack: [UInt8], at start: Int) -> Int? {
        var position = start
        for byte in needle {
            guard position < haystack.count else { return nil }
            if haystack[position] == byte {
                position += 1
            } else if let end = encodedByte(in: haystack, at: position), end.byte == byte {
                position = end.next
            } else {
                return nil
            }
        }
        return position
    }

    /// The byte a `%XX` or `%25XX` at `position` stands for, and where it ends.
    private static func encodedByte(in bytes: [UInt8], at position: Int) -> (byte: UInt8, next: Int)? {
        guard bytes[position] == UInt8(ascii: "%") else { return nil }
        var index = position + 1
        if index + 3 < bytes.count, bytes[index] == UInt8(ascii: "2"), bytes[index + 1] == UInt8(ascii: "5") {
            index += 2  // %25XX: a percent sign, itself encoded
        }
        guard index + 1 < bytes.count, let high = Bitrix24FormDecoder.hexValue(bytes[index]),
            let low = Bitrix24FormDecoder.hexValue(bytes[index + 1])
        else { return nil }
        return (high << 4 | low, index + 2)
    }

    /// `text` with everything that looks like a secret replaced by ``mask`` (no literal secrets needed).
    package static func redactByShape(_ text: String) -> String {
        var result = text
        for (pattern, template) in patterns {
            let range = NSRange(result.startIndex..., in: result)
            result = pattern.stringByReplacingMatches(in: result, options: [], range: range, withTemplate: template)
        }
        return result
    }

    private static let secretNames =
        "auth|access_token|refresh_token|client_secret|application_token|auth_id|refresh_id|webhook_token|password"

    private static let patterns: [(NSRegularExpression, String)] = {
        let specs: [(String, String)] = [
            // https://portal/rest/1/abcdef123/method → https://portal/rest/1/***/method (REST 3.0: /rest/api/1/***/)
            (#"(/rest/(?:api/)?[0-9]+/)(?!\*\*\*)[^/\s?#"'&]+"#, "$1***"),
            // percent-encoded slashes inside a query value (once or twice: %2F, %252F)
            (#"(%2Frest%2F(?:api%2F)?[0-9]+%2F)(?!\*\*\*)[^%\s&"']+"#, "$1***"),
            (#"(%252Frest%252F(?:api%252F)?[0-9]+%252F)(?!\*\*\*)[^%\s&"']+"#, "$1***"),
            // JSON: "access_token": "…"
            (#"("(?:"# + secretNames + #")"\s*:\s*)"[^"]*""#, "$1\"***\""),
            // query / form: access_token=…, auth[application_token]=…, auth%5Baccess_token%5D=…
            (#"((?:^|[?&\s;,(])(?:"# + secretNames + #")(?:(?:\[|%5B)[A-Za-z_]*(?:\]|%5D))?=)[^&\s"']*"#, "$1***"),
            // the same inside a percent-encoded value: …%26access_token%3D…, %3Fauth%255Bapplication_token%255D%3D…
            (#"((?:%26|%3F)(?:"# + secretNames + #")(?:(?:%5B|%255B)[A-Za-z_]*(?:%5D|%255D))?(?:%3D|%253D))(?:(?!%26|%2526)[^&\s"'])*"#, "$1***"),
            // JSON inside a percent-encoded value: %22access_token%22%3A%22…%22
            (#"(%22(?:"# + secretNames + #")%22(?:%20)*%3A(?:%20)*%22)(?:(?!%22)[^\s&"'])*"#, "$1***"),
        ]
        return specs.compactMap { spec in
            guard let regex = try? NSRegularExpression(pattern: spec.0, options: [.caseInsensitive]) else { return nil }
            return (regex, spec.1)
        }
    }()
}
