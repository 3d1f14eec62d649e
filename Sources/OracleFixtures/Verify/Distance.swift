import OracleArithmetic

extension ToleranceSpec {
    /// The distance in this tolerance's measure (ulps for `exact` and `ulps`).
    public func distance(_ observed: Double, _ expected: Double) -> Double {
        switch kind {
        case .exact, .ulps: return FloatingPointDistance.ulps(observed, expected)
        case .relative: return FloatingPointDistance.relative(observed, expected)
        case .absolute: return FloatingPointDistance.absolute(observed, expected)
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
