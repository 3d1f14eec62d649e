import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

extension FactorModelsExporter {
    static let traceTolerance = ToleranceSpec.absolute(
        1e-9, "each EM iteration is a few products and SPD solves of size ≤ d = 5 on data with ‖S‖_F ≲ 100: float64 rounding per iteration ≲ 100·d·u·‖S‖_F·κ(M) ≈ 1e-12; EM is non-expanding near its fixed point, so ≤ 20 iterations accumulate ≲ 1e-11, and |L| ≤ 1400 adds ≲ 1e-12 relative in the logarithms; 1e-9 keeps a 100× margin and is far below the first-iteration departure of every flagged bug (> 1e-4)")

    static func initialLoadings(d: Int, q: Int) throws -> Matrix<Double> {
        var entries: [Double] = []
        for k in 0..<(d * q) {
            let magnitude = Double((k * 7) % 5 + 1) / 4
            entries.append(k % 3 == 1 ? -magnitude : magnitude)
        }
        return try Matrix(rows: d, columns: q, entries: entries)
    }

    func ppcaTraceCase(name: String, n: Int, d: Int, q: Int, seed: UInt64, iterations: Int,
                       shift: Double? = nil) throws -> FixtureCase {
        let data = Self.data(n: n, d: d, q: q, seed: seed, shift: shift.map { [Double](repeating: $0, count: d) })
        let w0 = try Self.initialLoadings(d: d, q: q)
        let expected = try Self.goldens {
            let initial = try PPCAModel(mean: try SampleMoments(data: Self.big(data)).mean, loadings: Self.big(w0), noiseVariance: BigFloat(1))
            let trace = try PPCAEM.run(data: Self.big(data), initial: initial, maximumIterations: iterations)
            return [
                Output(name: "logLikelihoods", shape: [iterations + 1], values: trace.logLikelihoods),
                Output(name: "noiseVariances", shape: [iterations + 1], values: trace.models.map(\.noiseVariance)),
                Output(name: "loadingsProducts", shape: [iterations + 1, d, d], values: try trace.models.flatMap { try $0.loadingsProduct().entries }),
                Output(name: "finalProjection", shape: [d, d], values: try Self.spanProjection(trace.models.last!.loadings).entries),
            ]
        }
        return FixtureCase(
            id: "\(family)/em-traces/ppca-em/\(name)",
            comment: "PPCA EM (Tipping & Bishop eqs. 29-30) from the given W⁽⁰⁾, σ²⁽⁰⁾ = 1, μ = x̄; "
                + "after EM W's columns are not orthogonal"
                + (shift.map { "; the data of d4-q2-n20 shifted by \($0) in every coordinate (S unchanged)" } ?? ""),
            flags: ["covariance-ddof", "rotation-dependent-comparison"] + (shift == nil ? [] : ["one-pass-covariance"]),
            inputs: ["data": Self.matrixValue(data), "latentDimension": .integer(q), "initialLoadings": Self.matrixValue(w0),
                     "initialNoiseVariance": .exactReal(1), "iterations": .integer(iterations)],
            expected: .values(expected), tolerance: Self.traceTolerance)
    }

    func faTraceCase(name: String, n: Int, d: Int, q: Int, seed: UInt64, psi0: [Double], noise: FactorAnalysisEM.Noise = .diagonal,
                     iterations: Int) throws -> FixtureCase {
        let data = Self.data(n: n, d: d, q: q, seed: seed)
        let w0 = try Self.initialLoadings(d: d, q: q)
        let expected = try Self.goldens {
            let initial = try FactorAnalysisModel(mean: try SampleMoments(data: Self.big(data)).mean, loadings: Self.big(w0), noiseVariances: psi0.map { BigFloat($0) })
            let trace = try FactorAnalysisEM.run(data: Self.big(data), initial: initial, noise: noise, maximumIterations: iterations)
            return [
                Output(name: "logLikelihoods", shape: [iterations + 1], values: trace.logLikelihoods),
                Output(name: "noiseVariances", shape: [iterations + 1, d], values: trace.models.flatMap(\.noiseVariances)),
                Output(name: "loadingsProducts", shape: [iterations + 1, d, d],
                       values: try trace.models.flatMap { try ($0.loadings * $0.loadings.transposed).entries }),
            ]
        }
        return FixtureCase(
            id: "\(family)/em-traces/fa-em/\(name)",
            comment: noise == .diagonal ? "factor-analysis EM with diagonal Ψ from the given W⁽⁰⁾, Ψ⁽⁰⁾, μ = x̄"
                : "factor-analysis EM with Ψ constrained to σ²I: the same trace as ppca-em/d4-q2-n20 (FA reduces to PPCA)",
            flags: ["covariance-ddof", "fa-stale-loadings"],
            inputs: ["data": Self.matrixValue(data), "latentDimension": .integer(q), "initialLoadings": Self.matrixValue(w0),
                     "initialNoiseVariances": .vector(psi0.map(FixtureValue.exactReal)), "iterations": .integer(iterations),
                     "noise": .string(noise == .diagonal ? "diagonal" : "isotropic")],
            expected: .values(expected), tolerance: Self.traceTolerance)
    }

    func mppcaTraceCase(name: String, iterations: Int) throws -> FixtureCase {
        let d = 3, q = 1
        let data = Self.data(n: 12, d: d, q: q, seed: 0x0F7_00A1, noise: 0.2)
            + Self.data(n: 12, d: d, q: q, seed: 0x0F7_00B2, noise: 0.2, shift: [6, -4, 3])
        let means: [[Double]] = [[1, 0, 0], [5, -3, 2]]
        let loadings: [[[Double]]] = [[[1], [0.5], [-0.5]], [[0.5], [1], [0.25]]]
        let noise: [Double] = [1, 2]
        let weights: [Double] = [0.5, 0.5]
        let expected = try Self.goldens {
            let components = try (0..<2).map { k in
                try PPCAModel(mean: means[k].map { BigFloat($0) }, loadings: try Matrix(loadings[k].map { $0.map { BigFloat($0) } }),
                              noiseVariance: BigFloat(noise[k]))
            }
            let initial = try MixturePPCAModel(weights: weights.map { BigFloat($0) }, components: components)
            let trace = try MixturePPCAEM.run(data: Self.big(data), initial: initial, maximumIterations: iterations)
            return [
                Output(name: "logLikelihoods", shape: [iterations + 1], values: trace.logLikelihoods),
                Output(name: "weights", shape: [iterations + 1, 2], values: trace.models.flatMap(\.weights)),
                Output(name: "means", shape: [iterations + 1, 2, d], values: trace.models.flatMap { $0.components.flatMap(\.mean) }),
                Output(name: "noiseVariances", shape: [iterations + 1, 2], values: trace.models.flatMap { $0.components.map(\.noiseVariance) }),
            ]
        }
        return FixtureCase(
            id: "\(family)/em-traces/mppca-em/\(name)",
            comment: "two PPCA components (q = 1) in ℝ³; EM as in Tipping & Bishop (1999), Appendix C: responsibilities, π̃, μ̃, Sₖ about μ̃ₖ, one PPCA EM update",
            flags: ["mppca-stale-mean"],
            inputs: ["data": Self.matrixValue(data), "latentDimension": .integer(q),
                     "initialWeights": .vector(weights.map(FixtureValue.exactReal)),
                     "initialMeans": Self.matrixValue(means),
                     "initialLoadings": .array(shape: [2, d, q], data: loadings.flatMap { $0.flatMap { $0.map(FixtureValue.exactReal) } }),
                     "initialNoiseVariances": .vector(noise.map(FixtureValue.exactReal)), "iterations": .integer(iterations)],
            expected: .values(expected), tolerance: Self.traceTolerance)
    }

    func emTraceFile() throws -> FixtureFile {
        FixtureFile(
            family: family, variant: "em-traces",
            description: "Per-iteration EM traces from given initialisations: PPCA (Tipping & Bishop 1999, eqs. 29-30), factor analysis with diagonal Ψ, and a mixture of two PPCA models. Every log-likelihood trace is non-decreasing.",
            proof: ProofReference(file: "Proofs/07-factor-models.md", steps: ["FM-7", "FM-8", "FM-10", "FM-12"]),
            conventions: Self.conventions,
            notes: Self.notes(["covariance-ddof", "rotation-dependent-comparison", "fa-stale-loadings",
                               "mppca-stale-mean", "one-pass-covariance"]),
            testGroups: [
                TestGroup(id: "ppca-em", description: "PPCA EM traces: log-likelihood, σ², WWᵀ per iteration and the projection onto span W at the end.",
                          cases: [
                            try ppcaTraceCase(name: "d4-q2-n20", n: 20, d: 4, q: 2, seed: 0x0F7_0001, iterations: 20),
                            try ppcaTraceCase(name: "d5-q2-n30", n: 30, d: 5, q: 2, seed: 0x0F7_0002, iterations: 12),
                            try ppcaTraceCase(name: "d4-q2-n20-offset-1e6", n: 20, d: 4, q: 2, seed: 0x0F7_0001,
                                              iterations: 8, shift: 1e6),
                          ]),
                TestGroup(id: "fa-em", description: "Factor-analysis EM traces: log-likelihood, Ψ and WWᵀ per iteration; input noise = diagonal (free Ψ) or isotropic (Ψ = σ²I, i.e. PPCA).",
                          cases: [
                            try faTraceCase(name: "d4-q2-n20", n: 20, d: 4, q: 2, seed: 0x0F7_0001, psi0: [1, 0.5, 2, 1.5], iterations: 15),
                            try faTraceCase(name: "d4-q2-n20-isotropic", n: 20, d: 4, q: 2, seed: 0x0F7_0001, psi0: [1, 1, 1, 1],
                                            noise: .isotropic, iterations: 20),
                          ]),
                TestGroup(id: "mppca-em", description: "Mixture-of-PPCA EM traces: log-likelihood, weights, means and σₖ² per iteration.",
                          cases: [try mppcaTraceCase(name: "k2-d3-q1-n24", iterations: 8)]),
            ])
    }
}
