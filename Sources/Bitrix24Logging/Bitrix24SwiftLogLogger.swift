import Bitrix24Core
import Logging

/// Sends the client's log lines to a swift-log `Logger`, for applications that log through swift-log.
///
/// Lines arrive already redacted (webhook codes and tokens never reach a logger). The client asks for
/// nothing below the `Logger`'s `logLevel`, so lines below it are not even formatted.
///
/// ```swift
/// var configuration = Bitrix24Client.Configuration()
/// configuration.logger = Bitrix24SwiftLogLogger(Logger(label: "my-app.bitrix24"))
/// ```
public struct Bitrix24SwiftLogLogger: Bitrix24Logger {
    /// The logger lines go to; its metadata and handler are used as they are.
    public var logger: Logger

    /// A logger that writes to `logger` (by default one labelled `bitrix24`).
    public init(_ logger: Logger = Logger(label: "bitrix24")) {
        self.logger = logger
    }

    public var minimumLevel: Bitrix24LogLevel { Self.level(logger.logLevel) }

    public func log(_ level: Bitrix24LogLevel, _ message: String) {
        logger.log(level: Self.level(level), "\(message)")
    }

    /// The swift-log level of a client log level.
    public static func level(_ level: Bitrix24LogLevel) -> Logger.Level {
        switch level {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .warning: .warning
        case .error: .error
        }
    }

    /// The client log level that covers a swift-log level (`notice` counts as `info`, `critical` as `error`).
    public static func level(_ level: Logger.Level) -> Bitrix24LogLevel {
        switch level {
        case .trace: .trace
        case .debug: .debug
        case .info, .notice: .info
        case .warning: .warning
        case .error, .critical: .error
        }
    }
}
