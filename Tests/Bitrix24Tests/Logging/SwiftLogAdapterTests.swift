import Bitrix24Core
import Bitrix24Locking
import Bitrix24Logging
import Bitrix24Testing
import Foundation
import Logging
import Testing

/// A swift-log handler that keeps what it is given.
/// Copies share their state (the test changes the level of the handler the logger already holds).
struct CapturingLogHandler: LogHandler {
    private struct State {
        var entries: [(level: Logger.Level, message: String, app: String)] = []
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
    }

    private let state = Locked(State())

    var metadata: Logger.Metadata {
        get { state.withLock { $0.metadata } }
        nonmutating set { state.withLock { $0.metadata = newValue } }
    }

    var logLevel: Logger.Level {
        get { state.withLock { $0.logLevel } }
        nonmutating set { state.withLock { $0.logLevel = newValue } }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        nonmutating set { state.withLock { $0.metadata[key] = newValue } }
    }

    func log(event: LogEvent) {
        state.withLock { state in
            let app = event.metadata?["app"]?.description ?? state.metadata["app"]?.description ?? ""
            state.entries.append((level: event.level, message: event.message.description, app: app))
        }
    }

    var entries: [(level: Logger.Level, message: String, app: String)] { state.withLock { $0.entries } }
}

extension FakePortalSuites {
    @Suite("Logging: swift-log adapter")
    struct SwiftLogAdapterTests {
        @Test func linesReachSwiftLogRedactedAtTheLoggersLevel() async throws {
            try await withFakePortal { portal in
                let handler = CapturingLogHandler()
                handler.logLevel = .debug
                var logger = Logger(label: "test.bitrix24") { _ in handler }
                logger[metadataKey: "app"] = "tests"
                let adapter = Bitrix24SwiftLogLogger(logger)
                #expect(adapter.minimumLevel == .debug)

                let webhook = await portal.webhookURL()
                let client = Bitrix24Client(auth: .webhook(webhook), configuration: Bitrix24Client.Configuration(
                    logger: adapter, limiter: Bitrix24Client.PortalLimiter(portal: "swift-log-\(portal.port)", limit: .unlimited)))
                let code = webhook.lastPathComponent
                #expect(code.count >= 8, "the webhook URL ends with its code")
                await #expect(throws: Bitrix24Error.self) { _ = try await client.call(method: "no.such.method", retry: .read) }

                let entries = handler.entries
                #expect(entries.contains { $0.level == .debug && $0.message.hasPrefix("→ no.such.method") })
                #expect(entries.contains { $0.level == .error && $0.message.contains("no.such.method") })
                #expect(entries.allSatisfy { $0.app == "tests" }, "the logger's metadata goes along")
                #expect(!entries.contains { $0.message.contains(code) }, "the webhook code never reaches swift-log")

                // At the logger's level `warning`, the client does not send its debug lines.
                handler.logLevel = .warning
                #expect(adapter.minimumLevel == .warning)
                let before = handler.entries.count
                await #expect(throws: Bitrix24Error.self) { _ = try await client.call(method: "no.such.method", retry: .read) }
                #expect(handler.entries.dropFirst(before).map(\.level) == [.error])
            }
        }

        @Test func levelsMapBothWays() {
            for level in [Bitrix24LogLevel.trace, .debug, .info, .warning, .error] {
                #expect(Bitrix24SwiftLogLogger.level(Bitrix24SwiftLogLogger.level(level)) == level)
            }
            #expect(Bitrix24SwiftLogLogger.level(Logger.Level.notice) == .info)
            #expect(Bitrix24SwiftLogLogger.level(Logger.Level.critical) == .error)
        }
    }
}
