import OracleArithmetic

/// Distances between an observed `Double` and a reference, for accuracy reporting in tests:
/// thin names over `FloatingPointDistance` (OracleArithmetic), the same definitions that
/// `latent-oracle verify` uses. Not public API of LatentOracle: it serves the test targets only.

/// The number of representable `Double`s strictly between `observed` and `expected`, plus one
/// when they differ: `0` for bitwise-equal values (and for `+0` vs `−0`), `1` for neighbours.
///
/// **Edge Cases:**
/// - Values of opposite sign count the ulps through zero.
/// - Two infinities of the same sign are 0 apart, and so are two NaNs; an infinity against a
///   finite value, or a NaN against a number, gives `.infinity`, so no tolerance accepts it.
public func ulpDistance(_ observed: Double, _ expected: Double) -> Double {
    FloatingPointDistance.ulps(observed, expected)
}

/// |observed − expected| / |expected|; `.infinity` when `expected` is 0 and `observed` is not.
public func relativeError(_ observed: Double, _ expected: Double) -> Double {
    FloatingPointDistance.relative(observed, expected)
}

/// |observed − expected|; `.infinity` for NaN against a number.
public func absoluteError(_ observed: Double, _ expected: Double) -> Double {
    FloatingPointDistance.absolute(observed, expected)
}
