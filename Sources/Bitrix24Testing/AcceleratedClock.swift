import Bitrix24Core
import Foundation

extension Bitrix24Client.Clock {
    /// A clock running `factor` times faster than wall time: `now` advances `factor` times faster and
    /// sleeps are `factor` times shorter. Give the same clock to a ``FakePortal`` and to the clients
    /// under test, and waits measured in minutes (operating-time windows, the 2-per-second bucket)
    /// take seconds — still real waits on a real server.
    public static func accelerated(by factor: Double) -> Bitrix24Client.Clock {
        let factor = max(1, factor)
        let origin = Date().timeIntervalSince1970
        return Bitrix24Client.Clock(
            now: { origin + (Date().timeIntervalSince1970 - origin) * factor },
            sleep: { seconds in try await Bitrix24Client.Clock.system.sleep(seconds / factor) })
    }
}
