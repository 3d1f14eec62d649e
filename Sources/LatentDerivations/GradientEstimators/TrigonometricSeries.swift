import OracleArithmetic

/// cos and sin over any `RealScalar` (the protocol has exp and log but no trigonometric
/// functions), for the cosine test function's closed forms (`Proofs/08-gradient-estimators.md`,
/// GE-7).
public enum TrigonometricSeries {
    /// (cos θ, sin θ) by reduction r = θ − 2πn, n = round(θ/2π) (so |r| ≤ π + tiny), then the
    /// Taylor series Σ (−1)ʲ r²ʲ/(2j)! and Σ (−1)ʲ r²ʲ⁺¹/(2j+1)!, summed until the term is below
    /// 10⁻¹⁰⁰ (at most ~90 terms for |r| ≤ π).
    ///
    /// **Accuracy:** the largest term is π³/6 ≈ 5.2, so at working precision p the absolute error
    /// is ≲ 20 · 2⁻ᵖ plus |n| · 2π · 2⁻ᵖ from the reduction; at `BigFloat` 256 bits that is far
    /// below a `Double` ulp for |θ| < 2¹⁰⁰. At `Double` it is within ~30 ulps of libm; use libm there.
    /// - Throws: `ModelInputError.outOfDomain` for |θ| ≥ 2⁶⁰ (the reduction would lose every bit).
    public static func cosineAndSine<S: RealScalar>(_ theta: S) throws -> (cosine: S, sine: S) {
        let turns = (theta.doubleValue / (2 * Double.pi)).rounded()
        guard turns.magnitude < 0x1p60 else {
            throw ModelInputError.outOfDomain(
                what: "angle", value: theta.description,
                requirement: "|θ| < 2^60 · 2π")
        }
        let r = theta - S(Int(turns)) * S(2) * S.pi
        let r2 = r * r
        var cosine = S.one, sine = r
        var cosTerm = S.one, sinTerm = r
        var j = 1
        let threshold = 1e-100
        while j < 200 {
            // term_{j} = term_{j−1} · (−r²) / ((2j−1)(2j)) for cos and / ((2j)(2j+1)) for sin.
            cosTerm = -(cosTerm * r2) / S((2 * j - 1) * (2 * j))
            sinTerm = -(sinTerm * r2) / S((2 * j) * (2 * j + 1))
            cosine += cosTerm
            sine += sinTerm
            if cosTerm.doubleValue.magnitude < threshold && sinTerm.doubleValue.magnitude < threshold { break }
            j += 1
        }
        return (cosine, sine)
    }
}
