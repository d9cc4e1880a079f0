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

    /// `text` with every secret replaced by ``mask``.
    package func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.mask)
        }
        return Self.redactByShape(result)
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
            // https://portal/rest/1/abcdef123/method → https://portal/rest/1/***/method
            (#"(/rest/[0-9]+/)(?!\*\*\*)[^/\s?#"'&]+"#, "$1***"),
            // percent-encoded slashes inside a query value
            (#"(%2Frest%2F[0-9]+%2F)(?!\*\*\*)[^%\s&"']+"#, "$1***"),
            // JSON: "access_token": "…"
            (#"("(?:"# + secretNames + #")"\s*:\s*)"[^"]*""#, "$1\"***\""),
            // query / form: access_token=…, auth[application_token]=…, auth%5Baccess_token%5D=…
            (#"((?:^|[?&\s;,(])(?:"# + secretNames + #")(?:(?:\[|%5B)[A-Za-z_]*(?:\]|%5D))?=)[^&\s"']*"#, "$1***"),
        ]
        return specs.compactMap { spec in
            guard let regex = try? NSRegularExpression(pattern: spec.0, options: [.caseInsensitive]) else { return nil }
            return (regex, spec.1)
        }
    }()
}
