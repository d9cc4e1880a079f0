import Foundation

extension Bitrix24Client {
    /// The client's time: a monotonic clock for every wait (the leaky bucket, backoff, operating-time
    /// windows) and the wall clock only where the portal speaks Unix time (`operating_reset_at`, token
    /// expiry). Setting the system clock back or forward therefore changes no wait the client already
    /// knows of. Injectable, so tests of waiting can run on an accelerated clock.
    public struct Clock: Sendable {
        /// Time elapsed since an arbitrary fixed origin; never jumps when the wall clock is set.
        public var monotonic: @Sendable () -> Duration
        /// The wall clock (Unix time: what `operating_reset_at` and token expiry are written in).
        public var wall: @Sendable () -> Date
        /// Suspends for a duration (returns at once for zero or less; throws when the task is cancelled).
        public var sleep: @Sendable (Duration) async throws -> Void
        /// Names this time source: clients share a portal's bucket only when they measure time alike
        /// (``system`` is `"system"`; every other clock is its own unless given the same identity).
        public var identity: String

        /// A clock from a monotonic time source, a wall clock and a sleep.
        public init(
            monotonic: @escaping @Sendable () -> Duration, wall: @escaping @Sendable () -> Date,
            sleep: @escaping @Sendable (Duration) async throws -> Void, identity: String = UUID().uuidString
        ) {
            self.monotonic = monotonic
            self.wall = wall
            self.sleep = sleep
            self.identity = identity
        }

        /// `ContinuousClock` (monotonic, counts while the machine sleeps, as the portal's bucket drains),
        /// `Date()` and `Task.sleep`.
        public static let system = Clock(
            monotonic: { ContinuousClock.now - processOrigin },
            wall: { Date() },
            sleep: { duration in
                guard duration > .zero else { return }
                try await Task.sleep(for: duration)
            },
            identity: "system"
        )

        private static let processOrigin = ContinuousClock.now

        /// How long from now until the wall-clock time `date` (zero when it has passed).
        func wait(until date: Date) -> Duration {
            .seconds(max(0, date.timeIntervalSince(wall())))
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `Double` (for arithmetic with rates and for the wire).
    package var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    /// The duration in whole milliseconds, rounded (for log lines).
    package var inMilliseconds: Int {
        Int((inSeconds * 1000).rounded())
    }
}
