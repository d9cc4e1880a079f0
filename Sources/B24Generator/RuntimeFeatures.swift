/// What the runtime the generator carries (embedded `Bitrix24Core/…` sources) offers, so that the
/// generated code uses exactly that: read from the sources, not configured by hand.
public struct RuntimeFeatures: Sendable, Equatable {
    /// `Bitrix24Client.paginate(_:)` exists: list methods return a row sequence.
    public var paginate: Bool
    /// `Bitrix24RawEvent(formEncoded:expectedApplicationToken:)` exists: `Bitrix24Event` gets a form decoder.
    public var rawEvent: Bool
    /// Static members the runtime declares on `Bitrix24ErrorCode`: code (upper-cased) → member name.
    public var errorCodes: [String: String]

    public init(paginate: Bool = false, rawEvent: Bool = false, errorCodes: [String: String] = [:]) {
        self.paginate = paginate
        self.rawEvent = rawEvent
        self.errorCodes = errorCodes
    }

    /// The features of the runtime embedded in this generator.
    public static let embedded = detect(EmbeddedResources.files)

    /// Reads the features from runtime sources keyed by path.
    public static func detect(_ files: [String: String]) -> RuntimeFeatures {
        var features = RuntimeFeatures()
        for key in files.keys.sorted() where key.hasPrefix("Bitrix24Core/") {
            guard let text = files[key] else { continue }
            if text.contains("func paginate<Row>(") { features.paginate = true }
            if text.contains("struct Bitrix24RawEvent"), text.contains("init(formEncoded body: String, expectedApplicationToken: String)") {
                features.rawEvent = true
            }
            guard text.contains("extension Bitrix24ErrorCode") || text.contains("struct Bitrix24ErrorCode") else { continue }
            // `public static let name: Self = "CODE"` or `: Bitrix24ErrorCode = Bitrix24ErrorCode(rawValue: "CODE")`.
            for line in text.split(separator: "\n") {
                let trimmed = line.drop(while: { $0 == " " })
                guard trimmed.hasPrefix("public static let "), let colon = trimmed.firstIndex(of: ":") else { continue }
                let name = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 18)..<colon]
                let quotes = trimmed.split(separator: "\"", omittingEmptySubsequences: false)
                guard quotes.count == 3, !name.isEmpty else { continue }
                features.errorCodes[quotes[1].uppercased()] = String(name)
            }
        }
        return features
    }
}
