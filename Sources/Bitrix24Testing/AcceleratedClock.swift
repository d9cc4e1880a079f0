import Bitrix24Core
import Foundation

extension Bitrix24Client.Clock {
    /// A clock running `factor` times faster than real time: both `monotonic` and `wall` advance `factor`
    /// times faster and sleeps are `factor` times shorter. Give the same clock to a ``FakePortal`` and to
    /// the clients under test, and waits measured in minutes (operating-time windows, the 2-per-second
    /// bucket) take seconds — still real waits on a real server.
    public static func accelerated(by factor: Double) -> Bitrix24Client.Clock {
        let factor = max(1, factor)
        let system = Bitrix24Client.Clock.system
        let origin = (monotonic: system.monotonic(), wall: system.wall())
        return Bitrix24Client.Clock(
            monotonic: { (system.monotonic() - origin.monotonic) * factor },
            wall: { origin.wall.addingTimeInterval(((system.monotonic() - origin.monotonic) * factor).inSeconds) },
            sleep: { duration in try await system.sleep(duration / factor) })
    }
}
