import Foundation

/// The severity of a log line.
public enum Bitrix24LogLevel: Int, Sendable, Hashable, Comparable, CustomStringConvertible {
    case trace, debug, info, warning, error

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .warning: "warning"
        case .error: "error"
        }
    }
}

/// Where the client writes what it does. Messages reach a logger already redacted: webhook codes,
/// access and refresh tokens, client secrets and application tokens never appear in them.
///
/// For swift-log, use `Bitrix24SwiftLogLogger` from the `Bitrix24Logging` product; the client library
/// itself depends on Foundation only.
public protocol Bitrix24Logger: Sendable {
    /// The lowest level this logger wants; lines below it are not even formatted.
    var minimumLevel: Bitrix24LogLevel { get }
    /// Writes one (redacted) line.
    func log(_ level: Bitrix24LogLevel, _ message: String)
}

/// The default logger: writes nothing.
public struct Bitrix24NoLogger: Bitrix24Logger {
    public init() {}
    public var minimumLevel: Bitrix24LogLevel { .error }
    public func log(_ level: Bitrix24LogLevel, _ message: String) {}
}

/// Writes `[bitrix24] level: message` lines to standard error.
public struct Bitrix24StandardErrorLogger: Bitrix24Logger {
    public var minimumLevel: Bitrix24LogLevel

    public init(minimumLevel: Bitrix24LogLevel = .info) {
        self.minimumLevel = minimumLevel
    }

    public func log(_ level: Bitrix24LogLevel, _ message: String) {
        guard level >= minimumLevel else { return }
        FileHandle.standardError.write(Data("[bitrix24] \(level): \(message)\n".utf8))
    }
}

/// The one place secrets are removed from text: every log line, error description and
/// `description` the runtime produces goes through ``redact(_:)``.
///
/// It removes the literal secrets it was given (webhook code, tokens, client secret) and, by shape,
/// anything that looks like one: the code segment of `/rest/{user}/{code}/` URLs, and the values of
/// `auth`, `access_token`, `refresh_token`, `client_secret`, `application_token`, `AUTH_ID` and
/// `REFRESH_ID` in query strings, form bodies and JSON.
public struct Bitrix24Redactor: Sendable {
    /// What replaces a secret.
    public static let mask = "***"

    private var secrets: [String]

    /// A redactor that also removes the given literal secrets (values shorter than 4 characters are ignored).
    public init(secrets: [String] = []) {
        self.secrets = []
        for secret in secrets { add(secret) }
    }

    /// Adds a literal secret to remove.
    public mutating func add(_ secret: String) {
        guard secret.count >= 4, !secrets.contains(secret) else { return }
        secrets.append(secret)
        // Longest first, so a secret containing another is removed whole.
        secrets.sort { $0.count > $1.count }
    }

    /// `text` with every secret replaced by ``mask``.
    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.mask)
        }
        return Self.redactByShape(result)
    }

    /// `text` with everything that looks like a secret replaced by ``mask`` (no literal secrets needed).
    public static func redactByShape(_ text: String) -> String {
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
