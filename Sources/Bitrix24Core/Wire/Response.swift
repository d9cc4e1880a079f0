import Foundation

/// A successful reply: the decoded `result` and the envelope around it.
public struct Bitrix24Response<Result: Sendable>: Sendable {
    public var result: Result
    /// Total rows, for list methods.
    public var total: Int?
    /// The `start` of the next page, for list methods.
    public var next: Int?
    /// Timing the portal reports.
    public var time: Bitrix24Client.Timing?
    /// The `Idempotency-Key` the call carried (REST 3.0 calls other than reads, and calls given a key), the same
    /// on every attempt of the call.
    public var idempotencyKey: String?
    /// True when the portal answered with the stored reply of an earlier call with the same `Idempotency-Key`
    /// (`Idempotent-Replayed: true`): the method did not run again — an earlier attempt, or an earlier call of
    /// yours with this key, already did.
    public var isReplayed = false
    /// The result as JSON, when it was read leniently (for mismatch reports and row IDs).
    var raw: Bitrix24JSON?

    public init(result: Result, total: Int? = nil, next: Int? = nil, time: Bitrix24Client.Timing? = nil) {
        self.result = result
        self.total = total
        self.next = next
        self.time = time
    }
}

extension Bitrix24Client {
    /// The `time` block the portal adds to every reply (the docs' `time` type): times as the portal
    /// writes them (seconds, Unix time), every field optional.
    public struct Timing: Sendable, Hashable, Codable {
        public var start: Double?
        public var finish: Double?
        public var duration: Double?
        public var processing: Double?
        public var dateStart: String?
        public var dateFinish: String?
        /// Seconds of operating time this method has used in the current window.
        public var operating: Double?
        /// When the method's operating-time window resets (Unix time).
        public var operatingResetAt: Double?

        enum CodingKeys: String, CodingKey {
            case start, finish, duration, processing, operating
            case dateStart = "date_start"
            case dateFinish = "date_finish"
            case operatingResetAt = "operating_reset_at"
        }

        public init(
            start: Double? = nil, finish: Double? = nil, duration: Double? = nil, processing: Double? = nil,
            dateStart: String? = nil, dateFinish: String? = nil, operating: Double? = nil, operatingResetAt: Double? = nil
        ) {
            self.start = start
            self.finish = finish
            self.duration = duration
            self.processing = processing
            self.dateStart = dateStart
            self.dateFinish = dateFinish
            self.operating = operating
            self.operatingResetAt = operatingResetAt
        }

        /// ``operating`` as a duration.
        public var operatingTime: Duration? { operating.map { Duration.seconds($0) } }

        /// ``operatingResetAt`` as a date.
        public var operatingReset: Date? { operatingResetAt.map { Date(timeIntervalSince1970: $0) } }
    }
}
