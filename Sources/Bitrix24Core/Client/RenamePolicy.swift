import Foundation

extension Bitrix24Client {
    /// Where a renamed portal may send the client (a `302` answer): the client re-sends the call — with its
    /// webhook code in the address or its access token in the body — only to a host this policy allows, and
    /// never sends anything to another.
    public struct RenamePolicy: Sendable, Hashable {
        /// Domains a rename may point to: a host matches a domain when it is the domain or ends with `.` + domain.
        public var allowedDomains: [String]
        /// Whether the portal's own domain family is allowed too: hosts under the same registrable domain as
        /// the portal's address (`crm.example.com` → `*.example.com`) on the same port; for a portal on
        /// 127.0.0.1 or localhost, loopback hosts on the same port.
        public var allowsOwnDomainFamily: Bool

        public init(allowedDomains: [String], allowsOwnDomainFamily: Bool = true) {
            self.allowedDomains = allowedDomains.map { $0.lowercased() }
            self.allowsOwnDomainFamily = allowsOwnDomainFamily
        }

        /// The Bitrix24 cloud domains (`*.bitrix24.com`, `.de`, `.ru`, `.eu`, … and their `.com.br`-style zones).
        public static let cloudDomains = [
            "bitrix24.com", "bitrix24.de", "bitrix24.ru", "bitrix24.eu", "bitrix24.es", "bitrix24.fr", "bitrix24.it",
            "bitrix24.pl", "bitrix24.uk", "bitrix24.ua", "bitrix24.by", "bitrix24.kz", "bitrix24.in", "bitrix24.jp",
            "bitrix24.cn", "bitrix24.id", "bitrix24.vn", "bitrix24.com.br", "bitrix24.com.tr", "bitrix24.mx", "bitrix24.co",
        ]

        /// The default: the Bitrix24 cloud domains and the portal's own domain family.
        public static let bitrix24Cloud = RenamePolicy(allowedDomains: cloudDomains)
        /// Only the portal's own domain family.
        public static let ownDomainFamily = RenamePolicy(allowedDomains: [])
        /// No rename is followed.
        public static let never = RenamePolicy(allowedDomains: [], allowsOwnDomainFamily: false)

        /// Whether a portal at `portal` may move to `target`.
        public func allows(_ target: URL, from portal: URL) -> Bool {
            guard let host = target.host?.lowercased(), !host.isEmpty else { return false }
            if allowedDomains.contains(where: { host == $0 || host.hasSuffix("." + $0) }) { return true }
            guard allowsOwnDomainFamily, let portalHost = portal.host?.lowercased() else { return false }
            guard Self.port(of: target) == Self.port(of: portal) else { return false }
            if Self.isLoopback(portalHost) { return Self.isLoopback(host) }
            return Self.registrableDomain(host) == Self.registrableDomain(portalHost)
        }

        static func port(of url: URL) -> Int? {
            url.port ?? (url.scheme?.lowercased() == "https" ? 443 : url.scheme?.lowercased() == "http" ? 80 : nil)
        }

        static func isLoopback(_ host: String) -> Bool {
            ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host)
        }

        /// The last two labels of `host`, or three when the second-to-last is a common second-level zone under a
        /// two-letter country domain (`example.co.uk`, `example.com.br`). An IP address is its own family.
        static func registrableDomain(_ host: String) -> String {
            let labels = host.split(separator: ".").map(String.init)
            if labels.allSatisfy({ Int($0) != nil }) || host.contains(":") { return host }
            guard labels.count > 2 else { return host }
            let secondLevel: Set<String> = ["co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go"]
            let take = labels[labels.count - 1].count == 2 && secondLevel.contains(labels[labels.count - 2]) ? 3 : 2
            return labels.suffix(take).joined(separator: ".")
        }
    }

    /// A portal that answered `302` with a new address. The client asks ``Configuration/onPortalRenamed``
    /// before it follows; when followed, the call is re-sent there and later calls use the new address.
    public struct PortalRename: Sendable, Hashable, CustomStringConvertible {
        /// The old host (and port).
        public var oldHost: String
        /// The new host (and port).
        public var newHost: String
        /// The new REST base (webhook base or OAuth client endpoint), redacted.
        public var newBase: String

        public var description: String { "portal moved from \(oldHost) to \(newHost)" }

        /// What ``Configuration/onPortalRenamed`` answers.
        public enum Decision: Sendable, Hashable {
            /// Re-send the call to the new address and use it from now on.
            case follow
            /// Do not send anything there: the call fails with a ``Bitrix24Error/Kind/redirect`` error naming the host.
            case refuse
        }
    }
}
