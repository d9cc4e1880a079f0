import Foundation

/// An error code the portal returns in `error`. Compared case-insensitively (`expired_token` and
/// `EXPIRED_TOKEN` are equal). The static members below are the system-wide codes; the generated
/// code adds each method's own codes in extensions, and codes nobody documented still decode.
public struct Bitrix24ErrorCode: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            rawValue = string
        } else if let int = try? container.decode(Int.self) {
            rawValue = String(int)
        } else {
            rawValue = ""
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.rawValue.caseInsensitiveCompare(rhs.rawValue) == .orderedSame
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rawValue.uppercased())
    }

    public var description: String { rawValue }

    // MARK: System-wide codes (the docs' common error table and the limits / OAuth pages)

    /// 500: an internal server error.
    public static let internalServerError = Self(.internalServerError)
    /// 500: the server returned an unexpected response.
    public static let unexpectedAnswer = Self(.unexpectedAnswer)
    /// 503: the request intensity limit (leaky bucket) was exceeded; retry later.
    public static let queryLimitExceeded = Self(.queryLimitExceeded)
    /// 503: the REST API is blocked manually for overload; do not retry.
    public static let overloadLimit = Self(.overloadLimit)
    /// 429: the method used up its operating time; resume at `operating_reset_at`.
    public static let operationTimeLimit = Self(.operationTimeLimit)
    /// 405: the method may not be called inside `batch`.
    public static let batchMethodNotAllowed = Self(.batchMethodNotAllowed)
    /// 400: the batch is too long.
    public static let batchLengthExceeded = Self(.batchLengthExceeded)
    /// 401: no valid access token or webhook code.
    public static let noAuthFound = Self(.noAuthFound)
    /// 400: HTTPS is required.
    public static let invalidRequest = Self(.invalidRequest)
    /// 403: the REST API is available on commercial plans only, or access is denied.
    public static let accessDenied = Self(.accessDenied)
    /// 403: the user behind the token or webhook lacks the permission.
    public static let invalidCredentials = Self(.invalidCredentials)
    /// 404: the manifest is not available.
    public static let manifestIsNotAvailable = Self(.manifestIsNotAvailable)
    /// 403: the token's scope does not cover the method.
    public static let insufficientScope = Self(.insufficientScope)
    /// 401: the access token expired; refresh it and repeat the call.
    public static let expiredToken = Self(.expiredToken)
    /// 401: the access token is not valid.
    public static let invalidToken = Self(.invalidToken)
    /// 403: the administrator limited the application to other users.
    public static let userAccessError = Self(.userAccessError)
    /// 500: the portal was deleted or its public part is closed.
    public static let portalDeleted = Self(.portalDeleted)
    /// 404: no such method.
    public static let methodNotFound = Self(.methodNotFound)
    /// 401: the authorization type does not fit the method.
    public static let wrongAuthType = Self(.wrongAuthType)
    /// 402: the application or plan must be paid for.
    public static let paymentRequired = Self(.paymentRequired)
    /// 400: OAuth: the refresh token is not valid (used or revoked).
    public static let invalidGrant = Self(.invalidGrant)
    /// 400: OAuth: the client id or secret is wrong.
    public static let invalidClient = Self(.invalidClient)

    // MARK: REST 3.0 codes (`BITRIX_REST_V3_EXCEPTION_*`, the REST 3.0 overview's tables)

    /// 400: a required parameter is missing or a value does not fit its type; see ``Bitrix24Error/validation``.
    public static let restV3RequestValidation = Self(.restV3RequestValidation)
    /// 400: an object inside the parameters (`fields`) failed validation; see ``Bitrix24Error/validation``.
    public static let restV3DTOValidation = Self(.restV3DTOValidation)
    /// 400: a value in a `filter` condition does not fit the field's type.
    public static let restV3RequestFilterValidation = Self(.restV3RequestFilterValidation)
    /// 400: the body is not valid JSON (REST 3.0 reads JSON bodies only).
    public static let restV3InvalidJSON = Self(.restV3InvalidJSON)
    /// 400: `filter` or a related field in `select` names a field the object does not have.
    public static let restV3UnknownDTOProperty = Self(.restV3UnknownDTOProperty)
    /// 400: a `filter` condition uses an operator REST 3.0 does not know.
    public static let restV3UnknownFilterOperator = Self(.restV3UnknownFilterOperator)
    /// 400: `filter` is not in the REST 3.0 form (`[[field, operator, value], …]`).
    public static let restV3InvalidFilter = Self(.restV3InvalidFilter)
    /// 400: `order` is not valid.
    public static let restV3InvalidOrder = Self(.restV3InvalidOrder)
    /// 400: `select` is not valid (also the answer to a classic `cmd` batch sent to REST 3.0).
    public static let restV3InvalidSelect = Self(.restV3InvalidSelect)
    /// 400: `pagination` is not valid.
    public static let restV3InvalidPagination = Self(.restV3InvalidPagination)
    /// 400: no object has the identifier passed.
    public static let restV3EntityNotFound = Self(.restV3EntityNotFound)
    /// 403: the user has no permission for the object.
    public static let restV3AccessDenied = Self(.restV3AccessDenied)
    /// 403: the webhook or application lacks the method's scope.
    public static let restV3InsufficientScope = Self(.restV3InsufficientScope)
    /// 422: the `Idempotency-Key` was used before with another request body for the same method: take a new key.
    public static let restV3IdempotencyKeyReused = Self(.restV3IdempotencyKeyReused)
    /// 400: the `Idempotency-Key` is not 1 to 255 printable ASCII characters (the client refuses such a key before
    /// sending, with this code and kind ``Bitrix24Error/Kind/encoding``).
    public static let restV3InvalidIdempotencyKey = Self(.restV3InvalidIdempotencyKey)

    /// The codes this runtime declares as static members, each case named as its member. The generator ships with
    /// the runtime and reads this list, so that generated code reuses these members instead of declaring them again.
    package enum Declared: String, CaseIterable, Sendable {
        case internalServerError = "INTERNAL_SERVER_ERROR"
        case unexpectedAnswer = "ERROR_UNEXPECTED_ANSWER"
        case queryLimitExceeded = "QUERY_LIMIT_EXCEEDED"
        case overloadLimit = "OVERLOAD_LIMIT"
        case operationTimeLimit = "OPERATION_TIME_LIMIT"
        case batchMethodNotAllowed = "ERROR_BATCH_METHOD_NOT_ALLOWED"
        case batchLengthExceeded = "ERROR_BATCH_LENGTH_EXCEEDED"
        case noAuthFound = "NO_AUTH_FOUND"
        case invalidRequest = "INVALID_REQUEST"
        case accessDenied = "ACCESS_DENIED"
        case invalidCredentials = "INVALID_CREDENTIALS"
        case manifestIsNotAvailable = "ERROR_MANIFEST_IS_NOT_AVAILABLE"
        case insufficientScope = "insufficient_scope"
        case expiredToken = "expired_token"
        case invalidToken = "invalid_token"
        case userAccessError = "user_access_error"
        case portalDeleted = "PORTAL_DELETED"
        case methodNotFound = "ERROR_METHOD_NOT_FOUND"
        case wrongAuthType = "WRONG_AUTH_TYPE"
        case paymentRequired = "PAYMENT_REQUIRED"
        case invalidGrant = "invalid_grant"
        case invalidClient = "invalid_client"
        case restV3RequestValidation = "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION"
        case restV3DTOValidation = "BITRIX_REST_V3_EXCEPTION_VALIDATION_DTOVALIDATIONEXCEPTION"
        case restV3RequestFilterValidation = "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTFILTERVALIDATIONEXCEPTION"
        case restV3InvalidJSON = "BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION"
        case restV3UnknownDTOProperty = "BITRIX_REST_V3_EXCEPTION_UNKNOWNDTOPROPERTYEXCEPTION"
        case restV3UnknownFilterOperator = "BITRIX_REST_V3_EXCEPTION_UNKNOWNFILTEROPERATOREXCEPTION"
        case restV3InvalidFilter = "BITRIX_REST_V3_EXCEPTION_INVALIDFILTEREXCEPTION"
        case restV3InvalidOrder = "BITRIX_REST_V3_EXCEPTION_INVALIDORDEREXCEPTION"
        case restV3InvalidSelect = "BITRIX_REST_V3_EXCEPTION_INVALIDSELECTEXCEPTION"
        case restV3InvalidPagination = "BITRIX_REST_V3_EXCEPTION_INVALIDPAGINATIONEXCEPTION"
        case restV3EntityNotFound = "BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION"
        case restV3AccessDenied = "BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION"
        case restV3InsufficientScope = "BITRIX_REST_V3_EXCEPTION_INSUFFICIENTSCOPEEXCEPTION"
        case restV3IdempotencyKeyReused = "BITRIX_REST_V3_EXCEPTION_IDEMPOTENCYKEYREUSEDEXCEPTION"
        case restV3InvalidIdempotencyKey = "BITRIX_REST_V3_EXCEPTION_INVALIDIDEMPOTENCYKEYEXCEPTION"
    }

    init(_ declared: Declared) { self.rawValue = declared.rawValue }

    /// True for codes that say the item a call names does not exist (`NOT_FOUND`, `ERROR_NOT_FOUND`,
    /// `ENTITY_NOT_FOUND`, …, and REST 3.0's ``restV3EntityNotFound``) — not for ``methodNotFound``, which is
    /// about the method.
    public var isNotFound: Bool {
        let code = rawValue.uppercased()
        return (code == "NOT_FOUND" || code.hasSuffix("_NOT_FOUND") || self == .restV3EntityNotFound) && self != .methodNotFound
    }
}

/// Every failure the client reports: an API error with its code, or a transport, response,
/// encoding, batch or event problem. Its texts never contain a webhook code or token.
public struct Bitrix24Error: Error, Sendable, CustomStringConvertible, LocalizedError {
    /// The broad category (``Kind/api``, ``Kind/network``, …).
    public var kind: Kind
    /// The portal's error code, for ``Kind/api`` errors (and OAuth errors).
    public var code: Bitrix24ErrorCode?
    /// What happened, redacted.
    public var message: String
    /// The HTTP status, when a response arrived.
    public var httpStatus: Int?
    /// The REST method called, when there was one.
    public var method: String?
    /// The batch command key, for errors of one command in a batch.
    public var batchKey: String?
    /// When the method's operating-time window resets: the `operating_reset_at` the portal reported with
    /// this error, if any.
    public var operatingResetAt: Date?
    /// True when an attempt of this call may have run on the portal although its reply never arrived (a lost
    /// connection, a timeout, a 5xx): a write may have been applied, a consuming read may have taken items.
    public var mayHaveBeenExecuted = false
    /// What REST 3.0 found wrong with the parameters, one entry per problem, in the portal's order (the `validation`
    /// list of its error); empty for other errors. See ``validationMessage(for:)``.
    public var validation: [ValidationIssue] = []
    /// The `Idempotency-Key` the failed REST 3.0 call carried. When the call may have run
    /// (``mayHaveBeenExecuted``), sending it again with this key (``Bitrix24Client/send(_:idempotencyKey:)``) gets
    /// the reply of the run that happened, if one did, instead of running it twice.
    public var idempotencyKey: String?

    /// An error; `message`, `code` and the validation messages are redacted by shape here, and by the client's literal
    /// secrets before it is thrown.
    public init(
        kind: Kind, code: Bitrix24ErrorCode? = nil, message: String, httpStatus: Int? = nil, method: String? = nil,
        batchKey: String? = nil, validation: [ValidationIssue] = []
    ) {
        self.kind = kind
        self.code = code.map { Bitrix24ErrorCode(rawValue: Bitrix24Redactor.redactByShape($0.rawValue)) }
        self.message = Bitrix24Redactor.redactByShape(message)
        self.httpStatus = httpStatus
        self.method = method
        self.batchKey = batchKey
        self.validation = validation
    }

    /// True when `code` equals `other` (case-insensitively).
    public func hasCode(_ other: Bitrix24ErrorCode) -> Bool { code == other }

    public var description: String {
        var text = "Bitrix24 "
        if let code { text += "error \(code.rawValue)" } else { text += "\(kind) error" }
        if let httpStatus { text += " (HTTP \(httpStatus))" }
        if let method { text += " calling \(method)" }
        if let batchKey { text += " [batch command \(batchKey)]" }
        if !message.isEmpty { text += ": \(message)" }
        if !validation.isEmpty { text += " (" + validation.map(\.description).joined(separator: "; ") + ")" }
        return Bitrix24Redactor.redactByShape(text)
    }

    public var errorDescription: String? { description }
}
