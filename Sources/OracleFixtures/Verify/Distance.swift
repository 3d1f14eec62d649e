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

    /// `true` when `observed` is within the tolerance: within the kind's bound, or within the
    /// absolute floor. `exact` demands the same bit pattern (so −0 does not match +0); NaN
    /// matches NaN.
    public func accepts(_ observed: Double, _ expected: Double) -> Bool {
        withinBound(observed, expected) || withinFloor(observed, expected)
    }

    /// `true` when `observed` is within the kind's bound, ignoring any absolute floor.
    public func withinBound(_ observed: Double, _ expected: Double) -> Bool {
        switch kind {
        case .exact:
            return observed.bitPattern == expected.bitPattern || (observed.isNaN && expected.isNaN)
        case .ulps, .relative, .absolute:
            return distance(observed, expected) <= value
        }
    }

    /// `true` when there is an absolute floor and |observed − expected| ≤ floor (never for NaN
    /// or an infinity against anything else).
    public func withinFloor(_ observed: Double, _ expected: Double) -> Bool {
        guard let absoluteFloor else { return false }
        return FloatingPointDistance.absolute(observed, expected) <= absoluteFloor
    }

    /// The unit of `distance`: "ulps", "relative" or "absolute".
    public var measureName: String {
        switch kind {
        case .exact, .ulps: return "ulps"
        case .relative: return "relative"
        case .absolute: return "absolute"
        }
    }

    /// "exact", "≤ 4.0 ulps", "relative ≤ 1e-12", "absolute ≤ 1e-09"; with a floor,
    /// "relative ≤ 1e-12 or absolute ≤ 1e-24".
    public var boundDescription: String {
        let bound: String
        switch kind {
        case .exact: bound = "exact"
        case .ulps: bound = "≤ \(value) ulps"
        case .relative: bound = "relative ≤ \(value)"
        case .absolute: bound = "absolute ≤ \(value)"
        }
        return absoluteFloor.map { "\(bound) or absolute ≤ \($0)" } ?? bound
    }
}
