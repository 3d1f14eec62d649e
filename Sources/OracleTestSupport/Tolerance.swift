/// An accuracy requirement that carries the reason for its size.
///
/// A tolerance is chosen from the conditioning of the problem and what a backward-stable
/// implementation achieves, and written down with that reason. It is never widened until a
/// case passes.
public struct Tolerance: Sendable, CustomStringConvertible {
    /// How the distance between observed and expected is measured.
    public enum Measure: Sendable, Equatable {
        /// Bitwise equality (the distance is 0 ulps).
        case exact
        /// At most this many ulps (`ulpDistance`).
        case ulps(Double)
        /// |observed − expected| ≤ bound · |expected|.
        case relative(Double)
        /// |observed − expected| ≤ bound.
        case absolute(Double)
    }

    public var measure: Measure
    /// Why the bound has its value: the conditioning and the algorithm's error analysis.
    public var reason: String

    public init(_ measure: Measure, reason: String) {
        self.measure = measure
        self.reason = reason
    }

    public static func exact(_ reason: String) -> Tolerance { Tolerance(.exact, reason: reason) }
    public static func ulps(_ n: Double, _ reason: String) -> Tolerance { Tolerance(.ulps(n), reason: reason) }
    public static func relative(_ r: Double, _ reason: String) -> Tolerance { Tolerance(.relative(r), reason: reason) }
    public static func absolute(_ a: Double, _ reason: String) -> Tolerance { Tolerance(.absolute(a), reason: reason) }

    /// The distance of `observed` from `expected` in this tolerance's measure.
    public func distance(_ observed: Double, _ expected: Double) -> Double {
        switch measure {
        case .exact, .ulps: return ulpDistance(observed, expected)
        case .relative: return relativeError(observed, expected)
        case .absolute: return absoluteError(observed, expected)
        }
    }

    /// `true` when `observed` is within the tolerance of `expected`.
    public func accepts(_ observed: Double, _ expected: Double) -> Bool {
        let d = distance(observed, expected)
        switch measure {
        case .exact: return d == 0
        case .ulps(let bound), .relative(let bound), .absolute(let bound): return d <= bound
        }
    }

    public var description: String {
        switch measure {
        case .exact: return "exact (\(reason))"
        case .ulps(let n): return "≤ \(n) ulps (\(reason))"
        case .relative(let r): return "relative ≤ \(r) (\(reason))"
        case .absolute(let a): return "absolute ≤ \(a) (\(reason))"
        }
    }
}
