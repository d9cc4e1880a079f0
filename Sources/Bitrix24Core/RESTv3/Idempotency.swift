import Foundation

// REST 3.0's `Idempotency-Key`: the portal stores the reply of a successful call for a day under the key (per
// webhook or application, user and method) and answers a repeat with the same key and body with that reply and
// `Idempotent-Replayed: true`, without running the method again. So a REST 3.0 write that carries a key may be
// repeated after a lost reply, a timeout or a 5xx.

/// The key REST 3.0 calls made inside ``Bitrix24Client/withIdempotencyKey(_:isolation:_:)`` carry.
enum Bitrix24IdempotencyScope {
    struct Binding: Sendable {
        /// The client the key was given to (another client's calls make their own keys).
        var client: ObjectIdentifier
        var key: String
    }

    @TaskLocal static var binding: Binding?
}

extension Bitrix24MethodInfo.RetryClass {
    /// The class of a REST 3.0 call of this class that carries an `Idempotency-Key`: a write or consuming read
    /// repeats safely then (a repeat gets the stored reply of a run whose reply was lost), so it is an
    /// ``idempotentWrite``; the other classes stay as they are.
    public var withIdempotencyKey: Bitrix24MethodInfo.RetryClass {
        switch self {
        case .write, .consumingRead: .idempotentWrite
        case .read, .idempotentWrite, .delete: self
        }
    }
}

extension Bitrix24Client {
    /// The longest `Idempotency-Key` REST 3.0 accepts.
    public static let maxIdempotencyKeyLength = 255

    /// Whether `key` can be an `Idempotency-Key`: 1 to 255 printable ASCII characters, with no space at either end
    /// (an HTTP header cannot carry one there).
    public static func isValidIdempotencyKey(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard (1...maxIdempotencyKeyLength).contains(bytes.count), bytes.first != 0x20, bytes.last != 0x20 else { return false }
        return bytes.allSatisfy { (0x20...0x7E).contains($0) }
    }

    /// A fresh key: a random UUID.
    public static func makeIdempotencyKey() -> String { UUID().uuidString.lowercased() }

    /// Throws unless `key` is a valid `Idempotency-Key`: the error has code
    /// ``Bitrix24ErrorCode/restV3InvalidIdempotencyKey`` and kind ``Bitrix24Error/Kind/encoding``.
    static func checkIdempotencyKey(_ key: String, method: String? = nil) throws {
        guard !isValidIdempotencyKey(key) else { return }
        throw Bitrix24Error(
            kind: .encoding, code: .restV3InvalidIdempotencyKey,
            message: "an Idempotency-Key must be 1 to \(maxIdempotencyKeyLength) printable ASCII characters "
                + "with no space at either end (this one has \(key.utf8.count) bytes); nothing was sent",
            method: method)
    }

    /// Runs `body` so that every REST 3.0 call of this client inside it that creates, changes or deletes
    /// (every retry class but ``Bitrix24MethodInfo/RetryClass/read``) carries `key` as its `Idempotency-Key`
    /// instead of a fresh one — a key your own job queue keeps, so that a job run again after a crash gets the
    /// stored reply of the run that already succeeded instead of a second record:
    ///
    /// ```swift
    /// let task = try await b24.withIdempotencyKey(job.id) {
    ///     try await b24.v3.tasks.task.add(fields: .init(title: "Prepare the report"))
    /// }
    /// ```
    /// The portal keeps a key per method: one key serves one call of each method (the same method called again
    /// with another body answers ``Bitrix24ErrorCode/restV3IdempotencyKeyReused``). Classic calls ignore the key.
    /// To see whether the portal replayed a stored reply, use ``send(_:idempotencyKey:)``.
    /// - Throws: ``Bitrix24Error`` with code ``Bitrix24ErrorCode/restV3InvalidIdempotencyKey`` before `body` runs when
    ///   `key` is not 1 to 255 printable ASCII characters; else what `body` throws.
    public func withIdempotencyKey<T>(
        _ key: String, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async throws -> T {
        try Self.checkIdempotencyKey(key)
        let binding = Bitrix24IdempotencyScope.Binding(client: ObjectIdentifier(self), key: key)
        return try await Bitrix24IdempotencyScope.$binding.withValue(binding, operation: body, isolation: isolation)
    }

    /// The key one logical call of `method` carries: the caller's (explicit, then the task's), or a fresh one for
    /// REST 3.0 calls that are not reads; `nil` for reads without a caller's key and for classic calls.
    func idempotencyKey(for method: Bitrix24MethodInfo, explicit: String?) throws -> String? {
        if let explicit {
            guard method.version == .v3 else {
                throw Bitrix24Error(
                    kind: .configuration, message: "an Idempotency-Key works only for REST 3.0 methods (b24.v3…); nothing was sent",
                    method: method.name)
            }
            try Self.checkIdempotencyKey(explicit, method: method.name)
            return explicit
        }
        guard method.version == .v3, method.retry != .read else { return nil }
        if let binding = Bitrix24IdempotencyScope.binding, binding.client == ObjectIdentifier(self) { return binding.key }
        return Self.makeIdempotencyKey()
    }
}
