import Bitrix24Core
import Bitrix24Testing
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension FakePortalSuites {
    /// REST 3.0 calls: the addresses (webhook and OAuth), JSON bodies, the unified reply, the error format with its
    /// validation details, and a REST-3.0-only method refused at the classic address.
    @Suite("REST 3.0: addresses, replies and errors")
    struct RESTv3CallTests {
        @Test func aWebhookCallGoesToRestApiAsAJSONPostAndDecodesItsItem() async throws {
            try await V3Test.withPortal { portal, logger, client in
                let created = try await client.v3.tasksV3.add(title: "Prepare the report")
                let id = try #require(created.item?.id)
                let task = try await client.v3.tasksV3.get(id: id)
                #expect(task.item?.title == "Prepare the report")
                let requests = await portal.requests()
                #expect(requests.map(\.version) == [.v3, .v3])
                #expect(requests.map(\.httpMethod) == ["POST", "POST"])
                #expect(requests.map(\.path) == ["/rest/api/1/***/tasks.task.add", "/rest/api/1/***/tasks.task.get"])
                #expect(requests[1].parameters == ["id": .int(id)])
                // The address the client logged is the REST 3.0 one, with the code redacted.
                #expect(logger.lines.contains { $0.contains("/rest/api/1/***/tasks.task.get") })
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func anOAuthCallGoesToRestApiWithAuthInTheJSONBody() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                let logger = CapturingLogger()
                let client = Bitrix24Client(
                    auth: .oauth(await portal.oauthTokens(), credentials: await portal.oauthCredentials()),
                    configuration: .init(rateLimit: .unlimited, logger: logger, limiter: .init(portal: "oauth-v3-\(portal.port)", limit: .unlimited)))
                let created = try await client.v3.tasksV3.add(title: "From an app")
                #expect(created.item?.title == "From an app")
                let request = try #require(await portal.requests().first)
                #expect(request.path == "/rest/api/tasks.task.add")
                #expect(request.version == .v3)
                // The portal reads `auth` from the JSON body only (as REST 3.0 does): the call passing shows it was there.
                #expect(request.parameters == ["fields": ["title": "From an app"]])
                // An expired token is refreshed and the REST 3.0 call repeated.
                await portal.expireAccessToken()
                _ = try await client.v3.tasksV3.get(id: try #require(created.item?.id))
                #expect(await portal.refreshCount() == 1)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func aRESTv3OnlyMethodIsNotFoundAtTheClassicAddressAndWorksAtRestApi() async throws {
            try await V3Test.withPortal { portal, logger, client in
                await portal.markRESTv3Only(["tasks.task.chat.message.send"])
                await portal.handle("tasks.task.chat.message.send") { call in
                    .result(["result": .bool(call.version == .v3)])
                }
                let sink = TextSink()
                let classic = Bitrix24Request<Bitrix24JSON>(method: Bitrix24MethodInfo(name: "tasks.task.chat.message.send", retry: .write))
                let error = await V3Test.error(sink) { _ = try await client.perform(classic) }
                #expect(error?.code == .methodNotFound)
                #expect(error?.httpStatus == 404)
                var v3 = classic
                v3.method.version = .v3
                let sent = try await client.perform(v3)
                #expect(sent == ["result": true])
                #expect(await portal.requests().map(\.path) == [
                    "/rest/1/***/tasks.task.chat.message.send", "/rest/api/1/***/tasks.task.chat.message.send",
                ])
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func aValidationErrorReachesTheCallerWithItsFieldNames() async throws {
            try await V3Test.withPortal { portal, logger, client in
                await portal.requireFields(["title", "responsibleId"], for: "tasks.task.add")
                let sink = TextSink()
                let error = try #require(await V3Test.error(sink) { _ = try await client.v3.tasksV3.add(title: nil) })
                #expect(error.kind == .api)
                #expect(error.code == .restV3RequestValidation)
                #expect(error.httpStatus == 400)
                #expect(error.validationFields == ["title", "responsibleId"])
                #expect(error.validationMessage(for: "title") == "Required field `title` is not specified")
                #expect(error.validationMessages(for: "responsibleId").count == 1)
                #expect(error.validationMessage(for: "deadline") == nil)
                #expect(error.description.contains("title: Required field `title` is not specified"))
                #expect(error.description.contains("responsibleId: "))
                // Not retried, and nothing was stored.
                #expect(await portal.requests().count == 1)
                #expect(await portal.records(entity: "tasks.task").isEmpty)
                #expect(await portal.idempotencyLog().isEmpty)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func aMissingIDAndAnUnknownEntityAreTypedErrors() async throws {
            try await V3Test.withPortal { portal, logger, client in
                let sink = TextSink()
                let missing = Bitrix24Request<V3ItemResult>(method: TasksV3Requests.method("get", .read))
                let noID = await V3Test.error(sink) { _ = try await client.perform(missing) }
                #expect(noID?.code == .restV3RequestValidation)
                #expect(noID?.validationFields == ["id"])
                let notFound = await V3Test.error(sink) { _ = try await client.v3.tasksV3.get(id: 999) }
                #expect(notFound?.code == .restV3EntityNotFound)
                #expect(notFound?.code?.isNotFound == true)
                #expect(notFound?.validation.isEmpty == true)
                // A read is not repeated after a 4xx.
                #expect(await portal.requests().count == 2)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }

        @Test func thePortalReadsJSONBodiesOnlyAndNoQueryString() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                let base = await portal.restV3WebhookURL()
                let transport = Bitrix24Client.URLSessionTransport()
                let form = try await transport.send(Bitrix24Client.HTTPRequest(
                    method: "POST", url: base.appendingPathComponent("tasks.task.get"),
                    headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data("id=51".utf8)))
                let formError = try JSONDecoder().decode(Bitrix24JSON.self, from: form.body)["error"]
                #expect(form.status == 400)
                #expect(formError?["code"] == "BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION")
                let query = try await transport.send(Bitrix24Client.HTTPRequest(
                    method: "GET", url: try #require(URL(string: base.absoluteString + "tasks.task.get?id=51"))))
                let queryError = try JSONDecoder().decode(Bitrix24JSON.self, from: query.body)["error"]
                #expect(query.status == 400)
                #expect(queryError?["code"] == "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION")
                #expect(queryError?["validation"] == [["field": "id", "message": "Required field `id` is not specified"]])
            }
        }

        @Test func aWebhookGivenAtItsRESTv3AddressServesBothAPIs() async throws {
            try await withFakePortal(.init(rateLimit: nil)) { portal in
                let logger = CapturingLogger()
                let client = Bitrix24Client(
                    auth: .webhook(await portal.restV3WebhookURL()),
                    configuration: .init(rateLimit: .unlimited, logger: logger, limiter: .init(portal: "v3-hook-\(portal.port)", limit: .unlimited)))
                _ = try await client.perform(V3Test.classicAdd("Classic"))
                _ = try await client.v3.tasksV3.add(title: "New")
                #expect(await portal.requests().map(\.path) == ["/rest/1/***/tasks.task.add", "/rest/api/1/***/tasks.task.add"])
                #expect(!client.description.contains(await portal.allSecrets()[0]))
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [client.description])
            }
        }

        @Test func aRenameFoundOnARESTv3CallMovesBothAPIs() async throws {
            try await V3Test.withPortal(configure: { $0.onPortalRenamed = { _ in .follow } }) { portal, logger, client in
                await portal.rename(host: "127.0.0.1", to: "localhost")
                _ = try await client.v3.tasksV3.add(title: "Moved")
                _ = try await client.perform(V3Test.classicAdd("Classic after the move"))
                let requests = await portal.requests()
                #expect(requests.map(\.status) == [302, 200, 200])
                #expect(requests.dropFirst().allSatisfy { $0.host.hasPrefix("localhost") })
                #expect(requests.map(\.path).last == "/rest/1/***/tasks.task.add")
                // The REST 3.0 POST was re-sent to the new address once: one record of it, one of the classic add.
                #expect(requests.dropFirst().map(\.version) == [.v3, .classic])
                #expect(await portal.records(entity: "tasks.task").count == 2)
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: [])
            }
        }

        @Test func secretsInRESTv3ErrorsAndAddressesAreRedacted() async throws {
            try await V3Test.withPortal { portal, logger, client in
                let hook = await portal.restV3WebhookURL()
                await portal.handle("echo.v3") { _ in
                    .restV3Error(
                        code: "BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION", message: "no access at \(hook.absoluteString)",
                        validation: [.init(field: "url", message: "see \(hook.absoluteString)x")])
                }
                let sink = TextSink()
                let error = await V3Test.error(sink) { _ = try await client.v3.call(method: "echo.v3", retry: .read) }
                #expect(error?.code == .restV3AccessDenied)
                #expect(error?.validationFields == ["url"])
                for issue in error?.validation ?? [] { sink.add(issue.description) }
                #expect(Bitrix24Redactor.redactByShape("https://p/rest/api/7/secretcode/x") == "https://p/rest/api/7/***/x")
                await RuntimeTest.expectNoSecrets(portal, logger: logger, texts: sink.texts)
            }
        }
    }
}
