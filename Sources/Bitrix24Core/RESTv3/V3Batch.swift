import Foundation

// The REST 3.0 batch: `POST /rest/api/…/batch` with a JSON array `[{"method", "query"}, …]` (no `cmd`, no
// `halt`); the reply's `result` is an array of the commands' results in the order sent. Commands are keyed
// `c0`, `c1`, … as in a classic typed batch; more than `Bitrix24Client.batchLimit` are sent in several requests.

extension Bitrix24V3 {
    /// Sends REST 3.0 requests as one batch and returns their typed results in order.
    ///
    /// ```swift
    /// let (first, second) = try await b24.v3.batch { $0.tasks.task.get(id: 1); $0.tasks.task.get(id: 2) }
    /// ```
    /// Throws the first failing command's error; use ``batchResults(_:)`` to get every command's outcome.
    /// A batch that is not all reads carries an `Idempotency-Key` (see ``Bitrix24Client/send(_:idempotencyKey:)``).
    public func batch<each R>(
        @Bitrix24Batch.Builder _ build: (Bitrix24V3.Requests) throws -> Bitrix24Batch.Requests<repeat each R>
    ) async throws -> (repeat each R) {
        let requests = try build(Bitrix24V3.Requests())
        let response = try await batch(try requests.commands())
        let counter = Bitrix24Counter()
        return (repeat try client.value(of: each requests.requests, in: response, key: Bitrix24Batch.key(ofCommand: counter.next())))
    }

    /// Sends REST 3.0 requests as one batch and returns each command's outcome in order.
    public func batchResults<each R>(
        @Bitrix24Batch.Builder _ build: (Bitrix24V3.Requests) throws -> Bitrix24Batch.Requests<repeat each R>
    ) async throws -> (repeat Result<each R, Bitrix24Error>) {
        let requests = try build(Bitrix24V3.Requests())
        let response = try await batch(try requests.commands())
        let counter = Bitrix24Counter()
        return (repeat client.outcome(of: each requests.requests, in: response, key: Bitrix24Batch.key(ofCommand: counter.next())))
    }

    /// Sends REST 3.0 commands as batches of at most ``Bitrix24Client/batchLimit``, in order.
    /// - Returns: every command's result or error, by key (a command the portal's reply has no entry for throws
    ///   from ``Bitrix24Batch/Response/result(_:)`` as not executed).
    /// - Throws: ``Bitrix24Error`` of kind ``Bitrix24Error/Kind/batch`` for a classic command or a duplicate key,
    ///   before anything is sent; the error of a request that failed as a whole.
    public func batch(_ commands: [Bitrix24Batch.Command]) async throws -> Bitrix24Batch.Response {
        var response = Bitrix24Batch.Response(
            keys: commands.map(\.key), results: [:], errors: [:], totals: [:], nexts: [:], times: [:], requestCount: 0)
        var seen = Set<String>()
        for command in commands {
            guard command.method.version == .v3 else {
                throw Bitrix24Error(
                    kind: .batch, message: "a classic method cannot go in a REST 3.0 batch; send it with b24.batch",
                    method: command.method.name, batchKey: command.key)
            }
            guard seen.insert(command.key).inserted else {
                throw Bitrix24Error(kind: .batch, message: "duplicate command key", batchKey: command.key)
            }
        }
        for start in stride(from: 0, to: commands.count, by: Bitrix24Client.batchLimit) {
            try Task.checkCancellation()
            let group = Array(commands[start..<min(commands.count, start + Bitrix24Client.batchLimit)])
            let method = Bitrix24MethodInfo(name: "batch", retry: .batch(of: group.map(\.method.retry)), version: .v3)
            let reply = try await client.execute(method, payload: try Self.batchPayload(group), as: Bitrix24JSON.self).result
            response.requestCount += 1
            collect(reply, of: group, into: &response)
        }
        return response
    }

    /// `[{"method": name, "query": {parameters}}, …]`.
    static func batchPayload(_ group: [Bitrix24Batch.Command]) throws -> Data {
        let array = Bitrix24JSON.array(group.map { .object(["method": .string($0.method.name), "query": .object($0.parameters)]) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        do {
            return try encoder.encode(array)
        } catch {
            throw Bitrix24Error(kind: .encoding, message: "cannot encode the batch", method: "batch")
        }
    }

    /// Files each entry of the reply's `result` array under its command's key: an entry holding `error` (REST 3.0's
    /// object or a classic code) is that command's error.
    private func collect(_ reply: Bitrix24JSON, of group: [Bitrix24Batch.Command], into response: inout Bitrix24Batch.Response) {
        guard case .array(let entries) = reply else { return }
        for (command, entry) in zip(group, entries) {
            if case .object(let object) = entry, let error = object["error"], error != .null {
                response.errors[command.key] = client.redacted(Self.commandError(error, in: object, command: command))
            } else {
                response.results[command.key] = entry
            }
        }
    }

    static func commandError(_ error: Bitrix24JSON, in entry: [String: Bitrix24JSON], command: Bitrix24Batch.Command) -> Bitrix24Error {
        if case .object = error, let body = try? error.decode(as: Bitrix24V3ErrorBody.self) {
            return Bitrix24Error(
                kind: .api, code: body.code, message: body.message ?? "", method: command.method.name, batchKey: command.key,
                validation: body.validation)
        }
        var classic = entry
        classic["error"] = error
        return Bitrix24Client.batchError(.object(classic), key: command.key, method: command.method.name)
    }
}
