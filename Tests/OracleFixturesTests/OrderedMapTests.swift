import Testing
@testable import OracleFixtures

/// `OrderedMap` keeps insertion order and finds keys through its position index; removal must keep
/// the index in step with the entries, or later lookups would return another key's value.
struct OrderedMapTests {
    @Test("insertion order, replacement in place, and removal that keeps every later lookup right")
    func orderAndRemoval() {
        var map: OrderedMap<Int> = ["a": 1, "b": 2, "c": 3, "d": 4]
        map["b"] = 20
        #expect(map.keys == ["a", "b", "c", "d"])
        map["a"] = nil
        #expect(map.keys == ["b", "c", "d"])
        #expect(map["b"] == 20 && map["c"] == 3 && map["d"] == 4 && map["a"] == nil)
        map["a"] = 5
        #expect(map.keys == ["b", "c", "d", "a"] && map["a"] == 5)
        #expect(map == ["b": 20, "c": 3, "d": 4, "a": 5])
        #expect(map != ["c": 3, "b": 20, "d": 4, "a": 5])
    }

    @Test("insertNew refuses a duplicate key and changes nothing")
    func duplicateRefused() {
        var map = OrderedMap<Int>()
        let first = map.insertNew("x", 1)
        let second = map.insertNew("x", 2)
        #expect(first && !second)
        #expect(map["x"] == 1 && map.count == 1 && map.contains("x") && !map.contains("y"))
    }

    @Test("10⁵ distinct keys: every key maps to its own value")
    func manyKeys() {
        var map = OrderedMap<Int>()
        for i in 0..<100_000 { map["case-\(i)"] = i }
        let built = map
        #expect(built.count == 100_000)
        let misplaced = (0..<100_000).filter { i in built["case-" + String(i)] != i }
        #expect(misplaced.isEmpty)
    }

    @Test("small maps (found by comparison) and large ones (indexed) agree across the threshold")
    func acrossTheIndexThreshold() {
        for n in 1...(3 * OrderedMap<Int>.indexThreshold) {
            var map = OrderedMap<Int>()
            if n % 2 == 0 { map.reserveCapacity(n) }
            var inserted = 0
            for i in 0..<n where map.insertNew("k\(i)", i) { inserted += 1 }
            let again = map.insertNew("k\(n - 1)", -1)
            #expect(inserted == n && !again && map.count == n)
            map["k\(n / 2)"] = nil
            map["k\(n)"] = n
            var expected = Array(0...n)
            expected.remove(at: n / 2)
            #expect(map.keys == expected.map { "k\($0)" }, "n = \(n)")
            #expect(expected.allSatisfy { map["k\($0)"] == $0 } && map["k\(n / 2)"] == nil, "n = \(n)")
        }
    }
}
