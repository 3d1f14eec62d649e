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
/// Sums are compensated in blocks (`BlockedCompensatedSums`, B = 16 terms per block): each has
/// error ≲ (B + 1)·u·Σ|terms| whatever N is; the scatter is two-pass (about μ_k), so a `Double`
/// result has relative error ≲ (B + d + 4)·u in each entry for well-conditioned weights.
///
/// **Edge Cases:** N_k = 0 throws `MixtureError.vanishingResponsibilities(component: k, iteration:)`;
/// a negative regulariser throws `ModelInputError.notPositive`; shapes and non-finite data throw.
/// A singular Σ_k is returned as is: `GaussianMixture.init` (and the driver) reject it.
public enum MixtureMStep {
    /// λ = argmax F(r, ·) (EM-4). `iteration` only labels errors.
    @inlinable
    public static func parameters<S: FieldScalar>(
        data: [[S]], responsibilities r: [[S]], covarianceType: CovarianceType,
        covarianceRegularizer epsilon: S, iteration: Int = 0
    ) throws -> MixtureParameters<S> {
        _ = try MixtureValidation.data(data, iteration: iteration)
        _ = try MixtureValidation.responsibilities(r, points: data.count)
        return try parameters(
            points: try Matrix(data), responsibilities: try Matrix(r), covarianceType: covarianceType,
            covarianceRegularizer: epsilon, iteration: iteration)
    }

    /// The same on the validated N × d point table X and N × K table r (row n: x_n and r_n·):
    /// the driver's form. Two passes over the points, each feeding every compensated sum at once,
    /// with the terms of each sum in the order of `parameters(data:…)`, hence the same result.
    @inlinable
    static func parameters<S: FieldScalar>(
        points x: Matrix<S>, responsibilities r: Matrix<S>, covarianceType: CovarianceType,
        covarianceRegularizer epsilon: S, iteration: Int
    ) throws -> MixtureParameters<S> {
        guard epsilon >= .zero else {
            throw ModelInputError.notPositive(what: "covarianceRegulariser", value: "\(epsilon)")
        }
        let n = x.rows, d = x.columns, kCount = r.columns
        let xs = x.entries, rs = r.entries
        // Pass 1: N_k = Σ_n r_nk (sum k) and Σ_n r_nk x_n (sums K + k·d + j).
        var firstPass = BlockedCompensatedSums<S>(count: kCount * (d + 1))
        firstPass.addTerms(count: n) { i, partial in
            for k in 0..<kCount {
                let rik = rs[i * kCount + k]
                partial[k] += rik
                for j in 0..<d { partial[kCount + k * d + j] += rik * xs[i * d + j] }
            }
        }
        let sums = firstPass.values
        let nks = Array(sums[0..<kCount])
        let total: S = compensatedSum(nks)
        var weights: [S] = []
        var means: [[S]] = []
        for k in 0..<kCount {
            let nk = nks[k]
            guard nk > .zero else { throw MixtureError.vanishingResponsibilities(component: k, iteration: iteration) }
            // EM-4 (weights): ∂/∂π_k [Σ_n Σ_j r_nj ln π_j − β(Σ_j π_j − 1)] = 0 ⇒ π_k = N_k/β, β =
            // Σ_j N_j.
            weights.append(nk / total)
            // EM-4 (means): Σ_n r_nk Σ_k⁻¹(x_n − μ_k) = 0 ⇒ μ_k = Σ_n r_nk x_n / N_k.
            means.append((0..<d).map { j in sums[kCount + k * d + j] / nk })
        }
        let covariances = scatter(x, r, means: means, counts: nks, type: covarianceType, epsilon: epsilon)
        return MixtureParameters(weights: weights, means: means, covariances: covariances)
    }

    /// EM-4 (covariances) and EM-5: S_k = Σ_n r_nk (x_n − μ_k)(x_n − μ_k)ᵀ / N_k, restricted to
    /// the covariance type, plus ε·I — pass 2, about the means of pass 1 (two-pass scatter).
    /// Symmetric by construction (the upper triangle is mirrored).
    @inlinable
    static func scatter<S: FieldScalar>(
        _ x: Matrix<S>, _ r: Matrix<S>, means: [[S]], counts: [S], type: CovarianceType, epsilon: S
    ) -> [Matrix<S>] {
        let n = x.rows, d = x.columns, kCount = r.columns
        let xs = x.entries, rs = r.entries
        // The (i, j) entries with i ≤ j that the type keeps, in row-major order: all for full,
        // the diagonal otherwise.
        let full = type == .full
        let pairs = (0..<d).flatMap { i in (i..<(full ? d : i + 1)).map { j in (i, j) } }
        var scatterSums = BlockedCompensatedSums<S>(count: kCount * pairs.count)
        var centred = [S](repeating: .zero, count: d), weighted = centred
        centred.withUnsafeMutableBufferPointer { centred in
            weighted.withUnsafeMutableBufferPointer { weighted in
                scatterSums.addTerms(count: n) { p, sums in
                    var index = 0
                    for k in 0..<kCount {
                        let rpk = rs[p * kCount + k]
                        for j in 0..<d {
                            centred[j] = xs[p * d + j] - means[k][j]
                            weighted[j] = rpk * centred[j]
                        }
                        // r (xᵢ − μᵢ)(xⱼ − μⱼ), multiplied left to right; `index` runs through `pairs`.
                        for i in 0..<d {
                            for j in i..<(full ? d : i + 1) {
                                sums[index] += weighted[i] * centred[j]
                                index += 1
                            }
                        }
                    }
                }
            }
        }
        let sums = scatterSums.values
        return (0..<kCount).map { k in
            var s = Matrix<S>.zeros(rows: d, columns: d)
            for (index, (i, j)) in pairs.enumerated() {
                s[i, j] = sums[k * pairs.count + index] / counts[k]
                s[j, i] = s[i, j]
            }
            if type == .spherical {
                // argmax over σ² of Σ_n r_nk [−(d/2) ln σ² − ‖x_n − μ_k‖²/(2σ²)] is tr(S_k)/d.
                let sigma2 = (compensatedSum(s.diagonal) as S) / S(d)
                s = Matrix.diagonal([S](repeating: sigma2, count: d))
            }
            for i in 0..<d { s[i, i] += epsilon }
            return s
        }
    }
}
