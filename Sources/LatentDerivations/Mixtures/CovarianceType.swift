/// The structure a Gaussian mixture imposes on each component covariance Σ_k (EM-4).
///
/// The M-step maximises F(q, ·) over the covariances of the chosen structure, so each type has its
/// own closed form: `full` keeps the weighted scatter S_k, `diagonal` keeps diag(S_k), and
/// `spherical` takes σ_k² = tr(S_k)/d (the argmax of Σ_n r_nk ln N(x_n; μ_k, σ²I) over σ²).
public enum CovarianceType: String, Sendable, CaseIterable {
    /// Σ_k any symmetric positive definite matrix.
    case full
    /// Σ_k = diag(σ_k1², …, σ_kd²).
    case diagonal
    /// Σ_k = σ_k² I.
    case spherical
}
