import OracleArithmetic
import OracleLinearAlgebra

/// Variational EM with q restricted to hard assignments (`Proofs/06-gmm-em.md`, EM-10): the
/// family Q = {q_n = δ(z_n = c_n)} ("classification EM", k-means-like). Within Q the best q for λ
/// puts all mass on c_n = argmax_k ℓ_nk (ties to the lowest k), and F(q, λ) = Σ_n ℓ_{n c_n}
/// (H(q) = 0). The M-step is the ordinary closed form with one-hot responsibilities.
///
/// The chain of inequalities of EM (M. Gales, 4F10, Cambridge 2018) then only gives F(qᵏ, λᵏ) ≤
/// F(qᵏ, λᵏ⁺¹) ≤ L(λᵏ⁺¹), and L(λᵏ) ≥ F(qᵏ, λᵏ) may be strict: the likelihood can fall while
/// F rises (the exported counterexample).
public enum MixtureHardAssignmentEM {
    /// q_nk = 1 if k = argmax_j ℓ_nj (lowest index on ties), else 0.
    public static func assignments<S: RealScalar>(logJoints: [[S]]) -> [[S]] {
        logJoints.map { row in
            var best = 0
            for k in row.indices where row[k] > row[best] { best = k }
            return row.indices.map { $0 == best ? S.one : S.zero }
        }
    }

    /// One restricted step from λ: q = hard(λ), λ' = M(q). Returns q and λ'.
    public static func step<S: RealScalar>(
        data: [[S]], mixture: GaussianMixture<S>, covarianceRegularizer epsilon: S, iteration: Int = 0
    ) throws -> (q: [[S]], next: MixtureParameters<S>) {
        let q = assignments(logJoints: try mixture.logJoints(data, iteration: iteration))
        let next = try MixtureMStep.parameters(
            data: data, responsibilities: q, covarianceType: mixture.covarianceType,
            covarianceRegularizer: epsilon, iteration: iteration)
        return (q, next)
    }
}
