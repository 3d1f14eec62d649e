import OracleArithmetic

extension ToleranceSpec: CustomStringConvertible {
    /// The bound and its reason: "relative ≤ 1e-12 (two O(1) terms)".
    public var description: String { "\(boundDescription) (\(reason))" }

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

/// A tolerance applied at the precision a results file declares.
///
/// At float64 this is the tolerance itself. At float32, `exact` compares the Floats nearest to
/// the observed and the expected value, and `ulps` counts float32 ulps between them
/// (`FloatingPointDistance.float32Ulps`); `relative` and `absolute` are unchanged.
struct PrecisionTolerance {
    let spec: ToleranceSpec
    let precision: ResultsFile.Precision

    private var inFloat32Ulps: Bool { precision == .float32 && (spec.kind == .exact || spec.kind == .ulps) }

    func distance(_ observed: Double, _ expected: Double) -> Double {
        inFloat32Ulps ? FloatingPointDistance.float32Ulps(observed, expected) : spec.distance(observed, expected)
    }

    func withinBound(_ observed: Double, _ expected: Double) -> Bool {
        guard inFloat32Ulps else { return spec.withinBound(observed, expected) }
        if spec.kind == .exact {
            let o = Float(observed), e = Float(expected)
            return o.bitPattern == e.bitPattern || (o.isNaN && e.isNaN)
        }
        return distance(observed, expected) <= spec.value
    }

    func withinFloor(_ observed: Double, _ expected: Double) -> Bool { spec.withinFloor(observed, expected) }

    func accepts(_ observed: Double, _ expected: Double) -> Bool {
        withinBound(observed, expected) || withinFloor(observed, expected)
    }

    /// "ulps" (float32 ulps at float32), "relative" or "absolute".
    var measureName: String { inFloat32Ulps ? "float32 ulps" : spec.measureName }
}

extension FloatingPointDistance {
    /// The float32 ulp distance: `ulps` between the Floats nearest to the two values (the
    /// number of Floats strictly between them, plus one when they differ; 0 for +0 vs −0 and
    /// NaN vs NaN; `.infinity` for NaN against a number or an infinity against anything else,
    /// including a finite value that overflows Float).
    static func float32Ulps(_ observed: Double, _ expected: Double) -> Double {
        let o = Float(observed), e = Float(expected)
        if o.isNaN && e.isNaN { return 0 }
        if o.isNaN || e.isNaN { return .infinity }
        if o == e { return 0 }
        if o.isInfinite || e.isInfinite { return .infinity }
        // Map each Float to an integer on a line where neighbours differ by one.
        func ordinal(_ x: Float) -> Int64 {
            let bits = Int64(Int32(bitPattern: x.bitPattern))
            return bits < 0 ? Int64(Int32.min) - bits : bits
        }
        return Double((ordinal(o) - ordinal(e)).magnitude)
    }
}
