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

    /// Reads a model written by ``jsonData()``.
    public static func decode(from data: Data) throws -> DocModel {
        try JSONDecoder().decode(DocModel.self, from: data)
    }
}
