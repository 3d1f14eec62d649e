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
    /// Responsibilities, their logarithms and the log-likelihood from log joints ℓ_nk.
    ///
    /// With m = ℓ_nk* the largest log joint of row n and s = Σ_{j≠k*} exp(ℓ_nj − m):
    /// L_n = m + log1p(s), ln r_nj = (ℓ_nj − m) − log1p(s), r_nj = exp(ln r_nj). This is
    /// log-sum-exp with its parts kept: ln r_nk* = −log1p(s) stays accurate when r_nk* is within
    /// u of 1, where ln(r) of a rounded r would lose every digit (the entropy and F need ln r).
    @inlinable
    public static func posterior<S: RealScalar>(logJoints: [[S]]) throws -> (responsibilities: [[S]], logResponsibilities: [[S]], logLikelihood: S) {
        var evidence: [S] = []
        var logR: [[S]] = []
        evidence.reserveCapacity(logJoints.count)
        logR.reserveCapacity(logJoints.count)
        for row in logJoints {
            guard !row.isEmpty else { throw ModelInputError.empty(what: "log joints row") }
            var top = 0
            for k in row.indices where row[k] > row[top] { top = k }
            let m = row[top]
            var s = NeumaierSum<S>()
            for k in row.indices where k != top { s.add(S.exp(row[k] - m)) }
            // EM-3: r_nk = π_k N_k / Σ_j π_j N_j = exp(ℓ_nk − m − ln(1 + s)).
            let lp = try S.log1p(s.value)
            evidence.append(m + lp)
            logR.append(row.indices.map { k in k == top ? -lp : (row[k] - m) - lp })
        }
        return (logR.map { $0.map { S.exp($0) } }, logR, compensatedSum(evidence))
    }

    /// r_nk and L(λ) for a mixture and data (EM-2, EM-3).
    @inlinable
    public static func responsibilities<S: RealScalar>(
        mixture: GaussianMixture<S>, data: [[S]], iteration: Int = 0
    ) throws -> (responsibilities: [[S]], logLikelihood: S) {
        let p = try posterior(logJoints: try mixture.logJoints(data, iteration: iteration))
        return (p.responsibilities, p.logLikelihood)
    }
}
