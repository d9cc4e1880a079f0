import CLibXML2
import B24DocModel

/// The shape a page arrived in.
public enum PageShape: String, Sendable, Codable {
    /// The article was read from `script#diplodoc-state` (`data.html`).
    case state
    /// The article was read from the server-rendered `#root` markup (the state was unusable).
    case root
    /// The file is a bare article fragment.
    case fragment
}

/// The article of a page, found without parsing the page shell.
struct LoadedArticle {
    /// The article HTML (UTF-8), without its H1 when it came from the state.
    var html: [UInt8]
    /// The H1 text when the state gave it (`data.title`).
    var title: String?
    /// The file line of the article's first line (libxml2 lines are added to `lineBase - 1`).
    var lineBase: Int
    var shape: PageShape
    /// When the article must be cut out of a whole-page parse (`#root` fallback).
    var needsRootExtraction: Bool
    var diagnostics: [(line: Int, message: String)]
}

/// Finds the article of a page by scanning bytes: the state script, else `#root`, else the whole file.
enum PageLoader {
    static func load(_ bytes: [UInt8]) -> LoadedArticle {
        var diags: [(Int, String)] = []
        if bytes.isEmpty {
            return LoadedArticle(html: [], title: nil, lineBase: 1, shape: .fragment, needsRootExtraction: false,
                                 diagnostics: [(1, "page is empty")])
        }
        let rootRange = findRootDiv(bytes)
        if let script = findStateScript(bytes) {
            let scriptLine = lineNumber(of: script.lowerBound, in: bytes)
            let unescaped = unescapeEntities(bytes[script])
            switch StateJSON.extract(unescaped) {
            case .success(let state):
                var base = scriptLine
                if let root = rootRange, root.count > 0 {
                    if let firstLineStart = locateArticle(state.html, in: bytes, within: root) {
                        base = lineNumber(of: firstLineStart, in: bytes)
                    }
                }
                return LoadedArticle(html: state.html, title: state.title, lineBase: base, shape: .state,
                                     needsRootExtraction: false, diagnostics: diags)
            case .failure(let message):
                diags.append((scriptLine, "state JSON unusable (\(message)); falling back"))
            }
        } else if rootRange != nil || containsBytes(bytes, Array("diplodoc".utf8)) {
            diags.append((1, "no usable diplodoc-state script; falling back"))
        }
        if let root = rootRange, root.count > 16 {
            // Parse the whole page and cut the article out of #root.
            return LoadedArticle(html: bytes, title: nil, lineBase: 1, shape: .root, needsRootExtraction: true,
                                 diagnostics: diags)
        }
        if !diags.isEmpty {
            diags.append((1, "page treated as a bare article fragment"))
        }
        return LoadedArticle(html: bytes, title: nil, lineBase: 1, shape: .fragment, needsRootExtraction: false,
                             diagnostics: diags)
    }

    // MARK: - Byte scanning

    /// The content range of `<script type="application/json" id="diplodoc-state">…</script>`.
    static func findStateScript(_ b: [UInt8]) -> Range<Int>? {
        let marker = Array("id=\"diplodoc-state\"".utf8)
        var from = 0
        while let at = find(marker, in: b, from: from) {
            // Walk back to the tag start and make sure it is a <script tag.
            var s = at
            while s > 0 && b[s] != UInt8(ascii: "<") && b[s] != UInt8(ascii: ">") { s -= 1 }
            if b[s] == UInt8(ascii: "<"), s + 7 <= b.count,
               lowerEquals(b[(s + 1)..<(s + 7)], "script") {
                guard let gt = firstIndex(of: UInt8(ascii: ">"), in: b, from: at) else { return nil }
                let start = gt + 1
                let end = find(Array("</script".utf8), in: b, from: start) ?? b.count
                return start..<end
            }
            from = at + marker.count
        }
        return nil
    }

    /// The content range of `<div id="root">…` up to the state script (or the end).
    static func findRootDiv(_ b: [UInt8]) -> Range<Int>? {
        for marker in ["<div id=\"root\">", "<div id='root'>"] {
            if let at = find(Array(marker.utf8), in: b, from: 0) {
                let start = at + marker.utf8.count
                let end = find(Array("<script".utf8), in: b, from: start) ?? b.count
                return start..<end
            }
        }
        return nil
    }

    /// Where the article's first line sits inside the server-rendered markup, so lines map to the file.
    static func locateArticle(_ html: [UInt8], in b: [UInt8], within r: Range<Int>) -> Int? {
        var n = 0
        while n < html.count && n < 120 && html[n] != 0x0A { n += 1 }
        guard n >= 8 else { return nil }
        let needle = Array(html[0..<n])
        guard let at = find(needle, in: b, from: r.lowerBound), at < r.upperBound else { return nil }
        return at
    }

    static func lineNumber(of offset: Int, in b: [UInt8]) -> Int {
        var line = 1
        b.withUnsafeBufferPointer { p in
            var i = 0
            let end = min(offset, p.count)
            while i < end {
                if p[i] == 0x0A { line += 1 }
                i += 1
            }
        }
        return line
    }

    static func firstIndex(of byte: UInt8, in b: [UInt8], from: Int) -> Int? {
        var i = from
        while i < b.count {
            if b[i] == byte { return i }
            i += 1
        }
        return nil
    }

    static func containsBytes(_ b: [UInt8], _ needle: [UInt8]) -> Bool { find(needle, in: b, from: 0) != nil }

    /// First occurrence of `needle` at or after `from`.
    static func find(_ needle: [UInt8], in b: [UInt8], from: Int) -> Int? { Bytes.find(needle, in: b, from: from) }

    static func lowerEquals(_ s: ArraySlice<UInt8>, _ word: String) -> Bool {
        let w = Array(word.utf8)
        guard s.count == w.count else { return false }
        for (a, c) in zip(s, w) where (a | 0x20) != c { return false }
        return true
    }

    /// `&lt;` → `<`, `&gt;` → `>`, `&amp;` → `&` in one left-to-right pass, which equals the site's
    /// sequential replacement (no replacement can create another entity).
    static func unescapeEntities(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(s.count)
        s.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            let n = p.count
            var i = 0
            while i < n {
                // Copy the run up to the next '&'.
                guard let q = memchr(base + i, Int32(UInt8(ascii: "&")), n - i) else {
                    out.append(contentsOf: UnsafeBufferPointer(start: base + i, count: n - i))
                    break
                }
                let amp = q.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base)
                if amp > i { out.append(contentsOf: UnsafeBufferPointer(start: base + i, count: amp - i)) }
                i = amp
                if i + 3 < n, p[i + 3] == UInt8(ascii: ";"), p[i + 2] == UInt8(ascii: "t") {
                    if p[i + 1] == UInt8(ascii: "l") { out.append(UInt8(ascii: "<")); i += 4; continue }
                    if p[i + 1] == UInt8(ascii: "g") { out.append(UInt8(ascii: ">")); i += 4; continue }
                }
                if i + 4 < n, p[i + 1] == UInt8(ascii: "a"), p[i + 2] == UInt8(ascii: "m"),
                   p[i + 3] == UInt8(ascii: "p"), p[i + 4] == UInt8(ascii: ";") {
                    out.append(UInt8(ascii: "&")); i += 5; continue
                }
                out.append(UInt8(ascii: "&"))
                i += 1
            }
        }
        return out
    }
}

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
            i += 1
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") { i += 1; return }
                if c == UInt8(ascii: "\\") { i += 2; continue }
                i += 1
            }
            throw Failure(message: "unterminated string")
        }

        mutating func string() throws -> [UInt8] {
            i += 1
            var out = [UInt8]()
            var runStart = i
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") {
                    out.append(contentsOf: b[runStart..<i])
                    i += 1
                    return out
                }
                if c == UInt8(ascii: "\\") {
                    out.append(contentsOf: b[runStart..<i])
                    guard i + 1 < b.count else { break }
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
                    runStart = i
                    continue
                }
                i += 1
            }
            throw Failure(message: "unterminated string")
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
