import Foundation

/// A row together with its ID value, decoded in one pass (for the keyset export).
struct Bitrix24KeyedRow<Row: Decodable>: Decodable {
    var row: Row
    var id: JSONValue?

    init(from decoder: any Decoder) throws {
        row = try Row(from: decoder)
        if let field = decoder.userInfo[.bitrix24IDField] as? String,
            let container = try? decoder.container(keyedBy: Bitrix24AnyKey.self)
        {
            id = try? container.decodeIfPresent(JSONValue.self, forKey: Bitrix24AnyKey(field))
        }
    }
}

extension Bitrix24KeyedRow: Sendable where Row: Sendable {}

/// How a list is paged.
public enum Bitrix24PagingStrategy: Sendable, Hashable {
    /// Keyset when the method has an ID field and the request sets no other `order`; else offset.
    case automatic
    /// `start` = the previous reply's `next`, until there is no `next`.
    case offset
    /// The fast export: `order {ID: ASC}`, `filter {">ID": last}`, `start = -1` (no count),
    /// until a page has fewer than 50 rows. Needs `Bitrix24MethodInfo.Paging.idField`.
    case keyset
}

/// One page of a list.
public struct Bitrix24Page<Row: Sendable>: Sendable {
    public var rows: [Row]
    /// The total row count, when the portal counted (not in keyset mode).
    public var total: Int?
    public var time: Bitrix24Time?
}

/// The pages of a list method, fetched one at a time as you iterate.
/// Cancelling the iterating task stops it before the next page is requested.
public struct Bitrix24PageSequence<Row: Decodable & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Bitrix24Page<Row>
    let client: Bitrix24Client
    let request: Bitrix24Request<[Row]>
    let strategy: Bitrix24PagingStrategy

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(client: client, request: request, strategy: strategy)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        enum State {
            case initial
            case offset(next: Int)
            case keyset(after: JSONValue)
            case done
        }

        let client: Bitrix24Client
        let request: Bitrix24Request<[Row]>
        let strategy: Bitrix24PagingStrategy
        var state = State.initial
        var parameters: [String: JSONValue] = [:]
        var useKeyset = false

        init(client: Bitrix24Client, request: Bitrix24Request<[Row]>, strategy: Bitrix24PagingStrategy) {
            self.client = client
            self.request = request
            self.strategy = strategy
        }

        /// The page size of every list method.
        static var pageSize: Int { 50 }

        public mutating func next() async throws -> Bitrix24Page<Row>? {
            try Task.checkCancellation()
            let method = request.method
            switch state {
            case .done:
                return nil
            case .initial:
                do {
                    parameters = try request.encodedParameters()
                } catch {
                    throw Bitrix24Error(kind: .encoding, message: "cannot encode parameters: \(error)", method: method.name)
                }
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
                    var filter: [String: JSONValue] = [:]
                    if case .object(let existing) = parameters["filter"] { filter = existing }
                    filter[">" + idField] = after
                    parameters["filter"] = .object(filter)
                }
            }
            let payload = try client.encodePayload(Bitrix24Request<JSONValue>(method: method, parameters: parameters))
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
                return Bitrix24Page(rows: rows.map(\.row), total: response.total, time: response.time)
            }
            let response = try await client.execute(method, payload: payload, as: [Row].self)
            if let next = response.next, !response.result.isEmpty {
                state = .offset(next: next)
            } else {
                state = .done
            }
            return Bitrix24Page(rows: response.result, total: response.total, time: response.time)
        }

        static func chooseKeyset(_ strategy: Bitrix24PagingStrategy, method: Bitrix24MethodInfo, parameters: [String: JSONValue]) throws -> Bool {
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
    public func paginate<Row>(_ request: Bitrix24Request<[Row]>, strategy: Bitrix24PagingStrategy = .automatic) -> Bitrix24RowSequence<Row> {
        Bitrix24RowSequence(pages: Bitrix24PageSequence(client: self, request: request, strategy: strategy))
    }

    /// The pages of a list request.
    public func pages<Row>(_ request: Bitrix24Request<[Row]>, strategy: Bitrix24PagingStrategy = .automatic) -> Bitrix24PageSequence<Row> {
        Bitrix24PageSequence(client: self, request: request, strategy: strategy)
    }
}
