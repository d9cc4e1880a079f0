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
    var diagnostics: [Diagnostic]
}

/// Finds the article of a page by scanning bytes: the state script, else `#root`, else the whole file.
enum PageLoader {
    static func load(_ bytes: [UInt8], path: String) -> LoadedArticle {
        var diags: [Diagnostic] = []
        func warn(_ line: Int, _ message: String) { diags.append(Diagnostic(path: path, line: line, message: message)) }
        if bytes.isEmpty {
            return LoadedArticle(html: [], title: nil, lineBase: 1, shape: .fragment, needsRootExtraction: false,
                                 diagnostics: [Diagnostic(path: path, line: 1, message: "page is empty")])
        }
        if !isValidUTF8(bytes) {
            warn(1, "page is not valid UTF-8; invalid bytes replaced")
        }
        if bytes.count > 4 << 20 {
            warn(1, "page is \(bytes.count >> 20) MB, far larger than any documentation page")
        }
        if startsAsDocument(bytes), find(Array("</html".utf8), in: bytes, from: max(0, bytes.count - 4096)) == nil {
            warn(lineNumber(of: bytes.count, in: bytes), "page ends before </html> (truncated?)")
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
                warn(scriptLine, "state JSON unusable (\(message)); falling back")
            }
        } else if rootRange != nil || containsBytes(bytes, Array("diplodoc".utf8)) {
            warn(1, "no usable diplodoc-state script; falling back")
        }
        if let root = rootRange, root.count > 16 {
            // Parse the whole page and cut the article out of #root.
            return LoadedArticle(html: bytes, title: nil, lineBase: 1, shape: .root, needsRootExtraction: true,
                                 diagnostics: diags)
        }
        if !diags.isEmpty {
            warn(1, "page treated as a bare article fragment")
        }
        return LoadedArticle(html: bytes, title: nil, lineBase: 1, shape: .fragment, needsRootExtraction: false,
                             diagnostics: diags)
    }

    // MARK: - Byte scanning

    /// A full HTML document (doctype or <html> near the start), as opposed to a fragment.
    static func startsAsDocument(_ b: [UInt8]) -> Bool {
        let head = Array(b.prefix(512)).map { $0 | 0x20 }
        return find(Array("<!doctype".utf8), in: head, from: 0) != nil || find(Array("<html".utf8), in: head, from: 0) != nil
    }

    /// Strict UTF-8 check (no overlongs, no surrogates), fast on ASCII runs.
    static func isValidUTF8(_ b: [UInt8]) -> Bool {
        b.withUnsafeBufferPointer { p in
            let n = p.count
            var i = 0
            guard let base = p.baseAddress else { return true }
            let raw = UnsafeRawPointer(base)
            while i < n {
                // Eight ASCII bytes at a time.
                while i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
                guard i < n else { break }
                let c = p[i]
                if c < 0x80 { i += 1; continue }
                var need = 0
                var minScalar: UInt32 = 0
                var scalar: UInt32 = 0
                switch c {
                case 0xC2...0xDF: need = 1; scalar = UInt32(c & 0x1F); minScalar = 0x80
                case 0xE0...0xEF: need = 2; scalar = UInt32(c & 0x0F); minScalar = 0x800
                case 0xF0...0xF4: need = 3; scalar = UInt32(c & 0x07); minScalar = 0x10000
                default: return false
                }
                guard i + need < n else { return false }
                for k in 1...need {
                    let d = p[i + k]
                    guard d & 0xC0 == 0x80 else { return false }
                    scalar = scalar << 6 | UInt32(d & 0x3F)
                }
                if scalar < minScalar || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar < 0xE000) { return false }
                i += need + 1
            }
            return true
        }
    }

    /// The content range of `<script type="application/json" id="diplodoc-state">…</script>`.
    /// Linear in the page's size however often the marker repeats: the walk back to a marker's tag start
    /// stops at the previous marker and takes that one's tag start from there.
    static func findStateScript(_ b: [UInt8]) -> Range<Int>? {
        let marker = Array("id=\"diplodoc-state\"".utf8)
        var from = 0
        var previous: (at: Int, tagStart: Int)?
        while let at = find(marker, in: b, from: from) {
            // Walk back to the tag start and make sure it is a <script tag.
            var s = at
            let floor = previous?.at ?? 0
            while s > floor && b[s] != UInt8(ascii: "<") && b[s] != UInt8(ascii: ">") { s -= 1 }
            if let previous, s == previous.at { s = previous.tagStart }
            previous = (at, s)
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

    /// The 1-based line of `offset`: newlines before it counted eight bytes at a time.
    static func lineNumber(of offset: Int, in b: [UInt8]) -> Int {
        var line = 1
        b.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            var i = 0
            let end = min(offset, p.count)
            while i + 8 <= end {
                // Exact per-byte zero test of (word ^ "\n\n\n\n\n\n\n\n"): one high bit per newline.
                let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
                let nonzero = (((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & 0x8080_8080_8080_8080
                line += (~nonzero & 0x8080_8080_8080_8080).nonzeroBitCount
                i += 8
            }
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
