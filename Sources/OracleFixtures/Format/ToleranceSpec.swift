/// How close a consumer's output must be to a case's expected values, and why.
///
/// The tolerance applies to every real in the case's `expected` map; integers, words,
/// strings and booleans are always compared exactly.
public struct ToleranceSpec: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Bitwise equality (for reals: the same Double, 0 ulps; NaN matches NaN).
        case exact
        /// At most `value` ulps apart (the number of Doubles between them, plus one).
        case ulps
        /// |observed − expected| ≤ value · |expected|.
        case relative
        /// |observed − expected| ≤ value.
        case absolute
    }

    public var kind: Kind
    /// The bound; 0 for `exact`.
    public var value: Double
    /// The conditioning and error analysis that give the bound its size.
    public var reason: String

    public init(kind: Kind, value: Double, reason: String) {
        self.kind = kind
        self.value = value
        self.reason = reason
    }

    public static func exact(_ reason: String) -> ToleranceSpec { ToleranceSpec(kind: .exact, value: 0, reason: reason) }
    public static func ulps(_ n: Double, _ reason: String) -> ToleranceSpec { ToleranceSpec(kind: .ulps, value: n, reason: reason) }
    public static func relative(_ r: Double, _ reason: String) -> ToleranceSpec { ToleranceSpec(kind: .relative, value: r, reason: reason) }
    public static func absolute(_ a: Double, _ reason: String) -> ToleranceSpec { ToleranceSpec(kind: .absolute, value: a, reason: reason) }
}
