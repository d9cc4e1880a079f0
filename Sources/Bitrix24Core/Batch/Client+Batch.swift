import Foundation

/// Hands out consecutive indexes while a pack expansion is evaluated.
final class Bitrix24Counter {
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
    /// Commands are keyed `c0`, `c1`, … (see ``Bitrix24Batch``). Throws the first failing
    /// command's error; use ``batchResults(halt:_:)`` to get every command's outcome.
    public func batch<each R>(
        halt: Bool = true, @Bitrix24Batch.Builder _ build: (Bitrix24Requests) throws -> Bitrix24Batch.Requests<repeat each R>
    ) async throws -> (repeat each R) {
        let requests = try build(Bitrix24Requests())
        let response = try await batch(try requests.commands(), halt: halt)
        let counter = Bitrix24Counter()
        return (repeat try value(of: each requests.requests, in: response, key: Bitrix24Batch.key(ofCommand: counter.next())))
    }

    /// Sends typed requests as one batch and returns each command's outcome in order.
    public func batchResults<each R>(
        halt: Bool = false, @Bitrix24Batch.Builder _ build: (Bitrix24Requests) throws -> Bitrix24Batch.Requests<repeat each R>
    ) async throws -> (repeat Result<each R, Bitrix24Error>) {
        let requests = try build(Bitrix24Requests())
        let response = try await batch(try requests.commands(), halt: halt)
        let counter = Bitrix24Counter()
        return (repeat outcome(of: each requests.requests, in: response, key: Bitrix24Batch.key(ofCommand: counter.next())))
    }

    /// Command `key`'s typed result: through the same lenient path as a single call, widget answers checked
    /// for interface errors, mismatches reported.
    func value<T>(of request: Bitrix24Request<T>, in response: Bitrix24Batch.Response, key: String) throws -> T {
        do {
            var json = try response.json(key, rowsKey: request.method.paging?.rowsKey)
            if request.method.version == .v3 { json = Bitrix24ResultDecoding.operationResult(json, as: T.self) }
            if case .widgetCommand(let command) = request.reading {
                return try widgetResult(T.self, from: json, command: command, method: request.method.name)
            }
            let value = try Bitrix24ResultDecoding.decode(T.self, from: json, path: "result[\(key)]")
            report(T.self, in: json, at: "result[\(key)]", method: request.method.name)
            return value
        } catch var error as Bitrix24Error {
            if error.method == nil { error.method = request.method.name }
            if error.batchKey == nil { error.batchKey = key }
            throw redacted(error)
        }
    }

    func outcome<T>(of request: Bitrix24Request<T>, in response: Bitrix24Batch.Response, key: String) -> Result<T, Bitrix24Error> {
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
    public static func splitBatch(_ commands: [Bitrix24Batch.Command], limit: Int = batchLimit) throws -> [[Bitrix24Batch.Command]] {
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
        var groups: [[Bitrix24Batch.Command]] = []
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
    public func batch(_ commands: [Bitrix24Batch.Command], halt: Bool = false) async throws -> Bitrix24Batch.Response {
        var response = Bitrix24Batch.Response(
            keys: commands.map(\.key), results: [:], errors: [:], totals: [:], nexts: [:], times: [:], requestCount: 0)
        guard !commands.isEmpty else { return response }
        if let command = commands.first(where: { $0.method.version != .classic }) {
            throw Bitrix24Error(
                kind: .batch, message: "a REST 3.0 method cannot go in a classic batch; send it with b24.v3.batch",
                method: command.method.name, batchKey: command.key)
        }
        let groups = try Self.splitBatch(commands)
        if groups.count > 1 { log(.debug, "batch of \(commands.count) commands split into \(groups.count) requests") }
        for group in groups {
            try Task.checkCancellation()
            try await sendBatchGroup(group, halt: halt, into: &response)
            if halt, !response.errors.isEmpty { break }
        }
        return response
    }

    private func sendBatchGroup(_ group: [Bitrix24Batch.Command], halt: Bool, into response: inout Bitrix24Batch.Response) async throws {
        // A batch is as repeatable as its least repeatable command (a NOT_FOUND inside is that command's own).
        let method = Bitrix24MethodInfo(name: "batch", retry: .batch(of: group.map(\.method.retry)))
        let reply = try await execute(method, payload: try Self.batchPayload(group, halt: halt), as: Bitrix24JSON.self).result
        response.requestCount += 1
        await collect(reply, of: group, into: &response)
    }

    /// `{"halt": 0|1, "cmd": {key: "method?query", …}}`; `cmd` keeps the commands' order (the portal runs
    /// them in the order of the JSON object).
    static func batchPayload(_ group: [Bitrix24Batch.Command], halt: Bool) throws -> Data {
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
        return payload
    }

    /// Reads a batch reply's sections (`result`, `result_total`, `result_next`, `result_time`, `result_error`).
    private func collect(_ reply: Bitrix24JSON, of group: [Bitrix24Batch.Command], into response: inout Bitrix24Batch.Response) async {
        let byKey = Dictionary(uniqueKeysWithValues: group.map { ($0.key, $0) })
        func section(_ name: String) -> [String: Bitrix24JSON] {
            switch reply[name] {
            case .object(let object): return object
            case .array(let items):
                // An empty section arrives as []; a list means numeric keys.
                var object: [String: Bitrix24JSON] = [:]
                for (index, item) in items.enumerated() { object[String(index)] = item }
                return object
            default: return [:]
            }
        }
        for (key, value) in section("result") where byKey[key] != nil { response.results[key] = value }
        for (key, value) in section("result_total") { response.totals[key] = Int(bitrix24JSON: value) }
        for (key, value) in section("result_next") { response.nexts[key] = Int(bitrix24JSON: value) }
        for (key, value) in section("result_time") {
            guard let time = try? value.decode(as: Bitrix24Client.Timing.self) else { continue }
            response.times[key] = time
            if let command = byKey[key] {
                await limiter.record(method: command.method.name, time: time, threshold: configuration.operatingTimeThreshold)
            }
        }
        for (key, value) in section("result_error") where !Self.namesNoError(value) {
            response.errors[key] = redacted(Self.batchError(value, key: key, method: byKey[key]?.method.name))
            response.results[key] = nil
        }
    }

    /// Whether a `result_error` entry names no error at all — `""`, `null`, `[]`, or `{"error": "", "error_description": ""}`:
    /// then the command did not fail (an entry with only a message is an error without a code).
    static func namesNoError(_ value: Bitrix24JSON) -> Bool {
        switch value {
        case .null: true
        case .string(let text): text.isEmpty
        case .array(let items): items.isEmpty
        case .object(let object): object.values.allSatisfy(namesNoError)
        default: false
        }
    }

    /// One command's entry in `result_error`: `{"error", "error_description"}` or a bare message.
    static func batchError(_ value: Bitrix24JSON, key: String, method: String?) -> Bitrix24Error {
        var code: Bitrix24ErrorCode?
        var message = ""
        switch value {
        case .object(let object):
            if case .string(let text)? = object["error"], !text.isEmpty { code = Bitrix24ErrorCode(rawValue: text) }
            if case .string(let text)? = object["error_description"] { message = text }
        case .string(let text):
            message = text
        default:
            message = value.description
        }
        return Bitrix24Error(kind: .api, code: code, message: message, method: method, batchKey: key)
    }
}
