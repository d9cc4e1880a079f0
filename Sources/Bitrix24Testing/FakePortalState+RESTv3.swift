import Bitrix24Core
import Foundation

/// REST 3.0: reading a call at `/rest/api/`, and `Idempotency-Key` (stored replies, replays, reused keys).
extension FakePortalState {
    /// A related object of an entity's rows.
    struct Relation: Sendable {
        /// The row field holding the related object's ID (`responsibleId`).
        var idField: String
        /// The entity the related object is a record of (`user`).
        var target: String
    }

    /// The reply of a successful call, stored under its key and method.
    struct StoredReply {
        var key: String
        var method: String
        /// The canonical body it answered (another body with the same key is refused).
        var bodyDigest: String
        var status: Int
        var body: Data
        var replays = 0
    }

    func markRESTv3Only(_ methods: [String]) { restV3Only.formUnion(methods.map { $0.lowercased() }) }
    func requireFields(_ fields: [String], method: String) { requiredFields[method.lowercased()] = fields }

    func relate(entity: String, field: String, via idField: String, to target: String) {
        relations[entity.lowercased(), default: [:]][field] = Relation(idField: idField, target: target.lowercased())
    }

    func idempotencyEntries() -> [FakePortal.IdempotencyEntry] {
        idempotency.map { FakePortal.IdempotencyEntry(key: $0.key, method: $0.method, replays: $0.replays) }
    }

    /// A REST 3.0 call: `/rest/api/{user}/{code}/{method}` (webhook) or `/rest/api/{method}` with `auth` in the JSON
    /// body (or, for an array body, the query). Only a JSON body is read; the query string is not.
    func readV3Call(_ request: Request, record: inout FakePortal.RecordedRequest) -> Result<Incoming, Rejection> {
        var parameters: [String: Bitrix24JSON] = [:]
        var items: [Bitrix24JSON]?
        let body = request.body
        if body.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            let json = (request.headers["content-type"] ?? "").contains("json") ? try? JSONDecoder().decode(Bitrix24JSON.self, from: body) : nil
            switch json {
            case .object(let object)?: parameters = object
            case .array(let array)?: items = array
            default:
                record.method = request.segments.last ?? ""
                return .failure(Rejection(outcome: reply(
                    400, error: "BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION", "The request body is not valid JSON", record: &record)))
            }
        }
        let segments = request.segments
        let method: String
        if segments.count >= 5, Int(segments[2]) != nil {
            method = segments[4]
            guard segments[2] == String(configuration.webhookUserID), segments[3] == configuration.webhookCode else {
                record.method = method
                return .failure(Rejection(outcome: reply(401, error: "NO_AUTH_FOUND", "Wrong authorization data", record: &record)))
            }
        } else {
            method = segments.count >= 3 ? segments[2] : ""
            record.method = method
            // REST 3.0 takes the token in the JSON body; a batch, whose body is an array, in the query.
            let carrier = items == nil ? parameters["auth"] : Bitrix24FormEncoding.parse(request.query)["auth"]
            let token: String? = if case .string(let t)? = carrier { t } else { nil }
            if let rejection = checkAccessToken(token, record: &record) { return .failure(rejection) }
        }
        parameters["auth"] = nil
        let digest = String(decoding: Self.encode(items.map(Bitrix24JSON.array) ?? .object(parameters)), as: UTF8.self)
        return .success(Incoming(
            method: method, parameters: parameters, cmdOrder: [], idempotencyKey: request.headers["idempotency-key"], items: items,
            bodyDigest: digest))
    }

    /// Runs a REST 3.0 call once its limits are charged: a stored reply for its key (or a refusal of the key), else
    /// the method — whose successful reply is stored under the key before any fault shapes what is sent.
    func serveV3(
        _ incoming: Incoming, time: Bitrix24JSON, after fault: FakePortal.Fault?, record: inout FakePortal.RecordedRequest
    ) async -> Outcome {
        let method = incoming.method.lowercased()
        if let key = incoming.idempotencyKey,
            let answer = idempotentAnswer(key: key, method: method, digest: incoming.bodyDigest, record: &record)
        {
            return record.replayed ? losing(answer, to: fault, record: &record) : answer
        }
        var (status, envelope): (Int, [String: Bitrix24JSON])
        if method == "batch" {
            (status, envelope) = await v3Batch(incoming, record: &record)
        } else if incoming.items != nil {
            (status, envelope) = Self.v3Error(400, "BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION", "The request body must be a JSON object")
        } else {
            (status, envelope) = await v3Call(method: incoming.method, parameters: incoming.parameters)
        }
        envelope["time"] = time
        if let key = incoming.idempotencyKey, status == 200, envelope["error"] == nil {
            idempotency.append(StoredReply(
                key: key, method: method, bodyDigest: incoming.bodyDigest, status: status, body: Self.encode(.object(envelope))))
        }
        let outcome = finish(status: status, envelope: envelope, after: fault, record: &record)
        return incoming.idempotencyKey.map { Self.adding(["Idempotency-Key": $0], to: outcome) } ?? outcome
    }

    /// What a key says before the method runs: refused (malformed, or used with another body), a stored reply
    /// replayed, or `nil` (run the method).
    private func idempotentAnswer(key: String, method: String, digest: String, record: inout FakePortal.RecordedRequest) -> Outcome? {
        let bytes = Array(key.utf8)
        guard (1...255).contains(bytes.count), bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            return reply(
                400, error: "BITRIX_REST_V3_EXCEPTION_INVALIDIDEMPOTENCYKEYEXCEPTION",
                "The Idempotency-Key must be 1 to 255 printable ASCII characters", record: &record)
        }
        guard let index = idempotency.firstIndex(where: { $0.key == key && $0.method == method }) else { return nil }
        guard idempotency[index].bodyDigest == digest else {
            let refused = reply(
                422, error: "BITRIX_REST_V3_EXCEPTION_IDEMPOTENCYKEYREUSEDEXCEPTION",
                "The Idempotency-Key was already used with a different request body", record: &record)
            return Self.adding(["Idempotency-Key": key], to: refused)
        }
        idempotency[index].replays += 1
        record.status = idempotency[index].status
        record.replayed = true
        return .reply(
            status: idempotency[index].status,
            headers: ["Content-Type": "application/json; charset=utf-8", "Idempotency-Key": key, "Idempotent-Replayed": "true"],
            body: idempotency[index].body)
    }

    /// A replayed reply after the fault that was to follow the call: a replay can be lost on the way too.
    private func losing(_ replay: Outcome, to fault: FakePortal.Fault?, record: inout FakePortal.RecordedRequest) -> Outcome {
        switch fault {
        case .internalServerError?: return reply(500, error: "INTERNAL_SERVER_ERROR", "Internal server error", record: &record)
        case .resetAfterExecuting?:
            record.status = 0
            return .reset
        case .delay(let duration)?: return .delayed(duration, replay)
        case .truncatedJSON?:
            guard case .reply(let status, let headers, let body) = replay else { return replay }
            return .reply(status: status, headers: headers, body: body.prefix(max(1, body.count / 2)))
        default: return replay
        }
    }

    /// `outcome` with `headers` added to its reply.
    static func adding(_ headers: [String: String], to outcome: Outcome) -> Outcome {
        switch outcome {
        case .reply(let status, let existing, let body): .reply(status: status, headers: existing.merging(headers) { _, new in new }, body: body)
        case .delayed(let duration, let inner): .delayed(duration, adding(headers, to: inner))
        case .reset: .reset
        }
    }

    /// A REST 3.0 error envelope.
    static func v3Error(
        _ status: Int, _ code: String, _ message: String, validation: [Bitrix24Error.ValidationIssue] = []
    ) -> (Int, [String: Bitrix24JSON]) {
        var error: [String: Bitrix24JSON] = ["code": .string(code), "message": .string(message)]
        if !validation.isEmpty {
            error["validation"] = .array(validation.map { issue in
                var item: [String: Bitrix24JSON] = ["message": .string(issue.message)]
                if let field = issue.field { item["field"] = .string(field) }
                return .object(item)
            })
        }
        return (status, ["error": .object(error)])
    }

    /// `400 …REQUESTVALIDATIONEXCEPTION` for required `fields` that are missing.
    static func missing(_ fields: [String]) -> (Int, [String: Bitrix24JSON]) {
        v3Error(
            400, "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION", "Error validating request object",
            validation: fields.map { Bitrix24Error.ValidationIssue(field: $0, message: "Required field `\($0)` is not specified") })
    }
}
