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
