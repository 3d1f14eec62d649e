import OracleArithmetic

/// A polynomial p(ε) = Σⱼ cⱼ εʲ in the standard-normal variable ε, with its Gaussian moments
/// (`Proofs/08-gradient-estimators.md`, GE-6).
///
/// Every quantity of the reparameterised Gaussian x = μ + σε that the estimators need is a
/// polynomial in ε times a kernel of x (`EstimatorKernel`); this type is the polynomial part. Only
/// field operations are used, so over `Rational` every moment is exact.
public struct EpsilonPolynomial<Scalar: FieldScalar>: Hashable, Sendable {
    /// c₀, c₁, …: the coefficient of εʲ at index j (trailing zeros allowed).
    public let coefficients: [Scalar]

    /// Σⱼ coefficients[j] εʲ.
    public init(_ coefficients: [Scalar]) { self.coefficients = coefficients }

    /// The constant c.
    public static func constant(_ c: Scalar) -> EpsilonPolynomial { EpsilonPolynomial([c]) }

    /// ε.
    public static var epsilon: EpsilonPolynomial { EpsilonPolynomial([.zero, .one]) }

    /// p(ε) + q(ε).
    public static func + (p: EpsilonPolynomial, q: EpsilonPolynomial) -> EpsilonPolynomial {
        let n = Swift.max(p.coefficients.count, q.coefficients.count)
        return EpsilonPolynomial(
            (0..<n).map { j in
                (j < p.coefficients.count ? p.coefficients[j] : .zero)
                    + (j < q.coefficients.count ? q.coefficients[j] : .zero)
            })
    }

    /// p(ε) q(ε) (Cauchy product).
    public static func * (p: EpsilonPolynomial, q: EpsilonPolynomial) -> EpsilonPolynomial {
        guard !p.coefficients.isEmpty, !q.coefficients.isEmpty else { return EpsilonPolynomial([]) }
        var c = [Scalar](repeating: .zero, count: p.coefficients.count + q.coefficients.count - 1)
        for (i, a) in p.coefficients.enumerated() where !a.isZero {
            for (j, b) in q.coefficients.enumerated() { c[i + j] += a * b }
        }
        return EpsilonPolynomial(c)
    }

    /// c · p(ε).
    public func scaled(by c: Scalar) -> EpsilonPolynomial { EpsilonPolynomial(coefficients.map { c * $0 }) }

    /// p(ε)ⁿ, n ≥ 0.
    public func power(_ n: Int) -> EpsilonPolynomial {
        var result = EpsilonPolynomial.constant(.one)
        for _ in 0..<Swift.max(n, 0) { result = result * self }
        return result
    }

    /// E[ηʲ] for η ~ N(0, 1): 0 for odd j, (j − 1)!! = 1·3·5···(j − 1) for even j (GE-6, by
    /// integration by parts: E[ηʲ] = (j − 1) E[ηʲ⁻²]).
    public static func standardNormalMoment(_ j: Int) -> Scalar {
        guard j >= 0, j % 2 == 0 else { return .zero }
        var m = Scalar.one
        var i = 1
        while i < j {
            m *= Scalar(i)
            i += 2
        }
        return m
    }

    /// E[p(m + sη)] for η ~ N(0, 1) and real shift m and scale s:
    /// Σⱼ cⱼ Σₗ C(j, l) m^{j−l} sˡ E[ηˡ] (binomial expansion, GE-6).
    public func expectation(shift m: Scalar, scale s: Scalar) -> Scalar {
        var total = Scalar.zero
        for (j, c) in coefficients.enumerated() where !c.isZero {
            var binomial = Scalar.one  // C(j, l), built l = 0, 1, …
            var inner = Scalar.zero
            for l in 0...j {
                if l > 0 { binomial = binomial * Scalar(j - l + 1) / Scalar(l) }
                if l % 2 == 0 {
                    inner += binomial * Self.power(m, j - l) * Self.power(s, l) * Self.standardNormalMoment(l)
                }
            }
            total += c * inner
        }
        return total
    }

    /// E[p(η + iω)] for η ~ N(0, 1) and an imaginary shift iω, as (real part, imaginary part):
    /// the binomial expansion with (iω)ʳ = ωʳ iʳ and iʳ cycling through 1, i, −1, −i (GE-7).
    public func expectation(imaginaryShift omega: Scalar) -> (real: Scalar, imaginary: Scalar) {
        var re = Scalar.zero, im = Scalar.zero
        for (j, c) in coefficients.enumerated() where !c.isZero {
            var binomial = Scalar.one
            for l in 0...j {
                if l > 0 { binomial = binomial * Scalar(j - l + 1) / Scalar(l) }
                guard l % 2 == 0 else { continue }
                let r = j - l
                let term = c * binomial * Self.power(omega, r) * Self.standardNormalMoment(l)
                switch r % 4 {
                case 0: re += term
                case 1: im += term
                case 2: re -= term
                default: im -= term
                }
            }
        }
        return (re, im)
    }

    /// E[p(η)] for η ~ N(0, 1): Σⱼ cⱼ (j − 1)!!, exact over an exact field.
    public var standardNormalExpectation: Scalar {
        var total = Scalar.zero
        for (j, c) in coefficients.enumerated() where !c.isZero { total += c * Self.standardNormalMoment(j) }
        return total
    }

    /// p evaluated at ε (Horner).
    public func callAsFunction(_ e: Scalar) -> Scalar {
        coefficients.reversed().reduce(Scalar.zero) { $0 * e + $1 }
    }

    static func power(_ x: Scalar, _ n: Int) -> Scalar {
        var r = Scalar.one
        for _ in 0..<n { r *= x }
        return r
    }
}
