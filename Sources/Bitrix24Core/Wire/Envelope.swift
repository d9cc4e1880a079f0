import Foundation

/// A dynamic coding key.
struct Bitrix24AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension CodingUserInfoKey {
    /// The key under `result` where rows sit (`Bitrix24MethodInfo.Paging.rowsKey`).
    static let bitrix24RowsKey = CodingUserInfoKey(rawValue: "bitrix24.rowsKey")!
    /// The row field holding the ID, for the keyset export.
    static let bitrix24IDField = CodingUserInfoKey(rawValue: "bitrix24.idField")!
}

/// Decodes an integer the server may send as a number or a numeric string.
func bitrix24LenientInt<K: CodingKey>(_ container: KeyedDecodingContainer<K>, _ key: K) -> Int? {
    if let int = try? container.decodeIfPresent(Int.self, forKey: key) { return int }
    if let string = try? container.decodeIfPresent(String.self, forKey: key) { return Int(string) }
    if let double = try? container.decodeIfPresent(Double.self, forKey: key), double.isFinite { return Int(double) }
    return nil
}

/// The whole reply: `{result, total, next, time}` or `{error, error_description}`, decoded in one pass.
struct Bitrix24Envelope<Result: Decodable>: Decodable {
    var result: Result?
    var total: Int?
    var next: Int?
    var time: Bitrix24Client.Timing?
    var error: Bitrix24ErrorCode?
    var errorDescription: String?

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Bitrix24AnyKey.self)
        time = try? c.decodeIfPresent(Bitrix24Client.Timing.self, forKey: Bitrix24AnyKey("time"))
        if let code = try? c.decodeIfPresent(Bitrix24ErrorCode.self, forKey: Bitrix24AnyKey("error")), !code.rawValue.isEmpty {
            error = code
            errorDescription = try? c.decodeIfPresent(String.self, forKey: Bitrix24AnyKey("error_description"))
            return
        }
        total = bitrix24LenientInt(c, Bitrix24AnyKey("total"))
        next = bitrix24LenientInt(c, Bitrix24AnyKey("next"))
        let resultKey = Bitrix24AnyKey("result")
        if let rowsKey = decoder.userInfo[.bitrix24RowsKey] as? String {
            let inner = try c.nestedContainer(keyedBy: Bitrix24AnyKey.self, forKey: resultKey)
            result = try Self.decodeResult(inner, forKey: Bitrix24AnyKey(rowsKey))
        } else if c.contains(resultKey) {
            result = try Self.decodeResult(c, forKey: resultKey)
        } else if let absent = Bitrix24Envelope.absentResult() {
            result = absent
        } else {
            throw DecodingError.keyNotFound(
                resultKey, .init(codingPath: c.codingPath, debugDescription: "the reply has neither result nor error"))
        }
    }

    /// `Result` read from `key`. A ``Bitrix24Value`` (scalars, records, lists and dictionaries of them) is
    /// read from any spelling the portal uses (`"123"` for `Int`, `"Y"` or `1` for `Bool`, `[]` for an
    /// empty record, an object keyed `"0"`, `"1"`, … for a list); anything else through `Decodable`.
    private static func decodeResult(_ c: KeyedDecodingContainer<Bitrix24AnyKey>, forKey key: Bitrix24AnyKey) throws -> Result {
        guard Result.self != Bitrix24JSON.self, let lenient = Result.self as? any Bitrix24Value.Type else {
            return try c.decode(Result.self, forKey: key)
        }
        if let value = lenient.init(bitrix24JSON: try c.decode(Bitrix24JSON.self, forKey: key)) as? Result {
            return value
        }
        // Not readable even leniently: `Decodable` says where and why (its errors never quote values).
        return try c.decode(Result.self, forKey: key)
    }

    private static func absentResult() -> Result? {
        if Result.self == Bitrix24JSON.self { return Bitrix24JSON.null as? Result }
        return nil
    }
}

/// Turns HTTP replies into responses or ``Bitrix24Error``s.
enum Bitrix24ResponseDecoder {
    static func looksLikeHTML(_ body: Data) -> Bool {
        for byte in body.prefix(256) {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF: continue  // whitespace, BOM
            case UInt8(ascii: "<"): return true
            default: return false
            }
        }
        return false
    }

    static func decode<R: Decodable & Sendable>(
        _ type: R.Type, from response: Bitrix24Client.HTTPResponse, method: String, rowsKey: String?, idField: String? = nil
    ) throws -> (Bitrix24Response<R>?, Bitrix24Error?) {
        let decoder = JSONDecoder()
        if let rowsKey { decoder.userInfo[.bitrix24RowsKey] = rowsKey }
        if let idField { decoder.userInfo[.bitrix24IDField] = idField }
        let envelope: Bitrix24Envelope<R>
        do {
            envelope = try decoder.decode(Bitrix24Envelope<R>.self, from: response.body)
        } catch let error as DecodingError {
            // Valid JSON with a wrong shape is a decoding error; anything else is a broken body.
            if case .dataCorrupted = error, (try? JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed])) == nil {
                return (nil, brokenBody(response, method: method))
            }
            if !(200..<300).contains(response.status) {
                return (nil, brokenBody(response, method: method))
            }
            return (nil, Bitrix24Error(
                kind: .decoding, message: "unexpected result shape: \(describe(error))",
                httpStatus: response.status, method: method))
        }
        if let code = envelope.error {
            var error = Bitrix24Error(
                kind: .api, code: code, message: envelope.errorDescription ?? "", httpStatus: response.status, method: method)
            error.operatingResetAt = envelope.time?.operatingReset
            return (nil, error)
        }
        guard let result = envelope.result else {
            return (nil, Bitrix24Error(kind: .decoding, message: "the reply has no result", httpStatus: response.status, method: method))
        }
        return (Bitrix24Response(result: result, total: envelope.total, next: envelope.next, time: envelope.time), nil)
    }

    static func brokenBody(_ response: Bitrix24Client.HTTPResponse, method: String) -> Bitrix24Error {
        if looksLikeHTML(response.body) {
            return Bitrix24Error(
                kind: .htmlResponse, message: "the portal answered with an HTML page instead of JSON (\(response.body.count) bytes)",
                httpStatus: response.status, method: method)
        }
        let what = response.body.isEmpty ? "an empty body" : "a body that is not valid JSON (truncated?, \(response.body.count) bytes)"
        return Bitrix24Error(kind: .malformedResponse, message: "the portal answered with \(what)", httpStatus: response.status, method: method)
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .typeMismatch(let type, let context): return "type mismatch for \(type) at \(path(context)): \(context.debugDescription)"
        case .valueNotFound(let type, let context): return "missing \(type) at \(path(context))"
        case .keyNotFound(let key, let context): return "missing key \(key.stringValue) at \(path(context))"
        case .dataCorrupted(let context): return "corrupted data at \(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
