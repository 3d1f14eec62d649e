import OracleArithmetic

/// ln Γ(x) and ψ(x) = d/dx ln Γ(x) for x > 0, generic over `RealScalar`, so that `BigFloat`
/// references of Gamma-distribution expectations exist (`Proofs/10-mean-field.md`, MF-9).
///
/// Method: the upward recurrences ln Γ(x) = ln Γ(x + n) − ln Πᵢ₌₀ⁿ⁻¹(x + i) and
/// ψ(x) = ψ(x + n) − Σᵢ₌₀ⁿ⁻¹ 1/(x + i) move x to y = x + n ≥ X, where the Stirling series
///   ln Γ(y) = (y − ½) ln y − y + ½ ln 2π + Σₖ₌₁ᴷ B₂ₖ / (2k(2k − 1) y^(2k−1)) + R,
///   ψ(y) = ln y − 1/(2y) − Σₖ₌₁ᴷ B₂ₖ / (2k y^(2k)) + R′
/// is summed with K = 17 terms (B₂ … B₃₄, exact integer ratios). For real y > 0 each remainder is
/// bounded by the first omitted term and has its sign (the series is enveloping), so
/// |R| ≤ |B₃₆| / (36·35·y³⁵) and |R′| ≤ |B₃₆| / (36 y³⁶).
///
/// **Accuracy:** X is chosen from the precision p (53 for `Double`, else
/// `BigFloat.workingPrecision`) so that 2πX ≥ 2^((p + 138)/34), which makes the truncation
/// bound < 2^−(p+8) (|B₃₆| ≈ 2·36!/(2π)³⁶ and 36! < 2¹³⁸). The total error is then that bound
/// plus the rounding of ≲ n + 2K operations at precision p. For `Double` (X = 10) GSL's
/// `gsl_sf_lngamma`/`gsl_sf_psi` agree to a few ulps away from the zeros of ln Γ and ψ
/// (tested in `GammaFunctionTests`).
///
/// **Edge Cases:** x ≤ 0 throws `ArithmeticDomainError` (the poles and the negative axis are out
/// of scope: shapes of Gamma distributions are positive).
public enum GammaFunctions {
    /// B₂ₖ = numerator / denominator for k = 1 … 17.
    static let bernoulli: [(Int, Int)] = [
        (1, 6), (-1, 30), (1, 42), (-1, 30), (5, 66), (-691, 2730), (7, 6), (-3617, 510),
        (43867, 798), (-174611, 330), (854513, 138), (-236364091, 2730), (8553103, 6),
        (-23749461029, 870), (8615841276005, 14322), (-7709321041217, 510), (2577687858367, 6),
    ]

    /// The shift threshold X for precision p (see the type's Accuracy note).
    static func threshold<S: RealScalar>(_: S.Type) -> Int {
        let p = S.self == BigFloat.self ? BigFloat.workingPrecision : 53
        let twoPiX = Double.exp(Double(p + 138) / 34 * Double.ln2)
        return max(10, Int((twoPiX / (2 * Double.pi)).rounded(.up)))
    }

    static func requirePositive<S: RealScalar>(_ x: S, _ function: String) throws {
        guard x > .zero, x.isFinite else {
            throw ArithmeticDomainError(function: function, argument: "\(x)", requirement: "x > 0 and finite")
        }
    }

    /// y = x + n, the first of x, x + 1, … at or above the threshold X, after calling `step` with
    /// x, x + 1, …, y − 1 in turn (the terms of either upward recurrence); refuses x ≤ 0 for `function`.
    static func shiftedAboveThreshold<S: RealScalar>(_ x: S, _ function: String, _ step: (S) -> Void) throws -> S {
        try requirePositive(x, function)
        let big = S(threshold(S.self))
        var y = x
        while y < big {
            step(y)
            y += .one
        }
        return y
    }

    /// ln Γ(x) for x > 0.
    public static func logGamma<S: RealScalar>(_ x: S) throws -> S {
        // Recurrence: ln Γ(x) = ln Γ(x + n) − ln Π(x + i); the product is one logarithm.
        var product = S.one
        let y = try shiftedAboveThreshold(x, "logGamma") { product *= $0 }
        let half = S.one / S(2)
        let logY = try S.log(y)
        var result = (y - half) * logY - y + half * (try S.log(S(2) * S.pi))
        // Stirling: Σ B₂ₖ / (2k(2k − 1) y^(2k−1)), enveloping for real y > 0.
        let inverseSquare = S.one / (y * y)
        var power = S.one / y
        for (k, b) in bernoulli.enumerated() {
            let twoK = 2 * (k + 1)
            result += S(b.0) / (S(b.1) * S(twoK) * S(twoK - 1)) * power
            power *= inverseSquare
        }
        return result - (try S.log(product))
    }

    /// ψ(x) = Γ′(x)/Γ(x) for x > 0.
    public static func digamma<S: RealScalar>(_ x: S) throws -> S {
        // Recurrence: ψ(x) = ψ(x + n) − Σ 1/(x + i).
        var shift = S.zero
        let y = try shiftedAboveThreshold(x, "digamma") { shift += S.one / $0 }
        let inverseSquare = S.one / (y * y)
        var result = (try S.log(y)) - S.one / (S(2) * y)
        var power = inverseSquare
        for (k, b) in bernoulli.enumerated() {
            result -= S(b.0) / (S(b.1) * S(2 * (k + 1))) * power
            power *= inverseSquare
        }
        return result - shift
    }
}
