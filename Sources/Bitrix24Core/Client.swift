import Foundation

/// Placeholder client with the signatures generated code relies on; the runtime issue fills it in.
public final class Bitrix24Client: Sendable {
    public init() {}

    /// Sends `request` and returns the decoded envelope.
    public func send<R>(_ request: Bitrix24Request<R>) async throws -> Bitrix24Response<R> {
        throw Bitrix24EncodingError(method: request.method.name, reason: "runtime not implemented yet")
    }

    /// Sends `request` and returns its `result`.
    public func perform<R>(_ request: Bitrix24Request<R>) async throws -> R {
        try await send(request).result
    }
}
