/// An error code the portal returns (`ERROR_CORE`, `QUERY_LIMIT_EXCEEDED`).
///
/// The portal adds codes over time and varies their case, so codes are an open set: a `RawRepresentable`
/// struct whose documented values are static members (generated per method), compared case-insensitively.
public struct Bitrix24ErrorCode: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public static func == (lhs: Bitrix24ErrorCode, rhs: Bitrix24ErrorCode) -> Bool {
        lhs.rawValue.caseInsensitiveCompare(rhs.rawValue) == .orderedSame
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue.uppercased()) }

    public var description: String { rawValue }
}
