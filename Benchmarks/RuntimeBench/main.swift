// Runtime overhead benchmark: what the client adds to each call (encode, envelope decode, limiter,
// retry loop), next to a bare URLSession round trip on loopback.
//
//     swift run -c release Bitrix24RuntimeBench [iterations]
//
// Prints medians (µs) of:
//   1. crm.deal.add with 25 fields through the full client, against an in-memory transport
//   2. a 50-row crm.deal.list page decoded into typed rows, against an in-memory transport
//   3. a bare URLSession POST round trip to a FakePortal on 127.0.0.1
//   4. the same call through Bitrix24Client on 127.0.0.1 (3 + the client's work)
import Bitrix24Core
import Bitrix24Testing
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A deal as generated code would model it: 25 fields.
struct DealFields: Codable, Sendable {
    var TITLE = "Benchmark deal"
    var TYPE_ID = "SALE"
    var CATEGORY_ID = 0
    var STAGE_ID = "NEW"
    var IS_RECURRING = "N"
    var IS_RETURN_CUSTOMER = "N"
    var IS_REPEATED_APPROACH = "N"
    var PROBABILITY = 50
    var CURRENCY_ID = "EUR"
    var OPPORTUNITY = 1234.5
    var IS_MANUAL_OPPORTUNITY = "Y"
    var TAX_VALUE = 0.0
    var COMPANY_ID = 17
    var CONTACT_ID = 42
    var CONTACT_IDS = [42, 43]
    var BEGINDATE = "2026-01-01T00:00:00+00:00"
    var CLOSEDATE = "2026-02-01T00:00:00+00:00"
    var OPENED = "Y"
    var CLOSED = "N"
    var COMMENTS = "Created by the runtime benchmark; a medium-length comment."
    var ASSIGNED_BY_ID = 1
    var SOURCE_ID = "WEB"
    var SOURCE_DESCRIPTION = "Landing page"
    var ADDITIONAL_INFO = "none"
    var UTM_SOURCE = "newsletter"
}

struct AddParameters: Encodable, Sendable {
    var fields: DealFields
    var params: [String: String] = ["REGISTER_SONET_EVENT": "N"]
}

/// A list row: 25 fields, decoded leniently like generated code (IDs as strings).
typealias DealRow = [String: Bitrix24JSON]

struct TypedDealRow: Decodable, Sendable {
    var ID: String
    var TITLE: String
    var TYPE_ID: String?
    var CATEGORY_ID: String?
    var STAGE_ID: String?
    var IS_RECURRING: String?
    var IS_RETURN_CUSTOMER: String?
    var IS_REPEATED_APPROACH: String?
    var PROBABILITY: String?
    var CURRENCY_ID: String?
    var OPPORTUNITY: String?
    var IS_MANUAL_OPPORTUNITY: String?
    var TAX_VALUE: String?
    var COMPANY_ID: String?
    var CONTACT_ID: String?
    var BEGINDATE: String?
    var CLOSEDATE: String?
    var OPENED: String?
    var CLOSED: String?
    var COMMENTS: String?
    var ASSIGNED_BY_ID: String?
    var SOURCE_ID: String?
    var SOURCE_DESCRIPTION: String?
    var ADDITIONAL_INFO: String?
    var UTM_SOURCE: String?
}

/// Answers every request at once with a fixed body.
struct CannedTransport: Bitrix24Client.Transport {
    var body: Data
    func send(_ request: Bitrix24Client.HTTPRequest) async throws -> Bitrix24Client.HTTPResponse {
        Bitrix24Client.HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: body)
    }
}

let timeBlock = #""time":{"start":1700000000.1,"finish":1700000000.2,"duration":0.1,"processing":0.05,"date_start":"2026-01-01T00:00:00+00:00","date_finish":"2026-01-01T00:00:00+00:00","operating":0.01,"operating_reset_at":1700000600}"#

func listBody() -> Data {
    var rows: [String] = []
    for index in 1...50 {
        rows.append(#"{"ID":"\#(index)","TITLE":"Deal \#(index)","TYPE_ID":"SALE","CATEGORY_ID":"0","STAGE_ID":"NEW","IS_RECURRING":"N","IS_RETURN_CUSTOMER":"N","IS_REPEATED_APPROACH":"N","PROBABILITY":"50","CURRENCY_ID":"EUR","OPPORTUNITY":"1234.50","IS_MANUAL_OPPORTUNITY":"Y","TAX_VALUE":"0.00","COMPANY_ID":"17","CONTACT_ID":"42","BEGINDATE":"2026-01-01T00:00:00+00:00","CLOSEDATE":"2026-02-01T00:00:00+00:00","OPENED":"Y","CLOSED":"N","COMMENTS":"A medium-length comment for row \#(index).","ASSIGNED_BY_ID":"1","SOURCE_ID":"WEB","SOURCE_DESCRIPTION":"Landing page","ADDITIONAL_INFO":"none","UTM_SOURCE":"newsletter"}"#)
    }
    return Data(#"{"result":[\#(rows.joined(separator: ","))],"total":10000,"next":50,\#(timeBlock)}"#.utf8)
}

func median(_ samples: [Double]) -> Double {
    let sorted = samples.sorted()
    return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
}

func measure(_ label: String, iterations: Int, warmup: Int = 50, _ body: () async throws -> Void) async throws -> Double {
    for _ in 0..<warmup { try await body() }
    var samples: [Double] = []
    samples.reserveCapacity(iterations)
    let clock = ContinuousClock()
    for _ in 0..<iterations {
        let elapsed = try await clock.measure { try await body() }
        samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
    let result = median(samples)
    let p90 = samples.sorted()[Int(Double(samples.count) * 0.9)]
    print("\(label.padding(toLength: 62, withPad: " ", startingAt: 0)) median \(String(format: "%8.1f", result)) µs   p90 \(String(format: "%8.1f", p90)) µs")
    return result
}

func bareRoundTrip(session: URLSession, request: URLRequest) async throws {
    let _: Data = try await withCheckedThrowingContinuation { continuation in
        session.dataTask(with: request) { data, response, error in
            if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: data ?? Data()) }
        }.resume()
    }
}

let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 2000
let unlimited = Bitrix24Client.Configuration(rateLimit: .unlimited)
print("Bitrix24 runtime benchmark: \(iterations) iterations per row, medians")

// 1. crm.deal.add, 25 fields, in memory.
var addConfiguration = unlimited
addConfiguration.transport = CannedTransport(body: Data(#"{"result":12345,\#(timeBlock)}"#.utf8))
addConfiguration.limiter = Bitrix24Client.PortalLimiter(portal: "bench-add", limit: .unlimited)
let addClient = Bitrix24Client(auth: .webhook(URL(string: "https://bench.bitrix24.com/rest/1/benchcode/")!), configuration: addConfiguration)
let addRequest = Bitrix24Request<Int>(
    method: Bitrix24MethodInfo(name: "crm.deal.add", retry: .write), encoding: AddParameters(fields: DealFields()))
let addMedian = try await measure("crm.deal.add, 25 fields (encode + decode, in-memory)", iterations: iterations) {
    let id = try await addClient.perform(addRequest)
    precondition(id == 12345)
}

// Floor for 1: the same work done by bare Foundation coders (encode the parameters, decode the reply).
struct BareEnvelope<R: Decodable>: Decodable { var result: R }
let addReply = Data(#"{"result":12345,\#(timeBlock)}"#.utf8)
let addFloor = try await measure("  floor: bare JSONEncoder + JSONDecoder of the same", iterations: iterations) {
    let body = try JSONEncoder().encode(AddParameters(fields: DealFields()))
    let id = try JSONDecoder().decode(BareEnvelope<Int>.self, from: addReply).result
    precondition(id == 12345 && !body.isEmpty)
}

// 2. crm.deal.list page, 50 rows x 25 fields, in memory.
var listConfiguration = unlimited
listConfiguration.transport = CannedTransport(body: listBody())
listConfiguration.limiter = Bitrix24Client.PortalLimiter(portal: "bench-list", limit: .unlimited)
let listClient = Bitrix24Client(auth: .webhook(URL(string: "https://bench.bitrix24.com/rest/1/benchcode/")!), configuration: listConfiguration)
let listRequest = Bitrix24Request<[TypedDealRow]>(
    method: Bitrix24MethodInfo(name: "crm.deal.list", retry: .read, paging: .init(idField: "ID")),
    parameters: ["select": .array([.string("*")]), "filter": .object(["STAGE_ID": .string("NEW")])])
let listMedian = try await measure("crm.deal.list page, 50 typed rows (encode + decode, in-memory)", iterations: iterations) {
    let page = try await listClient.send(listRequest)
    precondition(page.result.count == 50 && page.next == 50)
}

let page = listBody()
let listFloor = try await measure("  floor: bare JSONDecoder of the same page", iterations: iterations) {
    let rows = try JSONDecoder().decode(BareEnvelope<[TypedDealRow]>.self, from: page).result
    precondition(rows.count == 50)
}

// 3. and 4. Loopback: bare URLSession vs the client, same server and handler.
let portal = try await FakePortal.start(.init(rateLimit: nil))
await portal.handle("crm.deal.add") { _ in .result(.int(12345)) }
let webhook = await portal.webhookURL()
let session = URLSession(configuration: .ephemeral)
var bare = URLRequest(url: webhook.appendingPathComponent("crm.deal.add"))
bare.httpMethod = "POST"
bare.setValue("application/json", forHTTPHeaderField: "Content-Type")
bare.httpBody = try JSONEncoder().encode(AddParameters(fields: DealFields()))
let loopIterations = max(100, iterations / 4)
let transport = Bitrix24Client.URLSessionTransport()
let transportRequest = Bitrix24Client.HTTPRequest(
    method: "POST", url: webhook.appendingPathComponent("crm.deal.add"), headers: ["Content-Type": "application/json"],
    body: bare.httpBody, timeout: .seconds(30))
var loopConfiguration = unlimited
loopConfiguration.limiter = Bitrix24Client.PortalLimiter(portal: "bench-loop", limit: .unlimited)
let loopClient = Bitrix24Client(auth: .webhook(webhook), configuration: loopConfiguration)
// The three loopback variants are interleaved sample by sample, so load drift hits them alike.
let loopback: [(String, () async throws -> Void)] = [
    ("bare URLSession POST round trip on 127.0.0.1", { try await bareRoundTrip(session: session, request: bare) }),
    ("  Bitrix24Client.URLSessionTransport alone, same request", {
        let response = try await transport.send(transportRequest)
        precondition(response.status == 200)
    }),
    ("Bitrix24Client crm.deal.add round trip on 127.0.0.1", {
        let id = try await loopClient.perform(addRequest)
        precondition(id == 12345)
    }),
]
var loopSamples = Array(repeating: [Double](), count: loopback.count)
let loopClock = ContinuousClock()
for round in 0..<(loopIterations + 20) {
    for (index, variant) in loopback.enumerated() {
        let elapsed = try await loopClock.measure { try await variant.1() }
        if round >= 20 { loopSamples[index].append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6) }
    }
}
var loopMedians: [Double] = []
for (index, variant) in loopback.enumerated() {
    let sorted = loopSamples[index].sorted()
    loopMedians.append(median(sorted))
    let p90 = sorted[Int(Double(sorted.count) * 0.9)]
    print("\(variant.0.padding(toLength: 62, withPad: " ", startingAt: 0)) median \(String(format: "%8.1f", median(sorted))) µs   p90 \(String(format: "%8.1f", p90)) µs")
}
let bareMedian = loopMedians[0]
let clientMedian = loopMedians[2]
await portal.stop()

print("")
print("in memory: add \(String(format: "%.1f", addMedian)) µs (bare coders \(String(format: "%.1f", addFloor)) µs), 50-row page \(String(format: "%.1f", listMedian)) µs (bare decode \(String(format: "%.1f", listFloor)) µs);")
print("loopback: client \(String(format: "%.1f", clientMedian)) µs vs bare URLSession \(String(format: "%.1f", bareMedian)) µs (ratio \(String(format: "%.2f", clientMedian / bareMedian)))")
