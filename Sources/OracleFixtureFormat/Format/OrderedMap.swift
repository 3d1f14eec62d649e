/// A map that keeps its keys in insertion order: the order the canonical writer emits.
///
/// Complexity: lookup, insertion and replacement are O(1) on average through a hash index of
/// the keys' positions, so building a map of n entries (a results file of 10⁶ case ids) is O(n).
/// Removing a key is O(n): it shifts the later entries and their positions.
public struct OrderedMap<Value> {
    public struct Entry {
        public var key: String
        public var value: Value
    }

    public private(set) var entries: [Entry] = []
    /// The position of each key in `entries`.
    private var positions: [String: Int] = [:]

    public init() {}

    /// The value for `key`; setting appends a new key at the end or replaces in place.
    public subscript(key: String) -> Value? {
        get { positions[key].map { entries[$0].value } }
        set {
            if let i = positions[key] {
                if let newValue {
                    entries[i].value = newValue
                } else {
                    entries.remove(at: i)
                    positions[key] = nil
                    for j in i..<entries.count { positions[entries[j].key] = j }
                }
            } else if let newValue {
                positions[key] = entries.count
                entries.append(Entry(key: key, value: newValue))
            }
        }
    }

    /// Appends `value` under a new `key` and returns true, or returns false and changes nothing
    /// when the key is already present: a duplicate is found in O(1).
    public mutating func insertNew(_ key: String, _ value: Value) -> Bool {
        guard positions[key] == nil else { return false }
        positions[key] = entries.count
        entries.append(Entry(key: key, value: value))
        return true
    }

    public func contains(_ key: String) -> Bool { positions[key] != nil }

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
