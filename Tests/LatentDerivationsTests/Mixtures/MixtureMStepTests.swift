import Foundation
import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

/// The M-step (Proofs/06-gmm-em.md, EM-4, EM-5): exact rational parameters from rational
/// responsibilities, the stationarity conditions of F(q, ·) checked exactly in ℚ, and seeded
/// feasible perturbations that only lower F.
@Suite("GMM M-step")
struct MixtureMStepTests {
    static func q(_ p: Int, _ r: Int) -> Rational { Rational(p) / Rational(r) }

    @Test("Hand-computed exact M-step: π = (11/18, 7/18), μ = (20/11, 4/7), σ² = (216/121, 12/49)")
    func handComputed() throws {
        let data: [[Rational]] = [[0], [1], [3]]
        let r = [[Self.q(1, 2), Self.q(1, 2)], [Self.q(1, 3), Self.q(2, 3)], [Rational.one, Rational.zero]]
        let p = try MixtureMStep.parameters(
            data: data, responsibilities: r, covarianceType: .full, covarianceRegularizer: .zero)
        // π_k = N_k / N with N_0 = 11/6, N_1 = 7/6, N = 3.
        #expect(p.weights == [Self.q(11, 18), Self.q(7, 18)])
        #expect(p.means == [[Self.q(20, 11)], [Self.q(4, 7)]])
        #expect(p.covariances.map { $0[0, 0] } == [Self.q(216, 121), Self.q(12, 49)])
        // 1/(N_k − 1) would give 216/121 · (11/6)/(5/6) instead: the convention is visible.
        let withRegularizer = try MixtureMStep.parameters(
            data: data, responsibilities: r, covarianceType: .full, covarianceRegularizer: Self.q(1, 10))
        #expect(withRegularizer.covariances[1][0, 0] == Self.q(12, 49) + Self.q(1, 10))
    }

    static func randomRationalProblem(seed: UInt64, type: CovarianceType) -> (data: [[Rational]], r: [[Rational]]) {
        var rng = SplitMix64(seed: seed)
        let d = Int.random(in: 1...3, using: &rng), k = Int.random(in: 1...4, using: &rng),
            n = Int.random(in: 4...9, using: &rng)
        let data = (0..<n).map { _ in (0..<d).map { _ in Rational(Int.random(in: -20...20, using: &rng)) / Rational(4) }
        }
        let r = (0..<n).map { _ -> [Rational] in
            let w = (0..<k).map { _ in Rational(Int.random(in: 1...9, using: &rng)) }
            let s = w.reduce(Rational.zero, +)
            return w.map { $0 / s }
        }
        return (data, r)
    }

    @Test(
        "Stationarity of F(q, ·) at the M-step, exactly in ℚ, 60 random problems per type",
        arguments: CovarianceType.allCases)
    func stationarity(type: CovarianceType) throws {
        for i in 0..<60 {
            let (data, r) = Self.randomRationalProblem(seed: 0x5747_0000 + UInt64(i), type: type)
            let p = try MixtureMStep.parameters(
                data: data, responsibilities: r, covarianceType: type, covarianceRegularizer: .zero)
            let d = data[0].count
            for k in 0..<p.componentCount {
                let nk = r.reduce(Rational.zero) { $0 + $1[k] }
                // ∂F/∂π_k − β = N_k/π_k − Σ_j N_j = 0 (Lagrange, β = N).
                #expect(nk / p.weights[k] == Rational(data.count))
                // ∂F/∂μ_k = Σ_k⁻¹ Σ_n r_nk (x_n − μ_k) = 0.
                for j in 0..<d {
                    #expect(
                        data.indices.reduce(Rational.zero) { $0 + r[$1][k] * (data[$1][j] - p.means[k][j]) } == .zero)
                }
                // ∂F/∂Σ_k = ½Σ⁻¹(Σ_n r_nk (x−μ)(x−μ)ᵀ − N_kΣ)Σ⁻¹ = 0 on the type's subspace:
                // full: every entry; diagonal: the diagonal; spherical: the trace.
                let scatter = { (a: Int, b: Int) in
                    data.indices.reduce(Rational.zero) {
                        $0 + r[$1][k] * (data[$1][a] - p.means[k][a]) * (data[$1][b] - p.means[k][b])
                    }
                }
                switch type {
                case .full:
                    for a in 0..<d { for b in 0..<d { #expect(scatter(a, b) == nk * p.covariances[k][a, b]) } }
                case .diagonal:
                    for a in 0..<d { #expect(scatter(a, a) == nk * p.covariances[k][a, a]) }
                case .spherical:
                    let trace = (0..<d).reduce(Rational.zero) { $0 + scatter($1, $1) }
                    #expect(trace == nk * Rational(d) * p.covariances[k][0, 0])
                }
            }
        }
    }

    @Test("Seeded feasible perturbations of λᵏ⁺¹ only lower F(qᵏ, ·)", arguments: CovarianceType.allCases)
    func perturbationsLowerBound(type: CovarianceType) throws {
        var rng = SplitMix64(seed: 0xa49_3a7 + UInt64(type.hashValue & 0xff))
        var tried = 0
        for i in 0..<20 {
            let problem = MixtureProblem.random(
                seed: 0xa4_0000 + UInt64(i), maxPoints: 30, maxK: 4, maxD: 3, type: type)
            let mixture = try GaussianMixture(parameters: problem.initial, covarianceType: type)
            let q = try MixtureEStep.responsibilities(mixture: mixture, data: problem.data).responsibilities
            let best = try MixtureMStep.parameters(
                data: problem.data, responsibilities: q, covarianceType: type, covarianceRegularizer: 0)
            let fBest = try MixtureBound.value(
                logJoints: try GaussianMixture(parameters: best, covarianceType: type).logJoints(problem.data), q: q)
            for _ in 0..<10 {
                var p = best
                let e = 1e-2
                let v = p.weights.map { _ in Double.random(in: -1...1, using: &rng) }
                let mean = v.reduce(0, +) / Double(v.count)
                p.weights = zip(p.weights, v).map { $0 * (1 + e * ($1 - mean) / $0 * $0) }
                let total = p.weights.reduce(0, +)
                p.weights = p.weights.map { $0 / total }
                p.means = p.means.map { $0.map { $0 + e * Double.random(in: -1...1, using: &rng) } }
                p.covariances = p.covariances.map { sigma in
                    let d = sigma.rows
                    let s = Double.random(in: -1...1, using: &rng)
                    return Matrix(rows: d, columns: d) { a, b in
                        switch type {
                        case .spherical: return a == b ? sigma[a, b] * (1 + e * s) : 0
                        case .diagonal: return a == b ? sigma[a, b] * (1 + e * Double(a + 1) * s / Double(d)) : 0
                        case .full: return sigma[a, b] * (a == b ? 1 + e * s : 1 - e * s / 2)
                        }
                    }
                }
                guard let perturbed = try? GaussianMixture(parameters: p, covarianceType: type) else { continue }
                let f = try MixtureBound.value(logJoints: try perturbed.logJoints(problem.data), q: q)
                // The decrease is second order, ≳ 1e-6·N here; rounding of F is ≲ 1e-11 (δ of EM-7).
                #expect(f < fBest, "problem \(i): F rose from \(fBest) to \(f)")
                tried += 1
            }
        }
        #expect(tried >= 150)
    }
}
