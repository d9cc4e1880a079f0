import Foundation

// Where a REST 3.0 call goes. The client keeps one REST base (the webhook's `…/rest/{user}/{code}/` or the OAuth
// client endpoint `…/rest/`) and derives the REST 3.0 one from it by inserting `api/` after `rest/`; a rename
// found on either address moves both.

extension Bitrix24Client {
    /// The REST 3.0 base of a classic REST base: `…/rest/1/code/` → `…/rest/api/1/code/`, `…/rest/` → `…/rest/api/`.
    /// A base without a `/rest/` segment gets `api/` appended; a REST 3.0 base is returned as it is.
    static func restV3Base(of base: URL) -> URL {
        let text = base.absoluteString
        if restV3Range(in: text) != nil { return base }
        guard let rest = restRange(in: text) else {
            return URL(string: text + (text.hasSuffix("/") ? "" : "/") + "api/") ?? base
        }
        var changed = text
        changed.insert(contentsOf: "api/", at: rest.upperBound)
        return URL(string: changed) ?? base
    }

    /// The classic REST base of a URL that may be a REST 3.0 one (`…/rest/api/1/code/` → `…/rest/1/code/`).
    static func classicBase(of url: URL) -> URL {
        let text = url.absoluteString
        guard let range = restV3Range(in: text) else { return url }
        var changed = text
        changed.replaceSubrange(range, with: "/rest/")
        return URL(string: changed) ?? url
    }

    /// The first `/rest/` after the URL's authority.
    private static func restRange(in text: String) -> Range<String.Index>? {
        guard let path = pathStart(in: text) else { return nil }
        return text.range(of: "/rest/", range: path..<text.endIndex)
    }

    private static func restV3Range(in text: String) -> Range<String.Index>? {
        guard let path = pathStart(in: text) else { return nil }
        return text.range(of: "/rest/api/", range: path..<text.endIndex)
    }

    /// Where the path starts: the first `/` after `scheme://host:port`.
    private static func pathStart(in text: String) -> String.Index? {
        guard let scheme = text.range(of: "://") else { return text.firstIndex(of: "/") }
        return text[scheme.upperBound...].firstIndex(of: "/")
    }
}
