import Foundation

extension Bitrix24Event {
    /// Bounds on an event or widget request body (`application/x-www-form-urlencoded` with bracket keys),
    /// checked before anything is built from it: a body over a bound is an ``Bitrix24Error/Kind/invalidEvent``
    /// error, never a crash or a long stall. Decoding is linear in the body's size.
    public struct Limits: Sendable, Hashable {
        /// The most bytes a body may have.
        public var maxBytes: Int
        /// The most `key=value` pairs a body may have.
        public var maxKeys: Int
        /// The most bracket levels a key may have (`data[FIELDS][ID]` has 2); at most ``depthCeiling``.
        public var maxDepth: Int

        /// The deepest nesting any limits allow: values this deep are still safe to build, compare and free.
        public static let depthCeiling = 512

        /// Limits; `maxDepth` is clamped to ``depthCeiling``.
        public init(maxBytes: Int, maxKeys: Int, maxDepth: Int) {
            self.maxBytes = max(0, maxBytes)
            self.maxKeys = max(0, maxKeys)
            self.maxDepth = min(max(0, maxDepth), Self.depthCeiling)
        }

        /// 1 MiB, 10,000 keys, 32 levels: far above what the portal sends (an event is a few hundred bytes,
        /// a widget request a few kilobytes), far below what would hurt.
        public static let `default` = Limits(maxBytes: 1 << 20, maxKeys: 10_000, maxDepth: 32)
    }
}

/// Decodes `application/x-www-form-urlencoded` bodies with PHP bracket keys (`data[FIELDS][ID]=1`,
/// `tags[]=a`) into JSON, in time linear in the body's size and within ``Bitrix24Event/Limits``.
///
/// Two passes: ``pairs(of:)`` splits the body and counts its keys (so an event's `application_token` can be
/// checked before anything is built); ``decode(_:)`` builds the tree.
package struct Bitrix24FormDecoder: Sendable {
    package var limits: Bitrix24Event.Limits

    package init(limits: Bitrix24Event.Limits = .default) {
        self.limits = limits
    }

    /// One `key=value` pair, still percent-encoded: byte ranges into the body.
    package struct Pair: Sendable {
        package var key: Range<Int>
        package var value: Range<Int>
    }

    /// The pairs of `body` (empty keys skipped), after the byte and key limits.
    package func pairs(of body: [UInt8]) throws -> [Pair] {
        guard body.count <= limits.maxBytes else {
            throw Bitrix24Error(kind: .invalidEvent, message: "the body has \(body.count) bytes; the limit is \(limits.maxBytes)")
        }
        var pairs: [Pair] = []
        var start = 0
        while start <= body.count {
            let end = body[start...].firstIndex(of: UInt8(ascii: "&")) ?? body.count
            let equals = body[start..<end].firstIndex(of: UInt8(ascii: "=")) ?? end
            if equals > start {
                guard pairs.count < limits.maxKeys else {
                    throw Bitrix24Error(kind: .invalidEvent, message: "the body has more than \(limits.maxKeys) keys")
                }
                pairs.append(Pair(key: start..<equals, value: min(equals + 1, end)..<end))
            }
            start = end + 1
        }
        return pairs
    }

    /// The decoded value of the last pair whose decoded key is each of `keys` (the one the tree keeps), for
    /// checks that come before the tree is built.
    package func lastValues(of keys: Set<String>, in body: [UInt8], pairs: [Pair]) -> [String: String] {
        let longest = keys.map(\.utf8.count).max() ?? 0
        // A key can only decode to one of `keys` when it starts with one of their first bytes, or with `%`.
        let firsts = Set(keys.compactMap(\.utf8.first) + [UInt8(ascii: "%")])
        var found: [String: String] = [:]
        for pair in pairs where pair.key.count <= 3 * longest && firsts.contains(body[pair.key.lowerBound]) {
            let key = Self.urldecode(body[pair.key])
            if keys.contains(key) { found[key] = Self.urldecode(body[pair.value]) }
        }
        return found
    }

    /// The body as a JSON object of strings: `data[FIELDS][ID]=1` → `{"data": {"FIELDS": {"ID": "1"}}}`.
    /// `a[]=x` appends (after the highest integer key so far); objects whose keys are exactly `0…n-1`
    /// become arrays; later duplicates win.
    package func decode(_ body: [UInt8]) throws -> [String: Bitrix24JSON] {
        try decode(body, pairs: try pairs(of: body))
    }

    /// ``decode(_:)`` over pairs already split by ``pairs(of:)``.
    package func decode(_ body: [UInt8], pairs: [Pair]) throws -> [String: Bitrix24JSON] {
        var tree = Tree()
        for pair in pairs {
            let path = try keyPath(Self.urldecodedBytes(body[pair.key])[...])
            tree.insert(path: path, value: Self.urldecode(body[pair.value]))
        }
        if case .object(let object) = tree.json(0) { return object }
        return [:]
    }

    /// Splits `a[b][c]` into `["a", "b", "c"]`; `a[]` gives `["a", ""]` (append). A key without brackets is
    /// one segment; a malformed bracket keeps the rest as literal text. Throws past ``Bitrix24Event/Limits/maxDepth``.
    package func keyPath(_ key: String) throws -> [String] {
        try keyPath(Array(key.utf8)[...])
    }

    /// ``keyPath(_:)`` over the decoded key's bytes (brackets are ASCII, so bytes split where characters would).
    func keyPath(_ key: ArraySlice<UInt8>) throws -> [String] {
        let open = UInt8(ascii: "["), close = UInt8(ascii: "]")
        guard let first = key.firstIndex(of: open), first != key.startIndex else { return [String(decoding: key, as: UTF8.self)] }
        var path = [String(decoding: key[..<first], as: UTF8.self)]
        var rest = key[first...]
        while rest.first == open, let end = rest.firstIndex(of: close) {
            guard path.count <= limits.maxDepth else {
                throw Bitrix24Error(kind: .invalidEvent, message: "a key is nested more than \(limits.maxDepth) levels deep")
            }
            path.append(String(decoding: rest[(rest.startIndex + 1)..<end], as: UTF8.self))
            rest = rest[(end + 1)...]
        }
        if !rest.isEmpty { path[path.count - 1] += String(decoding: rest, as: UTF8.self) }
        return path
    }

    /// Percent-decodes a form component (`+` is a space). Invalid escapes are kept as they are.
    package static func urldecode(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: urldecodedBytes(bytes), as: UTF8.self)
    }

    static func urldecodedBytes(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        guard bytes.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else { return Array(bytes) }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(0x20)
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 2
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The tree while it is built: nodes in flat arrays (node 0 is the root object), each insertion O(depth)
    /// with no copy of a node's children.
    private struct Tree {
        /// A container's children by key (empty for leaves).
        var children: [[String: Int]] = [[:]]
        /// A container's next `[]` index: one past its highest integer key.
        var nextIndex: [Int] = [0]
        /// A leaf's value (`nil` for containers).
        var leaves: [String?] = [nil]

        mutating func add(leaf: String?) -> Int {
            children.append([:])
            nextIndex.append(0)
            leaves.append(leaf)
            return leaves.count - 1
        }

        mutating func insert(path: [String], value: String) {
            var node = 0
            for (position, segment) in path.enumerated() {
                let key = segment.isEmpty ? String(nextIndex[node]) : segment
                if let index = Int(key), index >= 0, index < Int.max, String(index) == key {
                    nextIndex[node] = max(nextIndex[node], index + 1)
                }
                if position == path.count - 1 {
                    let leaf = add(leaf: value)
                    children[node][key] = leaf
                } else if let existing = children[node][key], leaves[existing] == nil {
                    node = existing
                } else {
                    let container = add(leaf: nil)
                    children[node][key] = container
                    node = container
                }
            }
        }

        /// Recursion is bounded by the depth limit (at most ``Bitrix24Event/Limits/depthCeiling``).
        func json(_ node: Int) -> Bitrix24JSON {
            if let leaf = leaves[node] { return .string(leaf) }
            let members = children[node]
            let count = members.count
            let isList =
                count > 0
                && members.keys.allSatisfy { key in
                    guard let index = Int(key), String(index) == key else { return false }
                    return index >= 0 && index < count
                }
            if isList {
                return .array((0..<count).map { members[String($0)].map(json) ?? .null })
            }
            return .object(members.mapValues(json))
        }
    }
}
