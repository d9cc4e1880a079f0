import Foundation

extension Bitrix24Client {
    /// How the client retries, and the decision it takes after each failed attempt
    /// (``decide(_:retryClass:attempts:canRefreshToken:jitter:)``, a pure function).
    public struct RetryPolicy: Sendable, Hashable {
        /// Attempts in all (first try included) for network errors, timeouts, 5xx and broken bodies —
        /// only for methods whose ``Bitrix24MethodInfo/RetryClass`` allows it.
        public var maxAttempts: Int
        /// Retries after `QUERY_LIMIT_EXCEEDED` (the portal rejected the call unexecuted; safe for every method).
        public var queryLimitRetries: Int
        /// Retries after `OPERATION_TIME_LIMIT`, each after waiting for `operating_reset_at`.
        public var operatingTimeRetries: Int
        /// The first backoff delay; doubled on each retry, with jitter.
        public var baseDelay: Duration
        /// The longest backoff delay.
        public var maxDelay: Duration

        /// A policy; the defaults suit production (0.5 s first backoff, doubling up to 10 s).
        public init(
            maxAttempts: Int = 3, queryLimitRetries: Int = 10, operatingTimeRetries: Int = 2,
            baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(10)
        ) {
            self.maxAttempts = max(1, maxAttempts)
            self.queryLimitRetries = max(0, queryLimitRetries)
            self.operatingTimeRetries = max(0, operatingTimeRetries)
            self.baseDelay = max(.zero, baseDelay)
            self.maxDelay = max(.zero, maxDelay)
        }

        /// Three attempts for retryable failures, ten for `QUERY_LIMIT_EXCEEDED`, two operating-time waits.
        public static let `default` = RetryPolicy()

        /// The backoff before retry number `attempt` (1, 2, …): `baseDelay` doubled per retry, at most
        /// `maxDelay`, scaled by `jitter` (the client draws it from 0.5…1).
        public func delay(attempt: Int, jitter: Double) -> Duration {
            let doubled = baseDelay.inSeconds * pow(2, Double(min(62, max(0, attempt - 1))))
            return .seconds(min(maxDelay.inSeconds, doubled) * jitter)
        }
    }
}

extension Bitrix24Client.RetryPolicy {
    /// How one attempt failed, as far as retrying is concerned.
    public enum Outcome: Sendable, Hashable {
        /// No response arrived. `requestMayHaveBeenSent` is false only when the request certainly never
        /// left (refused connection, DNS); `isTimeout` when the wait ran out.
        case transportFailure(requestMayHaveBeenSent: Bool, isTimeout: Bool)
        /// A response that carries no result: its HTTP status, the portal's error code (when the body had
        /// one) and the kind of error it makes (``Bitrix24Error/Kind/api``, ``Bitrix24Error/Kind/htmlResponse``, …).
        case failedReply(status: Int, code: Bitrix24ErrorCode?, kind: Bitrix24Error.Kind)
    }

    /// What one logical call has been through so far.
    public struct Attempts: Sendable, Hashable {
        /// The attempt under way (1 for the first); counts retries after network errors, timeouts, 5xx and broken bodies.
        public var attempt: Int
        /// Retries after `QUERY_LIMIT_EXCEEDED` so far.
        public var queryLimitRetries: Int
        /// Waits for an operating-time window so far.
        public var operatingTimeRetries: Int
        /// Whether the access token was refreshed for this call already (it is, at most once).
        public var refreshedToken: Bool
        /// Whether an earlier attempt may have run on the portal without the client seeing its reply.
        public var mayHaveBeenExecuted: Bool

        public init(
            attempt: Int = 1, queryLimitRetries: Int = 0, operatingTimeRetries: Int = 0, refreshedToken: Bool = false,
            mayHaveBeenExecuted: Bool = false
        ) {
            self.attempt = attempt
            self.queryLimitRetries = queryLimitRetries
            self.operatingTimeRetries = operatingTimeRetries
            self.refreshedToken = refreshedToken
            self.mayHaveBeenExecuted = mayHaveBeenExecuted
        }

        /// The counts after `outcome` led to `decision`.
        public func after(_ outcome: Outcome, _ decision: Decision) -> Attempts {
            var next = self
            next.mayHaveBeenExecuted = mayHaveBeenExecuted || outcome.mayHaveBeenExecuted
            switch (decision, outcome) {
            case (.retry, .failedReply(_, let code?, _)) where code == .queryLimitExceeded: next.queryLimitRetries += 1
            case (.retry, _): next.attempt += 1
            case (.waitForOperatingWindow, _): next.operatingTimeRetries += 1
            case (.refreshTokenAndRetry, _): next.refreshedToken = true
            case (.fail, _), (.alreadyDeleted, _): break
            }
            return next
        }
    }

    /// What the client does next.
    public enum Decision: Sendable, Hashable {
        /// Send again after the delay.
        case retry(after: Duration)
        /// Send again once the method's operating-time window has reset (the limiter waits).
        case waitForOperatingWindow
        /// Refresh the OAuth access token (once per call) and send again.
        case refreshTokenAndRetry
        /// Give up: the attempt's error is the call's error.
        case fail
        /// A repeated ``Bitrix24MethodInfo/RetryClass/delete`` found nothing to delete after an earlier attempt
        /// may have run: fail as ``Bitrix24Error/Kind/alreadyDeleted``.
        case alreadyDeleted
    }

    /// The decision after an attempt of a method of class `retryClass` ended with `outcome`.
    ///
    /// - `QUERY_LIMIT_EXCEEDED` (not executed): retried for every class, up to ``queryLimitRetries``.
    /// - `OPERATION_TIME_LIMIT`: wait for the window, up to ``operatingTimeRetries``.
    /// - `expired_token`: one refresh, when the client has OAuth tokens (`canRefreshToken`).
    /// - `OVERLOAD_LIMIT`: never retried (the portal was blocked by hand).
    /// - A `NOT_FOUND` for a ``Bitrix24MethodInfo/RetryClass/delete`` after an attempt that may have run:
    ///   ``Decision/alreadyDeleted``.
    /// - Network errors, timeouts, 5xx and broken bodies: retried up to ``maxAttempts`` for classes whose
    ///   repetition is harmless, and for the others only when the request certainly never left.
    /// - Parameter jitter: scales the backoff (the client draws it from 0.5…1; tests pass a fixed one).
    public func decide(
        _ outcome: Outcome, retryClass: Bitrix24MethodInfo.RetryClass, attempts: Attempts, canRefreshToken: Bool,
        jitter: Double
    ) -> Decision {
        let backoff = Decision.retry(after: delay(attempt: attempts.attempt, jitter: jitter))
        let attemptsLeft = attempts.attempt < maxAttempts
        switch outcome {
        case .transportFailure(let mayHaveBeenSent, _):
            let harmless = retryClass.repeatsSafely || !mayHaveBeenSent
            return harmless && attemptsLeft ? backoff : .fail
        case .failedReply(let status, let code, let kind):
            switch code {
            case .expiredToken?:
                if canRefreshToken, !attempts.refreshedToken { return .refreshTokenAndRetry }
            case .queryLimitExceeded?:
                guard attempts.queryLimitRetries < queryLimitRetries else { return .fail }
                return .retry(after: delay(attempt: attempts.queryLimitRetries + 1, jitter: jitter))
            case .operationTimeLimit?:
                return attempts.operatingTimeRetries < operatingTimeRetries ? .waitForOperatingWindow : .fail
            case .overloadLimit?:
                return .fail
            case let code? where code.isNotFound && retryClass == .delete && attempts.mayHaveBeenExecuted:
                return .alreadyDeleted
            default:
                break
            }
            let transient: Bool =
                kind == .api || kind == .decoding
                ? status >= 500 && code != nil
                : status >= 500 || kind == .htmlResponse || kind == .malformedResponse
            return transient && retryClass.repeatsSafely && attemptsLeft ? backoff : .fail
        }
    }
}

extension Bitrix24Client.RetryPolicy.Outcome {
    /// Whether the portal may have run the call although no result arrived: the request may have left and
    /// no reply came, or the reply is a 5xx or a broken body (the portal may have failed after the work).
    /// `QUERY_LIMIT_EXCEEDED`, `OPERATION_TIME_LIMIT`, `OVERLOAD_LIMIT` and auth errors are answered unexecuted.
    public var mayHaveBeenExecuted: Bool {
        switch self {
        case .transportFailure(let mayHaveBeenSent, _):
            return mayHaveBeenSent
        case .failedReply(let status, let code, let kind):
            if let code, [.queryLimitExceeded, .operationTimeLimit, .overloadLimit, .expiredToken].contains(code) { return false }
            return status >= 500 || kind == .htmlResponse || kind == .malformedResponse
        }
    }
}
