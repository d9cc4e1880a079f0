import Bitrix24Core
import Foundation

/// Scripted faults and the portal's limits: the leaky bucket and each method's operating time.
extension FakePortalState {
    /// What a scripted fault does to a call.
    enum FaultEffect {
        /// Answer with this instead of executing.
        case answer(Outcome)
        /// Execute, then let the fault shape the reply.
        case executeThen(FakePortal.Fault)
    }

    /// The next scripted fault for `method` (any method when it was injected without one), used up once.
    func scriptedFault(for method: String, path: String, record: inout FakePortal.RecordedRequest) -> FaultEffect? {
        guard let index = faults.firstIndex(where: { $0.method == nil || $0.method == method }) else { return nil }
        let fault = faults[index].fault
        faults[index].remaining -= 1
        if faults[index].remaining <= 0 { faults.remove(at: index) }
        record.fault = fault
        switch fault {
        case .queryLimitExceeded:
            return .answer(reply(503, error: "QUERY_LIMIT_EXCEEDED", "Too many requests", record: &record))
        case .overloadLimit:
            return .answer(reply(503, error: "OVERLOAD_LIMIT", "REST API is blocked due to overload", record: &record))
        case .operationTimeLimit(let resetAfter):
            let resetAt = configuration.clock.monotonic() + resetAfter
            blockedUntil[method] = resetAt
            return .answer(operationTimeLimit(resetAt: resetAt, used: configuration.operatingTimeLimit, record: &record))
        case .html:
            record.status = 502
            return .answer(.reply(
                status: 502, headers: ["Content-Type": "text/html"],
                body: Data("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>".utf8)))
        case .connectionReset:
            record.status = 0
            return .answer(.reset)
        case .redirect(let newHost):
            record.status = 302
            return .answer(.reply(status: 302, headers: ["Location": "http://\(newHost):\(port)\(path)"], body: Data()))
        case .redirectElsewhere(let url):
            record.status = 302
            let authority = (url.host ?? "127.0.0.1") + (url.port.map { ":\($0)" } ?? "")
            return .answer(.reply(status: 302, headers: ["Location": "\(url.scheme ?? "http")://\(authority)\(path)"], body: Data()))
        case .expiredToken:
            return .answer(reply(401, error: "expired_token", "The access token provided has expired.", record: &record))
        case .internalServerError, .truncatedJSON, .delay, .resetAfterExecuting:
            return .executeThen(fault)
        }
    }

    /// Takes a slot in the leaky bucket, or answers `QUERY_LIMIT_EXCEEDED` when it is full.
    func chargeBucket(record: inout FakePortal.RecordedRequest) -> Outcome? {
        guard let limit = configuration.rateLimit else { return nil }
        let now = configuration.clock.monotonic()
        bucketLevel = max(0, bucketLevel - (now - bucketLast).inSeconds * limit.perSecond)
        bucketLast = now
        if bucketLevel + 1 > Double(limit.burst) + 1e-9 {
            return reply(503, error: "QUERY_LIMIT_EXCEEDED", "Too many requests", record: &record)
        }
        bucketLevel += 1
        return nil
    }

    /// Charges `method`'s operating time and returns the reply's `time` block, or answers
    /// `OPERATION_TIME_LIMIT` when the method is blocked or its window is used up.
    func chargeOperatingTime(method: String, record: inout FakePortal.RecordedRequest) -> Result<Bitrix24JSON, Rejection> {
        let now = configuration.clock.monotonic()
        if let until = blockedUntil[method], until > now {
            let used = operating[method]?.used ?? configuration.operatingTimeLimit
            return .failure(Rejection(outcome: operationTimeLimit(resetAt: until, used: used, record: &record)))
        }
        var window = operating[method] ?? (.zero, now)
        if now >= window.windowStart + configuration.operatingWindow { window = (.zero, now) }
        if window.used >= configuration.operatingTimeLimit {
            operating[method] = window
            let resetAt = window.windowStart + configuration.operatingWindow
            return .failure(Rejection(outcome: operationTimeLimit(resetAt: resetAt, used: window.used, record: &record)))
        }
        window.used += configuration.operatingCost[method] ?? .zero
        operating[method] = window
        return .success(timeBlock(start: now, operating: window.used, resetAt: window.windowStart + configuration.operatingWindow))
    }

    func operationTimeLimit(resetAt: Duration, used: Duration, record: inout FakePortal.RecordedRequest) -> Outcome {
        let time = timeBlock(start: configuration.clock.monotonic(), operating: used, resetAt: resetAt)
        return reply(
            429,
            [
                "error": .string("OPERATION_TIME_LIMIT"), "error_description": .string("Method is blocked due to operation time limit."),
                "time": time,
            ], record: &record)
    }

    /// The reply's `time` block; `start` and `resetAt` are monotonic, written as Unix time.
    func timeBlock(start: Duration, operating: Duration, resetAt: Duration) -> Bitrix24JSON {
        let finish = configuration.clock.monotonic()
        let (startUnix, finishUnix) = (unixTime(start), unixTime(finish))
        return .object([
            "start": .double(startUnix), "finish": .double(finishUnix), "duration": .double((finish - start).inSeconds),
            "processing": .double((finish - start).inSeconds), "operating": .double(operating.inSeconds),
            "operating_reset_at": .double(unixTime(resetAt)),
            "date_start": .string(Self.iso(startUnix)), "date_finish": .string(Self.iso(finishUnix)),
        ])
    }

    /// The wall-clock (Unix) time of a monotonic instant.
    func unixTime(_ instant: Duration) -> Double {
        configuration.clock.wall().timeIntervalSince1970 + (instant - configuration.clock.monotonic()).inSeconds
    }

    static func iso(_ time: Double) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: time))
    }
}
