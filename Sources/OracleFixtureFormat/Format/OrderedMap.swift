/// A map that keeps its keys in insertion order: the order the canonical writer emits.
///
/// Complexity: lookup, insertion and replacement are O(1) on average, so building a map of n
/// entries (a results file of 10⁶ case ids) is O(n). A map of up to `indexThreshold` keys (the
/// inputs and outputs of one case) finds a key by comparing at most that many keys, with no hash
/// table to allocate; a larger one keeps a hash index of the keys' positions. Removing a key is
/// O(n): it shifts the later entries and their positions.
public struct OrderedMap<Value> {
    public struct Entry {
        public var key: String
        public var value: Value
    }

    /// The number of keys up to which a key is found by comparison rather than through the index.
    public static var indexThreshold: Int { 8 }

    public private(set) var entries: [Entry] = []
    /// The position of each key in `entries`, once there are more than `indexThreshold` of them.
    private var positions: [String: Int]?

    public init() {}

    /// The position of `key` in `entries`.
    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return entries.firstIndex { $0.key == key }
    }

    /// Appends an entry whose key is not present.
    private mutating func append(_ key: String, _ value: Value) {
        if positions != nil {
            positions![key] = entries.count
        } else if entries.count == Self.indexThreshold {
            var index = [String: Int](minimumCapacity: 2 * (entries.count + 1))
            for (i, entry) in entries.enumerated() { index[entry.key] = i }
            index[key] = entries.count
            positions = index
        }
        entries.append(Entry(key: key, value: value))
    }

    /// The value for `key`; setting appends a new key at the end or replaces in place.
    public subscript(key: String) -> Value? {
        get { position(of: key).map { entries[$0].value } }
        set {
            if let i = position(of: key) {
                if let newValue {
                    entries[i].value = newValue
                } else {
                    entries.remove(at: i)
                    if positions != nil {
                        positions![key] = nil
                        for j in i..<entries.count { positions![entries[j].key] = j }
                    }
                }
            } else if let newValue {
                append(key, newValue)
            }
        }
    }

    /// Appends `value` under a new `key` and returns true, or returns false and changes nothing
    /// when the key is already present: a duplicate is found in O(1).
    public mutating func insertNew(_ key: String, _ value: Value) -> Bool {
        guard position(of: key) == nil else { return false }
        append(key, value)
        return true
    }

    /// Reserves room for `count` entries (and their index when that is over `indexThreshold`).
    public mutating func reserveCapacity(_ count: Int) {
        entries.reserveCapacity(count)
        if count > Self.indexThreshold {
            if positions == nil {
                var index = [String: Int](minimumCapacity: count)
                for (i, entry) in entries.enumerated() { index[entry.key] = i }
                positions = index
            } else {
                positions!.reserveCapacity(count)
            }
        }
    }

    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    public var keys: [String] { entries.map(\.key) }
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
}

extension OrderedMap.Entry: Sendable where Value: Sendable {}
extension OrderedMap.Entry: Equatable where Value: Equatable {}
extension OrderedMap: Sendable where Value: Sendable {}
extension OrderedMap: Equatable where Value: Equatable {
    /// Two maps are equal when they hold the same keys, in the same order, with equal values.
    public static func == (a: OrderedMap, b: OrderedMap) -> Bool { a.entries == b.entries }
}

extension OrderedMap: ExpressibleByDictionaryLiteral {
    /// Keeps the literal's order; a repeated key keeps its first position and last value.
    public init(dictionaryLiteral elements: (String, Value)...) {
        for (key, value) in elements { self[key] = value }
    }
}
