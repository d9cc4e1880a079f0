import Foundation

extension Array where Element: Sendable {
    /// Maps the elements on all cores and returns the results in the elements' order, so the
    /// outcome never depends on scheduling. Workers take the next index from a shared counter, so a
    /// few slow elements (a large page) do not leave a core idle.
    public func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        let slots = OrderedSlots<T>(count: count)
        let workers = Swift.min(count, Swift.max(1, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = slots.nextIndex() {
                slots.set(index, transform(self[index]))
            }
        }
        return slots.values
    }
}

/// Result slots filled from several threads and a shared next-index counter, under one lock.
private final class OrderedSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [T?]
    private var next = 0
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func nextIndex() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func set(_ index: Int, _ value: T) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    /// Every slot is set once `concurrentPerform` has returned.
    var values: [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
