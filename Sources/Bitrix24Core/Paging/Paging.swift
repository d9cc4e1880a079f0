import Foundation

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
