import Foundation

/// One slot per index for results computed on several threads, each slot written once: the
/// hand-off from `DispatchQueue.concurrentPerform` workers back to the caller, in index order.
public final class ResultSlots<Value>: @unchecked Sendable {
    // Sendable by the lock: every access to `slots` holds it.
    private let lock = NSLock()
    private var slots: [Result<Value, any Error>?]

    public init(count: Int) { slots = Array(repeating: nil, count: count) }

    public func store(_ result: Result<Value, any Error>, at index: Int) {
        lock.withLock { slots[index] = result }
    }

    /// The results in index order. Precondition: every slot was stored.
    public var values: [Result<Value, any Error>] {
        lock.withLock { slots.map { $0! } }
    }
}
