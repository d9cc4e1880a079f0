import Bitrix24Core
import Bitrix24Testing
import Foundation
import Testing

/// Collects every log line (all levels) so tests can assert no secret leaks.
final class CapturingLogger: Bitrix24Logger, @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var minimumLevel: Bitrix24LogLevel { .trace }

    func log(_ level: Bitrix24LogLevel, _ message: String) {
        lock.lock()
        storage.append("\(level): \(message)")
        lock.unlock()
    }

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// Collects texts (error descriptions, descriptions) to check for secrets.
final class TextSink: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func add(_ text: String) {
        lock.lock()
        storage.append(text)
        lock.unlock()
    }
    func add(_ error: any Error) {
        add(String(describing: error))
        add(error.localizedDescription)
        if let error = error as? Bitrix24Error { add(error.message) }
    }
    var texts: [String] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// A counter shared by tasks.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var storage = 0
    func increment() {
        lock.lock()
        storage += 1
        lock.unlock()
    }
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

enum RuntimeTest {
    static func method(_ name: String, _ retry: Bitrix24MethodInfo.RetryClass, paging: Bitrix24MethodInfo.Paging? = nil) -> Bitrix24MethodInfo {
        Bitrix24MethodInfo(name: name, retry: retry, paging: paging)
    }

    static func get(_ id: Int) -> Bitrix24Request<JSONValue> {
        Bitrix24Request(method: method("crm.deal.get", .read), parameters: ["id": .int(id)])
    }

    static func add(_ title: String) -> Bitrix24Request<Int> {
        Bitrix24Request(method: method("crm.deal.add", .write), parameters: ["fields": .object(["TITLE": .string(title)])])
    }

    /// A client for `portal` with short retry delays and its own limiter.
    static func client(
        _ portal: FakePortal, logger: CapturingLogger, rateLimit: Bitrix24RateLimit = .unlimited,
        configure: (inout Bitrix24Configuration) -> Void = { _ in }
    ) async -> Bitrix24Client {
        var configuration = Bitrix24Configuration(
            userAgent: "swift-bitrix24-tests/1.0", timeout: 10, rateLimit: rateLimit,
            retry: Bitrix24RetryPolicy(maxAttempts: 3, queryLimitRetries: 10, operatingTimeRetries: 2, baseDelay: 0.01, maxDelay: 0.1),
            logger: logger)
        configure(&configuration)
        configuration.limiter = configuration.limiter
            ?? Bitrix24PortalLimiter(portal: "test-\(portal.port)", limit: configuration.rateLimit, clock: configuration.clock)
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

/// The suites that talk to a fake portal run one at a time: several measure waiting (the bucket,
/// operating time, timeouts), and on a 2-core machine parallel suites would skew each other.
@Suite(.serialized) enum RuntimeSuites {}
