import Bitrix24Core
import Bitrix24Locking
import Bitrix24Testing
import Foundation
import Testing

/// Real time, with a wall clock a test can set back and forward.
struct SteppableClock: Sendable {
    let offset = Locked<TimeInterval>(0)

    func step(by seconds: TimeInterval) { offset.withLock { $0 += seconds } }

    var clock: Bitrix24Client.Clock {
        let system = Bitrix24Client.Clock.system
        let offset = self.offset
        return Bitrix24Client.Clock(
            monotonic: system.monotonic, wall: { system.wall().addingTimeInterval(offset.get()) }, sleep: system.sleep)
    }
}

extension FakePortalSuites {
    @Suite("Runtime: the limiter's clock, slots and sharing")
    struct LimiterTests {
        /// How long the third call waits in a 2-burst, 1-per-second bucket, with the wall clock stepped by `step`
        /// after the first two.
        static func thirdCallWait(step: TimeInterval) async throws -> Duration {
            let steppable = SteppableClock()
            let limiter = Bitrix24Client.PortalLimiter(
                portal: "step", limit: .init(burst: 2, perSecond: 1, safetyMargin: 0), clock: steppable.clock)
            try await limiter.acquire(method: "m", maxOperatingWait: .seconds(1))
            try await limiter.acquire(method: "m", maxOperatingWait: .seconds(1))
            steppable.step(by: step)
            let start = ContinuousClock.now
            try await limiter.acquire(method: "m", maxOperatingWait: .seconds(1))
            return ContinuousClock.now - start
        }

        @Test func aWallClockSteppedAnHourChangesNoBucketWait() async throws {
            let baseline = try await Self.thirdCallWait(step: 0)
            let back = try await Self.thirdCallWait(step: -3600)
            let forward = try await Self.thirdCallWait(step: 3600)
            print("clock step: third call waited \(baseline) (no step), \(back) (wall −1 h), \(forward) (wall +1 h)")
            #expect(baseline >= .milliseconds(900))
            #expect(abs((back - baseline).inSeconds) < 1)
            #expect(abs((forward - baseline).inSeconds) < 1)
        }

        @Test func aWallClockSteppedAnHourChangesNoOperatingWait() async throws {
            let steppable = SteppableClock()
            let limiter = Bitrix24Client.PortalLimiter(portal: "step", limit: .unlimited, clock: steppable.clock)
            // The portal says the window resets in 20 s (as Unix time, on its wall clock).
            await limiter.block(method: "crm.deal.list", until: steppable.clock.wall().addingTimeInterval(20))
            let before = await limiter.operatingWait(method: "crm.deal.list")
            steppable.step(by: -3600)
            let back = await limiter.operatingWait(method: "crm.deal.list")
            steppable.step(by: 7200)
            let forward = await limiter.operatingWait(method: "crm.deal.list")
            print("clock step: operating wait \(before) → \(back) (wall −1 h) → \(forward) (wall +1 h)")
            #expect(before > .seconds(19) && before <= .seconds(20))
            #expect(abs((back - before).inSeconds) < 1)
            #expect(abs((forward - before).inSeconds) < 1)
        }

        /// 100 calls wait for one operating-time window (10 s, at ×4 — slow enough that a loaded machine's
        /// scheduling jitter stays inside the client's 3 spare slots) and are released together: each takes its
        /// bucket slot when it is sent, so the portal's standard bucket (50, 2/s) rejects none of them.
        @Test func callsReleasedByAWindowDoNotOverrunTheBucket() async throws {
            let clock = Bitrix24Client.Clock.accelerated(by: 4)
            try await withFakePortal(.init(rateLimit: .init(burst: 50, perSecond: 2, safetyMargin: 0), clock: clock)) { portal in
                await portal.handle("app.ping") { _ in .result(.string("pong")) }
                let limiter = Bitrix24Client.PortalLimiter(
                    portal: "window-\(portal.port)", limit: .init(burst: 50, perSecond: 2, safetyMargin: 3), clock: clock)
                let client = await RuntimeTest.client(portal, logger: CapturingLogger()) {
                    $0.clock = clock
                    $0.limiter = limiter
                }
                await limiter.block(method: "app.ping", for: .seconds(10))
                let started = clock.monotonic()
                let failures = Counter()
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<100 {
                        group.addTask {
                            do { _ = try await client.perform(Bitrix24Request<String>(method: RuntimeTest.method("app.ping", .read))) } catch {
                                failures.increment()
                            }
                        }
                    }
                }
                let requests = await portal.requests()
                let rejected = requests.filter { $0.errorCode == "QUERY_LIMIT_EXCEEDED" }.count
                print("operating window: 100 calls released together; QUERY_LIMIT_EXCEEDED at the portal: \(rejected)")
                #expect(failures.value == 0)
                #expect(rejected == 0)
                #expect(requests.filter { $0.status == 200 }.count == 100)
                #expect(clock.monotonic() - started >= .seconds(10))
            }
        }

        @Test func clientsOfOnePortalAndCredentialsShareOneBucket() throws {
            let portal = "share-\(UUID().uuidString).example"
            let one = try Bitrix24Client.PortalLimiter.shared(portal: portal, credentials: "webhook:1:a", limit: .standard)
            let same = try Bitrix24Client.PortalLimiter.shared(portal: portal.uppercased(), credentials: "webhook:1:a", limit: .standard)
            let otherUser = try Bitrix24Client.PortalLimiter.shared(portal: portal, credentials: "webhook:2:b", limit: .standard)
            let otherClock = try Bitrix24Client.PortalLimiter.shared(
                portal: portal, credentials: "webhook:1:a", limit: .standard, clock: .accelerated(by: 2))
            #expect(one === same)
            #expect(one !== otherUser)
            #expect(one !== otherClock)
            do {
                _ = try Bitrix24Client.PortalLimiter.shared(portal: portal, credentials: "webhook:1:a", limit: .enterprise)
                Issue.record("expected a configuration error")
            } catch let error as Bitrix24Error {
                #expect(error.kind == .configuration)
            }
        }

        /// A second client of the same webhook with another rate limit fails loudly, and sends nothing.
        @Test func aConflictingRateLimitIsRejectedLoudly() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                let webhook = await portal.webhookURL()
                let first = Bitrix24Client(auth: .webhook(webhook), configuration: .init(rateLimit: .standard))
                let logger = CapturingLogger()
                let second = Bitrix24Client(auth: .webhook(webhook), configuration: .init(rateLimit: .enterprise, logger: logger))
                #expect(logger.lines.contains { $0.hasPrefix("error:") && $0.contains("rate limit") })
                do {
                    _ = try await second.call(method: "app.info", retry: .read)
                    Issue.record("expected a configuration error")
                } catch let error as Bitrix24Error {
                    #expect(error.kind == .configuration)
                }
                #expect(await portal.requests().isEmpty)
                // The first client and another with the same limit share the bucket and work.
                let third = Bitrix24Client(auth: .webhook(webhook), configuration: .init(rateLimit: .standard))
                await portal.handle("app.info") { _ in .result(.bool(true)) }
                _ = try await first.call(method: "app.info", retry: .read)
                _ = try await third.call(method: "app.info", retry: .read)
                #expect(await portal.requests().count == 2)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }
    }
}
