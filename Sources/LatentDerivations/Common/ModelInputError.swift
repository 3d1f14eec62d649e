import OracleArithmetic
import OracleLinearAlgebra

/// Bad input to a model, found before anything is computed: every derivation validates its
/// arguments and throws one of these (or a family-specific error) rather than trapping or
/// returning NaN.
public enum ModelInputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A data set or parameter vector that must be non-empty is empty.
    case empty(what: String)
    /// `what[index]` is NaN or infinite.
    case nonFinite(what: String, index: Int)
    /// `what` has `actual` elements (or a shape) where `expected` were required.
    case shapeMismatch(what: String, expected: [Int], actual: [Int])
    /// A parameter that must be strictly positive (a variance, a precision, a shape) is not.
    case notPositive(what: String, value: String)
    /// A parameter is outside its domain, e.g. a probability outside [0, 1].
    case outOfDomain(what: String, value: String, requirement: String)

    public var description: String {
        switch self {
        case .empty(let what):
            return "\(what) is empty; supply at least one element"
        case .nonFinite(let what, let index):
            return "\(what)[\(index)] is NaN or infinite; every input must be finite"
        case .shapeMismatch(let what, let expected, let actual):
            return "\(what) has shape \(actual) but \(expected) is required"
        case .notPositive(let what, let value):
            return "\(what) = \(value) must be > 0"
        case .outOfDomain(let what, let value, let requirement):
            return "\(what) = \(value) is outside its domain; it must satisfy \(requirement)"
        }
    }
}
