import Foundation
import LatentDerivations
import OracleLinearAlgebra

extension MixturesExporter {
    /// The worst relative error over a trace of the responsibilities' entropy computed in
    /// `Double` by the route the flag `log-responsibility-cancellation` names: at each record's
    /// parameters (the certified values `values[3…5]`), ln r_nk = ℓ_nk − logsumexp_j ℓ_nj with
    /// logsumexp = m_n + ln Σ_j exp(ℓ_nj − m_n), r_nk = exp(ln r_nk), H = −Σ r ln r summed with
    /// compensation. Only the ln r route differs from the exported one, so a case whose tolerance
    /// this error exceeds is one the bug fails.
    static func naiveEntropyError(_ p: TraceProblem, values: [[Double]]) throws -> Double {
        let k = p.initial.componentCount, d = p.initial.dimension
        let (weights, means, covariances, entropies) = (values[3], values[4], values[5], values[2])
        var worst = 0.0
        for t in entropies.indices {
            let parameters = MixtureParameters(
                weights: Array(weights[(t * k)..<((t + 1) * k)]),
                means: (0..<k).map { j in Array(means[((t * k + j) * d)..<((t * k + j + 1) * d)]) },
                covariances: try (0..<k).map { j in
                    let start = (t * k + j) * d * d
                    return try Matrix(rows: d, columns: d, entries: Array(covariances[start..<(start + d * d)]))
                })
            let logJoints = try GaussianMixture(parameters: parameters, covarianceType: p.type).logJoints(p.data)
            var entropy = NeumaierSum<Double>()
            for row in logJoints {
                let m = row.max() ?? 0
                let logSumExp = m + Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - m) })
                for l in row {
                    // ln r = ℓ − logsumexp: a value near 0 is a multiple of ulp(logsumexp).
                    let logR = l - logSumExp
                    let r = Foundation.exp(logR)
                    if r != 0 { entropy.add(-r * logR) }
                }
            }
            worst = max(worst, abs(entropy.value - entropies[t]) / max(abs(entropies[t]), 0x1p-1022))
        }
        return worst
    }
}
