import Foundation

// The seam between generated code and the hand-written runtime.
//
// Generated code only ever:
//   * builds `Bitrix24Request<Result>` values (method info + Encodable parameters),
//   * hands them to `Bitrix24Client.perform(_:)` / `send(_:)` / `paginate(_:)`,
//   * decodes typed values with the lenient coders in `Values/`,
//   * builds `Bitrix24PlacementCommand` / `Bitrix24PlacementEvent` values,
//   * names REST events with `Bitrix24EventName` (static members, bound through `event.bind`),
//   * decodes `Bitrix24Event` into typed event payloads.
// The runtime owns everything else (auth, transport, limits, retries, batch, paging, logging).

/// What the generated metadata says about a method.
public struct Bitrix24MethodInfo: Sendable, Hashable, CustomStringConvertible {
    /// How a method may be repeated after a failure that may have reached the portal (a lost reply, a
    /// timeout, a 5xx). Every class is repeated after `QUERY_LIMIT_EXCEEDED` and operating-time waits (the
    /// portal did not run the call) and after a failure that certainly never left the client.
    /// The generator assigns one per method from what its page says it does.
    public enum RetryClass: String, Sendable, Hashable, CaseIterable {
        /// Reads and changes nothing (`*.get`, `*.list`, `*.fields`): repeated.
        case read
        /// Reads *and removes* what it returns — a queue (`event.offline.get` by default): never repeated
        /// blindly, since a lost reply plus a repeat would take a second batch nobody saw the first of. A
        /// failure after the call may have run says so (``Bitrix24Error/mayHaveBeenExecuted``).
        case consumingRead
        /// A write whose repetition leaves the same state (`*.update`, `*.set` of named items): repeated.
        case idempotentWrite
        /// Removes an item named by its ID (`*.delete`): repeated; when the repeat finds the item gone
        /// (`NOT_FOUND`), the call fails as ``Bitrix24Error/Kind/alreadyDeleted`` — the earlier attempt
        /// whose reply was lost most likely removed it.
        case delete
        /// A write that must never run twice: anything that may create (`*.add`, an `edit` that may create),
        /// that picks its target by position (a `…@1` selector), and anything unknown. Not repeated.
        case write

        /// Whether sending the method twice is harmless, so that the client may repeat it after a failure
        /// that may have reached the portal.
        public var repeatsSafely: Bool {
            switch self {
            case .read, .idempotentWrite, .delete: true
            case .consumingRead, .write: false
            }
        }

        /// The class of a batch holding methods of these classes: its least repeatable one.
        public static func batch<S: Sequence>(of classes: S) -> RetryClass where S.Element == RetryClass {
            let all = Set(classes)
            if all.contains(.write) || all.contains(.consumingRead) { return .write }
            if all.contains(.idempotentWrite) || all.contains(.delete) { return .idempotentWrite }
            return .read
        }
    }

    /// How a list method pages.
    public struct Paging: Sendable, Hashable {
        /// Where the rows sit in `result`: `nil` when `result` is the array itself, else the key (`tasks`, `items`).
        public var rowsKey: String?
        /// The ID field for the keyset fast export (`ID`, `id`), when the method supports `filter` + `order` on it.
        public var idField: String?
        /// REST 3.0: whether the method takes a `pagination` parameter (page/limit/offset or a cursor). A list that
        /// takes none (`tasks.task.field.list`) is read in one request, sent as it is. Ignored for classic methods.
        public var takesPagination: Bool

        public init(rowsKey: String? = nil, idField: String? = nil, takesPagination: Bool = true) {
            self.rowsKey = rowsKey
            self.idField = idField
            self.takesPagination = takesPagination
        }
    }

    /// Which REST API a method is called in, as its page documents it.
    public enum Version: String, Sendable, Hashable, CaseIterable {
        /// The classic API: `/rest/{user}/{code}/{method}` or `{client_endpoint}{method}`.
        case classic = "2"
        /// REST 3.0: `/rest/api/{user}/{code}/{method}` or `/rest/api/{method}` with `auth` in the body. A method
        /// documented only there answers `404 ERROR_METHOD_NOT_FOUND` at the classic address.
        case v3 = "3"
    }

    /// The method name as the docs write it (`crm.deal.add`).
    public var name: String
    public var retry: RetryClass
    public var paging: Paging?
    /// The API the method is called in.
    public var version: Version

    public init(name: String, retry: RetryClass, paging: Paging? = nil, version: Version = .classic) {
        self.name = name
        self.retry = retry
        self.paging = paging
        self.version = version
    }

    public var description: String { name }
}

/// A typed request: a method and its parameters, not yet sent. Built by the generated API,
/// executed by ``Bitrix24Client`` or collected into a batch. Building one never throws; the
/// parameters are encoded when the request is sent.
public struct Bitrix24Request<Result: Decodable & Sendable>: Sendable {
    enum Body: Sendable {
        case object([String: Bitrix24JSON])
        case encodable(any Encodable & Sendable)
    }

    /// How the reply is read beyond its type.
    enum Reading: Sendable, Hashable {
        /// `result` is the result.
        case result
        /// `result` is a widget's answer to command `name`, which may be an interface error (HTTP 200).
        case widgetCommand(name: String)
    }

    public var method: Bitrix24MethodInfo
    let body: Body
    var reading = Reading.result

    /// A request whose parameters are already a JSON object (keys as the docs write them).
    public init(method: Bitrix24MethodInfo, parameters: [String: Bitrix24JSON] = [:]) {
        self.method = method
        self.body = .object(parameters)
    }

    /// A request whose parameters are an `Encodable` struct whose coding keys are the docs' names.
    public init(method: Bitrix24MethodInfo, encoding parameters: some Encodable & Sendable) {
        self.method = method
        self.body = .encodable(parameters)
    }

    /// The parameters as a JSON object.
    /// - Throws: ``Bitrix24Error`` of kind ``Bitrix24Error/Kind/encoding`` when they do not encode to an object.
    public func encodedParameters() throws -> [String: Bitrix24JSON] {
        switch body {
        case .object(let object):
            return object
        case .encodable(let value):
            let json: Bitrix24JSON
            do {
                json = try Bitrix24JSON(encoding: value)
            } catch {
                throw Bitrix24Error(kind: .encoding, message: "cannot encode parameters: \(error)", method: method.name)
            }
            switch json {
            case .object(let object): return object
            case .null: return [:]
            default: throw Bitrix24Error(kind: .encoding, message: "parameters must encode to a JSON object", method: method.name)
            }
        }
    }
}

/// The root of the generated request factories: `Bitrix24Requests().crm.deal.get(id: 1)` builds a
/// request without sending it. Batch builders receive one (`b24.batch { $0.crm.deal.get(id: 1) }`).
/// The generated code adds a property per top-level namespace.
public struct Bitrix24Requests: Sendable {
    public init() {}
}

extension Bitrix24Client {
    /// The REST 3.0 methods (called at `/rest/api/`): `b24.v3.tasks.task.get(id: 1)`. A method documented in both
    /// APIs has an entry point in each (`b24.tasks.task.get` is the classic one).
    public var v3: Bitrix24V3 { Bitrix24V3(client: self) }
}

/// The root of the REST 3.0 methods. The generated modules add a property per namespace.
public struct Bitrix24V3: Sendable {
    /// The client the methods are sent through.
    public let client: Bitrix24Client

    public init(client: Bitrix24Client) {
        self.client = client
    }

    /// The root of REST 3.0 requests built without being sent.
    public struct Requests: Sendable {
        public init() {}
    }
}

/// A widget interface command (`CallCardSetHold`), sent through `placement.call`.
///
/// The widget answers with HTTP 200 either way: success is typically an empty array (``Bitrix24Done`` is the
/// typed success of commands documented to return nothing), and an interface error is
/// `[{"result": "error", "errorCode": "Call card is undefined"}]`, which the client throws as a
/// ``Bitrix24Error`` of kind ``Bitrix24Error/Kind/interface`` with `errorCode` as its ``Bitrix24Error/code``
/// (the generated code declares each documented code as a ``Bitrix24ErrorCode`` member).
public struct Bitrix24PlacementCommand<Result: Decodable & Sendable>: Sendable {
    /// The command name as the docs write it.
    public var name: String
    /// The placement it works in (`PAGE_BACKGROUND_WORKER`).
    public var placement: String?
    /// The command's `PARAMS`.
    public var parameters: [String: Bitrix24JSON]

    public init(name: String, placement: String? = nil, parameters: [String: Bitrix24JSON] = [:]) {
        self.name = name
        self.placement = placement
        self.parameters = parameters
    }

    /// The `placement.call` request that sends this command (its reply is checked for an interface error).
    public var request: Bitrix24Request<Result> {
        var request = Bitrix24Request<Result>(
            method: Bitrix24MethodInfo(name: "placement.call", retry: .write),
            parameters: ["PLACEMENT": .string(name), "PARAMS": .object(parameters)]
        )
        request.reading = .widgetCommand(name: name)
        return request
    }

    /// The interface error in a widget's answer (`[{"result": "error", "errorCode": …}]`, or the object alone).
    static func interfaceError(in json: Bitrix24JSON, command: String) -> Bitrix24Error? {
        let items: [Bitrix24JSON] = if case .array(let items) = json { items } else { [json] }
        for item in items {
            guard case .object(let object) = item, String(bitrix24JSON: object["result"] ?? .null)?.lowercased() == "error" else { continue }
            let code = (object["errorCode"] ?? object["error"]).flatMap { String(bitrix24JSON: $0) }.flatMap { $0.isEmpty ? nil : $0 }
            let detail = (object["errorMessage"] ?? object["error_description"]).flatMap { String(bitrix24JSON: $0) }
            return Bitrix24Error(
                kind: .interface, code: code.map(Bitrix24ErrorCode.init(rawValue:)),
                message: "the widget answered \(command) with an error" + (detail.map { ": \($0)" } ?? ""),
                httpStatus: 200, method: "placement.call")
        }
        return nil
    }
}

/// A widget interface event (`BackgroundCallCard::holdButtonClick`), bound with `placement.bindEvent`.
public struct Bitrix24PlacementEvent<HandlerData: Decodable & Sendable>: Sendable, Hashable {
    /// The event name as the docs write it.
    public var name: String
    public var placement: String?

    public init(name: String, placement: String? = nil) {
        self.name = name
        self.placement = placement
    }

    /// The `placement.bindEvent` request that binds `handler` to this event.
    public func bindRequest(handler: URL) -> Bitrix24Request<Bitrix24JSON> {
        Bitrix24Request(
            method: Bitrix24MethodInfo(name: "placement.bindEvent", retry: .idempotentWrite),
            parameters: ["PLACEMENT": .string(name), "HANDLER": .string(handler.absoluteString)]
        )
    }
}

/// The name of a REST event (`onCrmDealAdd`), as `event.bind` and `event.unbind` take it and deliveries carry it.
///
/// The portal treats event names without regard to case (deliveries name them in capitals, `ONCRMDEALADD`), so
/// names compare and hash that way. The generated client adds a static member for every documented event.
public struct Bitrix24EventName: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The name as the docs write it.
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public var description: String { rawValue }

    public static func == (lhs: Bitrix24EventName, rhs: Bitrix24EventName) -> Bool {
        lhs.rawValue.uppercased() == rhs.rawValue.uppercased()
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rawValue.uppercased())
    }

    /// The `event.bind` request that has the portal call `handler` when this event happens. (Other settings,
    /// offline events among them, go through the generated `event.bind` method, which takes them all.)
    public func bindRequest(handler: URL) -> Bitrix24Request<Bool> {
        Bitrix24Request(method: Bitrix24MethodInfo(name: "event.bind", retry: .write), parameters: parameters(handler: handler))
    }

    /// The `event.unbind` request that removes the binding of `handler` to this event; the portal answers with the
    /// number of bindings removed.
    public func unbindRequest(handler: URL) -> Bitrix24Request<Bitrix24JSON> {
        Bitrix24Request(method: Bitrix24MethodInfo(name: "event.unbind", retry: .idempotentWrite), parameters: parameters(handler: handler))
    }

    /// What `event.bind` and `event.unbind` both take: this event and the handler's URL.
    private func parameters(handler: URL) -> [String: Bitrix24JSON] {
        ["event": .string(rawValue), "handler": .string(handler.absoluteString)]
    }
}
