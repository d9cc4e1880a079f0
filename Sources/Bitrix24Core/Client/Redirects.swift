import Foundation

extension Bitrix24Client {
    /// The statuses a renamed portal answers with.
    static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    /// A portal answered with a redirect: checks the target (HTTPS, the ``RenamePolicy``, the user's
    /// ``Configuration/onPortalRenamed``) and sends the next attempt there — the POST itself, never turned
    /// into a GET. Later calls use the new address. Nothing is sent to a target that fails a check.
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
        let newHost = Self.hostKey(target)
        guard Self.hostKey(url) == newHost || configuration.renamePolicy.allows(target, from: prepared.base) else {
            throw refusedRename(to: newHost, status: response.status, method: method.name, reason: "the host is not allowed by Configuration.renamePolicy")
        }
        // The client keeps the classic base; a REST 3.0 address moves it too (`…/rest/api/…` → `…/rest/…`).
        let newBase = Self.restBase(of: target, method: method.name).map(Self.classicBase(of:))
        let rename = PortalRename(oldHost: Self.hostKey(url), newHost: newHost, newBase: redact(newBase?.absoluteString ?? target.absoluteString))
        if rename.oldHost != rename.newHost || newBase != prepared.base, let ask = configuration.onPortalRenamed {
            guard await ask(rename) == .follow else {
                throw refusedRename(to: newHost, status: response.status, method: method.name, reason: "onPortalRenamed refused it")
            }
        }
        if let newBase { renamedBase.set(newBase) }
        log(.warning, "\(method.name): \(rename); re-sending the request to the new address")
        route.redirectTarget = target
    }

    /// The error for a rename not followed: it names the host, never the address (which holds the webhook code).
    private func refusedRename(to host: String, status: Int, method: String, reason: String) -> Bitrix24Error {
        let error = redacted(Bitrix24Error(
            kind: .redirect, message: "the portal answered that it moved to \(host); not following: \(reason)", httpStatus: status,
            method: method))
        log(.error, error.description)
        return error
    }

    /// The new REST base: `target` minus the method name, when it ends with it.
    private static func restBase(of target: URL, method: String) -> URL? {
        let text = target.absoluteString
        guard text.hasSuffix("/" + method) else { return nil }
        return URL(string: String(text.dropLast(method.count)))
    }

    static func hostKey(_ url: URL) -> String {
        let host = url.host?.lowercased() ?? "unknown"
        if let port = url.port { return "\(host):\(port)" }
        return host
    }
}
