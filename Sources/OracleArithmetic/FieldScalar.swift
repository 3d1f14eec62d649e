/// The field operations that every derivation needs, so an algorithm is written once and run
/// over the rationals (exact), over `BigFloat` (arbitrary precision, the reference) and over
/// `Double` (what other implementations do).
///
/// Conformers: `Rational` (exact), `BigFloat` (correctly rounded at the working precision),
/// `Double` (IEEE 754 binary64, round-to-nearest-even).
///
/// **Contract:**
/// - `+ − × ÷` are exact for exact types (`isExact == true`) and correctly rounded to the
///   working precision otherwise.
/// - `/` requires a non-zero divisor. Generic algorithms check pivots and throw a typed error
///   before they divide; public entry points that divide by user input offer a throwing form.
/// - `doubleValue` is the correctly rounded `Double` of the value (round-half-to-even).
public protocol FieldScalar: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The additive identity.
    static var zero: Self { get }
    /// The multiplicative identity.
    static var one: Self { get }
    /// `true` when arithmetic on this type never rounds (the rationals).
    static var isExact: Bool { get }

    /// The integer `integer`, exactly (for `Double`, correctly rounded when |integer| > 2⁵³).
    init(_ integer: Int)

    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    /// Precondition: `rhs` is not zero.
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self

    /// The value correctly rounded to `Double` (round-half-to-even; ±∞ on overflow).
    var doubleValue: Double { get }
    /// `false` for NaN and ±∞ (IEEE types only; a `Rational` or `BigFloat` is always finite).
    var isFinite: Bool { get }
}

extension FieldScalar {
    @inlinable public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    @inlinable public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }
    @inlinable public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }
    @inlinable public static func /= (lhs: inout Self, rhs: Self) { lhs = lhs / rhs }

    /// `true` exactly when the value equals zero.
    @inlinable public var isZero: Bool { self == .zero }

    /// |self|.
    @inlinable public var absoluteValue: Self { self < .zero ? -self : self }

    /// `self` squared.
    @inlinable public var squared: Self { self * self }
}

/// A field with the elementary functions: the types in which transcendental derivations
/// (log-densities, KL divergences, evidences) are evaluated. Conformers: `BigFloat`, `Double`.
///
/// **Contract:** for `BigFloat` every function is correctly rounded, or carries the error bound
/// stated on its implementation, at the working precision; for `Double` it is whatever the
/// platform `libm` gives (typically < 1 ulp). Domain errors are thrown, never trapped and never
/// silently turned into NaN.
public protocol RealScalar: FieldScalar {
    /// The value nearest to `value` (exact for `BigFloat` at ≥ 53 bits of precision).
    init(_ value: Double)

    /// √x. Throws `ArithmeticDomainError` when x < 0.
    static func sqrt(_ x: Self) throws -> Self
    /// eˣ.
    static func exp(_ x: Self) -> Self
    /// eˣ − 1, accurate near 0.
    static func expm1(_ x: Self) -> Self
    /// ln x. Throws `ArithmeticDomainError` when x ≤ 0.
    static func log(_ x: Self) throws -> Self
    /// ln(1 + x), accurate near 0. Throws `ArithmeticDomainError` when x ≤ −1.
    static func log1p(_ x: Self) throws -> Self
    /// π at the working precision.
    static var pi: Self { get }
    /// ln 2 at the working precision.
    static var ln2: Self { get }
}

/// A real function evaluated outside its domain, such as `log` of a non-positive number.
public struct ArithmeticDomainError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The function, e.g. `"log"`.
    public var function: String
    /// The argument, printed.
    public var argument: String
    /// What the domain is, e.g. `"x > 0"`.
    public var requirement: String

    public init(function: String, argument: String, requirement: String) {
        self.function = function
        self.argument = argument
        self.requirement = requirement
    }

    public var description: String {
        "\(function)(\(argument)) is undefined: the argument must satisfy \(requirement)"
    }

    /// √x of a negative x.
    public static func sqrt(of x: Any) -> Self { Self(function: "sqrt", argument: "\(x)", requirement: "x ≥ 0") }
    /// ln x of a non-positive x.
    public static func log(of x: Any) -> Self { Self(function: "log", argument: "\(x)", requirement: "x > 0") }
    /// ln(1 + x) of an x ≤ −1.
    public static func log1p(of x: Any) -> Self { Self(function: "log1p", argument: "\(x)", requirement: "x > −1") }
}
