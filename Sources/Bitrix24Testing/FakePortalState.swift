import Bitrix24Core
import Foundation

/// The fake portal's state and protocol logic (no sockets here). A request goes through
/// `handle` → `route` (`+Routing`: address, parameters, auth), scripted faults and the portal's limits
/// (`+Limits`), then a method (`+Methods`, `+Batch`, `+OAuth`).
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

    typealias Handler = @Sendable (FakePortal.Call) async throws -> FakePortal.Reply

    private(set) var configuration: FakePortal.Configuration
    var port: UInt16 = 0
    private(set) var recorded: [FakePortal.RecordedRequest] = []
    var faults: [ScriptedFault] = []
    var handlers: [String: Handler] = [:]
    var entities: [String: Entity] = [:]
    /// How each entity's rows look in a list reply (rows key, ID spelling); default `ID`, rows in `result`.
    var listShapes: [String: FakePortal.ListShape] = [:]
    /// Widget commands answered through `placement.call` with an interface error, by command (lower-cased).
    var widgetErrors: [String: String] = [:]
    var renamed: [String: String] = [:]

    // REST 3.0 (`+RESTv3`, `+V3Methods`).
    /// Methods that answer `404 ERROR_METHOD_NOT_FOUND` at the classic address (lower-cased).
    var restV3Only: Set<String> = []
    /// Fields a REST 3.0 `*.add` requires in `fields`, by method (lower-cased).
    var requiredFields: [String: [String]] = [:]
    /// Related objects: entity → field → (the row field holding its ID, the target entity).
    var relations: [String: [String: Relation]] = [:]
    /// Stored successful replies by `key + method`, in the order first used.
    var idempotency: [StoredReply] = []

    // The limits. Times are on the portal's monotonic clock; the wall clock only writes the `time` block.
    var bucketLevel: Double = 0
    var bucketLast: Duration
    var operating: [String: (used: Duration, windowStart: Duration)] = [:]
    var blockedUntil: [String: Duration] = [:]

    // OAuth.
    var accessToken: String
    var refreshToken: String
    var accessExpired = false
    var issued: [String] = []
    var refreshCount = 0

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

    func setHandler(_ method: String, _ handler: @escaping Handler) {
        handlers[method.lowercased()] = handler
    }

    func setListShape(_ shape: FakePortal.ListShape, entity: String) { listShapes[entity.lowercased()] = shape }
    func shape(of entity: String) -> FakePortal.ListShape { listShapes[entity.lowercased()] ?? FakePortal.ListShape() }

    func setWidgetError(_ code: String?, command: String) { widgetErrors[command.lowercased()] = code }

    func seed(entity: String, records: [[String: Bitrix24JSON]]) -> [Int] {
        var store = entities[entity.lowercased()] ?? Entity()
        let idField = shape(of: entity).idField
        var ids: [Int] = []
        for record in records {
            let id = store.nextID
            store.nextID += 1
            var fields = record
            fields[idField] = .string(String(id))
            store.rows.append((id, fields))
            ids.append(id)
        }
        entities[entity.lowercased()] = store
        return ids
    }

    func records(entity: String) -> [[String: Bitrix24JSON]] { entities[entity.lowercased()]?.rows.map(\.fields) ?? [] }

    /// Serves one HTTP request and records it.
    func handle(httpMethod: String, path: String, query: String, headers: [String: String], body: Data) async -> Outcome {
        var record = FakePortal.RecordedRequest(
            httpMethod: httpMethod, path: Bitrix24Redactor.redactByShape(path), host: headers["host"] ?? "", method: "",
            parameters: [:], batchMethods: [], status: 0, errorCode: nil, fault: nil, time: configuration.clock.monotonic(),
            userAgent: headers["user-agent"])
        let request = Request(httpMethod: httpMethod, path: path, query: query, headers: headers, body: body)
        let outcome = await route(request, record: &record)
        recorded.append(record)
        return outcome
    }
}
