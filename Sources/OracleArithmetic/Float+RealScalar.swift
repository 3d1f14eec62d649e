import Foundation

/// `Float` as a scalar: IEEE 754 binary32 with round-to-nearest-even, elementary functions from
/// the platform `libm` (`expf`, `logf`, …; typically within 1 ulp of binary32).
///
/// It exists so that a generic derivation can be run the way a float32 consumer (PyTorch's and
/// JAX's default) runs it, and its error measured against the certified value. `doubleValue` is
/// exact: every binary32 value is a binary64 value.
extension Float: RealScalar {
    public static var one: Float { 1 }
    public static var isExact: Bool { false }
    public var doubleValue: Double { Double(self) }

    public static func sqrt(_ x: Float) throws -> Float {
        guard x >= 0 else { throw ArithmeticDomainError.sqrt(of: x) }
        return x.squareRoot()
    }
    public static func exp(_ x: Float) -> Float { Foundation.expf(x) }
    public static func expm1(_ x: Float) -> Float { Foundation.expm1f(x) }
    public static func log(_ x: Float) throws -> Float {
        guard x > 0 else { throw ArithmeticDomainError.log(of: x) }
        return Foundation.logf(x)
    }
    public static func log1p(_ x: Float) throws -> Float {
        guard x > -1 else { throw ArithmeticDomainError.log1p(of: x) }
        return Foundation.log1pf(x)
    }
    public static var ln2: Float { 0x1.62e430p-1 }
}
