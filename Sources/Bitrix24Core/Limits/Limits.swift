import Bitrix24Locking
import Foundation

extension Bitrix24Client {
    /// The portal's request-intensity limit (a leaky bucket).
    public struct RateLimit: Sendable, Hashable {
        /// Requests the bucket holds before it rejects.
        public var burst: Int
        /// Requests per second the bucket drains.
        public var perSecond: Double
        /// Slots the client leaves free to absorb jitter: the portal counts arrivals, not departures, and
        /// requests delayed unevenly on the way arrive bunched. Costs only this many requests of the
        /// initial burst, never throughput.
        public var safetyMargin: Int

        /// - Parameter safetyMargin: slots kept free; by default enough for 0.1 s of jitter (at least 1),
        ///   and never the whole bucket.
        public init(burst: Int, perSecond: Double, safetyMargin: Int? = nil) {
            self.burst = max(1, burst)
            self.perSecond = max(0.001, perSecond)
            let automatic = max(1, Int((self.perSecond * 0.1).rounded(.up)))
            self.safetyMargin = min(max(0, safetyMargin ?? automatic), self.burst - 1)
        }

        /// Standard plans: 50 burst, 2 per second.
        public static let standard = Bitrix24Client.RateLimit(burst: 50, perSecond: 2)
        /// Enterprise plans: 250 burst, 5 per second.
        public static let enterprise = Bitrix24Client.RateLimit(burst: 250, perSecond: 5)
        /// No client-side limiting.
        public static let unlimited = Bitrix24Client.RateLimit(burst: 1 << 40, perSecond: 1_000_000, safetyMargin: 0)

        var capacity: Double { Double(max(1, burst - safetyMargin)) }
    }

    /// Client-side limits for one portal: the leaky bucket shared by every client and task that talks
    /// to the portal with the same credentials, and each method's operating-time window.
    ///
    /// Clients share one by default (``shared(portal:credentials:limit:clock:)``): same portal, same
    /// credentials (webhook user and code, or OAuth application) and same clock → one bucket. A client that
    /// asks for a different ``RateLimit`` for a bucket that exists is rejected loudly: its calls fail with a
    /// ``Bitrix24Error/Kind/configuration`` error (two buckets for one portal would together overrun it, and
    /// silently keeping the first client's limit would ignore the second's). Give such a client a limiter of
    /// its own through ``Configuration/limiter``.
    public actor PortalLimiter {
        /// The portal this limiter guards (host, or host:port).
        public nonisolated let portal: String
        private let rate: Locked<RateLimit>
        private let clock: Clock
        private var level: Double = 0
        /// When the bucket was last drained (monotonic).
        private var lastDrain: Duration
        /// Until when each method (lower-cased) is blocked by its operating-time window (monotonic).
        private var blockedUntil: [String: Duration] = [:]

        /// A limiter of your own (share it between clients through ``Bitrix24Client/Configuration/limiter``).
        public init(portal: String, limit: RateLimit, clock: Clock = .system) {
            self.portal = portal
            self.rate = Locked(limit)
            self.clock = clock
            self.lastDrain = clock.monotonic()
        }

        /// The bucket's parameters.
        public nonisolated var limit: RateLimit { rate.get() }

        /// Replaces the bucket parameters (for every client sharing this limiter).
        public func update(limit: RateLimit) {
            drain()
            rate.set(limit)
        }

        private func drain() {
            let now = clock.monotonic()
            level = max(0, level - (now - lastDrain).inSeconds * limit.perSecond)
            lastDrain = now
        }

        /// Takes a slot in the bucket and returns how long to wait before sending. The slot is reserved at
        /// once, so concurrent callers queue fairly at exactly the drain rate.
        private func reserveSlot() -> Duration {
            drain()
            level += 1
            return .seconds(max(0, (level - limit.capacity) / limit.perSecond))
        }

        /// How long `method` is blocked by its operating-time window (zero when free).
        public func operatingWait(method: String) -> Duration {
            guard let until = blockedUntil[method.lowercased()] else { return .zero }
            return max(.zero, until - clock.monotonic())
        }

        /// Waits for the method's operating-time window, then for a slot in the bucket, then returns: the slot
        /// is taken when the request is about to be sent, so calls a window releases together are paced by
        /// the bucket instead of arriving at once.
        /// - Parameter maxOperatingWait: throws instead of waiting longer than this for an operating-time window.
        public func acquire(method: String, maxOperatingWait: Duration) async throws {
            while true {
                let operating = operatingWait(method: method)
                guard operating > .zero else { break }
                guard operating <= maxOperatingWait else {
                    var error = Bitrix24Error(
                        kind: .operatingTimeExhausted, code: .operationTimeLimit,
                        message: "the method's operating time is used up for \(Int(operating.inSeconds.rounded(.up))) s more",
                        method: method)
                    error.operatingResetAt = clock.wall().addingTimeInterval(operating.inSeconds)
                    throw error
                }
                try await clock.sleep(operating)
            }
            let wait = reserveSlot()
            if wait > .zero { try await clock.sleep(wait) }
        }

        /// The portal rejected a request with `QUERY_LIMIT_EXCEEDED`: treat the bucket as full.
        public func bucketOverflowed() {
            drain()
            level = max(level, Double(limit.burst))
        }

        /// Records the `time` block of a reply: when `operating` reached `threshold`, the method waits
        /// until `operating_reset_at`.
        public func record(method: String, time: Timing?, threshold: Duration) {
            guard let time, let operating = time.operatingTime, operating >= threshold, let reset = time.operatingReset else { return }
            block(method: method, until: reset)
        }

        /// Blocks `method` until the wall-clock time `resetAt` (the portal's `operating_reset_at`). The wait is
        /// fixed now, on the monotonic clock: setting the wall clock later does not change it.
        public func block(method: String, until resetAt: Date) {
            block(method: method, for: clock.wait(until: resetAt))
        }

        /// Blocks `method` for `duration` from now.
        public func block(method: String, for duration: Duration) {
            guard duration > .zero else { return }
            let key = method.lowercased()
            let until = clock.monotonic() + duration
            blockedUntil[key] = max(blockedUntil[key] ?? .zero, until)
        }
    }
}
