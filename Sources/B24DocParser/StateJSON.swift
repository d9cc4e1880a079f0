import CLibXML2
/// Reads `data.html` and `data.title` out of the state JSON, skipping (but validating) everything else.
struct StateJSON {
    var html: [UInt8]
    var title: String?

    enum Outcome {
        case success(StateJSON)
        case failure(String)
    }

    private struct Failure: Error {
        var message: String
    }

    static func extract(_ bytes: [UInt8]) -> Outcome {
        var p = Reader(b: bytes)
        do {
            p.skipSpace()
            guard p.peek == UInt8(ascii: "{") else { throw Failure(message: "not a JSON object") }
            var html: [UInt8]?
            var htmlWrongType = false
            var title: String?
            try p.object { key, p in
                if key == Array("data".utf8), p.peek == UInt8(ascii: "{") {
                    try p.object { k, p in
                        if k == Array("html".utf8) {
                            if p.peek == UInt8(ascii: "\"") { html = try p.string() } else {
                                htmlWrongType = true
                                try p.skipValue(depth: 0)
                            }
                        } else if k == Array("title".utf8), p.peek == UInt8(ascii: "\"") {
                            title = String(decoding: try p.string(), as: UTF8.self)
                        } else {
                            try p.skipValue(depth: 0)
                        }
                    }
                } else {
                    try p.skipValue(depth: 0)
                }
            }
            p.skipSpace()
            if p.i < p.b.count { throw Failure(message: "trailing bytes after the JSON value at offset \(p.i)") }
            if htmlWrongType { return .failure("data.html is not a string") }
            guard let html else { return .failure("no data.html") }
            return .success(StateJSON(html: html, title: title))
        } catch let f as Failure {
            return .failure(f.message)
        } catch {
            return .failure("\(error)")
        }
    }

    private struct Reader {
        let b: [UInt8]
        var i = 0

        var peek: UInt8? { i < b.count ? b[i] : nil }

        mutating func skipSpace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        mutating func expect(_ c: UInt8) throws {
            skipSpace()
            guard i < b.count, b[i] == c else {
                throw Failure(message: "expected '\(Character(Unicode.Scalar(c)))' at offset \(i)")
            }
            i += 1
        }

        mutating func object(_ body: (_ key: [UInt8], inout Reader) throws -> Void) throws {
            try expect(UInt8(ascii: "{"))
            skipSpace()
            if peek == UInt8(ascii: "}") { i += 1; return }
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw Failure(message: "expected a key at offset \(i)") }
                let key = try string()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                try body(key, &self)
                skipSpace()
                guard let c = peek else { throw Failure(message: "unterminated object") }
                i += 1
                if c == UInt8(ascii: "}") { return }
                guard c == UInt8(ascii: ",") else { throw Failure(message: "expected ',' or '}' at offset \(i - 1)") }
            }
        }

        mutating func skipValue(depth: Int) throws {
            guard depth < 256 else { throw Failure(message: "JSON nested too deeply") }
            skipSpace()
            guard let c = peek else { throw Failure(message: "unexpected end of JSON") }
            switch c {
            case UInt8(ascii: "\""):
                try skipString()
            case UInt8(ascii: "{"):
                try object { _, p in try p.skipValue(depth: depth + 1) }
            case UInt8(ascii: "["):
                i += 1
                skipSpace()
                if peek == UInt8(ascii: "]") { i += 1; return }
                while true {
                    try skipValue(depth: depth + 1)
                    skipSpace()
                    guard let d = peek else { throw Failure(message: "unterminated array") }
                    i += 1
                    if d == UInt8(ascii: "]") { return }
                    guard d == UInt8(ascii: ",") else { throw Failure(message: "expected ',' or ']' at offset \(i - 1)") }
                }
            default:
                let start = i
                while i < b.count {
                    let d = b[i]
                    if d == UInt8(ascii: ",") || d == UInt8(ascii: "}") || d == UInt8(ascii: "]") || d <= 0x20 { break }
                    i += 1
                }
                let word = b[start..<i]
                if word.isEmpty { throw Failure(message: "unexpected '\(Character(Unicode.Scalar(c)))' at offset \(start)") }
                let ok = word.elementsEqual("true".utf8) || word.elementsEqual("false".utf8)
                    || word.elementsEqual("null".utf8) || word.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2B || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 }
                if !ok { throw Failure(message: "invalid literal at offset \(start)") }
            }
        }

        mutating func skipString() throws {
            let start = i + 1
            guard let end = b.withUnsafeBufferPointer({ Self.closingQuote($0, from: start) }) else {
                i = b.count
                throw Failure(message: "unterminated string")
            }
            i = end + 1
        }

        /// The string at `i` (its opening quote), decoded. Two passes: the closing quote is found eight bytes at a
        /// time, then the runs between backslashes are copied whole into a buffer of the raw length (decoding
        /// never lengthens a string).
        mutating func string() throws -> [UInt8] {
            i += 1
            let bytes = b  // a second reference to the same storage: `self` stays free to change inside the loops
            let start = i
            guard let end = bytes.withUnsafeBufferPointer({ Self.closingQuote($0, from: start) }) else {
                throw Failure(message: "unterminated string")
            }
            let out = try bytes.withUnsafeBufferPointer { p in
                try [UInt8](unsafeUninitializedCapacity: end - start) { buffer, count in
                    count = 0
                    var k = start
                    while k < end {
                        guard let base = p.baseAddress, let out = buffer.baseAddress else { break }
                        // The run up to the next backslash, copied whole.
                        let stop = memchr(base + k, Int32(UInt8(ascii: "\\")), end - k)
                            .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? end
                        if stop > k {
                            (out + count).update(from: base + k, count: stop - k)
                            count += stop - k
                            k = stop
                        }
                        guard k < end else { break }
                        switch p[k + 1] {
                        case UInt8(ascii: "n"): out[count] = 0x0A; count += 1; k += 2
                        case UInt8(ascii: "t"): out[count] = 0x09; count += 1; k += 2
                        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out[count] = p[k + 1]; count += 1; k += 2
                        default:
                            var decoded: [UInt8] = []
                            i = k
                            try unescape(into: &decoded)
                            k = i
                            for d in decoded where count < buffer.count {
                                out[count] = d
                                count += 1
                            }
                        }
                    }
                }
            }
            i = end + 1
            return out
        }

        /// The offset of the quote that ends the string starting at `from` (a backslash escapes the byte after it).
        static func closingQuote(_ p: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
            guard let base = p.baseAddress else { return nil }
            let n = p.count
            var k = from
            while k < n {
                // Eight bytes at a time while none of them is a quote or a backslash.
                while k + 8 <= n {
                    let w = UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)
                    if hasZeroByte(w ^ 0x2222_2222_2222_2222) || hasZeroByte(w ^ 0x5C5C_5C5C_5C5C_5C5C) { break }
                    k += 8
                }
                guard k < n else { break }
                let c = base[k]
                if c == UInt8(ascii: "\"") { return k }
                k += c == UInt8(ascii: "\\") ? 2 : 1
            }
            return nil
        }

        @inline(__always)
        static func hasZeroByte(_ x: UInt64) -> Bool {
            (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
        }

        /// Decodes the escape at `i` (a backslash) and moves past it.
        mutating func unescape(into out: inout [UInt8]) throws {
            let e = b[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00, i + 1 < b.count, b[i] == UInt8(ascii: "\\"),
                   b[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    if low >= 0xDC00 && low < 0xE000 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        scalar = 0xFFFD
                    }
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw Failure(message: "invalid escape at offset \(i - 2)")
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= b.count else { throw Failure(message: "truncated \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = b[i]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw Failure(message: "invalid \\u escape at offset \(i)")
                }
                v = v * 16 + d
                i += 1
            }
            return v
        }
    }
}
