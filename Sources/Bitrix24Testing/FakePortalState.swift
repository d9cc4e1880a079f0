import Bitrix24Core
import Foundation

/// The fake portal's state and protocol logic (no sockets here).
actor FakePortalState {
    enum Outcome: Sendable {
        case reply(status: Int, headers: [String: String], body: Data)
        case reset
        indirect case delayed(Duration, Outcome)
    }

    struct ScriptedFault {
        var fault: FakePortal.Fault
        var method: String?
        var remaining: Int
    }

    struct Entity {
        var rows: [(id: Int, fields: [String: Bitrix24JSON])] = []
        var nextID = 1
    }

    private(set) var configuration: FakePortal.Configuration
    private var port: UInt16 = 0
    private(set) var recorded: [FakePortal.RecordedRequest] = []
    private var faults: [ScriptedFault] = []
    private var handlers: [String: @Sendable (FakePortal.Call) async throws -> FakePortal.Reply] = [:]
    private var entities: [String: Entity] = [:]
    private var bucketLevel: Double = 0
    /// Times below are on the portal's monotonic clock; the wall clock only writes the `time` block.
    private var bucketLast: Duration
    private var operating: [String: (used: Duration, windowStart: Duration)] = [:]
    private var blockedUntil: [String: Duration] = [:]
    private var renamed: [String: String] = [:]
    private var accessToken: String
    private var refreshToken: String
    private var accessExpired = false
    private var issued: [String] = []
    private(set) var refreshCount = 0

    init(configuration: FakePortal.Configuration) {
        self.configuration = configuration
        self.bucketLast = configuration.clock.monotonic()
        self.accessToken = configuration.accessToken
        self.refreshToken = configuration.refreshToken
        issued = [configuration.accessToken, configuration.refreshToken]
    }

    func setPort(_ port: UInt16) { self.port = port }
    func currentTokens() -> (String, String) { (accessToken, refreshToken) }
    func allSecrets() -> [String] { [configuration.webhookCode, configuration.clientSecret] + issued }
    func clearRecorded() { recorded.removeAll() }
    func expireAccessToken() { accessExpired = true }
    func rename(host: String, to newHost: String) { renamed[host.lowercased()] = newHost }

    func inject(_ fault: FakePortal.Fault, method: String?, times: Int) {
        faults.append(ScriptedFault(fault: fault, method: method?.lowercased(), remaining: max(1, times)))
    }

    func setHandler(_ method: String, _ handler: @escaping @Sendable (FakePortal.Call) async throws -> FakePortal.Reply) {
        handlers[method.lowercased()] = handler
    }

    func seed(entity: String, records: [[String: Bitrix24JSON]]) -> [Int] {
        var store = entities[entity.lowercased()] ?? Entity()
        var ids: [Int] = []
        for record in records {
            let id = store.nextID
            store.nextID += 1
            var fields = record
            fields["ID"] = .string(String(id))
            store.rows.append((id, fields))
            ids.append(id)
        }
        entities[entity.lowercased()] = store
        return ids
    }

    func records(entity: String) -> [[String: Bitrix24JSON]] { entities[entity.lowercased()]?.rows.map(\.fields) ?? [] }

    // MARK: Request handling

    func handle(httpMethod: String, path: String, query: String, headers: [String: String], body: Data) async -> Outcome {
        let now = configuration.clock.monotonic()
        let host = headers["host"] ?? ""
        var record = FakePortal.RecordedRequest(
            httpMethod: httpMethod, path: Bitrix24Redactor.redactByShape(path), host: host, method: "", parameters: [:],
            batchMethods: [], status: 0, errorCode: nil, fault: nil, time: now, userAgent: headers["user-agent"])
        let outcome = await route(httpMethod: httpMethod, path: path, query: query, headers: headers, body: body, record: &record)
        recorded.append(record)
        return outcome
    }

    private func route(
        httpMethod: String, path: String, query: String, headers: [String: String], body: Data,
        record: inout FakePortal.RecordedRequest
    ) async -> Outcome {
        let segments = path.split(separator: "/").map(String.init)
        if segments.first == "oauth", segments.dropFirst().first == "token" {
            record.method = "oauth/token"
            return await tokenEndpoint(query: query, record: &record)
        }
        guard segments.first == "rest", segments.count >= 2 else {
            return reply(404, ["error": .string("NOT_FOUND"), "error_description": .string("Unknown path")], record: &record)
        }
        // Renamed host: 302 to the same path elsewhere.
        let hostName = (headers["host"] ?? "").split(separator: ":").first.map { String($0).lowercased() } ?? ""
        if let newHost = renamed[hostName] {
            record.method = segments.last ?? ""
            record.status = 302
            return .reply(status: 302, headers: ["Location": "http://\(newHost):\(port)\(path)"], body: Data())
        }

        var parameters = Bitrix24FormEncoding.parse(query)
        var cmdOrder: [String] = []
        if !body.isEmpty {
            if (headers["content-type"] ?? "").contains("json") || body.first == UInt8(ascii: "{") {
                guard case .object(let object)? = try? JSONDecoder().decode(Bitrix24JSON.self, from: body) else {
                    return reply(400, ["error": .string("INVALID_REQUEST"), "error_description": .string("Body is not JSON")], record: &record)
                }
                parameters.merge(object) { _, new in new }
                cmdOrder = Self.keyOrder(in: body, of: parameters["cmd"])
            } else {
                parameters.merge(Bitrix24FormEncoding.parse(String(decoding: body, as: UTF8.self))) { _, new in new }
            }
        }

        // Auth: /rest/{user}/{code}/{method} or /rest/{method} with auth=token.
        var method: String
        if segments.count >= 4, Int(segments[1]) != nil {
            method = segments[3]
            guard segments[1] == String(configuration.webhookUserID), segments[2] == configuration.webhookCode else {
                record.method = method
                return reply(401, ["error": .string("NO_AUTH_FOUND"), "error_description": .string("Wrong authorization data")], record: &record)
            }
        } else {
            method = segments[1]
            let token: String? = if case .string(let t)? = parameters["auth"] { t } else { nil }
            parameters["auth"] = nil
            record.method = method.hasSuffix(".json") ? String(method.dropLast(5)) : method
            guard let token, token == accessToken || issued.contains(token) else {
                return reply(401, ["error": .string("NO_AUTH_FOUND"), "error_description": .string("Wrong authorization data")], record: &record)
            }
            if token != accessToken || accessExpired {
                return reply(401, ["error": .string("expired_token"), "error_description": .string("The access token provided has expired.")], record: &record)
            }
        }
        if method.hasSuffix(".json") { method = String(method.dropLast(5)) }
        let key = method.lowercased()
        record.method = method
        record.parameters = parameters

        // Scripted faults.
        var executeThen: FakePortal.Fault?
        if let index = faults.firstIndex(where: { $0.method == nil || $0.method == key }) {
            let fault = faults[index].fault
            faults[index].remaining -= 1
            if faults[index].remaining <= 0 { faults.remove(at: index) }
            record.fault = fault
            switch fault {
            case .queryLimitExceeded:
                return reply(503, ["error": .string("QUERY_LIMIT_EXCEEDED"), "error_description": .string("Too many requests")], record: &record)
            case .overloadLimit:
                return reply(503, ["error": .string("OVERLOAD_LIMIT"), "error_description": .string("REST API is blocked due to overload")], record: &record)
            case .operationTimeLimit(let resetAfter):
                let resetAt = configuration.clock.monotonic() + resetAfter
                blockedUntil[key] = resetAt
                return operationTimeLimit(resetAt: resetAt, used: configuration.operatingTimeLimit, record: &record)
            case .html:
                record.status = 502
                return .reply(
                    status: 502, headers: ["Content-Type": "text/html"],
                    body: Data("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>".utf8))
            case .connectionReset:
                record.status = 0
                return .reset
            case .redirect(let newHost):
                record.status = 302
                return .reply(status: 302, headers: ["Location": "http://\(newHost):\(port)\(path)"], body: Data())
            case .expiredToken:
                return reply(401, ["error": .string("expired_token"), "error_description": .string("The access token provided has expired.")], record: &record)
            case .internalServerError, .truncatedJSON, .delay:
                executeThen = fault
            }
        }

        // The leaky bucket.
        if let limit = configuration.rateLimit {
            let now = configuration.clock.monotonic()
            bucketLevel = max(0, bucketLevel - (now - bucketLast).inSeconds * limit.perSecond)
            bucketLast = now
            if bucketLevel + 1 > Double(limit.burst) + 1e-9 {
                return reply(503, ["error": .string("QUERY_LIMIT_EXCEEDED"), "error_description": .string("Too many requests")], record: &record)
            }
            bucketLevel += 1
        }

        // Operating time.
        let now = configuration.clock.monotonic()
        if let until = blockedUntil[key], until > now {
            return operationTimeLimit(resetAt: until, used: operating[key]?.used ?? configuration.operatingTimeLimit, record: &record)
        }
        var window = operating[key] ?? (.zero, now)
        if now >= window.windowStart + configuration.operatingWindow { window = (.zero, now) }
        if window.used >= configuration.operatingTimeLimit {
            operating[key] = window
            return operationTimeLimit(resetAt: window.windowStart + configuration.operatingWindow, used: window.used, record: &record)
        }
        window.used += configuration.operatingCost[key] ?? .zero
        operating[key] = window
        let time = timeBlock(start: now, operating: window.used, resetAt: window.windowStart + configuration.operatingWindow)

        // Execute.
        var (status, envelope) = await execute(method: method, parameters: parameters, cmdOrder: cmdOrder, record: &record)
        envelope["time"] = time
        if let error = envelope["error"], case .string(let code) = error { record.errorCode = code }

        switch executeThen {
        case .internalServerError?:
            return reply(500, ["error": .string("INTERNAL_SERVER_ERROR"), "error_description": .string("Internal server error")], record: &record)
        case .truncatedJSON?:
            let full = Self.encode(.object(envelope))
            record.status = status
            return .reply(status: status, headers: ["Content-Type": "application/json"], body: full.prefix(max(1, full.count / 2)))
        case .delay(let duration)?:
            record.status = status
            return .delayed(duration, .reply(status: status, headers: ["Content-Type": "application/json"], body: Self.encode(.object(envelope))))
        default:
            break
        }
        if status == 200, envelope["error"] != nil { status = 400 }
        return reply(status, envelope, record: &record)
    }

    private func operationTimeLimit(resetAt: Duration, used: Duration, record: inout FakePortal.RecordedRequest) -> Outcome {
        let time = timeBlock(start: configuration.clock.monotonic(), operating: used, resetAt: resetAt)
        return reply(
            429,
            [
                "error": .string("OPERATION_TIME_LIMIT"), "error_description": .string("Method is blocked due to operation time limit."),
                "time": time,
            ], record: &record)
    }

    /// The reply's `time` block; `start` and `resetAt` are monotonic, written as Unix time.
    private func timeBlock(start: Duration, operating: Duration, resetAt: Duration) -> Bitrix24JSON {
        let finish = configuration.clock.monotonic()
        let (startUnix, finishUnix) = (unixTime(start), unixTime(finish))
        return .object([
            "start": .double(startUnix), "finish": .double(finishUnix), "duration": .double((finish - start).inSeconds),
            "processing": .double((finish - start).inSeconds), "operating": .double(operating.inSeconds),
            "operating_reset_at": .double(unixTime(resetAt)),
            "date_start": .string(Self.iso(startUnix)), "date_finish": .string(Self.iso(finishUnix)),
        ])
    }

    /// The wall-clock (Unix) time of a monotonic instant.
    private func unixTime(_ instant: Duration) -> Double {
        configuration.clock.wall().timeIntervalSince1970 + (instant - configuration.clock.monotonic()).inSeconds
    }

    private static func iso(_ time: Double) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: time))
    }

    private func reply(_ status: Int, _ envelope: [String: Bitrix24JSON], record: inout FakePortal.RecordedRequest) -> Outcome {
        record.status = status
        if case .string(let code)? = envelope["error"] { record.errorCode = code }
        return .reply(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: Self.encode(.object(envelope)))
    }

    static func encode(_ value: Bitrix24JSON) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    /// The order of `cmd`'s keys as they appear in the raw Bitrix24JSON body (PHP keeps insertion order).
    static func keyOrder(in body: Data, of cmd: Bitrix24JSON?) -> [String] {
        guard case .object(let object)? = cmd else { return [] }
        let text = String(decoding: body, as: UTF8.self)
        let positioned = object.keys.map { key -> (Int, String) in
            let encoded = String(decoding: encode(.string(key)), as: UTF8.self)
            let position = text.range(of: encoded + ":").map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? Int.max
            return (position, key)
        }
        return positioned.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map(\.1)
    }

    // MARK: OAuth

    private func tokenEndpoint(query: String, record: inout FakePortal.RecordedRequest) async -> Outcome {
        let parameters = Bitrix24FormEncoding.parse(query)
        func string(_ key: String) -> String? { if case .string(let s)? = parameters[key] { s } else { nil } }
        guard string("grant_type") == "refresh_token", string("client_id") == configuration.clientID,
            string("client_secret") == configuration.clientSecret
        else {
            return reply(401, ["error": .string("invalid_client"), "error_description": .string("Invalid client credentials")], record: &record)
        }
        guard let presented = string("refresh_token"), presented == refreshToken else {
            return reply(400, ["error": .string("invalid_grant"), "error_description": .string("Invalid refresh token")], record: &record)
        }
        // Rotate at once so a second refresh with the same token fails, then answer after the delay.
        refreshCount += 1
        accessToken = "at" + FakePortal.randomSecret()
        refreshToken = "rt" + FakePortal.randomSecret()
        accessExpired = false
        issued.append(accessToken)
        issued.append(refreshToken)
        let now = configuration.clock.wall().timeIntervalSince1970
        let body: [String: Bitrix24JSON] = [
            "access_token": .string(accessToken), "refresh_token": .string(refreshToken),
            "expires": .int(Int(now) + 3600), "expires_in": .int(3600), "scope": .string("crm,user,placement"),
            "domain": .string("127.0.0.1:\(port)"), "client_endpoint": .string("http://127.0.0.1:\(port)/rest/"),
            "server_endpoint": .string("http://127.0.0.1:\(port)/oauth/"), "member_id": .string("fake-member"),
            "user_id": .int(1), "status": .string("L"),
        ]
        record.status = 200
        let outcome = Outcome.reply(status: 200, headers: ["Content-Type": "application/json"], body: Self.encode(.object(body)))
        return configuration.refreshDelay > .zero ? .delayed(configuration.refreshDelay, outcome) : outcome
    }

    // MARK: Methods

    private func execute(
        method: String, parameters: [String: Bitrix24JSON], cmdOrder: [String], record: inout FakePortal.RecordedRequest
    ) async -> (Int, [String: Bitrix24JSON]) {
        let key = method.lowercased()
        if key == "batch" {
            return await batch(parameters: parameters, order: cmdOrder, record: &record)
        }
        let (status, envelope) = await call(method: method, parameters: parameters)
        return (status, envelope)
    }

    /// One method call (also used for batch commands): `(status, envelope without time)`.
    private func call(method: String, parameters: [String: Bitrix24JSON]) async -> (Int, [String: Bitrix24JSON]) {
        let key = method.lowercased()
        if let handler = handlers[key] {
            do {
                switch try await handler(FakePortal.Call(method: method, parameters: parameters)) {
                case .result(let result, let total, let next):
                    var envelope: [String: Bitrix24JSON] = ["result": result]
                    if let total { envelope["total"] = .int(total) }
                    if let next { envelope["next"] = .int(next) }
                    return (200, envelope)
                case .error(let status, let code, let description):
                    return (status, ["error": .string(code), "error_description": .string(description)])
                }
            } catch {
                return (500, ["error": .string("INTERNAL_SERVER_ERROR"), "error_description": .string("handler failed: \(error)")])
            }
        }
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

    private static func id(_ parameters: [String: Bitrix24JSON]) -> Int? {
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

    private func notFound() -> (Int, [String: Bitrix24JSON]) {
        (400, ["error": .string("NOT_FOUND"), "error_description": .string("Not found")])
    }

    private func add(entity: String, parameters: [String: Bitrix24JSON]) -> (Int, [String: Bitrix24JSON]) {
        guard case .object(let fields)? = parameters["fields"] ?? parameters["FIELDS"] else {
            return (400, ["error": .string("ERROR_CORE"), "error_description": .string("Parameter 'fields' must be array.")])
        }
        let id = seed(entity: entity, records: [fields])[0]
        return (200, ["result": .int(id)])
    }

    private func get(entity: String, parameters: [String: Bitrix24JSON]) -> (Int, [String: Bitrix24JSON]) {
        guard let id = Self.id(parameters), let row = entities[entity]?.rows.first(where: { $0.id == id }) else { return notFound() }
        return (200, ["result": .object(row.fields)])
    }

    private func update(entity: String, parameters: [String: Bitrix24JSON]) -> (Int, [String: Bitrix24JSON]) {
        guard let id = Self.id(parameters), let index = entities[entity]?.rows.firstIndex(where: { $0.id == id }) else { return notFound() }
        if case .object(let fields)? = parameters["fields"] ?? parameters["FIELDS"] {
            for (name, value) in fields where name != "ID" { entities[entity]?.rows[index].fields[name] = value }
        }
        return (200, ["result": .bool(true)])
    }

    private func delete(entity: String, parameters: [String: Bitrix24JSON]) -> (Int, [String: Bitrix24JSON]) {
        guard let id = Self.id(parameters), let index = entities[entity]?.rows.firstIndex(where: { $0.id == id }) else { return notFound() }
        entities[entity]?.rows.remove(at: index)
        return (200, ["result": .bool(true)])
    }

    private static func number(_ value: Bitrix24JSON) -> Double? {
        switch value {
        case .int(let i): Double(i)
        case .double(let d): d
        case .string(let s): Double(s)
        default: nil
        }
    }

    private static func text(_ value: Bitrix24JSON) -> String {
        switch value {
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): b ? "Y" : "N"
        default: value.description
        }
    }

    private static func matches(_ row: [String: Bitrix24JSON], filter: [String: Bitrix24JSON]) -> Bool {
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

    private func list(entity: String, parameters: [String: Bitrix24JSON]) -> (Int, [String: Bitrix24JSON]) {
        var rows = entities[entity]?.rows ?? []
        if case .object(let filter)? = parameters["filter"] ?? parameters["FILTER"] {
            // Fast path for the keyset filter on ordered IDs.
            if filter.count == 1, let after = filter[">ID"].flatMap(Self.number) {
                let start = rows.partitionPoint { Double($0.id) > after }
                rows = Array(rows[start...])
            } else {
                rows = rows.filter { Self.matches($0.fields, filter: filter) }
            }
        }
        if case .object(let order)? = parameters["order"] ?? parameters["ORDER"], let (field, direction) = order.first,
            field.uppercased() != "ID" || Self.text(direction).uppercased() == "DESC"
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
            var fields: [String: Bitrix24JSON] = ["ID": row.fields["ID"] ?? .null]
            for name in select { if let value = row.fields[name] { fields[name] = value } }
            return .object(fields)
        }
        var envelope: [String: Bitrix24JSON] = ["result": .array(projected)]
        if !countless {
            envelope["total"] = .int(rows.count)
            if offset + configuration.pageSize < rows.count { envelope["next"] = .int(offset + configuration.pageSize) }
        }
        return (200, envelope)
    }

    // MARK: Batch

    private func batch(parameters: [String: Bitrix24JSON], order: [String], record: inout FakePortal.RecordedRequest) async -> (Int, [String: Bitrix24JSON]) {
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
