import OracleArithmetic

/// Type-II maximum likelihood: maximising the evidence p(X | η) over hyperparameters η rather
/// than over the parameters (`Proofs/11-type-ii-ml.md`, T2-1 … T2-5; T. Rainforth, Advanced Topics
/// in Statistical ML, Oxford 2024, "Model Learning / Type-II Maximum Likelihood"), by fixed-point
/// iteration.
///
/// The evidence functions are the models' own: `NormalGammaModel.logEvidence` and the linear
/// Gaussian `EvidenceFunction` (`Proofs/04-linear-gaussian.md`); nothing here recomputes them.
public enum TypeIIMaximumLikelihood {
    /// The Normal-Gamma model with its prior rate b₀ replaced.
    static func with<S: FieldScalar>(_ m: NormalGammaModel<S>, priorRate: S) throws -> NormalGammaModel<S> {
        try NormalGammaModel(
            data: m.data, priorMean: m.priorMean, priorPrecisionScale: m.priorPrecisionScale,
            priorShape: m.priorShape, priorRate: priorRate)
    }

    /// The maximiser of ln p(X | b₀) over the prior rate b₀ (T2-2): with b_N = b₀ + s/2,
    /// ∂/∂b₀ [a₀ ln b₀ − a_N ln b_N] = a₀/b₀ − a_N/b_N = 0 gives b₀* = a₀ s / N, where
    /// s = Σ(xₙ − x̄)² + λ₀N(x̄ − μ₀)²/κ_N = 2(b_N − b₀) does not depend on b₀. Exact in ℚ.
    ///
    /// **Edge Cases:** s = 0 (all data equal to μ₀) has no maximiser: the evidence grows as
    /// b₀ → 0; `ModelInputError.outOfDomain` is thrown.
    public static func normalGammaOptimalPriorRate<S: FieldScalar>(_ model: NormalGammaModel<S>) throws -> S {
        let post = model.exactPosterior
        let s = S(2) * (post.rate - model.priorRate)
        guard s > .zero else {
            throw ModelInputError.outOfDomain(
                what: "scatter s", value: "\(s)", requirement: "s > 0 for a finite maximiser over b0")
        }
        return model.priorShape * s / model.count
    }

    /// The fixed-point iteration b₀ ← a₀ b_N(b₀) / a_N (T2-3): the prior mean of τ, a₀/b₀, is set
    /// to the posterior mean a_N/b_N. Its derivative is a₀/a_N < 1, so it contracts to b₀*.
    /// Returns b₀ after each of `iterations` steps (the start excluded).
    public static func normalGammaPriorRateIterates<S: FieldScalar>(
        _ model: NormalGammaModel<S>, iterations: Int
    ) throws -> [S] {
        guard iterations >= 1 else { throw ModelInputError.notPositive(what: "iterations", value: "\(iterations)") }
        var current = model
        var out: [S] = []
        for _ in 0..<iterations {
            let post = current.exactPosterior
            let next = current.priorShape * post.rate / post.shape
            out.append(next)
            current = try with(current, priorRate: next)
        }
        return out
    }

    /// One MacKay update for the Bayesian linear-Gaussian model (T2-4):
    /// α ← γ/‖μ_N‖², β ← (n − γ)/‖y − Aμ_N‖², with γ = p − α tr Σ_N from the
    /// linear-Gaussian `EvidenceFunction`. Setting ∂ ln p(y | α, β)/∂α = ½(p/α − tr Σ_N − ‖μ_N‖²) =
    /// 0 gives α‖μ_N‖² = γ; ∂/∂β = ½(n/β − ‖y − Aμ_N‖² − tr(AᵀAΣ_N)) = 0 gives
    /// β‖r‖² = n − γ. Exact over ℚ.
    ///
    /// **Edge Cases:** μ_N = 0 or a zero residual has no finite update: `ModelInputError`.
    public static func macKayUpdate<S: FieldScalar>(
        _ evidence: EvidenceFunction<S>, alpha: S, beta: S
    ) throws -> (alpha: S, beta: S) {
        let e = try evidence.evaluate(priorPrecision: alpha, noisePrecision: beta)
        guard e.meanSquaredNorm > .zero else {
            throw ModelInputError.notPositive(what: "‖μ_N‖²", value: "\(e.meanSquaredNorm)")
        }
        guard e.residualSumOfSquares > .zero else {
            throw ModelInputError.notPositive(what: "‖y − Aμ_N‖²", value: "\(e.residualSumOfSquares)")
        }
        let n = S(evidence.model.observations)
        return (e.effectiveParameters / e.meanSquaredNorm, (n - e.effectiveParameters) / e.residualSumOfSquares)
    }

    /// (α, β) after each of `iterations` MacKay updates from (alpha, beta) (T2-4).
    public static func macKayIterates<S: FieldScalar>(
        _ evidence: EvidenceFunction<S>, alpha: S, beta: S, iterations: Int
    ) throws -> [(alpha: S, beta: S)] {
        guard iterations >= 1 else { throw ModelInputError.notPositive(what: "iterations", value: "\(iterations)") }
        var current = (alpha: alpha, beta: beta)
        var out: [(alpha: S, beta: S)] = []
        for _ in 0..<iterations {
            current = try macKayUpdate(evidence, alpha: current.alpha, beta: current.beta)
            out.append(current)
        }
        return out
    }
}
