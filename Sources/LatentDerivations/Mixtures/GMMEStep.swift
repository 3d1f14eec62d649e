import OracleArithmetic
import OracleLinearAlgebra

/// The E-step of EM for a Gaussian mixture (`Proofs/06-gmm-em.md`, EM-3): the posterior
/// responsibilities r_nk = p(z_n = k | x_n; λ) = π_k N(x_n; μ_k, Σ_k) / Σ_j π_j N(x_n; μ_j, Σ_j),
/// computed as r_nk = exp(ℓ_nk − logSumExp_j ℓ_nj) so that no density under- or overflows.
///
/// **Accuracy (`Double`):** each r_nk has relative error ≲ (|ℓ_nk − L_n| + 1)·(K + 5)·u, and
/// |Σ_k r_nk − 1| ≤ (2K + 5)·u (each term rounds once in exp and once in the shift, and the
/// largest term's shift is exact).
public enum GMMEStep {
    /// Responsibilities and log-likelihood from precomputed log joints ℓ_nk.
    public static func posterior<S: RealScalar>(logJoints: [[S]]) throws -> (responsibilities: [[S]], logLikelihood: S) {
        var evidence: [S] = []
        evidence.reserveCapacity(logJoints.count)
        let r = try logJoints.map { row in
            // EM-3: r_nk = π_k N_k / Σ_j π_j N_j = exp(ℓ_nk − ln Σ_j exp ℓ_nj).
            let l = try logSumExp(row)
            evidence.append(l)
            return row.map { S.exp($0 - l) }
        }
        return (r, compensatedSum(evidence))
    }

    /// r_nk and L(λ) for a mixture and data (EM-2, EM-3).
    public static func responsibilities<S: RealScalar>(
        mixture: GaussianMixture<S>, data: [[S]], iteration: Int = 0
    ) throws -> (responsibilities: [[S]], logLikelihood: S) {
        try posterior(logJoints: try mixture.logJoints(data, iteration: iteration))
    }
}
