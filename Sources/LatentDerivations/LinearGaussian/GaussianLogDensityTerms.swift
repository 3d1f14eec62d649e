import OracleArithmetic
import OracleLinearAlgebra

/// One factor bᵉ of a determinant written as a product Π bᵢ^eᵢ (bᵢ > 0).
public struct DeterminantFactor<S: FieldScalar>: Hashable, Sendable {
    /// bᵢ > 0.
    public let base: S
    /// eᵢ (may be negative).
    public let exponent: Int

    public init(base: S, exponent: Int) {
        self.base = base
        self.exponent = exponent
    }
}

/// A Gaussian log-density ln N(x; m, C) = −½ [d ln 2π + ln|C| + q] held in its parts (LG-8):
/// the dimension d, the determinant |C| as a product of powers, and the quadratic form
/// q = (x − m)ᵀC⁻¹(x − m).
///
/// Over `Rational` the determinant and q are exact rationals: two log-densities are compared
/// exactly by comparing q (the rational part) and the determinant products (the logarithmic
/// part), and the value is rounded once, correctly, by `correctlyRoundedValue()`. Keeping |C| as
/// a product of powers avoids forming (σ²)ⁿ in `Double`, where it would overflow.
public struct GaussianLogDensityTerms<S: FieldScalar>: Sendable {
    /// d.
    public let dimension: Int
    /// |C| = Π bᵢ^eᵢ.
    public let determinantFactors: [DeterminantFactor<S>]
    /// q = (x − m)ᵀC⁻¹(x − m).
    public let quadratic: S

    public init(dimension: Int, determinantFactors: [DeterminantFactor<S>], quadratic: S) {
        self.dimension = dimension
        self.determinantFactors = determinantFactors
        self.quadratic = quadratic
    }

    /// |C| = Π bᵢ^eᵢ as one scalar (exact over `Rational`; may overflow in `Double`).
    public var determinant: S {
        var product = S.one
        for factor in determinantFactors {
            for _ in 0..<abs(factor.exponent) {
                product = factor.exponent > 0 ? product * factor.base : product / factor.base
            }
        }
        return product
    }

    /// Adds two log-densities' parts with signs (used for ln p(y|θ) + ln p(θ) − ln p(θ|y), LG-9):
    /// dimensions add, determinant factors multiply, quadratics add.
    public func combined(with other: GaussianLogDensityTerms, sign: Int) -> GaussianLogDensityTerms {
        GaussianLogDensityTerms(
            dimension: dimension + sign * other.dimension,
            determinantFactors: determinantFactors
                + other.determinantFactors.map { DeterminantFactor(base: $0.base, exponent: sign * $0.exponent) },
            quadratic: sign > 0 ? quadratic + other.quadratic : quadratic - other.quadratic)
    }
}

extension GaussianLogDensityTerms where S: RealScalar {
    /// −½ [d ln 2π + Σ eᵢ ln bᵢ + q] in the scalar's own arithmetic.
    ///
    /// **Accuracy (`Double`):** absolute error ≲ (d + k + 2)·u·(d ln 2π + Σ|eᵢ ln bᵢ| + q), k factors.
    public var value: S {
        get throws {
            var sum = NeumaierSum<S>()
            sum.add(S(dimension) * (try S.log(S(2) * S.pi)))
            for factor in determinantFactors { sum.add(S(factor.exponent) * (try S.log(factor.base))) }
            sum.add(quadratic)
            return -(S.one / S(2)) * sum.value
        }
    }
}

extension GaussianLogDensityTerms where S == Rational {
    /// The correctly rounded `Double` of −½ [d ln 2π + Σ eᵢ ln bᵢ + q] for exact parts.
    ///
    /// Evaluated in `BigFloat` by Ziv's strategy: at target precision p the terms are computed at
    /// P = p + g bits and g grows until the cancellation between terms (their largest magnitude
    /// against the result's) leaves at least p + 4 good bits, so the error is < 1 ulp at p.
    /// **Edge Cases:** a non-positive base throws `ArithmeticDomainError` (from log).
    public func correctlyRoundedValue() throws -> Double {
        if dimension == 0, determinantFactors.isEmpty { return (-quadratic / Rational(2)).doubleValue }
        return try BigFloat.correctlyRoundedDouble { p in
            var guardBits = 24
            while true {
                let (value, largestTop) = try BigFloat.withPrecision(p + guardBits) { try evaluate() }
                // Each of the k + 2 terms has error ≤ 2 ulp(term) at P bits, so the total is
                // ≤ 2(k + 2)·2^(largestTop − P) ≤ 2^(value.topBit + 1 − p) when
                // P ≥ p + (largestTop − value.topBit) + log₂(2(k + 2)) + 1.
                let needed = largestTop - value.topBit + 8 + (determinantFactors.count + 2).bitWidthNeeded
                if value.mantissa.isZero || guardBits >= needed { return value }
                guardBits = needed + 8
                if guardBits > 1 << 16 { return value }
            }
        }
    }

    private func evaluate() throws -> (BigFloat, Int) {
        var terms: [BigFloat] = []
        let twoPi = BigFloat(2) * BigFloat.pi
        terms.append(BigFloat(dimension) * (try BigFloat.log(twoPi)))
        for factor in determinantFactors {
            terms.append(BigFloat(factor.exponent) * (try BigFloat.log(BigFloat(factor.base))))
        }
        terms.append(BigFloat(quadratic))
        var sum = BigFloat(0)
        for term in terms { sum = sum + term }
        let value = BigFloat(-1) * sum / BigFloat(2)
        let largestTop = terms.map(\.topBit).max() ?? 0
        return (value, largestTop)
    }
}

extension Int {
    /// ⌈log₂(self + 1)⌉ for self ≥ 0: the bits needed to write self.
    fileprivate var bitWidthNeeded: Int { Int.bitWidth - self.leadingZeroBitCount }
}
