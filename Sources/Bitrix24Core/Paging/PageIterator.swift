import Foundation

extension Bitrix24PageSequence {
    /// Fetches one page per `next()`. A fetched page is always returned before anything can fail; where the
    /// keyset export cannot go on (a full page whose last row has no ID), the pages continue by offsets.
    /// REST 3.0 lists page by their `pagination` parameter instead (see `V3Paging.swift`).
    public struct AsyncIterator: AsyncIteratorProtocol {
        enum State {
            case initial
            case offset(next: Int)
            case keyset(after: Bitrix24JSON)
            /// REST 3.0: the next request's `pagination` is in `parameters`.
            case v3
            case done
        }

        let client: Bitrix24Client
        let request: Bitrix24Request<[Row]>
        let strategy: Bitrix24Client.PagingStrategy
        var state = State.initial
        var parameters: [String: Bitrix24JSON] = [:]
        /// The request's own filter, before the keyset's `>ID` was added.
        var originalFilter: Bitrix24JSON?
        var useKeyset = false
        /// Rows returned so far (where offsets resume when the keyset export cannot go on).
        var delivered = 0
        /// REST 3.0: the rows of the page before, as JSON.
        var previousRows: Bitrix24JSON?

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
            if method.version == .v3 { return try await nextV3Page() }
            switch state {
            case .done, .v3:
                return nil
            case .initial:
                try start()
            case .offset(let next):
                parameters["start"] = .int(next)
            case .keyset(let after):
                if let idField = method.paging?.idField {
                    var filter: [String: Bitrix24JSON] = [:]
                    if case .object(let existing) = originalFilter { filter = existing }
                    filter[">" + idField] = after
                    parameters["filter"] = .object(filter)
                }
            }
            let payload = try client.encodePayload(Bitrix24Request<Bitrix24JSON>(method: method, parameters: parameters))
            let page = useKeyset ? try await keysetPage(payload) : try await offsetPage(payload)
            delivered += page.rows.count
            return page
        }

        /// The first request's parameters: the keyset export (`order {ID: ASC}`, `start = -1`, the ID selected)
        /// when the strategy picks it.
        private mutating func start() throws {
            let method = request.method
            parameters = try request.encodedParameters()
            originalFilter = parameters["filter"]
            useKeyset = try Self.chooseKeyset(strategy, method: method, parameters: parameters)
            guard useKeyset, let idField = method.paging?.idField else { return }
            parameters["order"] = .object([idField: .string("ASC")])
            parameters["start"] = .int(-1)
            if case .array(let select) = parameters["select"], !select.isEmpty,
                !select.contains(where: { Self.names($0, idField) || $0 == .string("*") })
            {
                parameters["select"] = .array(select + [.string(idField)])
            }
        }

        private mutating func offsetPage(_ payload: Data) async throws -> Page {
            let response = try await client.execute(request.method, payload: payload, as: [Row].self)
            if let next = response.next, !response.result.isEmpty {
                state = .offset(next: next)
            } else {
                state = .done
            }
            return Page(rows: response.result, total: response.total, time: response.time)
        }

        private mutating func keysetPage(_ payload: Data) async throws -> Page {
            let method = request.method
            let idField = method.paging?.idField ?? "ID"
            let rows: [Row]
            let lastID: Bitrix24JSON?
            let response: Bitrix24Response<[Row]>
            if Row.self is any Bitrix24Value.Type {
                response = try await client.execute(method, payload: payload, as: [Row].self)
                rows = response.result
                lastID = Self.rows(of: response.raw).last.flatMap { Self.id(in: $0, field: idField) }
            } else {
                let keyed = try await client.execute(method, payload: payload, as: [Bitrix24KeyedRow<Row>].self, idField: idField)
                rows = keyed.result.map(\.row)
                lastID = keyed.result.last?.id
                response = Bitrix24Response(result: rows, total: keyed.total, next: keyed.next, time: keyed.time)
            }
            if rows.count < Self.pageSize {
                state = .done
            } else if let lastID {
                state = .keyset(after: lastID)
            } else {
                // No ID to continue from: the same order, by offsets from here.
                client.log(.warning, "\(method.name): a row has no \(idField) field; paging on by offsets")
                useKeyset = false
                parameters["filter"] = originalFilter
                state = .offset(next: delivered + rows.count)
            }
            return Page(rows: rows, total: response.total, time: response.time)
        }

        /// The rows in a page's JSON (a list, or an object keyed by integers).
        static func rows(of json: Bitrix24JSON?) -> [Bitrix24JSON] {
            switch json {
            case .array(let rows)?: rows
            case .object(let object)?: object.keys.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }.compactMap { object[$0] }
            default: []
            }
        }

        /// A row's ID: the field `field`, in any case (`ID`, `id`), when it holds a value.
        static func id(in row: Bitrix24JSON, field: String) -> Bitrix24JSON? {
            guard case .object(let object) = row else { return nil }
            let value = object[field] ?? object.first { $0.key.caseInsensitiveCompare(field) == .orderedSame }?.value
            guard let value, value != .null, value != .string("") else { return nil }
            return value
        }

        /// Whether a `select` entry names the ID field (in any case).
        static func names(_ entry: Bitrix24JSON, _ field: String) -> Bool {
            if case .string(let name) = entry { return name.caseInsensitiveCompare(field) == .orderedSame }
            return false
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
                    guard case .object(let object) = order else { return false }
                    let byID = object.count == 1 && object.keys.allSatisfy { $0.caseInsensitiveCompare(idField) == .orderedSame }
                        && object.values.allSatisfy { String(bitrix24JSON: $0)?.uppercased() == "ASC" }
                    guard object.isEmpty || byID else { return false }
                }
                let lowered = idField.lowercased()
                if case .object(let filter) = parameters["filter"],
                    filter.keys.contains(where: { $0.lowercased().hasSuffix(lowered) && $0.lowercased() != lowered })
                {
                    return false
                }
                return true
            }
        }
    }
}

/// A row together with its ID value, decoded in one pass (keyset paging of rows that are not ``Bitrix24Value``s).
struct Bitrix24KeyedRow<Row: Decodable>: Decodable {
    var row: Row
    var id: Bitrix24JSON?

    init(from decoder: any Decoder) throws {
        row = try Row(from: decoder)
        guard let field = decoder.userInfo[.bitrix24IDField] as? String,
            let container = try? decoder.container(keyedBy: Bitrix24AnyKey.self),
            let key = container.allKeys.first(where: { $0.stringValue == field })
                ?? container.allKeys.first(where: { $0.stringValue.caseInsensitiveCompare(field) == .orderedSame })
        else { return }
        id = try? container.decodeIfPresent(Bitrix24JSON.self, forKey: key)
        if id == .null || id == .string("") { id = nil }
    }
}

extension Bitrix24KeyedRow: Sendable where Row: Sendable {}
