import CLibXML2

/// Byte-level search on UTF-8, much cheaper than `String` searching for the ASCII markers we look for.
enum Bytes {
    /// `haystack` contains `needle` (exact bytes).
    static func contains(_ haystack: String, _ needle: StaticString) -> Bool {
        var h = haystack
        return h.withUTF8 { hp in
            guard let hb = hp.baseAddress else { return false }
            return search(hb, hp.count, needle.utf8Start, needle.utf8CodeUnitCount) != nil
        }
    }

    /// Offset of `needle` in `b` at or after `from`.
    static func find(_ needle: [UInt8], in b: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, from >= 0, from < b.count else { return nil }
        return b.withUnsafeBufferPointer { hp -> Int? in
            needle.withUnsafeBufferPointer { np -> Int? in
                guard let hb = hp.baseAddress, let nb = np.baseAddress else { return nil }
                guard let r = search(hb + from, hp.count - from, nb, np.count) else { return nil }
                return r - hb
            }
        }
    }

    /// The first range of `needle` in `haystack` (exact bytes), as `String` indices.
    static func range(of needle: String, in haystack: String) -> Range<String.Index>? {
        var h = haystack
        var n = needle
        let offset = h.withUTF8 { hp in
            n.withUTF8 { np -> Int? in
                guard let hb = hp.baseAddress, let nb = np.baseAddress, let r = search(hb, hp.count, nb, np.count) else { return nil }
                return r - hb
            }
        }
        guard let offset else { return nil }
        let lower = haystack.utf8.index(haystack.utf8.startIndex, offsetBy: offset)
        let upper = haystack.utf8.index(lower, offsetBy: needle.utf8.count)
        return lower..<upper
    }

    /// memchr for the first byte, memcmp for the rest.
    static func search(_ h: UnsafePointer<UInt8>, _ hn: Int, _ n: UnsafePointer<UInt8>, _ nn: Int) -> UnsafePointer<UInt8>? {
        guard nn > 0, hn >= nn else { return nil }
        var p = h
        let last = h + (hn - nn)
        let first = Int32(n[0])
        while p <= last {
            guard let q = memchr(p, first, last - p + 1) else { return nil }
            let at = q.assumingMemoryBound(to: UInt8.self)
            if memcmp(at, n, nn) == 0 { return UnsafePointer(at) }
            p = UnsafePointer(at) + 1
        }
        return nil
    }
}
