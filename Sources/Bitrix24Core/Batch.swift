import Foundation

/// One command of a batch: a key, a method and its parameters.
public struct Bitrix24BatchCommand: Sendable {
    /// The key results and errors are reported under, and references use (`$result[key][ID]`).
    public var key: String
    /// The method and its retry class.
    public var method: Bitrix24MethodInfo
    public var parameters: [String: JSONValue]

    public init(key: String, method: Bitrix24MethodInfo, parameters: [String: JSONValue] = [:]) {
        self.key = key
        self.method = method
        self.parameters = parameters
    }

    /// A command for method `name` (treated as a write unless `retry` says otherwise).
    public init(key: String, method name: String, retry: Bitrix24MethodInfo.RetryClass = .write, parameters: [String: JSONValue] = [:]) {
        self.init(key: key, method: Bitrix24MethodInfo(name: name, retry: retry), parameters: parameters)
    }

    /// A command from a typed request.
    public init<R>(key: String, request: Bitrix24Request<R>) throws {
        do {
            self.init(key: key, method: request.method, parameters: try request.encodedParameters())
        } catch {
            throw Bitrix24Error(kind: .encoding, message: "cannot encode parameters: \(error)", method: request.method.name, batchKey: key)
        }
    }

    /// The `cmd` value: `method?` + PHP `http_build_query` of the parameters.
    public var query: String {
        let query = Bitrix24FormEncoding.buildQuery(parameters)
        return query.isEmpty ? method.name : method.name + "?" + query
    }

    /// The keys this command references (`$result[key]`, `$result_total[key]`, …), sorted.
    public var references: [String] {
        var keys = Set<String>()
        func scan(_ value: JSONValue) {
            switch value {
            case .string(let s): Bitrix24BatchReference.keys(in: s, into: &keys)
            case .array(let items): items.forEach(scan)
            case .object(let object):
                for (name, item) in object {
                    Bitrix24BatchReference.keys(in: name, into: &keys)
                    scan(item)
                }
            default: break
            }
        }
        scan(.object(parameters))
        return keys.sorted()
    }
}

/// Builds references to earlier results in a batch: `Bitrix24BatchReference.result("deal")` is
/// `$result[deal]`, `.result("deal", "ID")` is `$result[deal][ID]`.
public enum Bitrix24BatchReference {
    public static func result(_ key: String, _ path: String...) -> JSONValue {
        .string("$result[\(key)]" + path.map { "[\($0)]" }.joined())
    }

    /// The key of the `index`-th command of a typed batch (`b24.batch { … }`).
    public static func key(ofCommand index: Int) -> String { "c\(index)" }

    static func keys(in text: String, into keys: inout Set<String>) {
        guard text.contains("$result") else { return }
        var rest = Substring(text)
        while let range = rest.range(of: "$result") {
            rest = rest[range.upperBound...]
            for suffix in ["_error", "_total", "_next", "_time"] where rest.hasPrefix(suffix) {
                rest = rest.dropFirst(suffix.count)
                break
            }
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else { continue }
            keys.insert(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[close...]
        }
    }
}

/// The replies of a batch, by command key.
public struct Bitrix24BatchResponse: Sendable {
    /// The keys in command order.
    public var keys: [String]
    /// Each successful command's `result`.
    public var results: [String: JSONValue]
    /// Each failed command's error.
    public var errors: [String: Bitrix24Error]
    /// `result_total` by key (list commands).
    public var totals: [String: Int]
    /// `result_next` by key (list commands).
    public var nexts: [String: Int]
    /// `result_time` by key.
    public var times: [String: Bitrix24Time]
    /// How many HTTP requests the batch took (commands are split into groups of at most 50).
    public var requestCount: Int

    /// The result of command `key`; throws its error, or a `.batch` error when it was not executed
    /// (the batch halted before it).
    public func result(_ key: String) throws -> JSONValue {
        if let error = errors[key] { throw error }
        if let result = results[key] { return result }
        throw Bitrix24Error(kind: .batch, message: "command was not executed (the batch halted on an earlier error)", batchKey: key)
    }

    /// The result of command `key`, decoded.
    public func decode<T: Decodable>(_ type: T.Type = T.self, key: String, rowsKey: String? = nil) throws -> T {
        var value = try result(key)
        if let rowsKey, let rows = value[rowsKey] { value = rows }
        do {
            return try value.decode(as: T.self)
        } catch {
            throw Bitrix24Error(kind: .decoding, message: "cannot decode the result: \(error)", batchKey: key)
        }
    }
}

/// Collects typed requests for ``Bitrix24Client/batch(halt:_:)``.
@resultBuilder
public enum Bitrix24BatchBuilder {
    /// Each statement is one typed request.
    public static func buildExpression<R>(_ request: Bitrix24Request<R>) -> Bitrix24Request<R> { request }

    /// Collects the requests, keeping each one's result type.
    public static func buildBlock<each R>(_ requests: repeat Bitrix24Request<each R>) -> Bitrix24BatchRequests<repeat each R> {
        Bitrix24BatchRequests(requests: (repeat each requests))
    }
}

/// The typed requests of a batch, in order.
public struct Bitrix24BatchRequests<each R: Decodable & Sendable>: Sendable {
    /// The requests as a tuple.
    public let requests: (repeat Bitrix24Request<each R>)

    /// Wraps a tuple of requests.
    public init(requests: (repeat Bitrix24Request<each R>)) {
        self.requests = requests
    }

    /// The commands, keyed `c0`, `c1`, … in order.
    public func commands() throws -> [Bitrix24BatchCommand] {
        var commands: [Bitrix24BatchCommand] = []
        for request in repeat each requests {
            commands.append(try Bitrix24BatchCommand(key: Bitrix24BatchReference.key(ofCommand: commands.count), request: request))
        }
        return commands
    }
}

/// Hands out consecutive indexes while a pack expansion is evaluated.
private final class Bitrix24Counter {
    var value = 0
    func next() -> Int {
        defer { value += 1 }
        return value
    }
}

extension Bitrix24Client {
    /// The most commands one `batch` request may carry.
    public static let batchLimit = 50

    /// Sends typed requests as one batch and returns their typed results in order.
    ///
    /// ```swift
    /// let (deal, contact) = try await b24.batch { $0.crm.deal.get(id: 1); $0.crm.contact.get(id: 2) }
    /// ```
    /// Commands are keyed `c0`, `c1`, … (see ``Bitrix24BatchReference``). Throws the first failing
    /// command's error; use ``batchResults(halt:_:)`` to get every command's outcome.
    public func batch<each R>(
        halt: Bool = true, @Bitrix24BatchBuilder _ build: (Bitrix24Requests) throws -> Bitrix24BatchRequests<repeat each R>
    ) async throws -> (repeat each R) {
        let requests = try build(Bitrix24Requests())
        let response = try await batch(try requests.commands(), halt: halt)
        let counter = Bitrix24Counter()
        return (repeat try Self.value(of: each requests.requests, in: response, key: Bitrix24BatchReference.key(ofCommand: counter.next())))
    }

    /// Sends typed requests as one batch and returns each command's outcome in order.
    public func batchResults<each R>(
        halt: Bool = false, @Bitrix24BatchBuilder _ build: (Bitrix24Requests) throws -> Bitrix24BatchRequests<repeat each R>
    ) async throws -> (repeat Result<each R, Bitrix24Error>) {
        let requests = try build(Bitrix24Requests())
        let response = try await batch(try requests.commands(), halt: halt)
        let counter = Bitrix24Counter()
        return (repeat Self.outcome(of: each requests.requests, in: response, key: Bitrix24BatchReference.key(ofCommand: counter.next())))
    }

    private static func value<T>(of request: Bitrix24Request<T>, in response: Bitrix24BatchResponse, key: String) throws -> T {
        do {
            return try response.decode(T.self, key: key, rowsKey: request.method.paging?.rowsKey)
        } catch var error as Bitrix24Error {
            if error.method == nil { error.method = request.method.name }
            throw error
        }
    }

    private static func outcome<T>(of request: Bitrix24Request<T>, in response: Bitrix24BatchResponse, key: String) -> Result<T, Bitrix24Error> {
        do {
            return .success(try value(of: request, in: response, key: key))
        } catch let error as Bitrix24Error {
            return .failure(error)
        } catch {
            return .failure(Bitrix24Error(kind: .decoding, message: "\(error)", method: request.method.name, batchKey: key))
        }
    }

    /// Splits `commands` into groups of at most ``batchLimit`` so that no `$result[key]` reference
    /// points into an earlier group. Throws when a reference names a key that is not earlier in
    /// the list, or when references chain across more than ``batchLimit`` commands.
    public static func splitBatch(_ commands: [Bitrix24BatchCommand], limit: Int = batchLimit) throws -> [[Bitrix24BatchCommand]] {
        var index: [String: Int] = [:]
        for (position, command) in commands.enumerated() {
            guard index[command.key] == nil else {
                throw Bitrix24Error(kind: .batch, message: "duplicate command key", batchKey: command.key)
            }
            index[command.key] = position
        }
        // earliest[j]: the earliest command j depends on (itself when none).
        var earliest = Array(commands.indices)
        for (position, command) in commands.enumerated() {
            for key in command.references {
                guard let target = index[key], target < position else {
                    throw Bitrix24Error(
                        kind: .batch, message: "command references $result[\(key)], which is not an earlier command",
                        method: command.method.name, batchKey: command.key)
                }
                earliest[position] = min(earliest[position], target)
            }
        }
        // A split before position p is allowed when no command at or after p depends on one before p.
        var suffixMin = Array(repeating: Int.max, count: commands.count + 1)
        for position in commands.indices.reversed() {
            suffixMin[position] = min(suffixMin[position + 1], earliest[position])
        }
        var groups: [[Bitrix24BatchCommand]] = []
        var start = 0
        while start < commands.count {
            var end = min(commands.count, start + limit)
            while end > start, end < commands.count, suffixMin[end] < end { end -= 1 }
            guard end > start else {
                throw Bitrix24Error(
                    kind: .batch,
                    message: "commands \(commands[start].key)… reference each other across more than \(limit) commands; the batch cannot be split",
                    batchKey: commands[start].key)
            }
            groups.append(Array(commands[start..<end]))
            start = end
        }
        return groups
    }

    /// Sends any number of commands as batches of at most 50, split where no reference crosses a
    /// split. With `halt`, the portal stops at the first failing command, and no later group is sent.
    /// - Returns: every command's result or error, by key.
    public func batch(_ commands: [Bitrix24BatchCommand], halt: Bool = false) async throws -> Bitrix24BatchResponse {
        var response = Bitrix24BatchResponse(
            keys: commands.map(\.key), results: [:], errors: [:], totals: [:], nexts: [:], times: [:], requestCount: 0)
        guard !commands.isEmpty else { return response }
        let groups = try Self.splitBatch(commands)
        if groups.count > 1 { log(.debug, "batch of \(commands.count) commands split into \(groups.count) requests") }
        for group in groups {
            try Task.checkCancellation()
            try await sendBatchGroup(group, halt: halt, into: &response)
            if halt, !response.errors.isEmpty { break }
        }
        return response
    }

    private func sendBatchGroup(_ group: [Bitrix24BatchCommand], halt: Bool, into response: inout Bitrix24BatchResponse) async throws {
        // `cmd` keeps the commands' order (the portal runs them in the order of the JSON object).
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var payload = Data("{\"halt\":\(halt ? 1 : 0),\"cmd\":{".utf8)
        for (index, command) in group.enumerated() {
            if index > 0 { payload.append(UInt8(ascii: ",")) }
            do {
                payload.append(try encoder.encode(command.key))
                payload.append(UInt8(ascii: ":"))
                payload.append(try encoder.encode(command.query))
            } catch {
                throw Bitrix24Error(kind: .encoding, message: "cannot encode the command", method: command.method.name, batchKey: command.key)
            }
        }
        payload.append(contentsOf: Data("}}".utf8))
        // A batch is as retryable as its least retryable command.
        let retry: Bitrix24MethodInfo.RetryClass =
            group.contains { $0.method.retry == .write } ? .write
            : group.contains { $0.method.retry == .idempotentWrite } ? .idempotentWrite : .read
        let method = Bitrix24MethodInfo(name: "batch", retry: retry)
        let reply = try await execute(method, payload: payload, as: JSONValue.self).result
        response.requestCount += 1
        let byKey = Dictionary(uniqueKeysWithValues: group.map { ($0.key, $0) })

        func section(_ name: String) -> [String: JSONValue] {
            switch reply[name] {
            case .object(let object): return object
            case .array(let items):
                // An empty section arrives as []; a list means numeric keys.
                var object: [String: JSONValue] = [:]
                for (index, item) in items.enumerated() { object[String(index)] = item }
                return object
            default: return [:]
            }
        }
        for (key, value) in section("result") where byKey[key] != nil { response.results[key] = value }
        for (key, value) in section("result_total") {
            if case .int(let total) = value { response.totals[key] = total }
            if case .string(let total) = value, let int = Int(total) { response.totals[key] = int }
        }
        for (key, value) in section("result_next") {
            if case .int(let next) = value { response.nexts[key] = next }
            if case .string(let next) = value, let int = Int(next) { response.nexts[key] = int }
        }
        for (key, value) in section("result_time") {
            if let time = try? value.decode(as: Bitrix24Time.self) {
                response.times[key] = time
                if let command = byKey[key] {
                    await limiter.record(method: command.method.name, time: time, threshold: configuration.operatingTimeThreshold)
                }
            }
        }
        for (key, value) in section("result_error") {
            let methodName = byKey[key]?.method.name
            var code: Bitrix24ErrorCode?
            var message = ""
            switch value {
            case .object(let object):
                if case .string(let text)? = object["error"] { code = Bitrix24ErrorCode(rawValue: text) }
                if case .string(let text)? = object["error_description"] { message = text }
            case .string(let text):
                message = text
            default:
                message = value.description
            }
            response.errors[key] = redacted(Bitrix24Error(kind: .api, code: code, message: message, method: methodName, batchKey: key))
            response.results[key] = nil
        }
    }
}
