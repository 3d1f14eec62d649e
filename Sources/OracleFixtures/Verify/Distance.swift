/// Distances between an observed and an expected `Double`, in the measures a tolerance uses.
///
/// (OracleTestSupport has the same definitions for the test targets; this module cannot depend
/// on a test-support target, and the CLI needs them at run time.)
public enum Distance {
    /// The number of Doubles strictly between the two, plus one when they differ: 0 for equal
    /// values (and for +0 vs −0, and NaN vs NaN), 1 for neighbours; through zero for opposite
    /// signs; `.infinity` for NaN against a number or an infinity against anything else.
    public static func ulps(_ observed: Double, _ expected: Double) -> Double {
        if observed.isNaN && expected.isNaN { return 0 }
        if observed.isNaN || expected.isNaN { return .infinity }
        if observed == expected { return 0 }
        if observed.isInfinite || expected.isInfinite { return .infinity }
        // Map each Double to an integer on a line where neighbours differ by one.
        func ordinal(_ x: Double) -> Int64 {
            let bits = Int64(bitPattern: x.bitPattern)
            return bits < 0 ? Int64.min &- bits : bits
        }
        let d = ordinal(observed).subtractingReportingOverflow(ordinal(expected))
        return Double(d.partialValue.magnitude)
    }

    /// |observed − expected| / |expected|; 0 when equal (NaN vs NaN included); `.infinity` when
    /// expected is 0 and observed is not, or for NaN against a number.
    public static func relative(_ observed: Double, _ expected: Double) -> Double {
        if observed == expected || (observed.isNaN && expected.isNaN) { return 0 }
        if observed.isNaN || expected.isNaN || expected == 0 { return .infinity }
        return abs(observed - expected) / abs(expected)
    }

    /// |observed − expected|; 0 when equal (NaN vs NaN included); `.infinity` for NaN against a number.
    public static func absolute(_ observed: Double, _ expected: Double) -> Double {
        if observed == expected || (observed.isNaN && expected.isNaN) { return 0 }
        if observed.isNaN || expected.isNaN { return .infinity }
        return abs(observed - expected)
    }
}

extension ToleranceSpec {
    /// The distance in this tolerance's measure (ulps for `exact` and `ulps`).
    public func distance(_ observed: Double, _ expected: Double) -> Double {
        switch kind {
        case .exact, .ulps: return Distance.ulps(observed, expected)
        case .relative: return Distance.relative(observed, expected)
        case .absolute: return Distance.absolute(observed, expected)
        }
    }

    /// `true` when `observed` is within the tolerance. `exact` demands the same bit pattern
    /// (so −0 does not match +0); NaN matches NaN.
    public func accepts(_ observed: Double, _ expected: Double) -> Bool {
        switch kind {
        case .exact:
            return observed.bitPattern == expected.bitPattern || (observed.isNaN && expected.isNaN)
        case .ulps, .relative, .absolute:
            return distance(observed, expected) <= value
        }
    }

    /// The unit of `distance`: "ulps", "relative" or "absolute".
    public var measureName: String {
        switch kind {
        case .exact, .ulps: return "ulps"
        case .relative: return "relative"
        case .absolute: return "absolute"
        }
    }

    /// "exact", "≤ 4.0 ulps", "relative ≤ 1e-12", "absolute ≤ 1e-09".
    public var boundDescription: String {
        switch kind {
        case .exact: return "exact"
        case .ulps: return "≤ \(value) ulps"
        case .relative: return "relative ≤ \(value)"
        case .absolute: return "absolute ≤ \(value)"
        }
    }
}
