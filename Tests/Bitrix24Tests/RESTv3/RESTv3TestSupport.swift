import Bitrix24Core
import Bitrix24Testing
import Foundation
import Testing

// REST 3.0 requests built the way the generated client builds them (`Bitrix24MethodInfo(…, version: .v3)`,
// records from the replies' `item` / `items` / `result`), reachable as `b24.v3.tasksV3.…` and in batches as
// `$0.tasksV3.…` — so that these tests go through the same seam the generated REST 3.0 methods use.

/// A task as REST 3.0 shows it.
struct V3Task: Bitrix24Record {
    var rawValue: [String: Bitrix24JSON]
    init(rawValue: [String: Bitrix24JSON] = [:]) { self.rawValue = rawValue }
    static var documentedKeys: [String] { ["id", "title", "status", "responsibleId", "responsible"] }
    static var documentedFieldTypes: [String: any Bitrix24Value.Type] { ["id": Int.self, "title": String.self, "responsibleId": Int.self] }

    var id: Int? { value("id") }
    var title: String? { value("title") }
    var status: String? { value("status") }
    /// The related user (`select: ["responsible.name"]`).
    var responsible: Bitrix24Fields? { value("responsible") }
}

/// `{"item": {…}}`.
struct V3ItemResult: Bitrix24Record {
    var rawValue: [String: Bitrix24JSON]
    init(rawValue: [String: Bitrix24JSON] = [:]) { self.rawValue = rawValue }
    static var documentedKeys: [String] { ["item"] }
    var item: V3Task? { value("item") }
}

/// `{"result": true}`.
struct V3DoneResult: Bitrix24Record {
    var rawValue: [String: Bitrix24JSON]
    init(rawValue: [String: Bitrix24JSON] = [:]) { self.rawValue = rawValue }
    static var documentedKeys: [String] { ["result"] }
    var result: Bool? { value("result") }
}

/// The REST 3.0 `tasks.task.*` requests, as the generated factories build them.
struct TasksV3Requests: Sendable {
    static func method(_ action: String, _ retry: Bitrix24MethodInfo.RetryClass, paging: Bitrix24MethodInfo.Paging? = nil) -> Bitrix24MethodInfo {
        Bitrix24MethodInfo(name: "tasks.task.\(action)", retry: retry, paging: paging, version: .v3)
    }

    func add(title: String?, responsibleId: Int? = nil) -> Bitrix24Request<V3ItemResult> {
        var fields = Bitrix24Parameters()
        fields.set("title", title)
        fields.set("responsibleId", responsibleId)
        return Bitrix24Request(method: Self.method("add", .write), parameters: ["fields": .object(fields.values)])
    }

    func get(id: Int, select: [String]? = nil) -> Bitrix24Request<V3ItemResult> {
        var parameters = Bitrix24Parameters()
        parameters.set("id", id)
        parameters.set("select", select)
        return Bitrix24Request(method: Self.method("get", .read), parameters: parameters.values)
    }

    func update(id: Int, title: String) -> Bitrix24Request<V3DoneResult> {
        Bitrix24Request(method: Self.method("update", .idempotentWrite), parameters: ["id": .int(id), "fields": ["title": .string(title)]])
    }

    func delete(id: Int) -> Bitrix24Request<V3DoneResult> {
        Bitrix24Request(method: Self.method("delete", .delete), parameters: ["id": .int(id)])
    }

    func list(
        filter: Bitrix24V3.Filter? = nil, select: [String]? = nil, order: [String: String]? = nil, pagination: [String: Bitrix24JSON]? = nil
    ) -> Bitrix24Request<[V3Task]> {
        var parameters = Bitrix24Parameters()
        parameters.set("filter", filter)
        parameters.set("select", select)
        parameters.set("order", order)
        parameters.set("pagination", pagination)
        return Bitrix24Request(method: Self.method("list", .read, paging: Bitrix24MethodInfo.Paging(rowsKey: "items")), parameters: parameters.values)
    }
}

extension Bitrix24V3.Requests {
    var tasksV3: TasksV3Requests { TasksV3Requests() }
}

/// The calls, as `b24.v3.tasksV3.…`.
struct TasksV3Calls: Sendable {
    let client: Bitrix24Client
    func add(title: String?, responsibleId: Int? = nil) async throws -> V3ItemResult {
        try await client.perform(TasksV3Requests().add(title: title, responsibleId: responsibleId))
    }
    func get(id: Int, select: [String]? = nil) async throws -> V3ItemResult { try await client.perform(TasksV3Requests().get(id: id, select: select)) }
    func delete(id: Int) async throws -> V3DoneResult { try await client.perform(TasksV3Requests().delete(id: id)) }
    func list(filter: Bitrix24V3.Filter? = nil, select: [String]? = nil, pagination: [String: Bitrix24JSON]? = nil) -> Bitrix24RowSequence<V3Task> {
        client.paginate(TasksV3Requests().list(filter: filter, select: select, pagination: pagination))
    }
}

extension Bitrix24V3 {
    var tasksV3: TasksV3Calls { TasksV3Calls(client: client) }
}

enum V3Test {
    /// The classic `tasks.task.add` (REST 2), for comparison.
    static func classicAdd(_ title: String) -> Bitrix24Request<Bitrix24JSON> {
        Bitrix24Request(method: Bitrix24MethodInfo(name: "tasks.task.add", retry: .write), parameters: ["fields": ["TITLE": .string(title)]])
    }

    /// A portal with `tasks.task` shown the REST 3.0 way (`id`, rows under `items`) and a client for it.
    static func withPortal(
        _ configuration: FakePortal.Configuration = .init(rateLimit: nil),
        configure: (inout Bitrix24Client.Configuration) -> Void = { _ in },
        _ body: (FakePortal, CapturingLogger, Bitrix24Client) async throws -> Void
    ) async throws {
        try await withFakePortal(configuration) { portal in
            await portal.setListShape(FakePortal.ListShape(rowsKey: "tasks", idField: "id"), for: "tasks.task")
            let logger = CapturingLogger()
            let client = await RuntimeTest.client(portal, logger: logger, configure: configure)
            try await body(portal, logger, client)
        }
    }

    /// The error `body` throws (recording an issue when it throws none or another kind).
    static func error(
        _ sink: TextSink, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
    ) async -> Bitrix24Error? {
        do {
            try await body()
            Issue.record("expected an error", sourceLocation: sourceLocation)
        } catch let error as Bitrix24Error {
            sink.add(error)
            return error
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// The requests for `method` the portal received.
    static func requests(_ portal: FakePortal, _ method: String) async -> [FakePortal.RecordedRequest] {
        await portal.requests().filter { $0.method == method }
    }
}
