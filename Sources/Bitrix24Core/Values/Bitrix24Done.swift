import Foundation

/// The success of a call documented to answer nothing useful — a widget command's empty array, a `true`:
/// a typed "it worked" instead of untyped JSON. Failures never decode as this: they are thrown (an interface
/// error of a widget command is a ``Bitrix24Error`` of kind ``Bitrix24Error/Kind/interface``).
public struct Bitrix24Done: Bitrix24Value, Codable, Hashable, CustomStringConvertible {
    /// What the portal answered (usually `[]`), kept as it came.
    public var rawValue: Bitrix24JSON

    public init(rawValue: Bitrix24JSON = .array([])) {
        self.rawValue = rawValue
    }

    /// Any answer is a success here; errors were thrown before a result is read.
    public init?(bitrix24JSON json: Bitrix24JSON) { rawValue = json }
    public var bitrix24JSON: Bitrix24JSON { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try Bitrix24JSON(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try rawValue.encode(to: encoder) }

    public var description: String { "done" }
}
