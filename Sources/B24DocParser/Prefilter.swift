import CLibXML2

/// Removes markup the extractor never reads before libxml2 sees the article, keeping every newline so
/// that line numbers do not move: `<button>…</button>` and `<svg>…</svg>` (copy/wrap chrome of code
/// blocks), the highlighting `<span>` tags inside `<pre>` (code text is read flat) and the attributes of
/// inline `<code>` (copy-button chrome), heading anchors marked `aria-hidden="true"` and tab buttons
/// (`role="tab"`). Elements that are
/// not closed are left alone. This is exact with respect to what extraction reads, and it saves libxml2 a
/// third of the nodes of a typical page.
enum Prefilter {
    /// Open/close counts of the structural tags, to notice unclosed markup (libxml2 closes it silently).
    struct Balance: Equatable {
        var table = 0, tr = 0, td = 0, div = 0

        var unbalanced: [String] {
            var out: [String] = []
            if table != 0 { out.append("table") }
            if tr != 0 { out.append("tr") }
            if td != 0 { out.append("td") }
            if div != 0 { out.append("div") }
            return out
        }
    }

    static func search(_ h: UnsafePointer<UInt8>, _ hn: Int, _ n: UnsafePointer<UInt8>, _ nn: Int) -> Bool {
        Bytes.search(h, hn, n, nn) != nil
    }

    static func strip(_ b: [UInt8]) -> [UInt8] {
        var balance = Balance()
        return strip(b, balance: &balance)
    }

    static func strip(_ b: [UInt8], balance: inout Balance) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(b.count)
        b.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            var scan = Scan(p: p, base: base)
            scan.run(into: &out)
            balance = scan.balance
        }
        return out
    }

    /// One left-to-right pass over the article's bytes.
    private struct Scan {
        let p: UnsafeBufferPointer<UInt8>
        let base: UnsafePointer<UInt8>
        var n: Int { p.count }
        var i = 0
        /// Where the bytes not yet copied to the output start.
        var runStart = 0
        var inPre = false
        var balance = Balance()

        init(p: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>) {
            self.p = p
            self.base = base
        }

        mutating func run(into out: inout [UInt8]) {
            while i < n {
                guard let q = memchr(base + i, Int32(UInt8(ascii: "<")), n - i) else { break }
                i = q.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base)
                if let end = dropEnd() {
                    flush(i, into: &out)
                    if end.keepCode { out.append(contentsOf: [UInt8(ascii: "<"), UInt8(ascii: "c"), UInt8(ascii: "o"), UInt8(ascii: "d"), UInt8(ascii: "e"), UInt8(ascii: ">")]) }
                    keepNewlines(i, end.upTo, into: &out)
                    i = end.upTo
                    runStart = i
                    continue
                }
                i += 1
            }
            flush(n, into: &out)
        }

        /// Where the markup to drop at `i` ends (exclusive), or `nil` to keep it; counts structural tags.
        /// `keepCode`: an inline `<code …>` whose attributes are dropped, replaced by a bare `<code>`.
        mutating func dropEnd() -> (upTo: Int, keepCode: Bool)? {
            if isTag(i, "button", closing: false) || isTag(i, "svg", closing: false) {
                let isSVG = isTag(i, "svg", closing: false)
                return findClose(i + 1, isSVG ? "svg" : "button", nests: isSVG).map { ($0, false) }
            }
            if !inPre && i + 5 < n && isTag(i, "code", closing: false) && p[i + 5] != UInt8(ascii: ">") {
                // Inline code: its attributes (copy-button chrome) are never read; drop them.
                let e = tagEnd(i)
                return e < n ? (e + 1, true) : nil
            }
            if isTag(i, "a", closing: false) || (isTag(i, "div", closing: false) && !inPre) {
                return hiddenElementEnd().map { ($0, false) }
            }
            if inPre && (isTag(i, "span", closing: false) || isTag(i, "span", closing: true)) {
                let e = tagEnd(i)
                return e < n ? (e + 1, false) : nil
            }
            count()
            return nil
        }

        /// Elements that are hidden or pure navigation by their ARIA attributes: heading anchors
        /// (`aria-hidden="true"`, a hidden copy of the heading text) and tab buttons (`role="tab"`).
        mutating func hiddenElementEnd() -> Int? {
            let isDiv = p[i + 1] == UInt8(ascii: "d") || p[i + 1] == UInt8(ascii: "D")
            let e = tagEnd(i)
            if e < n {
                let marker: StaticString = isDiv ? "role=\"tab\"" : "aria-hidden=\"true\""
                if search(base + i, e - i, marker.utf8Start, marker.utf8CodeUnitCount),
                   let end = findClose(e + 1, isDiv ? "div" : "a", nests: false) {
                    return end
                }
            }
            if isDiv { balance.div += 1 }
            return nil
        }

        /// Counts the structural tags and notes where `<pre>` starts and ends.
        mutating func count() {
            if isTag(i, "table", closing: false) {
                balance.table += 1
            } else if isTag(i, "table", closing: true) {
                balance.table -= 1
            } else if isTag(i, "tr", closing: false) {
                balance.tr += 1
            } else if isTag(i, "tr", closing: true) {
                balance.tr -= 1
            } else if isTag(i, "td", closing: false) {
                balance.td += 1
            } else if isTag(i, "td", closing: true) {
                balance.td -= 1
            } else if isTag(i, "div", closing: true) {
                balance.div -= 1
            } else if isTag(i, "pre", closing: false) {
                inPre = true
            } else if isTag(i, "pre", closing: true) {
                inPre = false
            }
        }

        /// The offset of the `>` that ends the tag starting at `at` (`n` when there is none).
        func tagEnd(_ at: Int) -> Int {
            var e = at
            while e < n && p[e] != UInt8(ascii: ">") { e += 1 }
            return e
        }

        func flush(_ upTo: Int, into out: inout [UInt8]) {
            if upTo > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<upTo])) }
        }

        func keepNewlines(_ from: Int, _ to: Int, into out: inout [UInt8]) {
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

        /// The end (exclusive) of the element whose content starts at `from`, counting nested ones of the
        /// same name when `nests`; `nil` when it is not closed.
        func findClose(_ from: Int, _ name: StaticString, nests: Bool) -> Int? {
            var depth = 1
            var k = from
            while k < n {
                if p[k] == UInt8(ascii: "<") {
                    if isTag(k, name, closing: true) {
                        depth -= 1
                        if depth == 0 {
                            let e = tagEnd(k)
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
    }
}
