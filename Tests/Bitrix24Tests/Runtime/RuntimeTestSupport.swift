import Bitrix24Core
import Bitrix24Locking
import Bitrix24Testing
import Foundation
import Testing

/// Collects every log line (all levels) so tests can assert no secret leaks.
struct CapturingLogger: Bitrix24Logger {
    private let storage = Locked<[String]>([])
    var minimumLevel: Bitrix24LogLevel { .trace }

    func log(_ level: Bitrix24LogLevel, _ message: String) {
        storage.withLock { $0.append("\(level): \(message)") }
    }

    var lines: [String] { storage.get() }
}

/// Collects texts (error descriptions, descriptions) to check for secrets.
struct TextSink: Sendable {
    private let storage = Locked<[String]>([])

    func add(_ text: String) {
        storage.withLock { $0.append(text) }
    }

    func add(_ error: any Error) {
        add(String(describing: error))
        add(error.localizedDescription)
        if let error = error as? Bitrix24Error { add(error.message) }
    }

    var texts: [String] { storage.get() }
}

/// A counter shared by tasks.
struct Counter: Sendable {
    private let storage = Locked(0)

    func increment() {
        storage.withLock { $0 += 1 }
    }

    var value: Int { storage.get() }
}

enum RuntimeTest {
    static func method(_ name: String, _ retry: Bitrix24MethodInfo.RetryClass, paging: Bitrix24MethodInfo.Paging? = nil) -> Bitrix24MethodInfo {
        Bitrix24MethodInfo(name: name, retry: retry, paging: paging)
    }

    static func get(_ id: Int) -> Bitrix24Request<Bitrix24JSON> {
        Bitrix24Request(method: method("crm.deal.get", .read), parameters: ["id": .int(id)])
    }

    static func add(_ title: String) -> Bitrix24Request<Int> {
        Bitrix24Request(method: method("crm.deal.add", .write), parameters: ["fields": .object(["TITLE": .string(title)])])
    }

    /// A client for `portal` with short retry delays and its own limiter.
    static func client(
        _ portal: FakePortal, logger: CapturingLogger, rateLimit: Bitrix24Client.RateLimit = .unlimited,
        configure: (inout Bitrix24Client.Configuration) -> Void = { _ in }
    ) async -> Bitrix24Client {
        var configuration = Bitrix24Client.Configuration(
            userAgent: "swift-bitrix24-tests/1.0", timeout: .seconds(10), rateLimit: rateLimit,
            retry: Bitrix24Client.RetryPolicy(maxAttempts: 3, queryLimitRetries: 10, operatingTimeRetries: 2, baseDelay: .milliseconds(10), maxDelay: .milliseconds(100)),
            logger: logger)
        configure(&configuration)
        configuration.limiter = configuration.limiter
            ?? Bitrix24Client.PortalLimiter(portal: "test-\(portal.port)", limit: configuration.rateLimit, clock: configuration.clock)
        return Bitrix24Client(auth: .webhook(await portal.webhookURL()), configuration: configuration)
    }

    /// Asserts that no secret the portal knows appears in the log lines or the collected texts.
    static func expectNoSecrets(
        _ portal: FakePortal, logger: CapturingLogger, texts: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let secrets = await portal.allSecrets()
        let recorded = await portal.requests().map { "\($0) \($0.path)" }
        for text in logger.lines + texts + recorded {
            for secret in secrets where text.contains(secret) {
                Issue.record("secret leaked in: \(text)", sourceLocation: sourceLocation)
            }
        }
    }
}

