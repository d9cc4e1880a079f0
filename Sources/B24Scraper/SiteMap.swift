import Foundation

/// The documentation site's root and the rules that turn a link into a page path.
///
/// A page path is relative to the site root and to the output directory alike
/// (`api-reference/crm/deals/crm-deal-add.html`). It is built only from validated, percent-decoded
/// path components, so whatever a link or the server says, it names a file inside the output directory.
public struct SiteMap: Sendable, Equatable {
    /// The site root, e.g. `https://apidocs.bitrix24.com/`; always ends in `/`.
    public let root: URL
    /// `root.absoluteString`, ending in `/`.
    private let rootString: String
    /// The section under the root that holds the reference (`api-reference`).
    public let referencePrefix: String
    /// Sections (`crm`, `crm/deals`) the crawl is limited to; empty means all.
    public let sections: [[String]]

    /// Why a link was not turned into a page path.
    public enum Rejection: Error, Sendable, Equatable, CustomStringConvertible {
        /// Another host, scheme or port, or outside the reference (not an error, just not ours).
        case offSite
        /// Not an article (no `.html`), or outside the `--only` sections.
        case notFollowed
        /// A link that tries to leave the output directory or hides separators; reported as a warning.
        case unsafe(String)

        public var description: String {
            switch self {
            case .offSite: "off-site link"
            case .notFollowed: "not an article link"
            case .unsafe(let why): "unsafe link (\(why))"
            }
        }
    }

    /// - Parameters:
    ///   - root: the site root (a trailing `/` is added when missing). Only `http` and `https` are accepted.
    ///   - sections: `--only` sections below the reference prefix (`crm`, `crm/deals`).
    public init?(root: URL, referencePrefix: String = "api-reference", sections: [String] = []) {
        guard let scheme = root.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = root.host, !host.isEmpty
        else { return nil }
        var text = root.absoluteString
        if let hashIndex = text.firstIndex(of: "#") { text = String(text[..<hashIndex]) }
        if let queryIndex = text.firstIndex(of: "?") { text = String(text[..<queryIndex]) }
        if !text.hasSuffix("/") { text += "/" }
        guard let normalized = URL(string: text) else { return nil }
        self.root = normalized
        self.rootString = normalized.absoluteString
        self.referencePrefix = referencePrefix
        self.sections = sections
            .map { $0.split(separator: "/").map(String.init).filter { !$0.isEmpty } }
            .filter { !$0.isEmpty }
            .sorted { $0.joined(separator: "/") < $1.joined(separator: "/") }
    }

    /// Derives the site root from a start URL: everything before `/<referencePrefix>/`, else the URL's directory.
    public static func guessRoot(from start: URL, referencePrefix: String = "api-reference") -> URL? {
        let text = start.absoluteString
        if let range = text.range(of: "/\(referencePrefix)/") {
            return URL(string: String(text[..<range.lowerBound]) + "/")
        }
        return URL(string: ".", relativeTo: start)?.absoluteURL
    }

    /// The URL a page path is fetched from.
    public func url(forPage path: String) -> URL? {
        // Page paths are nearly always plain ASCII that needs no encoding: then the URL is the root plus the path.
        if Self.isPlainPath(path) { return URL(string: rootString + path) }
        let encoded = path.split(separator: "/", omittingEmptySubsequences: false).map { component in
            String(component).addingPercentEncoding(withAllowedCharacters: Self.componentAllowed) ?? ""
        }.joined(separator: "/")
        return URL(string: encoded, relativeTo: root)?.absoluteURL
    }

    /// Whether `path` is relative, made only of unreserved characters and `/`, with no empty component and no
    /// component starting with `.` (so no `.` or `..`): then appending it to the root equals resolving it
    /// against the root after percent-encoding each component, which would change nothing.
    static func isPlainPath(_ path: String) -> Bool {
        plainComponents(path, collect: false) != nil
    }

    /// The components of a plain path (see ``isPlainPath(_:)``) no longer than 255 bytes each, or `nil`.
    /// One pass over the UTF-8 bytes (iterating `String.UTF8View` is slow in a debug build).
    static func plainComponents(_ path: String) -> [String]? {
        plainComponents(path, collect: true)
    }

    private static func plainComponents(_ path: String, collect: Bool) -> [String]? {
        var path = path
        return path.withUTF8 { bytes -> [String]? in
            var components: [String] = []
            var start = 0
            for index in 0...bytes.count {
                let byte: UInt8 = index < bytes.count ? bytes[index] : UInt8(ascii: "/")
                switch byte {
                case UInt8(ascii: "/"):
                    guard index > start, index - start <= 255 else { return nil }
                    if collect {
                        components.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    }
                    start = index + 1
                case UInt8(ascii: "."):
                    if index == start { return nil }
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "~"):
                    break
                default:
                    return nil
                }
            }
            return components
        }
    }

    private static let componentAllowed: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove(charactersIn: "/;?#%")
        return set
    }()

    /// Resolves `href` against `base` (the page's `<base href>` already resolved) and returns the page path it names.
    public func pagePath(forLink href: String, base: URL) -> Result<String, Rejection> {
        let trimmed = href.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return .failure(.notFollowed) }
        if trimmed.contains("\\") { return .failure(.unsafe("backslash")) }
        if trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return .failure(.unsafe("control character"))
        }
        if let colon = trimmed.firstIndex(of: ":"), !trimmed[..<colon].contains("/") {
            let scheme = trimmed[..<colon].lowercased()
            if scheme != "http" && scheme != "https" { return .failure(.offSite) }
        }
        guard let url = URL(string: trimmed, relativeTo: base)?.absoluteURL else {
            return .failure(.notFollowed)
        }
        return pagePath(for: url)
    }

    /// The page path for an absolute URL (a link target or where a redirect ended).
    public func pagePath(for url: URL) -> Result<String, Rejection> {
        guard let scheme = url.scheme?.lowercased(), scheme == root.scheme?.lowercased(),
              let host = url.host?.lowercased(), host == root.host?.lowercased(),
              Self.effectivePort(url) == Self.effectivePort(root)
        else { return .failure(.offSite) }
        if url.user != nil || url.password != nil { return .failure(.offSite) }
        let rawPath = url.path(percentEncoded: true)
        let rootPath = root.path(percentEncoded: true)
        let rootWithSlash = rootPath.hasSuffix("/") ? rootPath : rootPath + "/"
        guard rawPath.hasPrefix(rootWithSlash) else { return .failure(.offSite) }
        let relative = String(rawPath.dropFirst(rootWithSlash.count))
        // The site root itself and directory URLs are not articles.
        if relative.isEmpty || relative.hasSuffix("/") { return .failure(.notFollowed) }
        let lowered = relative.lowercased()
        for encoded in ["%2f", "%5c", "%00"] where lowered.contains(encoded) {
            return .failure(.unsafe("encoded separator \(encoded.uppercased())"))
        }
        var components: [String] = []
        for rawComponent in relative.split(separator: "/", omittingEmptySubsequences: false) {
            guard let decoded = String(rawComponent).removingPercentEncoding else {
                return .failure(.unsafe("bad percent-encoding"))
            }
            switch Self.check(component: decoded) {
            case .some(let why): return .failure(.unsafe(why))
            case .none: components.append(decoded)
            }
        }
        guard components.first == referencePrefix, components.count >= 2 else { return .failure(.offSite) }
        guard let last = components.last, last.lowercased().hasSuffix(".html") else {
            return .failure(.notFollowed)
        }
        return .success(components.joined(separator: "/"))
    }

    /// `true` when `path` lies in one of the `--only` sections (or no sections were given).
    public func inSections(_ path: String) -> Bool {
        if sections.isEmpty { return true }
        let components = path.split(separator: "/").map(String.init).dropFirst()
        return sections.contains { section in
            components.count > section.count && Array(components.prefix(section.count)) == section
        }
    }

    /// Why a decoded path component is not safe to use as a file or directory name, or `nil` when it is.
    public static func check(component: String) -> String? {
        if component.isEmpty { return "empty path component" }
        if component == "." || component == ".." { return "dot segment" }
        if component.hasPrefix(".") { return "hidden name" }
        if component.contains("/") || component.contains("\\") { return "separator in a name" }
        if component.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "control character"
        }
        if component.utf8.count > 255 { return "name too long" }
        return nil
    }

    private static func effectivePort(_ url: URL) -> Int {
        if let port = url.port { return port }
        return url.scheme?.lowercased() == "https" ? 443 : 80
    }
}
