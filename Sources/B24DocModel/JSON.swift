import Foundation

extension DocModel {
    /// Sorts pages by path and diagnostics by (path, line, message) so that output never depends on input order.
    public mutating func normalize() {
        pages.sort { $0.path < $1.path }
        diagnostics.sort()
    }

    /// The model as pretty-printed JSON with sorted keys: byte-identical for the same model.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Reads a model written by ``jsonData()`` (or any JSON of the same shape).
    ///
    /// The pages are decoded on all cores: a byte scan finds each element of the top-level `pages` array,
    /// and chunks of elements are decoded concurrently, in order. Anything the scan does not expect, and
    /// any element that does not decode, falls back to one `JSONDecoder` pass over the whole document, so
    /// the result and the errors are exactly those of `JSONDecoder`.
    public static func decode(from data: Data) throws -> DocModel {
        let bytes = [UInt8](data)
        guard let split = PagesArraySplit(bytes), split.elements.count >= 64 else {
            return try JSONDecoder().decode(DocModel.self, from: data)
        }
        var rest = Data(bytes[..<split.array.lowerBound])
        rest.append(contentsOf: Array("[]".utf8))
        rest.append(contentsOf: bytes[split.array.upperBound...])
        guard var model = try? JSONDecoder().decode(DocModel.self, from: rest) else {
            return try JSONDecoder().decode(DocModel.self, from: data)
        }
        let chunkSize = 32
        let chunks = stride(from: 0, to: split.elements.count, by: chunkSize).map {
            split.elements[$0..<Swift.min($0 + chunkSize, split.elements.count)]
        }
        let decoded = chunks.concurrentMap { ranges -> [Page]? in
            let decoder = JSONDecoder()
            var pages: [Page] = []
            pages.reserveCapacity(ranges.count)
            for range in ranges {
                guard let page = try? decoder.decode(Page.self, from: Data(bytes[range])) else { return nil }
                pages.append(page)
            }
            return pages
        }
        var pages: [Page] = []
        pages.reserveCapacity(split.elements.count)
        for chunk in decoded {
            guard let chunk else { return try JSONDecoder().decode(DocModel.self, from: data) }
            pages += chunk
        }
        model.pages = pages
        return model
    }
}

/// Where the top-level `pages` array of a model's JSON is, and where each of its elements is: a scan of
/// the bytes that skips strings (with their escapes) and nested values. `nil` when the document is not an
/// object with exactly one `pages` array, or anything about it is unexpected.
struct PagesArraySplit {
    /// The array, from `[` to `]` inclusive.
    var array: Range<Int>
    /// Each element's bytes.
    var elements: [Range<Int>]

    init?(_ bytes: [UInt8]) {
        var scanner = Scanner(bytes: bytes)
        var found: (array: Range<Int>, elements: [Range<Int>])?
        scanner.skipSpace()
        guard scanner.take(UInt8(ascii: "{")) else { return nil }
        scanner.skipSpace()
        if !scanner.take(UInt8(ascii: "}")) {
            while true {
                scanner.skipSpace()
                guard let key = scanner.rawString() else { return nil }
                scanner.skipSpace()
                guard scanner.take(UInt8(ascii: ":")) else { return nil }
                scanner.skipSpace()
                if key.elementsEqual("pages".utf8) {
                    guard found == nil, let array = scanner.arrayElements() else { return nil }
                    found = array
                } else {
                    guard scanner.skipValue() else { return nil }
                }
                scanner.skipSpace()
                if scanner.take(UInt8(ascii: ",")) { continue }
                guard scanner.take(UInt8(ascii: "}")) else { return nil }
                break
            }
        }
        scanner.skipSpace()
        guard scanner.atEnd, let found else { return nil }
        array = found.array
        elements = found.elements
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func skipSpace() {
            while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
        }

        static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// A string's bytes between its quotes, as written (escapes not decoded).
        mutating func rawString() -> ArraySlice<UInt8>? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index += 1
                    return bytes[start..<index - 1]
                case UInt8(ascii: "\\"): index += 2
                default: index += 1
                }
            }
            return nil
        }

        /// Skips one value of any kind; `false` when there is none.
        mutating func skipValue() -> Bool {
            guard index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                return rawString() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while index < bytes.count {
                    switch bytes[index] {
                    case UInt8(ascii: "\""):
                        guard rawString() != nil else { return false }
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            index += 1
                            return true
                        }
                    default: break
                    }
                    index += 1
                }
                return false
            default:
                let start = index
                while index < bytes.count {
                    let byte = bytes[index]
                    if Self.isSpace(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { break }
                    index += 1
                }
                return index > start
            }
        }

        /// The elements of the array that starts here.
        mutating func arrayElements() -> (array: Range<Int>, elements: [Range<Int>])? {
            let start = index
            guard take(UInt8(ascii: "[")) else { return nil }
            var elements: [Range<Int>] = []
            skipSpace()
            if take(UInt8(ascii: "]")) { return (start..<index, []) }
            while true {
                skipSpace()
                let elementStart = index
                guard skipValue() else { return nil }
                elements.append(elementStart..<index)
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "]")) else { return nil }
                return (start..<index, elements)
            }
        }
    }
}
