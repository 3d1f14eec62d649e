import OracleArithmetic
import OracleLinearAlgebra

/// The M-step of EM for a Gaussian mixture in closed form (`Proofs/06-gmm-em.md`, EM-4, EM-5):
/// λᵏ⁺¹ = argmax_λ F(qᵏ, λ) for responsibilities r_nk = qᵏ(z_n = k).
///
/// With N_k = Σ_n r_nk:
/// - π_k = N_k / Σ_j N_j (= N_k/N when every row of r sums to 1),
/// - μ_k = Σ_n r_nk x_n / N_k,
/// - S_k = Σ_n r_nk (x_n − μ_k)(x_n − μ_k)ᵀ / N_k — normalised by N_k, not N_k − 1 (the
///   maximiser, not an unbiased estimator),
/// - Σ_k = S_k (full), diag(S_k) (diagonal) or (tr S_k / d)·I (spherical), plus ε·I where
///   ε ≥ 0 is the explicit covariance regulariser (no hidden default).
///
/// Generic over any field: rational data and responsibilities give exact rational parameters.
/// Sums are compensated (`NeumaierSum`); the scatter is two-pass (about μ_k), so a `Double`
/// result has relative error ≲ (N + d + 3)·u in each entry for well-conditioned weights.
///
/// **Edge Cases:** N_k = 0 throws `MixtureError.vanishingResponsibilities(component: k, iteration:)`;
/// a negative regulariser throws `ModelInputError.notPositive`; shapes and non-finite data throw.
/// A singular Σ_k is returned as is: `GaussianMixture.init` (and the driver) reject it.
public enum GMMMStep {
    /// λ = argmax F(r, ·) (EM-4). `iteration` only labels errors.
    @inlinable
    public static func parameters<S: FieldScalar>(
        data: [[S]], responsibilities r: [[S]], covarianceType: CovarianceType,
        covarianceRegulariser epsilon: S, iteration: Int = 0
    ) throws -> MixtureParameters<S> {
        let d = try MixtureValidation.data(data, iteration: iteration)
        let kCount = try MixtureValidation.responsibilities(r, points: data.count)
        guard epsilon >= .zero else { throw ModelInputError.notPositive(what: "covarianceRegulariser", value: "\(epsilon)") }
        let counts = (0..<kCount).map { k in compensatedSum(r.lazy.map { $0[k] }) as S }
        let total: S = compensatedSum(counts)
        var weights: [S] = []
        var means: [[S]] = []
        var covariances: [Matrix<S>] = []
        for k in 0..<kCount {
            let nk = counts[k]
            guard nk > .zero else { throw MixtureError.vanishingResponsibilities(component: k, iteration: iteration) }
            // EM-4 (weights): ∂/∂π_k [Σ_n Σ_j r_nj ln π_j − β(Σ_j π_j − 1)] = 0 ⇒ π_k = N_k/β, β = Σ_j N_j.
            weights.append(nk / total)
            // EM-4 (means): Σ_n r_nk Σ_k⁻¹(x_n − μ_k) = 0 ⇒ μ_k = Σ_n r_nk x_n / N_k.
            let mu = (0..<d).map { j in (compensatedSum(data.indices.lazy.map { r[$0][k] * data[$0][j] }) as S) / nk }
            means.append(mu)
            covariances.append(covariance(data: data, r: r, k: k, mean: mu, nk: nk, type: covarianceType, epsilon: epsilon))
        }
        return MixtureParameters(weights: weights, means: means, covariances: covariances)
    }

    /// EM-4 (covariances) and EM-5: S_k = Σ_n r_nk (x_n − μ_k)(x_n − μ_k)ᵀ / N_k, restricted to
    /// the covariance type, plus ε·I. Symmetric by construction (the upper triangle is mirrored).
    @inlinable
    static func covariance<S: FieldScalar>(
        data: [[S]], r: [[S]], k: Int, mean mu: [S], nk: S, type: CovarianceType, epsilon: S
    ) -> Matrix<S> {
        let d = mu.count
        var scatter = Matrix<S>.zeros(rows: d, columns: d)
        for i in 0..<d {
            for j in i..<d where type == .full || i == j {
                let s: S = compensatedSum(data.indices.lazy.map { n in
                    r[n][k] * (data[n][i] - mu[i]) * (data[n][j] - mu[j])
                })
                scatter[i, j] = s / nk
                scatter[j, i] = scatter[i, j]
            }
        }
        if type == .spherical {
            // argmax over σ² of Σ_n r_nk [−(d/2) ln σ² − ‖x_n − μ_k‖²/(2σ²)] is tr(S_k)/d.
            let sigma2 = (compensatedSum(scatter.diagonal) as S) / S(d)
            scatter = Matrix.diagonal([S](repeating: sigma2, count: d))
        }
        for i in 0..<d { scatter[i, i] += epsilon }
        return scatter
    }
}
