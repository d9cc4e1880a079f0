import Bitrix24Core
import Foundation

/// REST methods: user handlers, then generic CRUD over in-memory records (`*.add`, `*.get`, `*.update`,
/// `*.delete`, `*.list` with filters, order, `select` and paging).
extension FakePortalState {
    /// Runs a call: `batch` (unless a user handler answers it), or one method.
    func execute(_ incoming: Incoming, record: inout FakePortal.RecordedRequest) async -> (Int, [String: Bitrix24JSON]) {
        if incoming.method.lowercased() == "batch", handlers["batch"] == nil {
            return await batch(parameters: incoming.parameters, order: incoming.cmdOrder, record: &record)
        }
        return await call(method: incoming.method, parameters: incoming.parameters)
    }

    /// One method call (also used for batch commands): `(status, envelope without time)`.
    func call(method: String, parameters: [String: Bitrix24JSON]) async -> (Int, [String: Bitrix24JSON]) {
        let key = method.lowercased()
        if let handler = handlers[key] {
            do {
                switch try await handler(FakePortal.Call(method: method, parameters: parameters)) {
                case .result(let result, let total, let next):
                    var envelope: [String: Bitrix24JSON] = ["result": result]
                    if let total { envelope["total"] = .int(total) }
                    if let next { envelope["next"] = .int(next) }
                    return (200, envelope)
                case .error(let status, let code, let description), .restV3Error(let status, let code, let description, _):
                    return (status, ["error": .string(code), "error_description": .string(description)])
                }
            } catch {
                return (500, ["error": .string("INTERNAL_SERVER_ERROR"), "error_description": .string("handler failed: \(error)")])
            }
        }
        if key == "placement.call" { return widgetCommand(parameters) }
        let parts = key.split(separator: ".")
        if parts.count >= 2, let action = parts.last {
            let entity = parts.dropLast().joined(separator: ".")
            switch action {
            case "add": return add(entity: entity, parameters: parameters)
            case "get": return get(entity: entity, parameters: parameters)
            case "update": return update(entity: entity, parameters: parameters)
            case "delete": return delete(entity: entity, parameters: parameters)
            case "list": return list(entity: entity, parameters: parameters)
            default: break
            }
        }
        return (404, ["error": .string("ERROR_METHOD_NOT_FOUND"), "error_description": .string("Method not found!")])
    }

    /// `placement.call`: success is an empty array; a scripted interface error arrives with HTTP 200.
    func widgetCommand(_ parameters: [String: Bitrix24JSON]) -> (Int, [String: Bitrix24JSON]) {
        guard case .string(let command)? = parameters["PLACEMENT"] else {
            return (400, ["error": .string("ERROR_ARGUMENT"), "error_description": .string("PLACEMENT is required")])
        }
        guard let code = widgetErrors[command.lowercased()] else { return (200, ["result": .array([])]) }
        return (200, ["result": .array([.object(["result": .string("error"), "errorCode": .string(code)])])])
    }

    static func id(_ parameters: [String: Bitrix24JSON]) -> Int? {
        for name in ["id", "ID", "Id"] {
            switch parameters[name] {
            case .int(let i)?: return i
            case .string(let s)?: return Int(s)
            case .double(let d)?: return Int(d)
            default: continue
            }
        }
        return nil
    }

    func notFound() -> (Int, [String: Bitrix24JSON]) {
        (400, ["error": .string("NOT_FOUND"), "error_description": .string("Not found")])
    }

    func add(entity: String, parameters: [String: Bitrix24JSON]) -> (Int, [String: Bitrix24JSON]) {
        guard case .object(let fields)? = parameters["fields"] ?? parameters["FIELDS"] else {
            return (400, ["error": .string("ERROR_CORE"), "error_description": .string("Parameter 'fields' must be array.")])
        }
        let id = seed(entity: entity, records: [fields])[0]
        return (200, ["result": .int(id)])
    }

    func get(entity: String, parameters: [String: Bitrix24JSON]) -> (Int, [String: Bitrix24JSON]) {
        guard let id = Self.id(parameters), let row = entities[entity]?.rows.first(where: { $0.id == id }) else { return notFound() }
        return (200, ["result": .object(row.fields)])
    }

    func update(entity: String, parameters: [String: Bitrix24JSON]) -> (Int, [String: Bitrix24JSON]) {
        guard let id = Self.id(parameters), let index = entities[entity]?.rows.firstIndex(where: { $0.id == id }) else { return notFound() }
        if case .object(let fields)? = parameters["fields"] ?? parameters["FIELDS"] {
            let idField = shape(of: entity).idField
            for (name, value) in fields where name != idField { entities[entity]?.rows[index].fields[name] = value }
        }
        return (200, ["result": .bool(true)])
    }

    func delete(entity: String, parameters: [String: Bitrix24JSON]) -> (Int, [String: Bitrix24JSON]) {
        guard let id = Self.id(parameters), let index = entities[entity]?.rows.firstIndex(where: { $0.id == id }) else { return notFound() }
        entities[entity]?.rows.remove(at: index)
        return (200, ["result": .bool(true)])
    }

    static func number(_ value: Bitrix24JSON) -> Double? {
        switch value {
        case .int(let i): Double(i)
        case .double(let d): d
        case .string(let s): Double(s)
        default: nil
        }
    }

    static func text(_ value: Bitrix24JSON) -> String {
        switch value {
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): b ? "Y" : "N"
        default: value.description
        }
    }

    static func matches(_ row: [String: Bitrix24JSON], filter: [String: Bitrix24JSON]) -> Bool {
        for (rawKey, expected) in filter {
            var key = Substring(rawKey)
            var op = "="
            for candidate in [">=", "<=", "!=", ">", "<", "=", "!"] where key.hasPrefix(candidate) {
                op = candidate
                key = key.dropFirst(candidate.count)
                break
            }
            let actual = row[String(key)] ?? row[String(key).uppercased()] ?? .null
            if let a = number(actual), let e = number(expected) {
                let ok: Bool
                switch op {
                case ">": ok = a > e
                case ">=": ok = a >= e
                case "<": ok = a < e
                case "<=": ok = a <= e
                case "!", "!=": ok = a != e
                default: ok = a == e
                }
                if !ok { return false }
            } else {
                let equal = text(actual) == text(expected)
                if (op == "!" || op == "!=") ? equal : !equal { return false }
            }
        }
        return true
    }

    func list(entity: String, parameters: [String: Bitrix24JSON]) -> (Int, [String: Bitrix24JSON]) {
        var rows = entities[entity]?.rows ?? []
        let listShape = shape(of: entity)
        if case .object(let filter)? = parameters["filter"] ?? parameters["FILTER"] {
            // Fast path for the keyset filter on ordered IDs.
            // (The portal takes the ID field's name in any case: `>ID` filters rows that spell it `id`.)
            if filter.count == 1, let (key, value) = filter.first, key.hasPrefix(">"),
                key.dropFirst().caseInsensitiveCompare(listShape.idField) == .orderedSame, let after = Self.number(value)
            {
                let start = rows.partitionPoint { Double($0.id) > after }
                rows = Array(rows[start...])
            } else {
                rows = rows.filter { Self.matches($0.fields, filter: filter) }
            }
        }
        if case .object(let order)? = parameters["order"] ?? parameters["ORDER"], let (field, direction) = order.first,
            field.caseInsensitiveCompare(listShape.idField) != .orderedSame || Self.text(direction).uppercased() == "DESC"
        {
            let descending = Self.text(direction).uppercased() == "DESC"
            rows.sort { a, b in
                let x = a.fields[field] ?? .null
                let y = b.fields[field] ?? .null
                let less: Bool
                if let p = Self.number(x), let q = Self.number(y) { less = p < q } else { less = Self.text(x) < Self.text(y) }
                return descending ? !less && Self.text(x) != Self.text(y) : less
            }
        }
        var start = 0
        if let s = parameters["start"].flatMap(Self.number) { start = Int(s) }
        let countless = start == -1
        let offset = max(0, start)
        let page = Array(rows.dropFirst(offset).prefix(configuration.pageSize))
        var select: [String] = []
        if case .array(let items)? = parameters["select"] ?? parameters["SELECT"] { select = items.map(Self.text) }
        let projected: [Bitrix24JSON] = page.map { row in
            guard !select.isEmpty, !select.contains("*") else { return .object(row.fields) }
            var fields: [String: Bitrix24JSON] = [listShape.idField: row.fields[listShape.idField] ?? .null]
            for name in select { if let value = row.fields[name] { fields[name] = value } }
            return .object(fields)
        }
        var envelope: [String: Bitrix24JSON] = ["result": listShape.rowsKey.map { .object([$0: .array(projected)]) } ?? .array(projected)]
        if !countless {
            envelope["total"] = .int(rows.count)
            if offset + configuration.pageSize < rows.count { envelope["next"] = .int(offset + configuration.pageSize) }
        }
        return (200, envelope)
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for a predicate false then true along the array.
    func partitionPoint(_ predicate: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
