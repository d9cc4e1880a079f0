import Bitrix24Core

/// Starts a ``FakePortal``, runs `body` with it, and stops the portal when `body` returns or throws —
/// before this function returns, so no server outlives the test that started it.
///
/// ```swift
/// try await withFakePortal { portal in
///     let b24 = Bitrix24Client(auth: .webhook(await portal.webhookURL()))
///     _ = try await b24.call(method: "app.info", retry: .read)
/// }
/// ```
public func withFakePortal<T>(
    _ configuration: FakePortal.Configuration = FakePortal.Configuration(),
    isolation: isolated (any Actor)? = #isolation,
    _ body: (FakePortal) async throws -> T
) async throws -> T {
    let portal = try await FakePortal.start(configuration)
    let result: T
    do {
        result = try await body(portal)
    } catch {
        await portal.stop()
        throw error
    }
    await portal.stop()
    return result
}
