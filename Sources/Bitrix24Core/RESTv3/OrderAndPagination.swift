import Foundation

extension Bitrix24V3 {
    /// A REST 3.0 `order`: the direction to sort by, per field (`{"id": "ASC"}`).
    ///
    /// ```swift
    /// b24.v3.main.eventlog.list(order: ["timestampX": .descending])
    /// b24.v3.main.eventlog.list(order: .ascending("id"))
    /// ```
    /// Which fields a method sorts by, its `*.field.list` method tells (`sortable`). The fields are sent as one JSON
    /// object whose keys are in alphabetical order; to be sure which field sorts first, sort by one field.
    public struct Order: Sendable, Hashable, ExpressibleByDictionaryLiteral, Bitrix24Value, CustomStringConvertible {
        /// The direction per field.
        public var fields: [String: Direction]

        /// An order of `fields`.
        public init(_ fields: [String: Direction] = [:]) {
            self.fields = fields
        }

        public init(dictionaryLiteral elements: (String, Direction)...) {
            self.fields = Dictionary(elements, uniquingKeysWith: { _, last in last })
        }

        /// Reads an order in the REST 3.0 form (an object of direction strings); `nil` for anything else.
        public init?(bitrix24JSON json: Bitrix24JSON) {
            guard case .object(let object) = json else { return nil }
            var fields: [String: Direction] = [:]
            for (field, value) in object {
                guard case .string(let direction) = value else { return nil }
                fields[field] = Direction(rawValue: direction)
            }
            self.fields = fields
        }

        /// The order as it is sent: `{"field": "ASC"|"DESC"}`.
        public var bitrix24JSON: Bitrix24JSON { .object(fields.mapValues { .string($0.rawValue) }) }

        /// The JSON sent.
        public var description: String { bitrix24JSON.description }

        /// Sorts by `field`, smallest (earliest) first.
        public static func ascending(_ field: String) -> Order { [field: .ascending] }

        /// Sorts by `field`, largest (latest) first.
        public static func descending(_ field: String) -> Order { [field: .descending] }

        /// A sort direction of REST 3.0: `ASC` or `DESC` (a direction a newer portal adds can be written as
        /// `Direction(rawValue: "…")`).
        public struct Direction: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
            /// The direction as it is sent.
            public let rawValue: String

            public init(rawValue: String) { self.rawValue = rawValue }
            public init(stringLiteral value: String) { self.rawValue = value }
            public var description: String { rawValue }

            /// `ASC`: smallest (earliest) first.
            public static let ascending = Direction(rawValue: "ASC")
            /// `DESC`: largest (latest) first.
            public static let descending = Direction(rawValue: "DESC")
        }
    }

    /// A REST 3.0 `pagination` by pages: `{"page": 2, "limit": 20}` or `{"offset": 40, "limit": 20}`.
    ///
    /// A list method reads every page as you iterate: the runtime asks for the next page while a page comes back
    /// full. Set ``limit`` to choose the page size (the runtime's default is 50), ``page`` or ``offset`` to start
    /// further on:
    ///
    /// ```swift
    /// for try await entry in b24.v3.main.eventlog.list(pagination: .init(limit: 200)) { … }
    /// ```
    public struct Pagination: Sendable, Hashable, Bitrix24Value, CustomStringConvertible {
        /// The page to read, from 1 (`offset` is then computed by the portal).
        public var page: Int?
        /// Rows per page (the portal's default is 50).
        public var limit: Int?
        /// How many rows to skip, when no `page` is given.
        public var offset: Int?

        /// A pagination of the given parts; the parts left `nil` are not sent.
        public init(page: Int? = nil, limit: Int? = nil, offset: Int? = nil) {
            self.page = page
            self.limit = limit
            self.offset = offset
        }

        /// Reads a pagination in the REST 3.0 form; `nil` for anything but an object of whole numbers.
        public init?(bitrix24JSON json: Bitrix24JSON) {
            guard case .object(let object) = json else { return nil }
            func part(_ key: String) -> Int?? {
                guard let value = object[key] else { return .some(nil) }
                return Int(bitrix24JSON: value).map { .some($0) } ?? nil
            }
            guard let page = part("page"), let limit = part("limit"), let offset = part("offset") else { return nil }
            self.init(page: page, limit: limit, offset: offset)
        }

        /// The pagination as it is sent: the parts that are set.
        public var bitrix24JSON: Bitrix24JSON {
            var object: [String: Bitrix24JSON] = [:]
            if let page { object["page"] = .int(page) }
            if let limit { object["limit"] = .int(limit) }
            if let offset { object["offset"] = .int(offset) }
            return .object(object)
        }

        /// The JSON sent.
        public var description: String { bitrix24JSON.description }
    }
}
