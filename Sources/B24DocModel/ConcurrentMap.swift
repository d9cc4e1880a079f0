import Bitrix24Locking
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
private final class OrderedSlots<T: Sendable>: Sendable {
    private let state: Locked<(slots: [T?], next: Int)>

    init(count: Int) { state = Locked((Array(repeating: nil, count: count), 0)) }

    func nextIndex() -> Int? {
        state.withLock { state in
            guard state.next < state.slots.count else { return nil }
            state.next += 1
            return state.next - 1
        }
    }

    func set(_ index: Int, _ value: T) {
        state.withLock { $0.slots[index] = value }
    }

    /// Every slot is set once `concurrentPerform` has returned.
    var values: [T] { state.withLock { $0.slots.compactMap { $0 } } }
}
