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
    /// Set for REST 3.0 replies: a result that is `{"result": value}` is read as `value` where the type cannot read
    /// the object (see `Bitrix24ResultDecoding.operationResult`).
    static let bitrix24UnwrapsOperationResult = CodingUserInfoKey(rawValue: "bitrix24.unwrapsOperationResult")!
}

/// Decodes an integer the server may send as a number or a numeric string.
func bitrix24LenientInt<K: CodingKey>(_ container: KeyedDecodingContainer<K>, _ key: K) -> Int? {
    if let int = try? container.decodeIfPresent(Int.self, forKey: key) { return int }
    if let string = try? container.decodeIfPresent(String.self, forKey: key) { return Int(string) }
    if let double = try? container.decodeIfPresent(Double.self, forKey: key), double.isFinite { return Int(double) }
    return nil
}

/// REST 3.0's error object: `{"code", "message", "validation": [{"field", "message"}]}`.
struct Bitrix24V3ErrorBody: Decodable {
    var code: Bitrix24ErrorCode
    var message: String?
    var validation: [Bitrix24Error.ValidationIssue]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Bitrix24AnyKey.self)
        code = try c.decode(Bitrix24ErrorCode.self, forKey: Bitrix24AnyKey("code"))
        message = try? c.decodeIfPresent(String.self, forKey: Bitrix24AnyKey("message"))
        let items = (try? c.decodeIfPresent([Bitrix24JSON].self, forKey: Bitrix24AnyKey("validation"))) ?? []
        validation = items.compactMap { item in
            guard case .object(let object) = item else { return item == .null ? nil : Bitrix24Error.ValidationIssue(field: nil, message: item.description) }
            let field = object["field"].flatMap { String(bitrix24JSON: $0) }.flatMap { $0.isEmpty ? nil : $0 }
            let message = object["message"].flatMap { String(bitrix24JSON: $0) } ?? ""
            return Bitrix24Error.ValidationIssue(field: field, message: message)
        }
    }
}

/// The whole reply, decoded in one pass: `{result, total, next, time}`, a classic error
/// `{error, error_description}`, or a REST 3.0 error `{error: {code, message, validation}}`.
struct Bitrix24Envelope<Result: Decodable>: Decodable {
    var result: Result?
    /// `result` (or the rows under it) as JSON, when `Result` was read leniently — for mismatch reports and IDs.
    var raw: Bitrix24JSON?
    var total: Int?
    var next: Int?
    var time: Bitrix24Client.Timing?
    var error: Bitrix24ErrorCode?
    var errorDescription: String?
    var validation: [Bitrix24Error.ValidationIssue] = []
    /// `"error": ""` without a result: the portal failed the call but gave no code (`crm.deal.get`'s "Not found").
    var failedWithoutCode = false

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Bitrix24AnyKey.self)
        time = try? c.decodeIfPresent(Bitrix24Client.Timing.self, forKey: Bitrix24AnyKey("time"))
        // An empty code (`"error": ""`) is no error.
        let errorKey = Bitrix24AnyKey("error")
        if let code = try? c.decodeIfPresent(Bitrix24ErrorCode.self, forKey: errorKey), !code.rawValue.isEmpty {
            error = code
            errorDescription = try? c.decodeIfPresent(String.self, forKey: Bitrix24AnyKey("error_description"))
            return
        }
        if let body = try? c.decodeIfPresent(Bitrix24V3ErrorBody.self, forKey: errorKey), !body.code.rawValue.isEmpty {
            error = body.code
            errorDescription = body.message
            validation = body.validation
            return
        }
        let resultKey = Bitrix24AnyKey("result")
        if c.contains(errorKey), !c.contains(resultKey) {
            failedWithoutCode = true
            errorDescription = try? c.decodeIfPresent(String.self, forKey: Bitrix24AnyKey("error_description"))
            return
        }
        total = bitrix24LenientInt(c, Bitrix24AnyKey("total"))
        next = bitrix24LenientInt(c, Bitrix24AnyKey("next"))
        if let rowsKey = decoder.userInfo[.bitrix24RowsKey] as? String {
            (result, raw) = try Self.decodeRows(c, resultKey: resultKey, rowsKey: rowsKey)
        } else if c.contains(resultKey) {
            (result, raw) = try Self.decodeResult(c, forKey: resultKey, unwrap: decoder.userInfo[.bitrix24UnwrapsOperationResult] as? Bool == true)
        } else if let absent = Bitrix24Envelope.absentResult() {
            result = absent
        } else {
            throw DecodingError.keyNotFound(
                resultKey, .init(codingPath: c.codingPath, debugDescription: "the reply has neither result nor error"))
        }
    }

    /// The rows of a list whose rows sit under a key inside `result` (`{"result": {"tasks": […]}}`). The key
    /// matches without regard to case; a `result` that is itself a list (or `null`, or an empty `[]`) is the rows.
    private static func decodeRows(
        _ c: KeyedDecodingContainer<Bitrix24AnyKey>, resultKey: Bitrix24AnyKey, rowsKey: String
    ) throws -> (Result, Bitrix24JSON?) {
        guard let inner = try? c.nestedContainer(keyedBy: Bitrix24AnyKey.self, forKey: resultKey) else {
            return try decodeResult(c, forKey: resultKey)
        }
        let key = inner.allKeys.first { $0.stringValue == rowsKey }
            ?? inner.allKeys.first { $0.stringValue.caseInsensitiveCompare(rowsKey) == .orderedSame }
        guard let key else {
            throw DecodingError.keyNotFound(
                Bitrix24AnyKey(rowsKey), .init(codingPath: inner.codingPath, debugDescription: "the rows key is not in result"))
        }
        return try decodeResult(inner, forKey: key)
    }

    /// `Result` read from `key`. A ``Bitrix24Value`` (scalars, records, lists and dictionaries of them) is
    /// read from any spelling the portal uses (`"123"` for `Int`, `"Y"` or `1` for `Bool`, `[]` for an
    /// empty record, an object keyed `"0"`, `"1"`, … for a list), keeping the JSON; anything else through
    /// `Decodable`.
    private static func decodeResult(
        _ c: KeyedDecodingContainer<Bitrix24AnyKey>, forKey key: Bitrix24AnyKey, unwrap: Bool = false
    ) throws -> (Result, Bitrix24JSON?) {
        guard let lenient = Result.self as? any Bitrix24Value.Type else {
            return (try c.decode(Result.self, forKey: key), nil)
        }
        var json = try c.decode(Bitrix24JSON.self, forKey: key)
        if unwrap { json = Bitrix24ResultDecoding.operationResult(json, as: Result.self) }
        if let value = lenient.init(bitrix24JSON: json) as? Result {
            return (value, json)
        }
        // Not readable even leniently: `Decodable` says where and why (its errors never quote values).
        return (try c.decode(Result.self, forKey: key), json)
    }

    private static func absentResult() -> Result? {
        if Result.self == Bitrix24JSON.self { return Bitrix24JSON.null as? Result }
        return nil
    }
}

/// The one path from a raw `result` — a batch command's, or a value a reply holds — to a typed value: a
/// ``Bitrix24Value`` leniently, anything else through `Decodable`; and the mismatches to report.
enum Bitrix24ResultDecoding {
    /// REST 3.0 answers an operation with `{"result": {"result": true}}`: where `R` (a ``Bitrix24Value`` such as
    /// `Bool`) cannot read `{"result": value}` but can read `value`, `value`; else `json` unchanged.
    static func operationResult<R>(_ json: Bitrix24JSON, as type: R.Type) -> Bitrix24JSON {
        guard case .object(let object) = json, object.count == 1, let inner = object["result"],
            let lenient = R.self as? any Bitrix24Value.Type, lenient.init(bitrix24JSON: json) == nil, lenient.init(bitrix24JSON: inner) != nil
        else { return json }
        return inner
    }

    static func decode<R: Decodable>(_ type: R.Type, from json: Bitrix24JSON, path: String) throws -> R {
        if let lenient = R.self as? any Bitrix24Value.Type, let value = lenient.init(bitrix24JSON: json) as? R {
            return value
        }
        do {
            return try json.decode(as: R.self)
        } catch let error as DecodingError {
            throw Bitrix24Error(kind: .decoding, message: "unexpected result shape: \(Bitrix24ResponseDecoder.describe(error, under: path))")
        }
    }

    /// Where `json` holds values `R` documents as another type (nothing for types that are not ``Bitrix24Value``s).
    static func mismatches<R>(_ type: R.Type, in json: Bitrix24JSON, path: String) -> [Bitrix24Client.DecodingMismatch] {
        (R.self as? any Bitrix24Value.Type)?.bitrix24Mismatches(in: json, at: path) ?? []
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
        _ type: R.Type, from response: Bitrix24Client.HTTPResponse, method: String, rowsKey: String?, idField: String? = nil,
        unwrapsOperationResult: Bool = false
    ) throws -> (Bitrix24Response<R>?, Bitrix24Error?) {
        let decoder = JSONDecoder()
        if unwrapsOperationResult { decoder.userInfo[.bitrix24UnwrapsOperationResult] = true }
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
        if envelope.error != nil || envelope.failedWithoutCode {
            let code = envelope.error
            var error = Bitrix24Error(
                kind: .api, code: code, message: envelope.errorDescription ?? "", httpStatus: response.status, method: method,
                validation: envelope.validation)
            error.operatingResetAt = envelope.time?.operatingReset
            return (nil, error)
        }
        guard let result = envelope.result else {
            return (nil, Bitrix24Error(kind: .decoding, message: "the reply has no result", httpStatus: response.status, method: method))
        }
        var decoded = Bitrix24Response(result: result, total: envelope.total, next: envelope.next, time: envelope.time)
        decoded.raw = envelope.raw
        return (decoded, nil)
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

    /// What went wrong and where (`result.items[3]`), never quoting a value.
    static func describe(_ error: DecodingError, under root: String = "") -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = root + context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.hasPrefix(".") ? String(path.dropFirst()) : path
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
