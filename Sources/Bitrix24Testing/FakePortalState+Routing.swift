import Bitrix24Core
import Foundation

extension FakePortalState {
    /// An HTTP request as the server hands it over.
    struct Request: Sendable {
        var httpMethod: String
        var path: String
        var query: String
        var headers: [String: String]
        var body: Data

        var segments: [String] { path.split(separator: "/").map(String.init) }
    }

    /// A REST call read from a request: the method and its parameters (without `auth`).
    struct Incoming {
        var method: String
        var parameters: [String: Bitrix24JSON]
        /// For `batch`: the order of `cmd`'s keys in the body.
        var cmdOrder: [String]
        /// REST 3.0: the `Idempotency-Key` header.
        var idempotencyKey: String?
        /// REST 3.0: the body when it is a JSON array (the batch).
        var items: [Bitrix24JSON]?
        /// REST 3.0: the body without `auth`, canonically encoded (what a stored reply is matched on).
        var bodyDigest = ""
    }

    /// The OAuth token endpoint, a rename, or a REST call through auth, faults, limits and the method.
    func route(_ request: Request, record: inout FakePortal.RecordedRequest) async -> Outcome {
        let segments = request.segments
        if segments.first == "oauth", segments.dropFirst().first == "token" {
            record.method = "oauth/token"
            return await tokenEndpoint(query: request.query, record: &record)
        }
        guard segments.first == "rest", segments.count >= 2 else {
            return reply(404, error: "NOT_FOUND", "Unknown path", record: &record)
        }
        if let moved = renameRedirect(request, record: &record) { return moved }
        let isV3 = segments[1] == "api"
        if isV3 { record.version = .v3 }
        let incoming: Incoming
        switch isV3 ? readV3Call(request, record: &record) : readCall(request, record: &record) {
        case .success(let call): incoming = call
        case .failure(let rejection): return rejection.outcome
        }
        let key = incoming.method.lowercased()
        record.method = incoming.method
        record.parameters = incoming.parameters
        record.idempotencyKey = incoming.idempotencyKey
        if !isV3, restV3Only.contains(key) {
            return reply(404, error: "ERROR_METHOD_NOT_FOUND", "Method not found!", record: &record)
        }

        let executeThen: FakePortal.Fault?
        switch scriptedFault(for: key, path: request.path, record: &record) {
        case .answer(let outcome): return outcome
        case .executeThen(let fault): executeThen = fault
        case .none: executeThen = nil
        }
        if let rejected = chargeBucket(record: &record) { return rejected }
        let time: Bitrix24JSON
        switch chargeOperatingTime(method: key, record: &record) {
        case .success(let block): time = block
        case .failure(let rejection): return rejection.outcome
        }
        if isV3 { return await serveV3(incoming, time: time, after: executeThen, record: &record) }
        var (status, envelope) = await execute(incoming, record: &record)
        envelope["time"] = time
        return finish(status: status, envelope: envelope, after: executeThen, record: &record)
    }

    /// A reply that ends a request early.
    struct Rejection: Error {
        var outcome: Outcome
    }

    /// Renamed host: 302 to the same path elsewhere.
    private func renameRedirect(_ request: Request, record: inout FakePortal.RecordedRequest) -> Outcome? {
        let hostName = (request.headers["host"] ?? "").split(separator: ":").first.map { String($0).lowercased() } ?? ""
        guard let newHost = renamed[hostName] else { return nil }
        record.method = request.segments.last ?? ""
        record.status = 302
        return .reply(status: 302, headers: ["Location": "http://\(newHost):\(port)\(request.path)"], body: Data())
    }

    /// The parameters (query, then a JSON or form body) and the method, authenticated:
    /// `/rest/{user}/{code}/{method}` (webhook) or `/rest/{method}` with `auth` (OAuth).
    private func readCall(_ request: Request, record: inout FakePortal.RecordedRequest) -> Result<Incoming, Rejection> {
        var parameters = Bitrix24FormEncoding.parse(request.query)
        var cmdOrder: [String] = []
        let body = request.body
        if !body.isEmpty {
            if (request.headers["content-type"] ?? "").contains("json") || body.first == UInt8(ascii: "{") {
                guard case .object(let object)? = try? JSONDecoder().decode(Bitrix24JSON.self, from: body) else {
                    return .failure(Rejection(outcome: reply(400, error: "INVALID_REQUEST", "Body is not JSON", record: &record)))
                }
                parameters.merge(object) { _, new in new }
                cmdOrder = Self.keyOrder(in: body, of: parameters["cmd"])
            } else {
                parameters.merge(Bitrix24FormEncoding.parse(String(decoding: body, as: UTF8.self))) { _, new in new }
            }
        }
        let segments = request.segments
        var method: String
        if segments.count >= 4, Int(segments[1]) != nil {
            method = segments[3]
            guard segments[1] == String(configuration.webhookUserID), segments[2] == configuration.webhookCode else {
                record.method = method
                return .failure(Rejection(outcome: reply(401, error: "NO_AUTH_FOUND", "Wrong authorization data", record: &record)))
            }
        } else {
            method = segments[1]
            let token: String? = if case .string(let t)? = parameters["auth"] { t } else { nil }
            parameters["auth"] = nil
            record.method = method.hasSuffix(".json") ? String(method.dropLast(5)) : method
            if let rejection = checkAccessToken(token, record: &record) { return .failure(rejection) }
        }
        if method.hasSuffix(".json") { method = String(method.dropLast(5)) }
        return .success(Incoming(method: method, parameters: parameters, cmdOrder: cmdOrder))
    }

    func checkAccessToken(_ token: String?, record: inout FakePortal.RecordedRequest) -> Rejection? {
        guard let token, token == accessToken || issued.contains(token) else {
            return Rejection(outcome: reply(401, error: "NO_AUTH_FOUND", "Wrong authorization data", record: &record))
        }
        if token != accessToken || accessExpired {
            return Rejection(outcome: reply(401, error: "expired_token", "The access token provided has expired.", record: &record))
        }
        return nil
    }

    /// The method's reply, after the fault that was to follow its execution.
    func finish(
        status: Int, envelope: [String: Bitrix24JSON], after fault: FakePortal.Fault?, record: inout FakePortal.RecordedRequest
    ) -> Outcome {
        record.errorCode = Self.errorCode(in: envelope) ?? record.errorCode
        switch fault {
        case .internalServerError?:
            return reply(500, error: "INTERNAL_SERVER_ERROR", "Internal server error", record: &record)
        case .truncatedJSON?:
            let full = Self.encode(.object(envelope))
            record.status = status
            return .reply(status: status, headers: ["Content-Type": "application/json"], body: full.prefix(max(1, full.count / 2)))
        case .resetAfterExecuting?:
            record.status = 0
            return .reset
        case .delay(let duration)?:
            record.status = status
            return .delayed(duration, .reply(status: status, headers: ["Content-Type": "application/json"], body: Self.encode(.object(envelope))))
        default:
            return reply(status == 200 && envelope["error"] != nil ? 400 : status, envelope, record: &record)
        }
    }

    // MARK: Replies

    /// A JSON reply; at a REST 3.0 address a classic error (`error`, `error_description`) is sent in the REST 3.0
    /// format (`{"error": {"code", "message"}}`).
    func reply(_ status: Int, _ envelope: [String: Bitrix24JSON], record: inout FakePortal.RecordedRequest) -> Outcome {
        record.status = status
        var envelope = envelope
        if record.version == .v3, case .string(let code)? = envelope["error"] {
            envelope["error"] = .object(["code": .string(code), "message": envelope["error_description"] ?? .string("")])
            envelope["error_description"] = nil
        }
        record.errorCode = Self.errorCode(in: envelope) ?? record.errorCode
        return .reply(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: Self.encode(.object(envelope)))
    }

    /// The error code of a reply in either format.
    static func errorCode(in envelope: [String: Bitrix24JSON]) -> String? {
        switch envelope["error"] {
        case .string(let code)?: code
        case .object(let error)?: if case .string(let code)? = error["code"] { code } else { nil }
        default: nil
        }
    }

    /// An error reply: `{"error": code, "error_description": description}`.
    func reply(_ status: Int, error code: String, _ description: String, record: inout FakePortal.RecordedRequest) -> Outcome {
        reply(status, ["error": .string(code), "error_description": .string(description)], record: &record)
    }

    static func encode(_ value: Bitrix24JSON) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    /// The order of `cmd`'s keys as they appear in the raw JSON body (PHP keeps insertion order).
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
}
