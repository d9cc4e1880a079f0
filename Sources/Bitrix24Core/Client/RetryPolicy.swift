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
        /// The first backoff delay in seconds; doubled on each retry, with jitter.
        public var baseDelay: Double
        /// The longest backoff delay in seconds.
        public var maxDelay: Double

        /// A policy; the defaults suit production (0.5 s first backoff, doubling up to 10 s).
        public init(maxAttempts: Int = 3, queryLimitRetries: Int = 10, operatingTimeRetries: Int = 2, baseDelay: Double = 0.5, maxDelay: Double = 10) {
            self.maxAttempts = max(1, maxAttempts)
            self.queryLimitRetries = max(0, queryLimitRetries)
            self.operatingTimeRetries = max(0, operatingTimeRetries)
            self.baseDelay = max(0, baseDelay)
            self.maxDelay = max(0, maxDelay)
        }

        /// Three attempts for retryable failures, ten for `QUERY_LIMIT_EXCEEDED`, two operating-time waits.
        public static let `default` = RetryPolicy()

        func delay(attempt: Int) -> Double {
            let raw = min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
            return raw * Double.random(in: 0.5...1.0)
        }
    }
}
