import Foundation

extension Bitrix24Error {
    /// What went wrong, broadly.
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The portal answered with `error` / `error_description` (see ``Bitrix24Error/code``).
        public static let api = Kind(rawValue: "api")
        /// The request failed on the network (connection refused or reset, DNS, TLS…).
        public static let network = Kind(rawValue: "network")
        /// No answer arrived in time.
        public static let timeout = Kind(rawValue: "timeout")
        /// The body was HTML (a proxy or the portal under load), not JSON.
        public static let htmlResponse = Kind(rawValue: "htmlResponse")
        /// The body was not valid JSON (truncated, empty or garbage).
        public static let malformedResponse = Kind(rawValue: "malformedResponse")
        /// The JSON was valid but `result` did not have the expected shape.
        public static let decoding = Kind(rawValue: "decoding")
        /// The parameters could not be encoded.
        public static let encoding = Kind(rawValue: "encoding")
        /// A URL is not HTTPS (plain HTTP is allowed for 127.0.0.1 and localhost only) or is malformed.
        public static let insecureURL = Kind(rawValue: "insecureURL")
        /// Too many redirects, or a redirect without a usable `Location`.
        public static let redirect = Kind(rawValue: "redirect")
        /// Refreshing the OAuth token failed.
        public static let tokenRefresh = Kind(rawValue: "tokenRefresh")
        /// A batch could not be built or split.
        public static let batch = Kind(rawValue: "batch")
        /// An incoming event or widget request could not be decoded or verified.
        public static let invalidEvent = Kind(rawValue: "invalidEvent")
        /// The operating-time limit would make the client wait longer than configured.
        public static let operatingTimeExhausted = Kind(rawValue: "operatingTimeExhausted")
        /// A repeated delete found nothing to delete (``Bitrix24Error/code`` is the portal's `NOT_FOUND`):
        /// an earlier attempt, whose reply was lost, most likely removed the item. The item is gone.
        public static let alreadyDeleted = Kind(rawValue: "alreadyDeleted")
        /// A widget answered a command with an interface error (HTTP 200, `[{"result": "error", "errorCode": …}]`);
        /// ``Bitrix24Error/code`` is its `errorCode`.
        public static let interface = Kind(rawValue: "interface")
        /// The client's configuration conflicts with another client's (see ``Bitrix24Client/PortalLimiter``).
        public static let configuration = Kind(rawValue: "configuration")
    }
}
