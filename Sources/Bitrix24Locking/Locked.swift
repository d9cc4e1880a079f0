import Foundation

/// A value behind a lock: the one lock helper of the package (runtime, generator, scraper and tests).
///
/// `NSLock` exists on every platform the client supports; `Synchronization.Mutex` would need macOS 15 / iOS 18.
/// Keep the critical sections short and never `await` inside one.
package final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) {
        self.value = value
    }

    /// A copy of the value.
    package func get() -> Value where Value: Sendable {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    /// Replaces the value.
    package func set(_ newValue: Value) {
        lock.lock()
        value = newValue
        lock.unlock()
    }

    /// Runs `body` with the value, under the lock, and returns what it returns.
    @discardableResult
    package func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
