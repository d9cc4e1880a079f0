import Bitrix24Core
import Foundation

/// REST 3.0 at `/rest/api/{user}/{code}/{method}` (webhook) and `/rest/api/{method}` (OAuth, `auth` in the JSON
/// body): JSON bodies only (a form body is `BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION`, the query string is
/// not read), replies `{"result": {"item"|"items"|"result": …}, "time": …}`, errors
/// `{"error": {"code", "message", "validation"}}` with a 4xx status; generic CRUD (`*.add` → `item`, `*.get` →
/// `item` with `select` and related fields, `*.update`/`*.delete` → `result`, `*.list` → `items` with the REST
/// 3.0 `filter`, `order` and `pagination`); the batch (a JSON array of `{method, query}`); and `Idempotency-Key`:
/// the reply of a successful call is stored per key and method with its body, a repeat with the same body gets it
/// back with `Idempotent-Replayed: true` without running again, another body with the same key gets
/// `422 …IDEMPOTENCYKEYREUSEDEXCEPTION`, a malformed key `400 …INVALIDIDEMPOTENCYKEYEXCEPTION`.
extension FakePortal {
    /// One key the portal stored a reply under.
    public struct IdempotencyEntry: Sendable, Hashable, CustomStringConvertible {
        /// The `Idempotency-Key`.
        public var key: String
        /// The method it was used with.
        public var method: String
        /// How many times the stored reply was replayed.
        public var replays: Int

        public init(key: String, method: String, replays: Int) {
            self.key = key
            self.method = method
            self.replays = replays
        }

        public var description: String { "\(key) \(method) (replayed \(replays)×)" }
    }

    /// The REST 3.0 address of the webhook: `http://127.0.0.1:{port}/rest/api/{user}/{code}/`.
    public func restV3WebhookURL() async -> URL {
        let configuration = await state.configuration
        return URL(string: "http://127.0.0.1:\(port)/rest/api/\(configuration.webhookUserID)/\(configuration.webhookCode)/")!
    }

    /// Makes `methods` REST-3.0-only: at the classic address they answer `404 ERROR_METHOD_NOT_FOUND`.
    public func markRESTv3Only(_ methods: [String]) async { await state.markRESTv3Only(methods) }

    /// Makes the REST 3.0 `method` (`tasks.task.add`) refuse a call whose `fields` lack one of `fields` with a
    /// validation error naming each missing field.
    public func requireFields(_ fields: [String], for method: String) async { await state.requireFields(fields, method: method) }

    /// Declares the related object `field` of `entity`'s rows (`responsible`): its ID is in the row's `idField`
    /// (`responsibleId`), its fields in the records of `target` (`user`), so that REST 3.0 `select` can name
    /// `responsible.name` and `filter` can compare it.
    public func relate(entity: String, field: String, via idField: String, to target: String) async {
        await state.relate(entity: entity, field: field, via: idField, to: target)
    }

    /// The keys the portal stored a reply under, in the order first used.
    public func idempotencyLog() async -> [IdempotencyEntry] { await state.idempotencyEntries() }
}
