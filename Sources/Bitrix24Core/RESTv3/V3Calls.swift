import Foundation

extension Bitrix24V3 {
    /// Builds a REST 3.0 request with the generated factories and sends it, returning the whole response — the
    /// `Idempotency-Key` sent and whether the portal replayed a stored reply among it:
    ///
    /// ```swift
    /// let response = try await b24.v3.send(idempotencyKey: job.id) { $0.tasks.task.add(fields: …) }
    /// if response.isReplayed { … }  // an earlier run of this job already created it
    /// ```
    /// - Parameter idempotencyKey: see ``Bitrix24Client/send(_:idempotencyKey:)``.
    public func send<R>(
        idempotencyKey: String? = nil, _ build: (Bitrix24V3.Requests) throws -> Bitrix24Request<R>
    ) async throws -> Bitrix24Response<R> {
        try await client.send(try build(Bitrix24V3.Requests()), idempotencyKey: idempotencyKey)
    }

    /// Calls any REST 3.0 method by name with JSON parameters, at `/rest/api/`.
    /// - Parameter retry: how the method may be repeated (default: a write, which carries a fresh `Idempotency-Key`).
    public func call(
        method name: String, retry: Bitrix24MethodInfo.RetryClass = .write, parameters: [String: Bitrix24JSON] = [:],
        idempotencyKey: String? = nil
    ) async throws -> Bitrix24Response<Bitrix24JSON> {
        let method = Bitrix24MethodInfo(name: name, retry: retry, version: .v3)
        return try await client.send(Bitrix24Request<Bitrix24JSON>(method: method, parameters: parameters), idempotencyKey: idempotencyKey)
    }
}
