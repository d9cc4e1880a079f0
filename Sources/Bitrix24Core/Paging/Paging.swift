import Foundation

/// A row together with its ID value, decoded in one pass (for the keyset export).
struct Bitrix24KeyedRow<Row: Decodable>: Decodable {
    var row: Row
    var id: Bitrix24JSON?

    init(from decoder: any Decoder) throws {
        row = try Row(from: decoder)
        if let field = decoder.userInfo[.bitrix24IDField] as? String,
            let container = try? decoder.container(keyedBy: Bitrix24AnyKey.self)
        {
            id = try? container.decodeIfPresent(Bitrix24JSON.self, forKey: Bitrix24AnyKey(field))
        }
    }
}

extension Bitrix24KeyedRow: Sendable where Row: Sendable {}

extension Bitrix24Client {
    /// How a list is paged.
    public enum PagingStrategy: Sendable, Hashable {
        /// Keyset when the method has an ID field and the request sets no other `order`; else offset.
        case automatic
        /// `start` = the previous reply's `next`, until there is no `next`.
        case offset
        /// The fast export: `order {ID: ASC}`, `filter {">ID": last}`, `start = -1` (no count),
        /// until a page has fewer than 50 rows. Needs `Bitrix24MethodInfo.Paging.idField`.
        case keyset
    }
}

/// The pages of a list method, fetched one at a time as you iterate.
/// Cancelling the iterating task stops it before the next page is requested.
public struct Bitrix24PageSequence<Row: Decodable & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Page
    let client: Bitrix24Client
    let request: Bitrix24Request<[Row]>
    let strategy: Bitrix24Client.PagingStrategy

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(client: client, request: request, strategy: strategy)
    }

    /// One page of a list.
    public struct Page: Sendable {
        public var rows: [Row]
        /// The total row count, when the portal counted (not in keyset mode).
        public var total: Int?
        public var time: Bitrix24Client.Timing?
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        enum State {
            case initial
            case offset(next: Int)
            case keyset(after: Bitrix24JSON)
            case done
        }

        let client: Bitrix24Client
        let request: Bitrix24Request<[Row]>
        let strategy: Bitrix24Client.PagingStrategy
        var state = State.initial
        var parameters: [String: Bitrix24JSON] = [:]
        var useKeyset = false

        init(client: Bitrix24Client, request: Bitrix24Request<[Row]>, strategy: Bitrix24Client.PagingStrategy) {
            self.client = client
            self.request = request
            self.strategy = strategy
        }

        /// The page size of every list method.
        static var pageSize: Int { 50 }

        public mutating func next() async throws -> Page? {
            try Task.checkCancellation()
            let method = request.method
            switch state {
            case .done:
                return nil
            case .initial:
                parameters = try request.encodedParameters()
                useKeyset = try Self.chooseKeyset(strategy, method: method, parameters: parameters)
                if useKeyset, let idField = method.paging?.idField {
                    parameters["order"] = .object([idField: .string("ASC")])
                    parameters["start"] = .int(-1)
                    if case .array(let select) = parameters["select"], !select.isEmpty,
                        !select.contains(.string(idField)), !select.contains(.string("*"))
                    {
                        parameters["select"] = .array(select + [.string(idField)])
                    }
                }
            case .offset(let next):
                parameters["start"] = .int(next)
            case .keyset(let after):
                if let idField = method.paging?.idField {
                    var filter: [String: Bitrix24JSON] = [:]
                    if case .object(let existing) = parameters["filter"] { filter = existing }
                    filter[">" + idField] = after
                    parameters["filter"] = .object(filter)
                }
            }
            let payload = try client.encodePayload(Bitrix24Request<Bitrix24JSON>(method: method, parameters: parameters))
            if useKeyset {
                let response = try await client.execute(
                    method, payload: payload, as: [Bitrix24KeyedRow<Row>].self, idField: method.paging?.idField)
                let rows = response.result
                if rows.count < Self.pageSize {
                    state = .done
                } else if let last = rows.last?.id {
                    state = .keyset(after: last)
                } else {
                    throw Bitrix24Error(
                        kind: .decoding, message: "a row has no \(method.paging?.idField ?? "ID") field; cannot page by ID",
                        method: method.name)
                }
                return Page(rows: rows.map(\.row), total: response.total, time: response.time)
            }
            let response = try await client.execute(method, payload: payload, as: [Row].self)
            if let next = response.next, !response.result.isEmpty {
                state = .offset(next: next)
            } else {
                state = .done
            }
            return Page(rows: response.result, total: response.total, time: response.time)
        }

        static func chooseKeyset(_ strategy: Bitrix24Client.PagingStrategy, method: Bitrix24MethodInfo, parameters: [String: Bitrix24JSON]) throws -> Bool {
            let idField = method.paging?.idField
            switch strategy {
            case .offset:
                return false
            case .keyset:
                guard idField != nil else {
                    throw Bitrix24Error(kind: .encoding, message: "the method has no ID field for keyset paging", method: method.name)
                }
                return true
            case .automatic:
                guard let idField else { return false }
                if let order = parameters["order"] {
                    guard case .object(let object) = order, object.isEmpty || object == [idField: .string("ASC")] else { return false }
                }
                if case .object(let filter) = parameters["filter"], filter.keys.contains(where: { $0.hasSuffix(idField) && $0 != idField }) {
                    return false
                }
                return true
            }
        }
    }
}

/// The rows of a list method, across all its pages.
public struct Bitrix24RowSequence<Row: Decodable & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Row
    /// The pages behind the rows.
    public let pages: Bitrix24PageSequence<Row>

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(pages: pages.makeAsyncIterator()) }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var pages: Bitrix24PageSequence<Row>.AsyncIterator
        var buffer: [Row] = []
        var index = 0

        public mutating func next() async throws -> Row? {
            try Task.checkCancellation()
            while index >= buffer.count {
                guard let page = try await pages.next() else { return nil }
                buffer = page.rows
                index = 0
            }
            defer { index += 1 }
            return buffer[index]
        }
    }
}

extension Bitrix24Client {
    /// Every row of a list request, fetched a page at a time as you iterate.
    ///
    /// `request.method.paging` says where rows sit (`rowsKey`) and which field is the ID (`idField`);
    /// with an ID field and no other `order`, the fast keyset export is used.
    public func paginate<Row>(_ request: Bitrix24Request<[Row]>, strategy: Bitrix24Client.PagingStrategy = .automatic) -> Bitrix24RowSequence<Row> {
        Bitrix24RowSequence(pages: Bitrix24PageSequence(client: self, request: request, strategy: strategy))
    }

    /// The pages of a list request.
    public func pages<Row>(_ request: Bitrix24Request<[Row]>, strategy: Bitrix24Client.PagingStrategy = .automatic) -> Bitrix24PageSequence<Row> {
        Bitrix24PageSequence(client: self, request: request, strategy: strategy)
    }
}
