import OracleArithmetic
import OracleLinearAlgebra

/// The E-step of EM for a Gaussian mixture (`Proofs/06-gmm-em.md`, EM-3): the posterior
/// responsibilities r_nk = p(z_n = k | x_n; λ) = π_k N(x_n; μ_k, Σ_k) / Σ_j π_j N(x_n; μ_j, Σ_j),
/// computed as r_nk = exp(ℓ_nk − logSumExp_j ℓ_nj) so that no density under- or overflows.
///
/// **Accuracy (`Double`):** each r_nk has relative error ≲ (|ℓ_nk − L_n| + 1)·(K + 5)·u, and
/// |Σ_k r_nk − 1| ≤ (2K + 5)·u (each term rounds once in exp and once in the shift, and the
/// largest term's shift is exact).
public enum MixtureEStep {
    /// Responsibilities, their logarithms and the log-likelihood from log joints ℓ_nk.
    ///
    /// With m = ℓ_nk* the largest log joint of row n and s = Σ_{j≠k*} exp(ℓ_nj − m):
    /// L_n = m + log1p(s), ln r_nj = (ℓ_nj − m) − log1p(s), r_nj = exp(ln r_nj). This is
    /// log-sum-exp with its parts kept: ln r_nk* = −log1p(s) stays accurate when r_nk* is within
    /// u of 1, where ln(r) of a rounded r would lose every digit (the entropy and F need ln r).
    @inlinable
    public static func posterior<S: RealScalar>(logJoints: [[S]]) throws -> (
        responsibilities: [[S]], logResponsibilities: [[S]], logLikelihood: S
    ) {
        if let n = logJoints.firstIndex(where: \.isEmpty) { throw ModelInputError.empty(what: "log joints row \(n)") }
        if let n = logJoints.firstIndex(where: { $0.count != logJoints[0].count }) {
            throw ModelInputError.shapeMismatch(
                what: "log joints row \(n)", expected: [logJoints[0].count], actual: [logJoints[n].count])
        }
        let p = try posterior(logJointTable: try Matrix(logJoints))
        return (p.responsibilities.rowArrays, p.logResponsibilities.rowArrays, p.logLikelihood)
    }

    /// The same on the N × K table of log joints (row n holds ℓ_n0 … ℓ_n,K−1, K ≥ 1), with the
    /// tables of r_nk and ln r_nk: the form the EM driver uses, with no allocation per point.
    @inlinable
    static func posterior<S: RealScalar>(logJointTable l: Matrix<S>) throws -> (
        responsibilities: Matrix<S>, logResponsibilities: Matrix<S>, logLikelihood: S
    ) {
        let n = l.rows, kCount = l.columns
        guard n == 0 || kCount > 0 else { throw ModelInputError.empty(what: "log joints row 0") }
        let table = l.entries
        var evidence = NeumaierSum<S>()
        var logR: [S] = []
        logR.reserveCapacity(n * kCount)
        for i in 0..<n {
            let row = i * kCount
            var top = 0
            for k in 1..<kCount where table[row + k] > table[row + top] { top = k }
            let m = table[row + top]
            var s = NeumaierSum<S>()
            for k in 0..<kCount where k != top { s.add(S.exp(table[row + k] - m)) }
            // EM-3: r_nk = π_k N_k / Σ_j π_j N_j = exp(ℓ_nk − m − ln(1 + s)).
            let lp = try S.log1p(s.value)
            evidence.add(m + lp)
            for k in 0..<kCount { logR.append(k == top ? -lp : (table[row + k] - m) - lp) }
        }
        let r = logR.map { S.exp($0) }
        return (
            try Matrix(rows: n, columns: kCount, entries: r), try Matrix(rows: n, columns: kCount, entries: logR),
            evidence.value
        )
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
