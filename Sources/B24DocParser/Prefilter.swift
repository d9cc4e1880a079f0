import CLibXML2

/// Removes markup the extractor never reads before libxml2 sees the article, keeping every newline so
/// that line numbers do not move: `<button>…</button>` and `<svg>…</svg>` (copy/wrap chrome of code
/// blocks) and the highlighting `<span>` tags inside `<pre>` (code text is read flat). Elements that are
/// not closed are left alone. This is exact with respect to what extraction reads, and it saves libxml2 a
/// third of the nodes of a typical page.
enum Prefilter {
    static func strip(_ b: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(b.count)
        b.withUnsafeBufferPointer { p in
            let n = p.count
            var i = 0
            var runStart = 0
            var inPre = false
            @inline(__always) func flush(_ upTo: Int) {
                if upTo > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<upTo])) }
            }
            @inline(__always) func keepNewlines(_ from: Int, _ to: Int) {
                var k = from
                while k < to {
                    if p[k] == 0x0A { out.append(0x0A) }
                    k += 1
                }
            }
            @inline(__always) func isTag(_ at: Int, _ name: StaticString, closing: Bool) -> Bool {
                var k = at + 1
                if closing {
                    guard k < n, p[k] == UInt8(ascii: "/") else { return false }
                    k += 1
                }
                let len = name.utf8CodeUnitCount
                guard k + len < n else { return false }
                let s = name.utf8Start
                for j in 0..<len where (p[k + j] | 0x20) != s[j] { return false }
                let after = p[k + len]
                return after == UInt8(ascii: ">") || after == UInt8(ascii: " ") || after == 0x0A || after == 0x09
                    || after == UInt8(ascii: "/")
            }
            func findClose(_ from: Int, _ name: StaticString, nests: Bool) -> Int? {
                var depth = 1
                var k = from
                while k < n {
                    if p[k] == UInt8(ascii: "<") {
                        if isTag(k, name, closing: true) {
                            depth -= 1
                            if depth == 0 {
                                var e = k
                                while e < n && p[e] != UInt8(ascii: ">") { e += 1 }
                                return e < n ? e + 1 : nil
                            }
                        } else if nests && isTag(k, name, closing: false) {
                            depth += 1
                        }
                    }
                    k += 1
                }
                return nil
            }
            while i < n {
                guard let base = p.baseAddress, let q = memchr(base + i, Int32(UInt8(ascii: "<")), n - i) else { break }
                i = q.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base)
                if isTag(i, "button", closing: false) || isTag(i, "svg", closing: false) {
                    let isSVG = isTag(i, "svg", closing: false)
                    if let end = findClose(i + 1, isSVG ? "svg" : "button", nests: isSVG) {
                        flush(i)
                        keepNewlines(i, end)
                        i = end
                        runStart = i
                        continue
                    }
                } else if isTag(i, "pre", closing: false) {
                    inPre = true
                } else if isTag(i, "pre", closing: true) {
                    inPre = false
                } else if inPre && (isTag(i, "span", closing: false) || isTag(i, "span", closing: true)) {
                    var e = i
                    while e < n && p[e] != UInt8(ascii: ">") { e += 1 }
                    if e < n {
                        flush(i)
                        keepNewlines(i, e)
                        i = e + 1
                        runStart = i
                        continue
                    }
                }
                i += 1
            }
            flush(n)
        }
        return out
    }
}
