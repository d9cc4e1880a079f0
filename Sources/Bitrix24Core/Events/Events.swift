import Foundation

/// Compares two secrets in time that depends only on their lengths, not on where they differ.
package func bitrix24ConstantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
    let a = Array(lhs.utf8)
    let b = Array(rhs.utf8)
    var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
    let count = max(a.count, b.count)
    for index in 0..<count {
        let x = index < a.count ? a[index] : 0
        let y = index < b.count ? b[index] : 0
        difference |= x ^ y
    }
    return difference == 0 && a.count == b.count
}

/// A REST event as the portal POSTs it to your handler (`application/x-www-form-urlencoded` with
/// bracket keys): `event`, `event_handler_id`, `data`, `ts`, `auth`.
///
/// Each generated module declares a typed payload per documented event (a ``Bitrix24EventPayload``, such as
/// `CRMAPI.Events.OnCRMDealAdd`) and a ``Bitrix24EventName`` member for it; there is no single enum of every
/// event, so a module only knows its own:
///
/// ```swift
/// let event = try Bitrix24Event(formEncoded: body, expectedApplicationToken: storedToken)
/// if let deal = event.payload(CRMAPI.Events.OnCRMDealAdd.self) { print(deal.data?.fields?.id ?? 0) }
/// switch event.name { case .onCRMDealAdd: …; default: … }
/// ```
public struct Bitrix24Event: Sendable, CustomStringConvertible {
    /// The event name as sent (`ONCRMDEALADD`; compare case-insensitively).
    public var event: String
    /// `event_handler_id`: the id of the binding that delivered the event.
    public var eventHandlerID: String?
    /// The event's `data`, as strings in objects and arrays.
    public var data: Bitrix24JSON
    /// `ts`: when the event happened (Unix time).
    public var timestamp: Int?
    /// `auth`: the portal's domain, member id, application token, and tokens for offline events.
    public var auth: [String: Bitrix24JSON]
    /// The whole decoded form.
    public var fields: [String: Bitrix24JSON]

    /// Decodes an event body and verifies `auth[application_token]` against the token stored when
    /// the application was installed, in constant time — before the body is decoded beyond its keys.
    /// - Throws: ``Bitrix24Error`` of kind ``Bitrix24Error/Kind/invalidEvent`` when the body is over `limits`,
    ///   has no `event`, or the application token is missing or wrong.
    public init(formEncoded body: String, expectedApplicationToken: String, limits: Limits = .default) throws {
        try self.init(bytes: Array(body.utf8), expectedApplicationToken: expectedApplicationToken, limits: limits)
    }

    /// Decodes an event body given as bytes (UTF-8).
    public init(formEncoded body: Data, expectedApplicationToken: String, limits: Limits = .default) throws {
        try self.init(bytes: [UInt8](body), expectedApplicationToken: expectedApplicationToken, limits: limits)
    }

    private init(bytes: [UInt8], expectedApplicationToken: String, limits: Limits) throws {
        let decoder = Bitrix24FormDecoder(limits: limits)
        let pairs = try decoder.pairs(of: bytes)
        let early = decoder.lastValues(of: ["event", Self.tokenKey], in: bytes, pairs: pairs)
        guard let event = early["event"], !event.isEmpty else {
            throw Bitrix24Error(kind: .invalidEvent, message: "the body has no event name")
        }
        guard let token = early[Self.tokenKey] else {
            throw Bitrix24Error(kind: .invalidEvent, message: "the event \(event) carries no application_token")
        }
        guard !expectedApplicationToken.isEmpty, bitrix24ConstantTimeEquals(token, expectedApplicationToken) else {
            throw Bitrix24Error(kind: .invalidEvent, message: "the event \(event) carries a wrong application_token")
        }
        let fields = try decoder.decode(bytes, pairs: pairs)
        var auth: [String: Bitrix24JSON] = [:]
        if case .object(let object)? = fields["auth"] { auth = object }
        // The tree must hold what was checked (a later `auth[application_token][x]` would replace it).
        guard fields["event"] == .string(event), auth["application_token"] == .string(token) else {
            throw Bitrix24Error(kind: .invalidEvent, message: "the event \(event) carries an ambiguous event name or application_token")
        }
        self.event = event
        if case .string(let id)? = fields["event_handler_id"] { eventHandlerID = id }
        data = fields["data"] ?? .object([:])
        if case .string(let ts)? = fields["ts"] { timestamp = Int(ts) }
        self.auth = auth
        self.fields = fields
    }

    private static let tokenKey = "auth[application_token]"

    /// True when this is event `name` (case-insensitive).
    public func isEvent(_ name: String) -> Bool { event.caseInsensitiveCompare(name) == .orderedSame }

    /// The event's name (it compares without regard to case, as the portal sends names in capitals).
    public var name: Bitrix24EventName { Bitrix24EventName(event) }

    /// The whole delivery as `P`, when it is `P`'s event; `nil` for any other event.
    public func payload<P: Bitrix24EventPayload>(_ type: P.Type) -> P? {
        guard name == P.eventName else { return nil }
        return P(rawValue: fields)
    }

    /// The portal's domain (`auth[domain]`).
    public var domain: String? { if case .string(let s)? = auth["domain"] { s } else { nil } }
    /// The portal's member id (`auth[member_id]`).
    public var memberID: String? { if case .string(let s)? = auth["member_id"] { s } else { nil } }

    /// `data` decoded as `T`.
    public func decodeData<T: Decodable>(as type: T.Type = T.self) throws -> T {
        do {
            return try data.decode(as: T.self)
        } catch {
            throw Bitrix24Error(kind: .invalidEvent, message: "cannot decode the data of \(event): \(error)")
        }
    }

    /// The whole payload (`event`, `event_handler_id`, `data`, `ts`, `auth`) decoded as `T`.
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        do {
            return try Bitrix24JSON.object(fields).decode(as: T.self)
        } catch {
            throw Bitrix24Error(kind: .invalidEvent, message: "cannot decode \(event): \(error)")
        }
    }

    /// The event name and handler; never the tokens.
    public var description: String {
        "Bitrix24Event(\(event), handler: \(eventHandlerID ?? "-"), domain: \(domain ?? "-"))"
    }
}

/// What the portal POSTs to a widget (placement) handler: the placement, its `PLACEMENT_OPTIONS`,
/// and the user's tokens.
public struct Bitrix24PlacementRequest: Sendable, CustomStringConvertible {
    /// `PLACEMENT` (`CRM_DEAL_DETAIL_TAB`, `CALL_CARD`, …).
    public var placement: String
    /// `PLACEMENT_OPTIONS`, parsed (the portal sends a JSON string).
    public var options: Bitrix24JSON
    /// `DOMAIN`: the portal.
    public var domain: String?
    /// `LANG`: the user's language.
    public var language: String?
    /// `member_id`: the portal's unique id.
    public var memberID: String?
    /// `AUTH_ID`: the user's access token.
    public var accessToken: String?
    /// `REFRESH_ID`: the user's refresh token.
    public var refreshToken: String?
    /// `AUTH_EXPIRES`: seconds the access token is valid.
    public var expiresIn: Int?
    /// The whole decoded form (query parameters included when you merge them in).
    public var fields: [String: Bitrix24JSON]

    /// Decodes a widget handler request body.
    /// - Throws: ``Bitrix24Error`` of kind ``Bitrix24Error/Kind/invalidEvent`` when the body is over `limits`,
    ///   has no `PLACEMENT`, or `PLACEMENT_OPTIONS` is not JSON.
    public init(formEncoded body: String, limits: Bitrix24Event.Limits = .default) throws {
        try self.init(bytes: Array(body.utf8), limits: limits)
    }

    /// Decodes a widget handler request body given as bytes (UTF-8).
    public init(formEncoded body: Data, limits: Bitrix24Event.Limits = .default) throws {
        try self.init(bytes: [UInt8](body), limits: limits)
    }

    private init(bytes: [UInt8], limits: Bitrix24Event.Limits) throws {
        let fields = try Bitrix24FormDecoder(limits: limits).decode(bytes)
        func string(_ key: String) -> String? {
            if case .string(let s)? = fields[key] { return s }
            return nil
        }
        guard let placement = string("PLACEMENT"), !placement.isEmpty else {
            throw Bitrix24Error(kind: .invalidEvent, message: "the widget request has no PLACEMENT")
        }
        self.placement = placement
        switch fields["PLACEMENT_OPTIONS"] {
        case .string(let text)?:
            if text.isEmpty {
                options = .object([:])
            } else if let parsed = try? JSONDecoder().decode(Bitrix24JSON.self, from: Data(text.utf8)) {
                options = parsed
            } else {
                throw Bitrix24Error(kind: .invalidEvent, message: "PLACEMENT_OPTIONS of \(placement) is not JSON")
            }
        case .some(let value): options = value
        case nil: options = .object([:])
        }
        domain = string("DOMAIN")
        language = string("LANG")
        memberID = string("member_id")
        accessToken = string("AUTH_ID")
        refreshToken = string("REFRESH_ID")
        expiresIn = string("AUTH_EXPIRES").flatMap { Int($0) }
        self.fields = fields
    }

    /// `PLACEMENT_OPTIONS` decoded as `T` (the generated per-placement options types).
    public func decodeOptions<T: Decodable>(as type: T.Type = T.self) throws -> T {
        do {
            return try options.decode(as: T.self)
        } catch {
            throw Bitrix24Error(kind: .invalidEvent, message: "cannot decode PLACEMENT_OPTIONS of \(placement): \(error)")
        }
    }

    /// The placement and portal; never the tokens.
    public var description: String { "Bitrix24PlacementRequest(\(placement), domain: \(domain ?? "-"))" }
}

extension Bitrix24PlacementEvent {
    /// Decodes the data a widget event handler receives.
    public func decodeHandlerData(_ value: Bitrix24JSON) throws -> HandlerData {
        do {
            return try value.decode(as: HandlerData.self)
        } catch {
            throw Bitrix24Error(kind: .invalidEvent, message: "cannot decode the data of \(name): \(error)")
        }
    }
}

/// The typed payload of one REST event: the whole delivered object (`event`, `event_handler_id`, `data`, `ts`,
/// `auth`) as a record, generated per documented event. Decode one with ``Bitrix24Event/payload(_:)``.
public protocol Bitrix24EventPayload: Bitrix24Record {
    /// The event this payload is delivered for.
    static var eventName: Bitrix24EventName { get }
}
