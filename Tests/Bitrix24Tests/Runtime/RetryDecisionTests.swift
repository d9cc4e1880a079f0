import Bitrix24Core
import Testing

/// The retry decision as a table: class × what happened × what happened before → what the client does.
@Suite("Runtime: the retry decision")
struct RetryDecisionTests {
    typealias Policy = Bitrix24Client.RetryPolicy
    typealias Decision = Policy.Decision

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var retryClass: Bitrix24MethodInfo.RetryClass
        var outcome: Policy.Outcome
        var attempts = Policy.Attempts()
        var canRefresh = false
        var expected: Decision
        var testDescription: String { name }
    }

    /// 0.5 s first backoff doubling to at most 10 s, 3 attempts, 10 limit retries, 2 operating waits; jitter 1.
    static let policy = Policy()

    static let lost = Policy.Outcome.transportFailure(requestMayHaveBeenSent: true, isTimeout: false)
    static let refused = Policy.Outcome.transportFailure(requestMayHaveBeenSent: false, isTimeout: false)
    static let timedOut = Policy.Outcome.transportFailure(requestMayHaveBeenSent: true, isTimeout: true)
    static func api(_ status: Int, _ code: Bitrix24ErrorCode?) -> Policy.Outcome { .failedReply(status: status, code: code, kind: .api) }
    static let html502 = Policy.Outcome.failedReply(status: 502, code: nil, kind: .htmlResponse)
    static let truncated200 = Policy.Outcome.failedReply(status: 200, code: nil, kind: .malformedResponse)
    static let wrongShape200 = Policy.Outcome.failedReply(status: 200, code: nil, kind: .decoding)

    static let rows: [Row] = [
        // Transport failures: harmless classes retry; a write only when the request certainly never left.
        Row(name: "read, lost reply", retryClass: .read, outcome: lost, expected: .retry(after: .milliseconds(500))),
        Row(name: "read, timeout, 2nd attempt", retryClass: .read, outcome: timedOut, attempts: .init(attempt: 2), expected: .retry(after: .seconds(1))),
        Row(name: "read, lost reply, attempts used up", retryClass: .read, outcome: lost, attempts: .init(attempt: 3), expected: .fail),
        Row(name: "idempotent write, lost reply", retryClass: .idempotentWrite, outcome: lost, expected: .retry(after: .milliseconds(500))),
        Row(name: "write, lost reply", retryClass: .write, outcome: lost, expected: .fail),
        Row(name: "write, timeout", retryClass: .write, outcome: timedOut, expected: .fail),
        Row(name: "write, refused connection", retryClass: .write, outcome: refused, expected: .retry(after: .milliseconds(500))),
        Row(name: "write, refused connection, attempts used up", retryClass: .write, outcome: refused, attempts: .init(attempt: 3), expected: .fail),
        // 5xx and broken bodies.
        Row(name: "read, 500 with a code", retryClass: .read, outcome: api(500, .internalServerError), expected: .retry(after: .milliseconds(500))),
        Row(name: "write, 500 with a code", retryClass: .write, outcome: api(500, .internalServerError), expected: .fail),
        Row(name: "read, 502 HTML", retryClass: .read, outcome: html502, expected: .retry(after: .milliseconds(500))),
        Row(name: "read, truncated JSON", retryClass: .read, outcome: truncated200, expected: .retry(after: .milliseconds(500))),
        Row(name: "write, truncated JSON", retryClass: .write, outcome: truncated200, expected: .fail),
        Row(name: "read, wrong shape", retryClass: .read, outcome: wrongShape200, expected: .fail),
        Row(name: "read, 404 method not found", retryClass: .read, outcome: api(404, .methodNotFound), expected: .fail),
        Row(name: "read, 400 NOT_FOUND", retryClass: .read, outcome: api(400, "NOT_FOUND"), expected: .fail),
        // The portal's limits: QUERY_LIMIT_EXCEEDED was not executed, so every class retries it.
        Row(name: "write, query limit", retryClass: .write, outcome: api(503, .queryLimitExceeded), expected: .retry(after: .milliseconds(500))),
        Row(
            name: "write, query limit, 4th", retryClass: .write, outcome: api(503, .queryLimitExceeded),
            attempts: .init(queryLimitRetries: 3), expected: .retry(after: .seconds(4))),
        Row(
            name: "read, query limit, retries used up", retryClass: .read, outcome: api(503, .queryLimitExceeded),
            attempts: .init(queryLimitRetries: 10), expected: .fail),
        Row(name: "write, operation time limit", retryClass: .write, outcome: api(429, .operationTimeLimit), expected: .waitForOperatingWindow),
        Row(
            name: "read, operation time limit, waits used up", retryClass: .read, outcome: api(429, .operationTimeLimit),
            attempts: .init(operatingTimeRetries: 2), expected: .fail),
        Row(name: "read, overload (blocked by hand)", retryClass: .read, outcome: api(503, .overloadLimit), expected: .fail),
        // OAuth: one refresh per call.
        Row(name: "write, expired token, OAuth", retryClass: .write, outcome: api(401, .expiredToken), canRefresh: true, expected: .refreshTokenAndRetry),
        Row(
            name: "read, expired token, refreshed already", retryClass: .read, outcome: api(401, .expiredToken),
            attempts: .init(refreshedToken: true), canRefresh: true, expected: .fail),
        Row(name: "read, expired token, webhook", retryClass: .read, outcome: api(401, .expiredToken), expected: .fail),
        // A consuming read (a queue): like a write, never repeated once it may have run.
        Row(name: "consuming read, lost reply", retryClass: .consumingRead, outcome: lost, expected: .fail),
        Row(name: "consuming read, timeout", retryClass: .consumingRead, outcome: timedOut, expected: .fail),
        Row(name: "consuming read, 500", retryClass: .consumingRead, outcome: api(500, .internalServerError), expected: .fail),
        Row(name: "consuming read, refused connection", retryClass: .consumingRead, outcome: refused, expected: .retry(after: .milliseconds(500))),
        Row(name: "consuming read, query limit", retryClass: .consumingRead, outcome: api(503, .queryLimitExceeded), expected: .retry(after: .milliseconds(500))),
        // A delete by ID: repeated; NOT_FOUND after an attempt that may have run means it was deleted.
        Row(name: "delete, lost reply", retryClass: .delete, outcome: lost, expected: .retry(after: .milliseconds(500))),
        Row(name: "delete, 500", retryClass: .delete, outcome: api(500, .internalServerError), expected: .retry(after: .milliseconds(500))),
        Row(
            name: "delete, NOT_FOUND after a lost reply", retryClass: .delete, outcome: api(400, "NOT_FOUND"),
            attempts: .init(attempt: 2, mayHaveBeenExecuted: true), expected: .alreadyDeleted),
        Row(
            name: "delete, ERROR_NOT_FOUND after a 500", retryClass: .delete, outcome: api(400, "ERROR_NOT_FOUND"),
            attempts: .init(attempt: 2, mayHaveBeenExecuted: true), expected: .alreadyDeleted),
        Row(name: "delete, NOT_FOUND at once", retryClass: .delete, outcome: api(400, "NOT_FOUND"), expected: .fail),
        Row(
            name: "delete, method not found after a lost reply", retryClass: .delete, outcome: api(404, .methodNotFound),
            attempts: .init(attempt: 2, mayHaveBeenExecuted: true), expected: .fail),
        Row(
            name: "update, NOT_FOUND after a lost reply", retryClass: .idempotentWrite, outcome: api(400, "NOT_FOUND"),
            attempts: .init(attempt: 2, mayHaveBeenExecuted: true), expected: .fail),
    ]

    @Test func aBatchIsAsRepeatableAsItsLeastRepeatableCommand() {
        typealias Class = Bitrix24MethodInfo.RetryClass
        #expect(Class.batch(of: [.read, .read]) == .read)
        #expect(Class.batch(of: [.read, .delete]) == .idempotentWrite)
        #expect(Class.batch(of: [.idempotentWrite, .read]) == .idempotentWrite)
        #expect(Class.batch(of: [.read, .consumingRead]) == .write)
        #expect(Class.batch(of: [.delete, .write]) == .write)
        #expect(Class.allCases.filter(\.repeatsSafely) == [.read, .idempotentWrite, .delete])
    }

    @Test(arguments: rows)
    func decides(_ row: Row) {
        let decision = Self.policy.decide(
            row.outcome, retryClass: row.retryClass, attempts: row.attempts, canRefreshToken: row.canRefresh, jitter: 1)
        #expect(decision == row.expected)
    }

    @Test func countsWhatEachDecisionUsesUp() {
        let start = Policy.Attempts()
        #expect(start.after(Self.lost, .retry(after: .zero)).attempt == 2)
        #expect(start.after(Self.api(503, .queryLimitExceeded), .retry(after: .zero)) == .init(queryLimitRetries: 1))
        #expect(start.after(Self.api(429, .operationTimeLimit), .waitForOperatingWindow) == .init(operatingTimeRetries: 1))
        #expect(start.after(Self.api(401, .expiredToken), .refreshTokenAndRetry) == .init(refreshedToken: true))
        // What may have run on the portal stays known for the rest of the call; rejected calls did not run.
        #expect(start.after(Self.lost, .fail) == .init(mayHaveBeenExecuted: true))
        #expect(start.after(Self.refused, .retry(after: .zero)) == .init(attempt: 2))
        #expect(start.after(Self.api(500, .internalServerError), .retry(after: .zero)) == .init(attempt: 2, mayHaveBeenExecuted: true))
        #expect(start.after(Self.html502, .retry(after: .zero)).mayHaveBeenExecuted)
        #expect(!start.after(Self.api(503, .queryLimitExceeded), .retry(after: .zero)).mayHaveBeenExecuted)
        #expect(!start.after(Self.api(400, "NOT_FOUND"), .fail).mayHaveBeenExecuted)
    }

    @Test func backoffDoublesUpToTheMaximumWithJitter() {
        let policy = Policy(baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        #expect((1...6).map { policy.delay(attempt: $0, jitter: 1) } == [
            .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1),
        ])
        #expect(policy.delay(attempt: 2, jitter: 0.5) == .milliseconds(100))
        #expect(policy.delay(attempt: 1_000, jitter: 1) == .seconds(1))
    }
}
