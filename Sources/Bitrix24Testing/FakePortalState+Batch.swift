import Bitrix24Core
import Foundation

/// `batch`: commands in order, `$result[…]` references, `halt`.
extension FakePortalState {
    func batch(parameters: [String: Bitrix24JSON], order: [String], record: inout FakePortal.RecordedRequest) async -> (Int, [String: Bitrix24JSON]) {
        guard case .object(let cmd)? = parameters["cmd"] else {
            return (400, ["error": .string("INVALID_REQUEST"), "error_description": .string("cmd is required")])
        }
        guard cmd.count <= 50 else {
            return (400, ["error": .string("ERROR_BATCH_LENGTH_EXCEEDED"), "error_description": .string("Max batch length exceeded")])
        }
        let halt: Bool = if let h = parameters["halt"].flatMap(Self.number) { h != 0 } else { false }
        let keys = order.count == cmd.count ? order : cmd.keys.sorted()
        var results: [String: Bitrix24JSON] = [:]
        var errors: [String: Bitrix24JSON] = [:]
        var totals: [String: Bitrix24JSON] = [:]
        var nexts: [String: Bitrix24JSON] = [:]
        var times: [String: Bitrix24JSON] = [:]
        for key in keys {
            guard case .string(let command)? = cmd[key] else { continue }
            let parts = command.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            let method = String(parts[0])
            record.batchMethods.append(method)
            var commandParameters = parts.count > 1 ? Bitrix24FormEncoding.parse(String(parts[1])) : [:]
            commandParameters = commandParameters.mapValues { Self.substitute($0, results: results) }
            let start = configuration.clock.monotonic()
            let (status, envelope) = method.lowercased() == "batch"
                ? (405, ["error": Bitrix24JSON.string("ERROR_BATCH_METHOD_NOT_ALLOWED"), "error_description": .string("Method is not allowed for batch usage")])
                : await call(method: method, parameters: commandParameters)
            times[key] = timeBlock(start: start, operating: .zero, resetAt: start + configuration.operatingWindow)
            if status >= 400 || envelope["error"] != nil {
                errors[key] = .object(["error": envelope["error"] ?? .string("ERROR"), "error_description": envelope["error_description"] ?? .string("")])
                if halt { break }
                continue
            }
            results[key] = envelope["result"] ?? .null
            if let total = envelope["total"] { totals[key] = total }
            if let next = envelope["next"] { nexts[key] = next }
        }
        func section(_ object: [String: Bitrix24JSON]) -> Bitrix24JSON { object.isEmpty ? .array([]) : .object(object) }
        return (200, [
            "result": .object([
                "result": section(results), "result_error": section(errors), "result_total": section(totals),
                "result_next": section(nexts), "result_time": section(times),
            ])
        ])
    }

    /// Replaces `$result[key][A][B]` in strings with the referenced value.
    static func substitute(_ value: Bitrix24JSON, results: [String: Bitrix24JSON]) -> Bitrix24JSON {
        switch value {
        case .string(let text) where text.contains("$result["):
            var output = ""
            var rest = Substring(text)
            while let range = rest.range(of: "$result[") {
                output += rest[..<range.lowerBound]
                var cursor = range.upperBound
                var path: [String] = []
                while let close = rest[cursor...].firstIndex(of: "]") {
                    path.append(String(rest[cursor..<close]))
                    cursor = rest.index(after: close)
                    if cursor < rest.endIndex, rest[cursor] == "[" { cursor = rest.index(after: cursor) } else { break }
                }
                var resolved: Bitrix24JSON? = path.first.flatMap { results[$0] }
                for segment in path.dropFirst() {
                    switch resolved {
                    case .object(let object)?: resolved = object[segment]
                    case .array(let items)?: resolved = Int(segment).flatMap { items.indices.contains($0) ? items[$0] : nil }
                    default: resolved = nil
                    }
                }
                if let resolved { output += Self.text(resolved) }
                rest = rest[cursor...]
            }
            output += rest
            return .string(output)
        case .array(let items): return .array(items.map { substitute($0, results: results) })
        case .object(let object): return .object(object.mapValues { substitute($0, results: results) })
        default: return value
        }
    }
}
