import Bitrix24Core
import FlyingFox
import FlyingSocks
import Foundation

/// A fake Bitrix24 portal: a real HTTP server on 127.0.0.1 (random free port) that speaks the REST
/// protocol well enough to test a client against — webhook and OAuth auth, the OAuth token endpoint,
/// the leaky bucket, per-method operating time, list paging (start/next and `>ID`), `batch` with
/// `$result` references, generic CRUD over in-memory records, user handlers, every request recorded,
/// and scripted faults — and REST 3.0 at `/rest/api/` (see `FakePortal+RESTv3.swift`).
///
/// ```swift
/// try await withFakePortal { portal in
///     let b24 = Bitrix24Client(auth: .webhook(await portal.webhookURL()))
///     …
/// }
/// ```
/// (or ``start(_:)`` and ``stop()`` where a scope does not fit).
public final class FakePortal: Sendable {
    /// How the portal behaves.
    public struct Configuration: Sendable {
        /// The leaky bucket the portal enforces (`nil`: none).
        public var rateLimit: Bitrix24Client.RateLimit?
        /// Operating time a method may use per window before `OPERATION_TIME_LIMIT`.
        public var operatingTimeLimit: Duration
        /// The operating-time window.
        public var operatingWindow: Duration
        /// Operating time charged per call, by method (lower-cased names); others cost nothing.
        public var operatingCost: [String: Duration]
        /// The webhook's user id and code.
        public var webhookUserID: Int
        /// The webhook's code (random by default).
        public var webhookCode: String
        /// OAuth client credentials and the first tokens.
        public var clientID: String
        /// The app's `client_secret`.
        public var clientSecret: String
        /// The first access token.
        public var accessToken: String
        /// The first refresh token.
        public var refreshToken: String
        /// How long the token endpoint takes to answer (widens races in tests).
        public var refreshDelay: Duration
        /// Rows per list page.
        public var pageSize: Int
        /// The portal's time source (share an accelerated clock with the client).
        public var clock: Bitrix24Client.Clock

        /// A configuration; by default the standard plan's bucket, no operating cost, random secrets.
        public init(
            rateLimit: Bitrix24Client.RateLimit? = Bitrix24Client.RateLimit(burst: 50, perSecond: 2, safetyMargin: 0),
            operatingTimeLimit: Duration = .seconds(480), operatingWindow: Duration = .seconds(600),
            operatingCost: [String: Duration] = [:],
            webhookUserID: Int = 1, webhookCode: String = FakePortal.randomSecret(),
            clientID: String = "app.fake.client", clientSecret: String = FakePortal.randomSecret(),
            accessToken: String = FakePortal.randomSecret(), refreshToken: String = FakePortal.randomSecret(),
            refreshDelay: Duration = .milliseconds(50), pageSize: Int = 50, clock: Bitrix24Client.Clock = .system
        ) {
            self.rateLimit = rateLimit
            self.operatingTimeLimit = operatingTimeLimit
            self.operatingWindow = operatingWindow
            self.operatingCost = operatingCost
            self.webhookUserID = webhookUserID
            self.webhookCode = webhookCode
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.accessToken = accessToken
            self.refreshToken = refreshToken
            self.refreshDelay = refreshDelay
            self.pageSize = pageSize
            self.clock = clock
        }
    }

    /// A scripted fault, served instead of (or after) the normal reply.
    public enum Fault: Sendable, Hashable {
        /// 503 `QUERY_LIMIT_EXCEEDED`, call not executed.
        case queryLimitExceeded
        /// 503 `OVERLOAD_LIMIT`, call not executed.
        case overloadLimit
        /// 429 `OPERATION_TIME_LIMIT` with `operating_reset_at` = now + `resetAfter`; the method stays blocked until then.
        case operationTimeLimit(resetAfter: Duration)
        /// The call is executed, then 500 `INTERNAL_SERVER_ERROR` is returned (the worst case for writes).
        case internalServerError
        /// A 502 HTML error page, call not executed.
        case html
        /// The call is executed and its Bitrix24JSON reply cut in half.
        case truncatedJSON
        /// The connection is closed without a reply, call not executed.
        case connectionReset
        /// The reply is held back this long (real time; the call is executed).
        case delay(Duration)
        /// 302 to the same path on `host` (e.g. `localhost`) and this port, call not executed.
        case redirect(toHost: String)
        /// 302 to the same path at another address — scheme, host and port of `url` (e.g. another portal
        /// standing in for a foreign host), call not executed.
        case redirectElsewhere(URL)
        /// The call is executed, then the connection is closed without a reply (a reply lost on the way).
        case resetAfterExecuting
        /// 401 `expired_token`, call not executed.
        case expiredToken
    }

    /// One HTTP request the portal received.
    public struct RecordedRequest: Sendable, CustomStringConvertible {
        /// `POST`, or `GET` for the token endpoint.
        public var httpMethod: String
        /// The path with the webhook code redacted.
        public var path: String
        /// The `Host` header.
        public var host: String
        /// The REST method (`crm.deal.add`, `batch`), or `oauth/token`.
        public var method: String
        /// The parameters (without `auth`).
        public var parameters: [String: Bitrix24JSON]
        /// For `batch`: the methods of its commands, in order.
        public var batchMethods: [String]
        /// The HTTP status replied (0 for a reset connection).
        public var status: Int
        /// The error code replied, if any.
        public var errorCode: String?
        /// The fault served, if any.
        public var fault: Fault?
        /// The API addressed: classic (`/rest/…`) or REST 3.0 (`/rest/api/…`).
        public var version: Bitrix24MethodInfo.Version = .classic
        /// The `Idempotency-Key` header, if any.
        public var idempotencyKey: String?
        /// True when the portal answered with a stored reply (`Idempotent-Replayed: true`) instead of running the method.
        public var replayed = false
        /// When it arrived (the portal's monotonic clock: compare two of them).
        public var time: Duration
        /// The `User-Agent` header.
        public var userAgent: String?

        public var description: String {
            "\(httpMethod) \(version == .v3 ? "api/" : "")\(method) → \(status)\(errorCode.map { " \($0)" } ?? "")\(replayed ? " (replayed)" : "")"
        }
    }

    /// A REST call as a user handler sees it.
    public struct Call: Sendable {
        /// The method name as called.
        public var method: String
        /// The decoded parameters.
        public var parameters: [String: Bitrix24JSON]
        /// The API it was called in.
        public var version: Bitrix24MethodInfo.Version = .classic
    }

    /// What a user handler replies. At `/rest/api/` a result is sent as `{"result": …}` and an error in the REST 3.0
    /// format (`{"error": {"code", "message", "validation"}}`).
    public enum Reply: Sendable {
        case result(Bitrix24JSON, total: Int? = nil, next: Int? = nil)
        case error(status: Int, code: String, description: String)
        /// A REST 3.0 error with its validation details (at a classic address: `error` and `error_description`).
        case restV3Error(status: Int = 400, code: String, message: String, validation: [Bitrix24Error.ValidationIssue] = [])
    }

    private let server: HTTPServer
    private let serverTask: Task<Void, any Error>
    let state: FakePortalState
    /// The TCP port the portal listens on.
    public let port: UInt16

    private init(server: HTTPServer, task: Task<Void, any Error>, state: FakePortalState, port: UInt16) {
        self.server = server
        self.serverTask = task
        self.state = state
        self.port = port
    }

    /// Starts a portal on 127.0.0.1 on a free port.
    public static func start(_ configuration: Configuration = Configuration()) async throws -> FakePortal {
        let state = FakePortalState(configuration: configuration)
        let server = HTTPServer(
            address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 120,
            pool: NoDelaySocketPool(inner: HTTPServer.defaultPool()), logger: .disabled)
        await server.appendRoute("*") { request in
            await FakePortal.serve(request, state: state)
        }
        let task = Task { try await server.run() }
        try await server.waitUntilListening(timeout: 10)
        guard let address = await server.listeningAddress, case .ip4(_, let port) = address else {
            task.cancel()
            throw Bitrix24Error(kind: .network, message: "the fake portal could not determine its port")
        }
        await state.setPort(port)
        return FakePortal(server: server, task: task, state: state, port: port)
    }

    /// Stops the server.
    public func stop() async {
        await server.stop(timeout: 0)
        serverTask.cancel()
    }

    /// `http://127.0.0.1:{port}/`
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/")! }
    /// The same portal under another name, `http://localhost:{port}/` (a rename target).
    public var alternateBaseURL: URL { URL(string: "http://localhost:\(port)/")! }
    /// The incoming webhook: `http://127.0.0.1:{port}/rest/{user}/{code}/`.
    public func webhookURL() async -> URL {
        let configuration = await state.configuration
        return URL(string: "http://127.0.0.1:\(port)/rest/\(configuration.webhookUserID)/\(configuration.webhookCode)/")!
    }
    /// The OAuth client endpoint: `http://127.0.0.1:{port}/rest/`.
    public var clientEndpoint: URL { URL(string: "http://127.0.0.1:\(port)/rest/")! }
    /// The OAuth server: `http://127.0.0.1:{port}/oauth/` (token endpoint `…/oauth/token/`).
    public var oauthServer: URL { URL(string: "http://127.0.0.1:\(port)/oauth/")! }

    /// The current OAuth tokens, as a client would hold them.
    public func oauthTokens() async -> Bitrix24Client.OAuthTokens {
        let (access, refresh) = await state.currentTokens()
        return Bitrix24Client.OAuthTokens(
            accessToken: access, refreshToken: refresh, clientEndpoint: clientEndpoint, serverEndpoint: oauthServer,
            domain: "127.0.0.1:\(port)")
    }

    /// The app's OAuth credentials.
    public func oauthCredentials() async -> Bitrix24Client.OAuthCredentials {
        let configuration = await state.configuration
        return Bitrix24Client.OAuthCredentials(clientID: configuration.clientID, clientSecret: configuration.clientSecret)
    }

    /// Every secret the portal knows (webhook code, client secret, every token issued) — to assert
    /// none leaks.
    public func allSecrets() async -> [String] { await state.allSecrets() }

    /// Serves `fault` to the next `times` requests for `method` (any method when `nil`).
    public func inject(_ fault: Fault, method: String? = nil, times: Int = 1) async {
        await state.inject(fault, method: method, times: times)
    }

    /// Answers `method` with `handler` (replacing the built-in behaviour; for `batch`, the handler's `.result` is the
    /// whole batch reply's `result`: `result`, `result_error`, `result_total`, … as a test shapes them).
    public func handle(_ method: String, _ handler: @escaping @Sendable (Call) async throws -> Reply) async {
        await state.setHandler(method, handler)
    }

    /// Adds records to `entity` (`crm.deal`); IDs are assigned in order. Returns the IDs.
    @discardableResult
    public func seed(entity: String, records: [[String: Bitrix24JSON]]) async -> [Int] {
        await state.seed(entity: entity, records: records)
    }

    /// How a list method shows an entity's rows: under a key inside `result` or as `result` itself, and
    /// the ID field's spelling (`ID`, `id`).
    public struct ListShape: Sendable, Hashable {
        /// The key under `result` where the rows sit (`items`, `tasks`), or `nil` for rows as `result`.
        public var rowsKey: String?
        /// The ID field as rows spell it; `filter[>ID]` and `order {ID: ASC}` take it in any case (as the portal
        /// does: `tasks.task.list` rows spell it `id`, its filter `ID`).
        public var idField: String

        public init(rowsKey: String? = nil, idField: String = "ID") {
            self.rowsKey = rowsKey
            self.idField = idField
        }
    }

    /// Makes `entity`'s list method answer in `shape` (set it before seeding: seeded rows carry its ID field).
    public func setListShape(_ shape: ListShape, for entity: String) async { await state.setListShape(shape, entity: entity) }

    /// Makes the built-in `placement.call` answer widget command `command` with an interface error (HTTP 200,
    /// `[{"result": "error", "errorCode": code}]`), or, with `nil`, with success (an empty array) again.
    public func answerWidgetCommand(_ command: String, withInterfaceError code: String?) async {
        await state.setWidgetError(code, command: command)
    }

    /// The records of `entity`, by ID.
    public func records(entity: String) async -> [[String: Bitrix24JSON]] { await state.records(entity: entity) }

    /// Every request received so far, in arrival order.
    public func requests() async -> [RecordedRequest] { await state.recorded }

    /// Forgets recorded requests.
    public func clearRequests() async { await state.clearRecorded() }

    /// Makes the current access token expire: calls with it get 401 `expired_token`.
    public func expireAccessToken() async { await state.expireAccessToken() }

    /// How many successful token refreshes the portal served.
    public func refreshCount() async -> Int { await state.refreshCount }

    /// From now on every request to `host` is answered with 302 to the same path on `newHost`.
    public func rename(host: String, to newHost: String) async { await state.rename(host: host, to: newHost) }

    // MARK: Serving

    static func serve(_ request: HTTPRequest, state: FakePortalState) async -> HTTPResponse {
        let body = (try? await request.bodyData) ?? Data()
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
        let query = request.query.map { "\($0.name)=\(Bitrix24FormEncoding.urlencode($0.value))" }.joined(separator: "&")
        let outcome = await state.handle(
            httpMethod: request.method.rawValue, path: request.path, query: query, headers: headers, body: body)
        return await render(outcome)
    }

    static func render(_ outcome: FakePortalState.Outcome) async -> HTTPResponse {
        switch outcome {
        case .reply(let status, let headers, let body):
            var httpHeaders = HTTPHeaders()
            for (name, value) in headers { httpHeaders[HTTPHeader(name)] = value }
            return HTTPResponse(statusCode: HTTPStatusCode(status, phrase: phrase(status)), headers: httpHeaders, body: body)
        case .reset:
            return HTTPResponse(webSocket: ResetHandler())
        case .delayed(let duration, let inner):
            try? await Task.sleep(for: max(.zero, duration))
            return await render(inner)
        }
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 302: "Found"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    /// A random 24-character secret.
    public static func randomSecret() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<24).map { _ in alphabet.randomElement() ?? "x" })
    }
}

/// Closes the connection without writing a byte (a "connection reset" for the client).
struct ResetHandler: WSHandler {
    struct Reset: Error {}
    func makeFrames(for client: AsyncThrowingStream<WSFrame, any Error>) async throws -> AsyncStream<WSFrame> {
        throw Reset()
    }
}

/// The default socket pool, plus `TCP_NODELAY` on every socket it waits for. FlyingFox writes a
/// response's head and body separately; with Nagle's algorithm the body then waits for the
/// client's delayed ACK (40 ms per request on Linux loopback). Accepted sockets inherit the option
/// from the listening socket, which waits here for `accept`.
struct NoDelaySocketPool: AsyncSocketPool {
    let inner: any AsyncSocketPool

    func prepare() async throws { try await inner.prepare() }
    func run() async throws { try await inner.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        var one: Int32 = 1
        // IPPROTO_TCP = 6 and TCP_NODELAY = 1 on Linux and Darwin.
        _ = setsockopt(socket.file.rawValue, 6, 1, &one, socklen_t(MemoryLayout<Int32>.size))
        try await inner.suspendSocket(socket, untilReadyFor: events)
    }
}
