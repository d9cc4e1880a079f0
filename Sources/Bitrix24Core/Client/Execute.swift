import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// The loop every call goes through: wait for the limits, send one attempt, read the reply, and on
// failure let the pure `RetryPolicy.decide` say what comes next.
//
// The method's version picks the address (`prepare`: `/rest/…` or `/rest/api/…`); both APIs' replies and
// errors go through `Bitrix24ResponseDecoder`. A REST 3.0 call that is not a read carries an
// `Idempotency-Key` made once per logical call and kept across its attempts, and the policy is given the
// class such a call has (`RetryClass.withIdempotencyKey`: a write then repeats safely).

extension Bitrix24Client {
    /// One attempt, ready to send.
    struct PreparedAttempt {
        var request: HTTPRequest
        /// The REST base it was built from (webhook base or OAuth client endpoint).
        var base: URL
        /// The OAuth token generation it carries (0 for webhooks).
        var tokenGeneration: Int
    }

    /// Where the next attempt goes: the method's address, or a rename's target.
    struct Route {
        var redirectTarget: URL?
        var hops = 0
    }

    /// How an attempt ended.
    enum AttemptResult<R: Sendable> {
        case success(Bitrix24Response<R>)
        case failure(Bitrix24Error, RetryPolicy.Outcome)
        case redirected
    }

    /// Sends one logical call, with every attempt it takes. `idempotencyKey` is the caller's key (REST 3.0 only).
    func execute<R: Decodable & Sendable>(
        _ method: Bitrix24MethodInfo, payload: Data, as type: R.Type, idField: String? = nil, idempotencyKey: String? = nil
    ) async throws -> Bitrix24Response<R> {
        if let limiterConflict { throw limiterConflict }
        let key = try self.idempotencyKey(for: method, explicit: idempotencyKey)
        let retryClass = key == nil ? method.retry : method.retry.withIdempotencyKey
        var attempts = RetryPolicy.Attempts()
        var route = Route()
        while true {
            try Task.checkCancellation()
            try await limiter.acquire(method: method.name, maxOperatingWait: configuration.maxOperatingWait)
            let prepared = try await prepare(method, payload: payload, route: route, idempotencyKey: key)
            log(.debug, "→ \(method.name) \(prepared.request.url.absoluteString) (attempt \(attempts.attempt)\(key.map { ", Idempotency-Key \($0)" } ?? ""))")
            switch try await attempt(prepared, method: method, route: &route, as: R.self, idField: idField) {
            case .success(var response):
                response.idempotencyKey = key
                if response.isReplayed { log(.info, "\(method.name): the portal replayed the stored reply for Idempotency-Key \(key ?? "")") }
                return response
            case .redirected:
                continue
            case .failure(let error, let outcome):
                let decision = configuration.retry.decide(
                    outcome, retryClass: retryClass, attempts: attempts, canRefreshToken: tokens != nil,
                    jitter: Double.random(in: 0.5...1.0))
                do {
                    try await act(on: decision, after: error, outcome: outcome, attempts: attempts, prepared: prepared, method: method)
                } catch var failed as Bitrix24Error {
                    failed.idempotencyKey = key
                    throw failed
                }
                attempts = attempts.after(outcome, decision)
            }
        }
    }

    /// The HTTP request for one attempt: the address (the method's URL in its API, or a rename target; HTTPS
    /// checked), the JSON body (with `auth` for OAuth) and the headers.
    func prepare(_ method: Bitrix24MethodInfo, payload: Data, route: Route, idempotencyKey: String? = nil) async throws -> PreparedAttempt {
        let (base, token, generation) = await restBase()
        let methodBase = method.version == .v3 ? Self.restV3Base(of: base) : base
        guard var url = route.redirectTarget ?? URL(string: method.name, relativeTo: methodBase)?.absoluteURL else {
            throw redacted(Bitrix24Error(kind: .insecureURL, message: "cannot build a URL for the method", method: method.name))
        }
        do {
            try bitrix24RequireSecure(url, method: method.name)
        } catch let error as Bitrix24Error {
            throw redacted(error)
        }
        var headers = [
            "Content-Type": "application/json; charset=utf-8", "Accept": "application/json", "User-Agent": configuration.userAgent,
        ]
        if let idempotencyKey { headers["Idempotency-Key"] = idempotencyKey }
        var body = payload
        if let token {
            // A JSON array (the REST 3.0 batch) has no member for `auth`: it goes in the query, as classic calls allow.
            if payload.first == UInt8(ascii: "[") { url = Self.addingAuth(token, to: url) } else { body = Self.addingAuth(token, to: payload) }
        }
        let request = HTTPRequest(method: "POST", url: url, headers: headers, body: body, timeout: configuration.timeout)
        return PreparedAttempt(request: request, base: base, tokenGeneration: generation)
    }

    private func restBase() async -> (URL, token: String?, generation: Int) {
        if let tokens {
            let (current, generation) = await tokens.current()
            return (renamedBase.get() ?? current.clientEndpoint, current.accessToken, generation)
        }
        if case .webhook(let url) = auth { return (renamedBase.get() ?? url, nil, 0) }
        return (URL(fileURLWithPath: "/"), nil, 0)
    }

    /// Sends one attempt and reads its reply.
    private func attempt<R: Decodable & Sendable>(
        _ prepared: PreparedAttempt, method: Bitrix24MethodInfo, route: inout Route, as type: R.Type, idField: String?
    ) async throws -> AttemptResult<R> {
        let response: HTTPResponse
        do {
            response = try await transport.send(prepared.request)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            let failure = error as? TransportFailure ?? TransportFailure(requestMayHaveBeenSent: true, message: String(describing: error))
            let wrapped = redacted(Bitrix24Error(kind: failure.isTimeout ? .timeout : .network, message: failure.message, method: method.name))
            return .failure(wrapped, .transportFailure(requestMayHaveBeenSent: failure.requestMayHaveBeenSent, isTimeout: failure.isTimeout))
        }
        if Self.redirectStatuses.contains(response.status) {
            try await followRename(response, of: prepared, method: method, route: &route)
            return .redirected
        }
        route.redirectTarget = nil
        let (decoded, apiError) = try Bitrix24ResponseDecoder.decode(
            R.self, from: response, method: method.name, rowsKey: method.paging?.rowsKey, idField: idField,
            unwrapsOperationResult: method.version == .v3)
        if var decoded {
            decoded.isReplayed = response.header("Idempotent-Replayed")?.lowercased() == "true"
            if let operating = decoded.time?.operatingTime, operating >= configuration.operatingTimeThreshold {
                await limiter.record(method: method.name, time: decoded.time, threshold: configuration.operatingTimeThreshold)
            }
            log(.debug, "← \(method.name) \(response.status)")
            if let raw = decoded.raw { report(R.self, in: raw, at: "result" + (method.paging?.rowsKey.map { ".\($0)" } ?? ""), method: method.name) }
            return .success(decoded)
        }
        let error = redacted(
            apiError ?? Bitrix24Error(kind: .malformedResponse, message: "no result", httpStatus: response.status, method: method.name))
        return .failure(error, .failedReply(status: response.status, code: error.code, kind: error.kind))
    }

    /// Carries out `decision` (waits, refreshes), or throws `error` when it is to fail.
    private func act(
        on decision: RetryPolicy.Decision, after error: Bitrix24Error, outcome: RetryPolicy.Outcome, attempts: RetryPolicy.Attempts,
        prepared: PreparedAttempt, method: Bitrix24MethodInfo
    ) async throws {
        // What the portal's limits say holds whether or not this call goes on.
        if error.code == .queryLimitExceeded { await limiter.bucketOverflowed() }
        var operatingWait = Duration.zero
        if error.code == .operationTimeLimit {
            let untilReset = error.operatingResetAt.map { configuration.clock.wait(until: $0) } ?? .zero
            operatingWait = untilReset > .zero
                ? untilReset : configuration.retry.delay(attempt: attempts.operatingTimeRetries + 1, jitter: Double.random(in: 0.5...1.0))
            await limiter.block(method: method.name, for: operatingWait)
        }
        switch decision {
        case .retry(let delay):
            let what =
                error.kind == .network || error.kind == .timeout ? error.message
                : error.code == .queryLimitExceeded ? "QUERY_LIMIT_EXCEEDED" : error.description
            log(.warning, "\(method.name): \(what); retrying in \(delay.inMilliseconds) ms")
            try await configuration.clock.sleep(delay)
        case .waitForOperatingWindow:
            log(.warning, "\(method.name): OPERATION_TIME_LIMIT; waiting \(operatingWait.inMilliseconds) ms for the window to reset")
        case .refreshTokenAndRetry:
            log(.info, "\(method.name): access token expired; refreshing")
            try await refreshTokens(after: prepared.tokenGeneration)
        case .fail:
            if error.code == .overloadLimit {
                log(.error, "\(method.name): OVERLOAD_LIMIT (the portal blocked REST calls; not retrying)")
            } else {
                log(.error, error.kind == .network || error.kind == .timeout ? "\(method.name): \(error.message)" : error.description)
            }
            var error = error
            error.mayHaveBeenExecuted = attempts.mayHaveBeenExecuted || outcome.mayHaveBeenExecuted
            throw error
        case .alreadyDeleted:
            var gone = error
            gone.kind = .alreadyDeleted
            gone.message = "the item was not found when the delete was repeated: the earlier attempt, whose reply was lost, "
                + "most likely deleted it (\(error.message))"
            gone.mayHaveBeenExecuted = true
            log(.warning, gone.description)
            throw gone
        }
    }
}
