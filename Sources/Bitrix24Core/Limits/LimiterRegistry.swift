import Bitrix24Locking
import Foundation

extension Bitrix24Client.PortalLimiter {
    private struct Key: Hashable {
        var portal: String
        var credentials: String
        var clock: String
    }

    private static let registry = Locked<[Key: Bitrix24Client.PortalLimiter]>([:])

    /// The limiter every client of `portal` (host, or host:port) with the same `credentials` and clock shares
    /// in this process.
    /// - Parameter credentials: who calls, without the secret itself: the client passes the webhook's user and
    ///   a digest of its code, or the OAuth application's client id.
    /// - Throws: ``Bitrix24Error`` of kind ``Bitrix24Error/Kind/configuration`` when that limiter exists with
    ///   another `limit`.
    public static func shared(
        portal: String, credentials: String, limit: Bitrix24Client.RateLimit, clock: Bitrix24Client.Clock = .system
    ) throws -> Bitrix24Client.PortalLimiter {
        let key = Key(portal: portal.lowercased(), credentials: credentials, clock: clock.identity)
        return try registry.withLock { registry in
            if let existing = registry[key] {
                guard existing.limit == limit else {
                    throw Bitrix24Error(
                        kind: .configuration,
                        message: "another client of \(key.portal) with the same credentials uses the rate limit \(existing.limit); "
                            + "this one asks for \(limit). They share one bucket: give them the same rate limit, or give this "
                            + "client a limiter of its own (Configuration.limiter)")
                }
                return existing
            }
            let limiter = Bitrix24Client.PortalLimiter(portal: key.portal, limit: limit, clock: clock)
            registry[key] = limiter
            return limiter
        }
    }
}

extension Bitrix24Client.RateLimit: CustomStringConvertible {
    public var description: String { "\(burst) burst, \(perSecond)/s, \(safetyMargin) kept free" }
}
