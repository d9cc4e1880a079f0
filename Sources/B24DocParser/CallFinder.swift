import B24DocModel

/// Finds the methods a request example calls, by the call forms of the docs' examples: a curl URL's
/// last segment after `/rest/` (`/rest/api/` for REST 3.0), `callMethod('…'`, `call('…'` (PHP SDKs),
/// `Call(ctx, "…"` (Go), `method: '…'` (the JS SDK's `actions.v2/v3.call.make`).
enum CallFinder {
    struct Calls {
        var methods: [String] = []
        var version: APIVersion?
    }

    static func calls(in text: String) -> Calls {
        let b = Array(text.utf8)
        var calls = Calls()
        addressCalls(b, into: &calls)
        for opener in ["callMethod(", "call(", "Call(ctx,", "method:", "'method' =>", "\"method\":"] {
            var from = 0
            let needle = Array(opener.utf8)
            while let at = Bytes.find(needle, in: b, from: from) {
                from = at + needle.count
                if let name = quoted(b, from: from), isCallable(name) { calls.methods.append(name) }
            }
        }
        if calls.version == nil {
            if Bytes.find(Array("actions.v3.".utf8), in: b, from: 0) != nil { calls.version = .v3 }
            else if Bytes.find(Array("actions.v2.".utf8), in: b, from: 0) != nil { calls.version = .v2 }
        }
        return calls
    }

    /// `https://…/rest/[api/][user/code/]method[?…]`.
    static func addressCalls(_ b: [UInt8], into calls: inout Calls) {
        let needle = Array("/rest/".utf8)
        var from = 0
        while let at = Bytes.find(needle, in: b, from: from) {
            from = at + needle.count
            var end = from
            while end < b.count, !isURLEnd(b[end]) { end += 1 }
            var segments = b[from..<end].split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
            var version = APIVersion.v2
            if segments.first == "api" {
                version = .v3
                segments.removeFirst()
            }
            guard var last = segments.last else { continue }
            if last.hasSuffix(".json") { last.removeLast(5) }
            guard isCallable(last) else { continue }
            calls.methods.append(last)
            if calls.version == nil || version == .v3 { calls.version = version }
        }
    }

    static func isURLEnd(_ c: UInt8) -> Bool {
        c <= 0x20 || c == UInt8(ascii: "?") || c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "`")
            || c == UInt8(ascii: "\\") || c == UInt8(ascii: ")") || c == UInt8(ascii: "#")
    }

    /// The string in quotes right after `from` (white space allowed before it).
    static func quoted(_ b: [UInt8], from: Int) -> String? {
        var k = from
        while k < b.count, b[k] == 0x20 || b[k] == 0x0A || b[k] == 0x09 || b[k] == 0x0D { k += 1 }
        guard k < b.count, b[k] == UInt8(ascii: "'") || b[k] == UInt8(ascii: "\"") else { return nil }
        let quote = b[k]
        var end = k + 1
        while end < b.count, b[end] != quote, b[end] != 0x0A, end - k < 128 { end += 1 }
        guard end < b.count, b[end] == quote else { return nil }
        return String(decoding: b[(k + 1)..<end], as: UTF8.self)
    }

    /// A dotted method name, or one lower-case word of three letters or more (`scope`, `methods`).
    static func isCallable(_ name: String) -> Bool {
        if NameRules.isMethodName(name) { return !NameRules.isPlaceholderMethodName(name) }
        return name.count >= 3 && name.allSatisfy { $0.isLowercase && $0.isASCII && $0.isLetter }
    }
}
