/// An arithmetic operation whose result is undefined or cannot be represented.
///
/// Thrown by the throwing forms of `BigInt` and `Rational` operations (division, powers,
/// reciprocals) instead of trapping, so user input never crashes the oracle.
public enum ArithmeticError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A division, remainder or reciprocal with a zero divisor; `operation` names it, e.g.
    /// `"BigInt.quotientAndRemainder"` or `"0 ** -2"`.
    case divisionByZero(operation: String)
    /// An exponent too large to use (for example a power whose size cannot be computed).
    case exponentTooLarge(String)
    /// A result too large to represent in memory; the payload says how large it would be.
    case resultTooLarge(String)
    /// A negative exponent where only non-negative ones are defined (integer powers).
    case negativeExponent(String)

    public var description: String {
        switch self {
        case .divisionByZero(let operation):
            return "division by zero in \(operation)"
        case .exponentTooLarge(let detail):
            return "exponent too large: \(detail)"
        case .resultTooLarge(let detail):
            return "result too large to represent: \(detail)"
        case .negativeExponent(let detail):
            return "negative exponent not allowed: \(detail)"
        }
    }
}
