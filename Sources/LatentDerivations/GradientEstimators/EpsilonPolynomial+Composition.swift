import OracleArithmetic

extension EpsilonPolynomial {
    /// p(m + sη) as a polynomial in η: Σⱼ cⱼ Σₗ C(j, l) m^{j−l} sˡ ηˡ (GE-6).
    public func composed(shift m: Scalar, scale s: Scalar) -> EpsilonPolynomial {
        var c = [Scalar](repeating: .zero, count: coefficients.count)
        for (j, a) in coefficients.enumerated() where !a.isZero {
            var binomial = Scalar.one
            for l in 0...j {
                if l > 0 { binomial = binomial * Scalar(j - l + 1) / Scalar(l) }
                c[l] += a * binomial * Self.power(m, j - l) * Self.power(s, l)
            }
        }
        return EpsilonPolynomial(c)
    }
}
