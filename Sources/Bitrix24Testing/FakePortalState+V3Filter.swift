import Bitrix24Core
import Foundation

/// The REST 3.0 filter: an array of conditions that must all hold — `[field, operator, value]`, the short form
/// `[field, value]` (equals, or one of a list), `{"logic": "or", "conditions": […]}` — with the operators
/// `=`, `!=`, `>`, `>=`, `<`, `<=`, `in`, `between`; a field may name a related object's field (`responsible.id`).
extension FakePortalState {
    static let v3Operators: Set<String> = ["=", "!=", ">", ">=", "<", "<=", "in", "between"]

    /// The rows `filter` keeps, or the error the portal answers a malformed filter with.
    func matching(_ rows: [[String: Bitrix24JSON]], filter: Bitrix24JSON, entity: String) -> Result<[[String: Bitrix24JSON]], V3Failure> {
        guard case .array(let conditions) = filter else {
            return .failure(V3Failure(status: 400, code: "BITRIX_REST_V3_EXCEPTION_INVALIDFILTEREXCEPTION", message: "filter must be an array of conditions"))
        }
        var kept: [[String: Bitrix24JSON]] = []
        for row in rows {
            var all = true
            for condition in conditions {
                switch holds(condition, in: row, entity: entity) {
                case .success(let holds): all = all && holds
                case .failure(let error): return .failure(error)
                }
            }
            if all { kept.append(row) }
        }
        return .success(kept)
    }

    /// Whether one condition holds for `row`.
    private func holds(_ condition: Bitrix24JSON, in row: [String: Bitrix24JSON], entity: String) -> Result<Bool, V3Failure> {
        let invalid = V3Failure(status: 400, code: "BITRIX_REST_V3_EXCEPTION_INVALIDFILTEREXCEPTION", message: "Invalid filter condition")
        switch condition {
        case .object(let group):
            guard case .string(let logic)? = group["logic"], logic.lowercased() == "or", case .array(let items)? = group["conditions"] else {
                return .failure(invalid)
            }
            var any = false
            for item in items {
                switch holds(item, in: row, entity: entity) {
                case .success(let holds): any = any || holds
                case .failure(let error): return .failure(error)
                }
            }
            return .success(any)
        case .array(let parts):
            guard parts.count == 2 || parts.count == 3, case .string(let field) = parts[0] else { return .failure(invalid) }
            let op: String
            let expected: Bitrix24JSON
            if parts.count == 3 {
                guard case .string(let name) = parts[1] else { return .failure(invalid) }
                (op, expected) = (name.lowercased(), parts[2])
            } else {
                (op, expected) = (Self.isArray(parts[1]) ? "in" : "=", parts[1])
            }
            guard Self.v3Operators.contains(op) else {
                return .failure(V3Failure(status: 400, code: "BITRIX_REST_V3_EXCEPTION_UNKNOWNFILTEROPERATOREXCEPTION", message: "Unknown filter operator `\(op)`"))
            }
            return value(of: field, in: row, entity: entity).map { Self.compare($0, op, expected) }
        default:
            return .failure(invalid)
        }
    }

    /// A row's field, or a related object's (`responsible.id`).
    private func value(of field: String, in row: [String: Bitrix24JSON], entity: String) -> Result<Bitrix24JSON, V3Failure> {
        let path = field.split(separator: ".", maxSplits: 1).map(String.init)
        guard path.count == 2 else { return .success(row[field] ?? .null) }
        return related(path[0], field: path[1], of: row, entity: entity)
    }

    static func compare(_ actual: Bitrix24JSON, _ op: String, _ expected: Bitrix24JSON) -> Bool {
        switch op {
        case "in":
            guard case .array(let values) = expected else { return false }
            return values.contains { compare(actual, "=", $0) }
        case "between":
            guard case .array(let bounds) = expected, bounds.count == 2 else { return false }
            return compare(actual, ">=", bounds[0]) && compare(actual, "<=", bounds[1])
        default:
            let order: ComparisonResult
            if let a = number(actual), let e = number(expected) {
                order = a < e ? .orderedAscending : a > e ? .orderedDescending : .orderedSame
            } else {
                let (a, e) = (text(actual), text(expected))
                order = a < e ? .orderedAscending : a > e ? .orderedDescending : .orderedSame
            }
            switch op {
            case "!=": return order != .orderedSame
            case ">": return order == .orderedDescending
            case ">=": return order != .orderedAscending
            case "<": return order == .orderedAscending
            case "<=": return order != .orderedDescending
            default: return order == .orderedSame
            }
        }
    }

    static func isArray(_ json: Bitrix24JSON) -> Bool {
        if case .array = json { return true }
        return false
    }
}
