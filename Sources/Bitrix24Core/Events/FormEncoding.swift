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

    /// Percent-decodes a form component (`+` is a space). Invalid escapes are kept as they are.
    package static func urldecode(_ string: Substring) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(string.utf8.count)
        var iterator = Array(string.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = hexValue(iterator[iterator.startIndex]), let low = hexValue(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Splits `a[b][c]` into `["a", "b", "c"]`; `a[]` gives `["a", ""]` (append). A key without
    /// brackets is one segment; a malformed bracket keeps the rest as literal text.
    static func keyPath(_ key: String) -> [String] {
        guard let open = key.firstIndex(of: "["), open != key.startIndex else { return [key] }
        var path = [String(key[..<open])]
        var rest = key[open...]
        while rest.first == "[", let close = rest.firstIndex(of: "]") {
            path.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { path[path.count - 1] += String(rest) }
        return path
    }

    /// Decodes `application/x-www-form-urlencoded` text with bracket keys into a JSON object of
    /// strings: `data[FIELDS][ID]=1` → `{"data": {"FIELDS": {"ID": "1"}}}`. `a[]=x` appends to an
    /// array; objects whose keys are exactly `0…n-1` become arrays. Later duplicates win.
    package static func parse(_ body: String) -> [String: Bitrix24JSON] {
        var root = Node.object([:], order: [])
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = urldecode(parts[0])
            guard !key.isEmpty else { continue }
            let value = parts.count > 1 ? urldecode(parts[1]) : ""
            root.insert(path: keyPath(key)[...], value: value)
        }
        if case .object(let object) = root.json { return object }
        return [:]
    }

    /// A mutable tree used while parsing.
    private indirect enum Node {
        case leaf(String)
        case object([String: Node], order: [String])

        mutating func insert(path: ArraySlice<String>, value: String) {
            guard let head = path.first else {
                self = .leaf(value)
                return
            }
            var children: [String: Node]
            var order: [String]
            if case .object(let existing, let existingOrder) = self {
                children = existing
                order = existingOrder
            } else {
                children = [:]
                order = []
            }
            var key = head
            if key.isEmpty {
                // `[]`: the next integer index.
                var index = 0
                while children[String(index)] != nil { index += 1 }
                key = String(index)
            }
            var child = children[key] ?? .object([:], order: [])
            if path.count == 1 { child = .leaf(value) } else { child.insert(path: path.dropFirst(), value: value) }
            if children[key] == nil { order.append(key) }
            children[key] = child
            self = .object(children, order: order)
        }

        var json: Bitrix24JSON {
            switch self {
            case .leaf(let string): return .string(string)
            case .object(let children, _):
                let count = children.count
                if count > 0, (0..<count).allSatisfy({ children[String($0)] != nil }) {
                    return .array((0..<count).map { children[String($0)]?.json ?? .null })
                }
                return .object(children.mapValues(\.json))
            }
        }
    }
}
