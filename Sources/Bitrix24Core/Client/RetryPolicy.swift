import Foundation

extension Bitrix24Client {
    /// How the client retries.
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
        func delay(attempt: Int, jitter: Double = Double.random(in: 0.5...1.0)) -> Duration {
            let doubled = baseDelay.inSeconds * pow(2, Double(min(62, max(0, attempt - 1))))
            return .seconds(min(maxDelay.inSeconds, doubled) * jitter)
        }
    }
}
