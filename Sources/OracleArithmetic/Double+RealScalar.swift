import Foundation

/// `Double` as a scalar: IEEE 754 binary64 with round-to-nearest-even, elementary functions from
/// the platform `libm` (not guaranteed correctly rounded; typically within 1 ulp).
extension Double: RealScalar {
    public static var one: Double { 1 }
    public static var isExact: Bool { false }
    public var doubleValue: Double { self }

    public static func sqrt(_ x: Double) throws -> Double {
        guard x >= 0 else { throw ArithmeticDomainError.sqrt(of: x) }
        return x.squareRoot()
    }
    public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    public static func expm1(_ x: Double) -> Double { Foundation.expm1(x) }
    public static func log(_ x: Double) throws -> Double {
        guard x > 0 else { throw ArithmeticDomainError.log(of: x) }
        return Foundation.log(x)
    }
    public static func log1p(_ x: Double) throws -> Double {
        guard x > -1 else { throw ArithmeticDomainError.log1p(of: x) }
        return Foundation.log1p(x)
    }
    public static var ln2: Double { 0x1.62e42fefa39efp-1 }
}
