import Bitrix24Core
import Foundation

/// REST 3.0 methods: user handlers, then generic CRUD over the same in-memory records as the classic methods —
/// rows shown with an integer `id`, `select` with related fields, the REST 3.0 `filter` and `pagination` — and
/// the batch.
extension FakePortalState {
    /// The default and the largest `pagination.limit`.
    static var v3DefaultLimit: Int { 50 }
    static var v3MaxLimit: Int { 1000 }

    /// One REST 3.0 method call (also a batch command): `(status, envelope without time)`.
    func v3Call(method: String, parameters: [String: Bitrix24JSON]) async -> (Int, [String: Bitrix24JSON]) {
        let key = method.lowercased()
        if let handler = handlers[key] {
            do {
                switch try await handler(FakePortal.Call(method: method, parameters: parameters, version: .v3)) {
                case .result(let result, _, _): return (200, ["result": result])
                case .error(let status, let code, let description): return Self.v3Error(status, code, description)
                case .restV3Error(let status, let code, let message, let validation):
                    return Self.v3Error(status, code, message, validation: validation)
                }
            } catch {
                return Self.v3Error(500, "INTERNAL_SERVER_ERROR", "handler failed: \(error)")
            }
        }
        let parts = key.split(separator: ".")
        guard parts.count >= 2, let action = parts.last else { return Self.v3Error(404, "ERROR_METHOD_NOT_FOUND", "Method not found!") }
        let entity = parts.dropLast().joined(separator: ".")
        switch action {
        case "add": return v3Add(entity: entity, method: key, parameters: parameters)
        case "get", "update", "delete": return v3ByID(String(action), entity: entity, parameters: parameters)
        case "list": return v3List(entity: entity, parameters: parameters)
        default: return Self.v3Error(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
        }
    }

    private func v3Add(entity: String, method: String, parameters: [String: Bitrix24JSON]) -> (Int, [String: Bitrix24JSON]) {
        guard case .object(let fields)? = parameters["fields"] else { return Self.missing(["fields"]) }
        let missing = (requiredFields[method] ?? []).filter { fields[$0] == nil || fields[$0] == .null }
        guard missing.isEmpty else { return Self.missing(missing) }
        let id = seed(entity: entity, records: [fields])[0]
        guard let row = entities[entity]?.rows.first(where: { $0.id == id }) else { return Self.missing(["fields"]) }
        return (200, ["result": .object(["item": .object(v3Row(row, entity: entity))])])
    }

    /// `get` (`item`, with `select`), `update` and `delete` (`result: true`) of the record `id` names.
    private func v3ByID(_ action: String, entity: String, parameters: [String: Bitrix24JSON]) -> (Int, [String: Bitrix24JSON]) {
        guard let id = Self.id(parameters) else { return Self.missing(["id"]) }
        guard let index = entities[entity]?.rows.firstIndex(where: { $0.id == id }), let row = entities[entity]?.rows[index] else {
            return Self.v3Error(400, "BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION", "Entity with id `\(id)` is not found")
        }
        switch action {
        case "get":
            switch project(v3Row(row, entity: entity), entity: entity, select: Self.select(parameters)) {
            case .success(let item): return (200, ["result": .object(["item": .object(item)])])
            case .failure(let error): return error.reply
            }
        case "update":
            guard case .object(let fields)? = parameters["fields"] else { return Self.missing(["fields"]) }
            let idField = shape(of: entity).idField
            for (name, value) in fields where name != idField && name != "id" { entities[entity]?.rows[index].fields[name] = value }
            return (200, ["result": .object(["result": .bool(true)])])
        default:
            entities[entity]?.rows.remove(at: index)
            return (200, ["result": .object(["result": .bool(true)])])
        }
    }

    private func v3List(entity: String, parameters: [String: Bitrix24JSON]) -> (Int, [String: Bitrix24JSON]) {
        var rows = (entities[entity]?.rows ?? []).map { v3Row($0, entity: entity) }
        if let filter = parameters["filter"] {
            switch matching(rows, filter: filter, entity: entity) {
            case .success(let kept): rows = kept
            case .failure(let error): return error.reply
            }
        }
        if case .object(let order)? = parameters["order"], let (field, direction) = order.first {
            let descending = Self.text(direction).uppercased() == "DESC"
            rows.sort { a, b in
                let (x, y) = (a[field] ?? .null, b[field] ?? .null)
                if let p = Self.number(x), let q = Self.number(y), p != q { return descending ? p > q : p < q }
                return descending ? Self.text(x) > Self.text(y) : Self.text(x) < Self.text(y)
            }
        }
        let pagination: [String: Bitrix24JSON] = if case .object(let object)? = parameters["pagination"] { object } else { [:] }
        let limit = pagination["limit"].flatMap(Self.number).map { Int($0) } ?? Self.v3DefaultLimit
        let page = pagination["page"].flatMap(Self.number).map { Int($0) }
        guard limit > 0, (page ?? 1) > 0 else {
            return Self.v3Error(400, "BITRIX_REST_V3_EXCEPTION_INVALIDPAGINATIONEXCEPTION", "Invalid pagination")
        }
        let size = min(limit, Self.v3MaxLimit)
        let offset = page.map { ($0 - 1) * size } ?? pagination["offset"].flatMap(Self.number).map { max(0, Int($0)) } ?? 0
        var items: [Bitrix24JSON] = []
        for row in rows.dropFirst(offset).prefix(size) {
            switch project(row, entity: entity, select: Self.select(parameters)) {
            case .success(let item): items.append(.object(item))
            case .failure(let error): return error.reply
            }
        }
        return (200, ["result": .object(["items": .array(items)])])
    }

    /// A row as REST 3.0 shows it: its fields with the ID as an integer `id`.
    func v3Row(_ row: (id: Int, fields: [String: Bitrix24JSON]), entity: String) -> [String: Bitrix24JSON] {
        var fields = row.fields
        fields[shape(of: entity).idField] = nil
        fields["id"] = .int(row.id)
        return fields
    }

    static func select(_ parameters: [String: Bitrix24JSON]) -> [String] {
        if case .array(let items)? = parameters["select"] { return items.map(text) }
        return []
    }

    /// A REST 3.0 error that ends a method.
    struct V3Failure: Error {
        var status: Int
        var code: String
        var message: String
        var reply: (Int, [String: Bitrix24JSON]) { FakePortalState.v3Error(status, code, message) }
    }

    /// `row` reduced to `select` (all fields when empty; `id` always): a field the row lacks is left out; a related
    /// field (`responsible.name`) becomes an object of the selected fields, and one the relation does not know is an error.
    func project(_ row: [String: Bitrix24JSON], entity: String, select: [String]) -> Result<[String: Bitrix24JSON], V3Failure> {
        guard !select.isEmpty, !select.contains("*") else { return .success(row) }
        var item: [String: Bitrix24JSON] = ["id": row["id"] ?? .null]
        for name in select {
            let path = name.split(separator: ".", maxSplits: 1).map(String.init)
            guard path.count == 2 else {
                if let value = row[name] { item[name] = value }
                continue
            }
            switch related(path[0], field: path[1], of: row, entity: entity) {
            case .success(let value):
                var object: [String: Bitrix24JSON] = if case .object(let existing)? = item[path[0]] { existing } else { [:] }
                object[path[1]] = value
                item[path[0]] = .object(object)
            case .failure(let error):
                return .failure(error)
            }
        }
        return .success(item)
    }

    /// The value of `field` of the object related to `row` as `relation`.
    func related(_ relation: String, field: String, of row: [String: Bitrix24JSON], entity: String) -> Result<Bitrix24JSON, V3Failure> {
        guard let link = relations[entity]?[relation] else {
            return .failure(V3Failure(
                status: 400, code: "BITRIX_REST_V3_EXCEPTION_UNKNOWNDTOPROPERTYEXCEPTION", message: "Unknown field `\(relation)` for entity `\(entity)`"))
        }
        guard let id = row[link.idField].flatMap(Self.number).map({ Int($0) }),
            let target = entities[link.target]?.rows.first(where: { $0.id == id })
        else { return .success(.null) }
        let fields = v3Row(target, entity: link.target)
        guard let value = fields[field] else {
            return .failure(V3Failure(
                status: 400, code: "BITRIX_REST_V3_EXCEPTION_UNKNOWNDTOPROPERTYEXCEPTION", message: "Unknown field `\(field)` for entity `\(link.target)`"))
        }
        return .success(value)
    }

    /// The REST 3.0 batch: a JSON array of `{method, query}`, run in order; `result` is the array of their results
    /// (a failed command's entry is its `{"error": {…}}`). The classic form (`cmd`) is refused.
    func v3Batch(_ incoming: Incoming, record: inout FakePortal.RecordedRequest) async -> (Int, [String: Bitrix24JSON]) {
        guard let items = incoming.items else {
            return Self.v3Error(400, "BITRIX_REST_V3_EXCEPTION_INVALIDSELECTEXCEPTION", "The batch body must be a JSON array of {method, query}")
        }
        guard items.count <= 50 else { return Self.v3Error(400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded") }
        var results: [Bitrix24JSON] = []
        for item in items {
            guard case .object(let command) = item, case .string(let method)? = command["method"] else {
                return Self.v3Error(400, "BITRIX_REST_V3_EXCEPTION_INVALIDSELECTEXCEPTION", "A batch command needs a method")
            }
            record.batchMethods.append(method)
            let query: [String: Bitrix24JSON] = if case .object(let object)? = command["query"] { object } else { [:] }
            let (status, envelope) = method.lowercased() == "batch"
                ? Self.v3Error(405, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage")
                : await v3Call(method: method, parameters: query)
            results.append(status == 200 ? envelope["result"] ?? .null : .object(["error": envelope["error"] ?? .null]))
        }
        return (200, ["result": .array(results)])
    }
}
