/// Distances between an observed `Double` and a reference, for accuracy reporting in tests.
///
/// Not public API of LatentOracle: it serves the test targets only.

/// The number of representable `Double`s strictly between `observed` and `expected`, plus one
/// when they differ: `0` for bitwise-equal values (and for `+0` vs `−0`), `1` for neighbours.
///
/// **Edge Cases:**
/// - Values of opposite sign count the ulps through zero.
/// - Two infinities of the same sign are 0 apart; an infinity against a finite value, or any NaN,
///   gives `.infinity`, so no tolerance accepts it.
public func ulpDistance(_ observed: Double, _ expected: Double) -> Double {
    if observed.isNaN || expected.isNaN { return .infinity }
    if observed == expected { return 0 }
    if observed.isInfinite || expected.isInfinite { return .infinity }
    // Map each double to a signed integer on a line where neighbours differ by one:
    // non-negative values keep their bit pattern, negative ones are reflected through zero.
    func ordinal(_ x: Double) -> Int64 {
        let bits = Int64(bitPattern: x.bitPattern)
        return bits < 0 ? Int64.min &- bits : bits
    }
    let distance = ordinal(observed).subtractingReportingOverflow(ordinal(expected))
    return Double(distance.partialValue.magnitude)
}

/// |observed − expected| / |expected|; `.infinity` when `expected` is 0 and `observed` is not.
public func relativeError(_ observed: Double, _ expected: Double) -> Double {
    if observed == expected { return 0 }
    if observed.isNaN || expected.isNaN { return .infinity }
    return abs(observed - expected) / abs(expected)
}

/// |observed − expected|; `.infinity` for NaN.
public func absoluteError(_ observed: Double, _ expected: Double) -> Double {
    if observed == expected { return 0 }
    if observed.isNaN || expected.isNaN { return .infinity }
    return abs(observed - expected)
}
