import Foundation

// REST 3.0 lists page through their `pagination` parameter, with the rows in `result.items`:
//   * by pages: `{page, limit, offset}` — the client sends `limit` (50 unless the request sets one), asks for the
//     next `page` while a page comes back full (an `offset` the request sets without a `page` moves on by the
//     rows received instead), and stops at the first short page;
//   * by cursor, where the reply says so: `result.nextCursor` (sent back as `pagination.afterCursor`, until it
//     is null) or `result.hasMore` with `result.afterCursor` (until `hasMore` is false).
// A list whose `Paging.takesPagination` is false is one request, sent as it is. A page whose rows are the
// previous page's again (a portal that ignored `pagination`) ends the list instead of repeating them.
// The keyset export and `PagingStrategy` are classic-only.

extension Bitrix24PageSequence.AsyncIterator {
    /// The next page of a REST 3.0 list.
    mutating func nextV3Page() async throws -> Bitrix24PageSequence<Row>.Page? {
        switch state {
        case .done:
            return nil
        case .initial:
            parameters = try request.encodedParameters()
            if request.method.paging?.takesPagination != false {
                var pagination = parameters["pagination"].flatMap(Self.object) ?? [:]
                if pagination["limit"] == nil { pagination["limit"] = .int(Self.pageSize) }
                parameters["pagination"] = .object(pagination)
            }
            state = .v3
        case .v3, .offset, .keyset:
            break
        }
        // The reply is read as JSON (rows and cursor), then the rows through the same lenient path as any result.
        var method = request.method
        let rowsKey = method.paging?.rowsKey ?? "items"
        method.paging = nil
        let payload = try client.encodePayload(Bitrix24Request<Bitrix24JSON>(method: method, parameters: parameters))
        let response = try await client.execute(method, payload: payload, as: Bitrix24JSON.self)
        let (rows, rowsJSON) = try decodeV3Rows(response.result, rowsKey: rowsKey)
        if previousRows != nil, rowsJSON == previousRows {
            client.log(.warning, "\(method.name): the portal sent the previous page again (pagination ignored?); the list ends here")
            state = .done
            return nil
        }
        previousRows = rowsJSON
        let pagination = parameters["pagination"].flatMap(Self.object) ?? [:]
        let rowCount = if case .array(let items) = rowsJSON { items.count } else { rows.count }
        if request.method.paging?.takesPagination != false,
            let next = Self.nextPagination(after: response.result, rows: rowCount, current: pagination)
        {
            parameters["pagination"] = .object(next)
        } else {
            state = .done
        }
        delivered += rows.count
        return Bitrix24PageSequence<Row>.Page(rows: rows, total: nil, time: response.time)
    }

    /// The rows of a reply's `result` (under `rowsKey`, in any case; or `result` itself when it is a list), typed and
    /// as JSON.
    private func decodeV3Rows(_ result: Bitrix24JSON, rowsKey: String) throws -> ([Row], Bitrix24JSON) {
        let method = request.method.name
        let json: Bitrix24JSON
        switch result {
        case .array:
            json = result
        case .object(let object):
            guard let rows = object[rowsKey] ?? object.first(where: { $0.key.caseInsensitiveCompare(rowsKey) == .orderedSame })?.value else {
                throw client.redacted(Bitrix24Error(
                    kind: .decoding, message: "unexpected result shape: missing key \(rowsKey) at result", httpStatus: 200, method: method))
            }
            json = rows
        default:
            json = .array([])
        }
        let path = "result.\(rowsKey)"
        do {
            let rows = try Bitrix24ResultDecoding.decode([Row].self, from: json, path: path)
            client.report([Row].self, in: json, at: path, method: method)
            return (rows, json)
        } catch var error as Bitrix24Error {
            error.method = method
            throw client.redacted(error)
        }
    }

    /// The `pagination` of the request after a page of `rows` rows whose `result` is `result`, or `nil` when the
    /// list is done.
    static func nextPagination(
        after result: Bitrix24JSON, rows: Int, current: [String: Bitrix24JSON]
    ) -> [String: Bitrix24JSON]? {
        var next = current
        if case .object(let reply) = result {
            if let cursor = reply["nextCursor"] {
                guard let cursor = object(cursor), !cursor.isEmpty, current["afterCursor"] != .object(cursor) else { return nil }
                next["afterCursor"] = .object(cursor)
                return next
            }
            if let hasMore = reply["hasMore"] {
                guard Bool(bitrix24JSON: hasMore) == true, let cursor = reply["afterCursor"].flatMap(object), !cursor.isEmpty,
                    current["afterCursor"] != .object(cursor)
                else { return nil }
                next["afterCursor"] = .object(cursor)
                return next
            }
        }
        let limit = current["limit"].flatMap { Int(bitrix24JSON: $0) } ?? pageSize
        guard rows > 0, rows >= limit else { return nil }
        if current["page"] == nil, let offset = current["offset"].flatMap({ Int(bitrix24JSON: $0) }) {
            next["offset"] = .int(offset + rows)
        } else {
            next["page"] = .int((current["page"].flatMap { Int(bitrix24JSON: $0) } ?? 1) + 1)
        }
        return next
    }

    static func object(_ json: Bitrix24JSON) -> [String: Bitrix24JSON]? {
        if case .object(let object) = json { return object }
        return nil
    }
}
