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
        /// Elements with more than ``Prefilter/maxAttributes`` attributes (the rest were dropped).
        var crowdedElements = 0

        var unbalanced: [String] {
            var out: [String] = []
            if table != 0 { out.append("table") }
            if tr != 0 { out.append("tr") }
            if td != 0 { out.append("td") }
            if div != 0 { out.append("div") }
            return out
        }
    }

    /// The most attributes of one element passed on to libxml2, whose check for repeated attributes takes
    /// time quadratic in their number (100,000 attributes: half a minute). Real pages use a handful.
    static let maxAttributes = 64

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

    /// A close-tag search: any search from `from` up to `decidedAt` (where the close tag starts, or `n`)
    /// has the answer `end`.
    private struct CloseSearch {
        var from = Int.max
        var decidedAt = Int.min
        var end: Int?
    }

    /// One left-to-right pass over the article's bytes; linear in their number whatever the markup
    /// (unclosed elements and tags without `>` are searched once, not once per occurrence).
    private struct Scan {
        let p: UnsafeBufferPointer<UInt8>
        let base: UnsafePointer<UInt8>
        var n: Int { p.count }
        var i = 0
        /// Where the bytes not yet copied to the output start.
        var runStart = 0
        var inPre = false
        var balance = Balance()
        /// The last `>` search: from where, and the `>` found (`n` for none). Any search from inside that
        /// range has the same answer, so a run of tags without a `>` is scanned once, not once per tag.
        var lastTagEnd = (from: Int.max, at: Int.max)
        /// For the range of ``lastTagEnd``: where each ARIA marker last starts in it (`-1` for nowhere).
        var lastMarker: [Int] = [-2, -2]
        /// The last close-tag search of each element that does not nest (button, a, div).
        var lastClose: [CloseSearch] = [CloseSearch(), CloseSearch(), CloseSearch()]
        /// How far ``excessAttributes()`` has read: `<` before it sit inside a tag already counted.
        var attributesScannedTo = 0
        /// Each `<svg`'s end, by bracket matching over the whole article (computed at the first `<svg`).
        var svgEnds: [Int: Int]?

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
                if i >= attributesScannedTo, i + 1 < n, Self.isLetter(p[i + 1]), let excess = excessAttributes() {
                    flush(excess.cut, into: &out)
                    keepNewlines(excess.cut, excess.end, into: &out)
                    balance.crowdedElements += 1
                    i = excess.end
                    runStart = i
                    continue
                }
                i += 1
            }
            flush(n, into: &out)
        }

        static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }

        static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C }

        /// Reads the start tag at `i` as libxml2 will (quoted values may hold `>`), counting its attributes:
        /// when there are more than ``Prefilter/maxAttributes``, where the first one too many starts and where
        /// the tag ends. Every byte is read once in the whole pass (``attributesScannedTo``), so the count
        /// stays linear even for tags that never end.
        mutating func excessAttributes() -> (cut: Int, end: Int)? {
            var k = i + 1
            while k < n, !Self.isSpace(p[k]), p[k] != UInt8(ascii: ">") { k += 1 }
            var attributes = 0
            var cut = -1
            var boundary = false
            while k < n {
                let c = p[k]
                if c == UInt8(ascii: ">") { break }
                if Self.isSpace(c) {
                    boundary = true
                } else if c == UInt8(ascii: "=") {
                    k += 1
                    while k < n, Self.isSpace(p[k]) { k += 1 }
                    if k < n, p[k] == UInt8(ascii: "\"") || p[k] == UInt8(ascii: "'") {
                        let close = memchr(base + k + 1, Int32(p[k]), n - k - 1)
                        k = close.map { $0.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base) } ?? n
                        boundary = true
                    } else {
                        continue
                    }
                } else if boundary {
                    attributes += 1
                    if attributes == maxAttributes + 1 { cut = k }
                    boundary = false
                }
                k += 1
            }
            attributesScannedTo = min(k, n)
            return cut >= 0 ? (cut, min(k, n)) : nil
        }

        /// Where the markup to drop at `i` ends (exclusive), or `nil` to keep it; counts structural tags.
        /// `keepCode`: an inline `<code …>` whose attributes are dropped, replaced by a bare `<code>`.
        mutating func dropEnd() -> (upTo: Int, keepCode: Bool)? {
            if isTag(i, "button", closing: false) || isTag(i, "svg", closing: false) {
                let end = isTag(i, "svg", closing: false) ? svgEnd(i) : findClose(i + 1, "button", slot: 0)
                return end.map { ($0, false) }
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
            if e < n, tagHasMarker(from: i, end: e, isDiv ? 1 : 0),
               let end = isDiv ? findClose(e + 1, "div", slot: 2) : findClose(e + 1, "a", slot: 1) {
                return end
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
        mutating func tagEnd(_ at: Int) -> Int {
            if lastTagEnd.from <= at && at <= lastTagEnd.at { return lastTagEnd.at }
            var e = at
            while e < n && p[e] != UInt8(ascii: ">") { e += 1 }
            lastTagEnd = (at, e)
            lastMarker = [-2, -2]
            return e
        }

        /// Whether `aria-hidden="true"` (marker 0) or `role="tab"` (marker 1) is written inside `from..<end`,
        /// where `end` is the last ``tagEnd(_:)``: the range is searched once per `>`, however many tags
        /// start inside it.
        mutating func tagHasMarker(from: Int, end: Int, _ which: Int) -> Bool {
            let marker: StaticString = which == 0 ? "aria-hidden=\"true\"" : "role=\"tab\""
            if lastMarker[which] == -2 {
                var last = -1
                var k = lastTagEnd.from
                while let at = Bytes.search(base + k, end - k, marker.utf8Start, marker.utf8CodeUnitCount) {
                    last = at - base
                    k = last + 1
                }
                lastMarker[which] = last
            }
            return lastMarker[which] >= from
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

        /// The end (exclusive) of the element (one that does not nest) whose content starts at `from`: after
        /// the first close tag of `name`; `nil` when it is not closed. `slot` keeps the last search per name.
        mutating func findClose(_ from: Int, _ name: StaticString, slot: Int) -> Int? {
            let last = lastClose[slot]
            if last.from <= from && from <= last.decidedAt { return last.end }
            var k = from
            while k < n {
                if p[k] == UInt8(ascii: "<"), isTag(k, name, closing: true) {
                    let e = tagEnd(k)
                    let end = e < n ? e + 1 : nil
                    lastClose[slot] = CloseSearch(from: from, decidedAt: k, end: end)
                    return end
                }
                k += 1
            }
            lastClose[slot] = CloseSearch(from: from, decidedAt: n, end: nil)
            return nil
        }

        /// The end (exclusive) of the `<svg` element at `at`, counting nested ones; `nil` when it is not closed.
        mutating func svgEnd(_ at: Int) -> Int? {
            if svgEnds == nil { svgEnds = matchSVG() }
            return svgEnds?[at]
        }

        /// Every `<svg` matched with its `</svg>` (a stack over the whole article, once): the end after the
        /// close tag's `>`, for each `<svg` that is closed.
        mutating func matchSVG() -> [Int: Int] {
            var open: [Int] = []
            var ends: [Int: Int] = [:]
            var k = 0
            while k < n, let q = memchr(base + k, Int32(UInt8(ascii: "<")), n - k) {
                k = q.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base)
                if isTag(k, "svg", closing: false) {
                    open.append(k)
                } else if isTag(k, "svg", closing: true), let start = open.popLast() {
                    let e = tagEnd(k)
                    if e < n { ends[start] = e + 1 }
                }
                k += 1
            }
            return ends
        }
    }
}
