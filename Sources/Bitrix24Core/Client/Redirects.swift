import Foundation

extension Bitrix24Client {
    /// The statuses a renamed portal answers with.
    static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    /// A portal answered with a redirect: checks the target and sends the next attempt there (the POST
    /// itself, never turned into a GET). Later calls use the new address.
    func followRename(_ response: HTTPResponse, of prepared: PreparedAttempt, method: Bitrix24MethodInfo, route: inout Route) async throws {
        let url = prepared.request.url
        guard let location = response.header("Location"), let target = URL(string: location, relativeTo: url)?.absoluteURL else {
            throw redacted(Bitrix24Error(kind: .redirect, message: "redirect without a Location", httpStatus: response.status, method: method.name))
        }
        route.hops += 1
        guard route.hops <= configuration.maxRedirects else {
            throw redacted(Bitrix24Error(
                kind: .redirect, message: "too many redirects (\(route.hops))", httpStatus: response.status, method: method.name))
        }
        do {
            try bitrix24RequireSecure(target, method: method.name)
        } catch let error as Bitrix24Error {
            throw redacted(error)
        }
        await portalMoved(from: url, to: target, method: method.name, base: prepared.base)
        route.redirectTarget = target
    }

    private func portalMoved(from old: URL, to new: URL, method: String, base: URL) async {
        // The new REST base is Location minus the method name, when it ends with it.
        var newBase: URL?
        let target = new.absoluteString
        if target.hasSuffix("/" + method), let url = URL(string: String(target.dropLast(method.count))) {
            newBase = url
        }
        if let newBase { renamedBase.set(newBase) }
        let rename = PortalRename(
            oldHost: Self.hostKey(old), newHost: Self.hostKey(new),
            newBase: redact(newBase?.absoluteString ?? new.absoluteString))
        log(.warning, "\(method): \(rename); re-sending the request to the new address")
        if rename.oldHost != rename.newHost || newBase != base {
            await configuration.onPortalRenamed?(rename)
        }
    }

    static func hostKey(_ url: URL) -> String {
        let host = url.host?.lowercased() ?? "unknown"
        if let port = url.port { return "\(host):\(port)" }
        return host
    }
}
