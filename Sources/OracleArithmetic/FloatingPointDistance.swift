/// Distances between an observed and an expected `Double`, in the measures a tolerance uses:
/// the one definition behind `latent-oracle verify` and the test targets' accuracy reports.
public enum FloatingPointDistance {
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
