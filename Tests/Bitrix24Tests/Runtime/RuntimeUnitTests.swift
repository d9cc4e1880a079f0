import Bitrix24Core
import Foundation
import Testing

@Suite("Runtime: pure pieces")
struct RuntimeUnitTests {
    @Test(arguments: [
        ("https://x.bitrix24.com/rest/1/abc123secret/crm.deal.add", "https://x.bitrix24.com/rest/1/***/crm.deal.add"),
        ("POST http://127.0.0.1:8080/rest/17/q1w2e3r4t5y6/", "POST http://127.0.0.1:8080/rest/17/***/"),
        ("?grant_type=refresh_token&client_id=app.1&client_secret=SeCrEt99&refresh_token=rt777777", "?grant_type=refresh_token&client_id=app.1&client_secret=***&refresh_token=***"),
        (#"{"auth":"tok12345","fields":{"TITLE":"x"}}"#, #"{"auth":"***","fields":{"TITLE":"x"}}"#),
        (#"{"access_token": "a1b2c3d4", "refresh_token":"r1r2r3r4"}"#, #"{"access_token": "***", "refresh_token":"***"}"#),
        ("event=ONCRMDEALADD&auth[application_token]=apptok999&auth%5Baccess_token%5D=zzz111", "event=ONCRMDEALADD&auth[application_token]=***&auth%5Baccess_token%5D=***"),
        ("AUTH_ID=abcd1234&PLACEMENT=CALL_CARD", "AUTH_ID=***&PLACEMENT=CALL_CARD"),
        ("nothing secret here: crm.deal.list start=50", "nothing secret here: crm.deal.list start=50"),
    ])
    func redactsSecretsByShape(input: String, expected: String) {
        #expect(Bitrix24Redactor.redactByShape(input) == expected)
    }

    @Test func redactsLiteralSecretsAnywhere() {
        let redactor = Bitrix24Redactor(secrets: ["s3cr3tcode", "tok", "zzzzzzzzzz"])
        #expect(redactor.redact("code s3cr3tcode in text; short tok kept") == "code *** in text; short tok kept")
        let error = Bitrix24Error(kind: .network, message: "failed https://p.bitrix24.com/rest/5/abcdef999/x", method: "x")
        #expect(!error.description.contains("abcdef999"))
        #expect(!"\(Bitrix24Client.Auth.webhook(URL(string: "https://p.bitrix24.com/rest/5/abcdef999/")!))".contains("abcdef999"))
        let tokens = Bitrix24Client.OAuthTokens(accessToken: "acc-123456", refreshToken: "ref-123456", clientEndpoint: URL(string: "https://p.bitrix24.com/rest/")!)
        #expect(!"\(tokens)".contains("acc-123456") && !"\(tokens)".contains("ref-123456"))
        #expect(!"\(Bitrix24Client.OAuthCredentials(clientID: "app", clientSecret: "very-secret"))".contains("very-secret"))
    }

    @Test func errorCodesCompareCaseInsensitively() {
        #expect(Bitrix24ErrorCode("EXPIRED_TOKEN") == .expiredToken)
        #expect(Bitrix24ErrorCode("query_limit_exceeded") == .queryLimitExceeded)
        #expect(Set([Bitrix24ErrorCode("Access_Denied"), .accessDenied]).count == 1)
        #expect(Bitrix24ErrorCode("SOMETHING_NEW").rawValue == "SOMETHING_NEW")
    }

    @Test func buildsPHPStyleQueries() {
        let query = Bitrix24FormEncoding.buildQuery([
            "fields": .object(["TITLE": .string("A & B"), "OPPORTUNITY": .double(1000), "PRICE": .double(9.5), "OPENED": .bool(true), "NOTE": .null]),
            "select": .array([.string("ID"), .string("UF_*")]),
            "id": .string("$result[c0][ID]"),
        ])
        #expect(query == "fields%5BOPENED%5D=1&fields%5BOPPORTUNITY%5D=1000&fields%5BPRICE%5D=9.5&fields%5BTITLE%5D=A+%26+B&id=%24result%5Bc0%5D%5BID%5D&select%5B0%5D=ID&select%5B1%5D=UF_%2A")
        let command = Bitrix24Batch.Command(key: "k", method: "crm.deal.get", parameters: ["id": .int(5)])
        #expect(command.query == "crm.deal.get?id=5")
        #expect(Bitrix24Batch.Command(key: "k", method: "user.current").query == "user.current")
    }

    @Test func parsesBracketFormBodies() {
        let parsed = Bitrix24FormEncoding.parse(
            "event=ONCRMDEALADD&data%5BFIELDS%5D%5BID%5D=42&data[FIELDS][PHONE][0][VALUE]=%2B1+555&data[FIELDS][PHONE][1][VALUE]=2&tags[]=a&tags[]=b&weird[=x&empty=")
        #expect(parsed["event"] == .string("ONCRMDEALADD"))
        #expect(parsed["data"]?["FIELDS"]?["ID"] == .string("42"))
        #expect(parsed["data"]?["FIELDS"]?["PHONE"] == .array([.object(["VALUE": .string("+1 555")]), .object(["VALUE": .string("2")])]))
        #expect(parsed["tags"] == .array([.string("a"), .string("b")]))
        #expect(parsed["weird["] == .string("x"))
        #expect(parsed["empty"] == .string(""))
        // Round trip through http_build_query.
        let object: [String: Bitrix24JSON] = ["a": .object(["b": .array([.string("x y"), .string("z&")])]), "c": .string("ü")]
        #expect(Bitrix24FormEncoding.parse(Bitrix24FormEncoding.buildQuery(object)) == object)
    }

    @Test func constantTimeComparison() {
        #expect(bitrix24ConstantTimeEquals("abc", "abc"))
        #expect(!bitrix24ConstantTimeEquals("abc", "abd"))
        #expect(!bitrix24ConstantTimeEquals("abc", "abcd"))
        #expect(!bitrix24ConstantTimeEquals("", "a"))
    }

    @Test func decodesAndVerifiesEvents() throws {
        let body = "event=ONCRMDEALADD&event_handler_id=7&data%5BFIELDS%5D%5BID%5D=42&ts=1700000000"
            + "&auth%5Bdomain%5D=example.bitrix24.com&auth%5Bmember_id%5D=m1&auth%5Bapplication_token%5D=apptoken123"
        let event = try Bitrix24Event(formEncoded: body, expectedApplicationToken: "apptoken123")
        #expect(event.isEvent("OnCrmDealAdd"))
        #expect(event.eventHandlerID == "7")
        #expect(event.timestamp == 1_700_000_000)
        #expect(event.domain == "example.bitrix24.com")
        #expect(event.data["FIELDS"]?["ID"] == .string("42"))
        struct Payload: Decodable { struct Fields: Decodable { var ID: String }; var FIELDS: Fields }
        #expect(try event.decodeData(as: Payload.self).FIELDS.ID == "42")
        #expect(!event.description.contains("apptoken123"))
        for wrong in ["apptoken124", "", "apptoken12"] {
            do {
                _ = try Bitrix24Event(formEncoded: body, expectedApplicationToken: wrong)
                Issue.record("accepted a wrong token")
            } catch let error as Bitrix24Error {
                #expect(error.kind == .invalidEvent)
                #expect(!error.description.contains("apptoken123"))
            }
        }
        #expect(throws: Bitrix24Error.self) { try Bitrix24Event(formEncoded: "event=X", expectedApplicationToken: "t") }
        #expect(throws: Bitrix24Error.self) { try Bitrix24Event(formEncoded: "garbage%%%", expectedApplicationToken: "t") }
    }

    @Test func decodesWidgetRequestsWithTypedOptions() throws {
        let options = #"{"ID":"15","CALL_ID":"abc"}"#
        let body = "DOMAIN=example.bitrix24.com&PROTOCOL=1&LANG=en&APP_SID=s&AUTH_ID=access999&AUTH_EXPIRES=3600&REFRESH_ID=refresh999&member_id=m&status=L&PLACEMENT=CALL_CARD&PLACEMENT_OPTIONS="
            + Bitrix24FormEncoding.urlencode(options)
        let request = try Bitrix24PlacementRequest(formEncoded: body)
        struct CallCardOptions: Decodable { var ID: String; var CALL_ID: String }
        #expect(request.placement == "CALL_CARD")
        #expect(try request.decodeOptions(as: CallCardOptions.self).CALL_ID == "abc")
        #expect(request.accessToken == "access999")
        #expect(request.expiresIn == 3600)
        #expect(!request.description.contains("access999"))
        #expect(throws: Bitrix24Error.self) { try Bitrix24PlacementRequest(formEncoded: "PLACEMENT=X&PLACEMENT_OPTIONS=%7Bbroken") }
        #expect(throws: Bitrix24Error.self) { try Bitrix24PlacementRequest(formEncoded: "DOMAIN=x") }
    }

    @Test func placementSeamBuildsRequests() throws {
        let command = Bitrix24PlacementCommand<Bitrix24JSON>(name: "CallCardSetHold", parameters: ["held": .bool(true)])
        #expect(try command.request.encodedParameters() == ["PLACEMENT": .string("CallCardSetHold"), "PARAMS": .object(["held": .bool(true)])])
        let event = Bitrix24PlacementEvent<Bitrix24JSON>(name: "BackgroundCallCard::holdButtonClick")
        #expect(event.bindRequest(handler: URL(string: "https://h.example/x")!).method.name == "placement.bindEvent")
    }

    @Test func eventNamesCompareWithoutCaseAndBuildBindRequests() throws {
        let name: Bitrix24EventName = "onCrmDealAdd"
        #expect(name == Bitrix24EventName("ONCRMDEALADD"))
        #expect(name != Bitrix24EventName("onCrmDealUpdate"))
        #expect(Set([name, Bitrix24EventName("oncrmdealadd")]).count == 1)
        let handler = URL(string: "https://h.example/x")!
        let bind = name.bindRequest(handler: handler)
        #expect(bind.method.name == "event.bind")
        #expect(try bind.encodedParameters() == ["event": .string("onCrmDealAdd"), "handler": .string("https://h.example/x")])
        let unbind = name.unbindRequest(handler: handler)
        #expect(unbind.method.name == "event.unbind")
        #expect(unbind.method.retry == .idempotentWrite)
        #expect(bind.method.retry == .write, "binding twice is an error on the portal: never retried blindly")
    }
}
