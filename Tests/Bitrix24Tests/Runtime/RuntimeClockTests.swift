import Bitrix24Core
import Bitrix24Testing
import Foundation
import Testing

extension FakePortalSuites {
    @Suite("Runtime: waiting on an accelerated clock")
    struct RuntimeClockTests {
        /// The standard plan's bucket (50 burst, 2/s): 100 calls need at least 25 s of portal time; at ×10
        /// that is 2.5 s. Jitter is magnified ×10 too, so the client keeps 3 slots free.
        @Test func standardBucketOnAcceleratedClock() async throws {
            let clock = Bitrix24Client.Clock.accelerated(by: 10)
            try await withFakePortal(.init(rateLimit: Bitrix24Client.RateLimit(burst: 50, perSecond: 2, safetyMargin: 0), clock: clock)) { portal in
                await portal.handle("app.ping") { _ in .result(.string("pong")) }
                let logger = CapturingLogger()
                let client = await RuntimeTest.client(portal, logger: logger, rateLimit: .init(burst: 50, perSecond: 2, safetyMargin: 3)) {
                    $0.clock = clock
                }
                let request = Bitrix24Request<String>(method: RuntimeTest.method("app.ping", .read))
                let failures = Counter()
                let started = clock.monotonic()
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<10 {
                        group.addTask {
                            for _ in 0..<10 {
                                do { _ = try await client.perform(request) } catch { failures.increment() }
                            }
                        }
                    }
                }
                let elapsed = clock.monotonic() - started
                #expect(failures.value == 0)
                #expect(elapsed >= .seconds(24))
                // (100 - 47) / 2 = 26.5 s is what the client's own margin costs; allow 20% for jitter.
                #expect(elapsed <= .seconds(26.5 * 1.2))
                #expect(await portal.requests().filter { $0.status == 200 }.count == 100)
            }
        }

        /// A 429 whose window resets in 30 s (1.5 s at ×20): the client waits, then succeeds.
        @Test func operationTimeLimitResetInThirtySeconds() async throws {
            let clock = Bitrix24Client.Clock.accelerated(by: 20)
            try await withFakePortal(.init(rateLimit: nil, clock: clock)) { portal in
                await portal.seed(entity: "crm.deal", records: [["TITLE": .string("x")]])
                let client = await RuntimeTest.client(portal, logger: CapturingLogger()) { $0.clock = clock }
                await portal.inject(.operationTimeLimit(resetAfter: .seconds(30)), method: "crm.deal.get")
                let started = clock.monotonic()
                _ = try await client.perform(RuntimeTest.get(1))
                #expect(clock.monotonic() - started >= .seconds(29))
                #expect(await portal.requests().map(\.status) == [429, 200])
                // A window longer than maxOperatingWait fails fast instead of waiting.
                let impatient = await RuntimeTest.client(portal, logger: CapturingLogger()) {
                    $0.clock = clock
                    $0.maxOperatingWait = .seconds(10)
                }
                await portal.inject(.operationTimeLimit(resetAfter: .seconds(600)), method: "crm.deal.get")
                do {
                    _ = try await impatient.perform(RuntimeTest.get(1))
                    Issue.record("expected an error")
                } catch let error as Bitrix24Error {
                    #expect(error.kind == .operatingTimeExhausted)
                    #expect(error.code == .operationTimeLimit)
                }
            }
        }
    }
}
