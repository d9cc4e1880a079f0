import Foundation

/// PHP-compatible form encoding: `http_build_query` for batch commands and the reverse
/// (`parse_str`-like bracket keys) for event deliveries and widget requests.
package enum Bitrix24FormEncoding {
    /// Characters `urlencode` leaves alone.
    private static let unreserved: Set<UInt8> = Set(
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.".utf8))

    /// PHP `urlencode`: spaces become `+`, everything but `A-Za-z0-9-_.` is percent-encoded.
    package static func urlencode(_ string: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(string.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in string.utf8 {
            if unreserved.contains(byte) {
                out.append(byte)
            } else if byte == 0x20 {
                out.append(UInt8(ascii: "+"))
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// PHP `http_build_query` of a JSON object: nested objects and arrays as `a[b][0]=…`, keys in
    /// sorted order, `true`/`false` as `1`/`0`, `null` omitted.
    package static func buildQuery(_ parameters: [String: Bitrix24JSON]) -> String {
        var pairs: [String] = []
        for key in parameters.keys.sorted() {
            if let value = parameters[key] { append(value, name: key, into: &pairs) }
        }
        return pairs.joined(separator: "&")
    }

    private static func append(_ value: Bitrix24JSON, name: String, into pairs: inout [String]) {
        switch value {
        case .null: return
        case .bool(let b): pairs.append(urlencode(name) + "=" + (b ? "1" : "0"))
        case .int(let i): pairs.append(urlencode(name) + "=" + String(i))
        case .double(let d): pairs.append(urlencode(name) + "=" + urlencode(format(d)))
        case .string(let s): pairs.append(urlencode(name) + "=" + urlencode(s))
        case .array(let items):
            for (index, item) in items.enumerated() { append(item, name: "\(name)[\(index)]", into: &pairs) }
        case .object(let object):
            for key in object.keys.sorted() {
                if let item = object[key] { append(item, name: "\(name)[\(key)]", into: &pairs) }
            }
        }
    }

    private static func format(_ double: Double) -> String {
        if double.isFinite, double == double.rounded(), abs(double) < 1e15 { return String(Int(double)) }
        return String(double)
    }

    /// Decodes a trusted form body (the fake portal's requests, tests) with bracket keys into a JSON
    /// object of strings, without size or key limits (the depth limit still holds). Event and widget
    /// bodies go through ``Bitrix24FormDecoder`` with ``Bitrix24Event/Limits``.
    package static func parse(_ body: String) -> [String: Bitrix24JSON] {
        let limits = Bitrix24Event.Limits(maxBytes: .max, maxKeys: .max, maxDepth: Bitrix24Event.Limits.depthCeiling)
        return (try? Bitrix24FormDecoder(limits: limits).decode(Array(body.utf8))) ?? [:]
    }
}
