import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

extension FactorModelsExporter {
    func ppcaTraceEntry(
        name: String, n: Int, d: Int, q: Int, seed: UInt64, iterations: Int,
        shift: Double? = nil
    ) throws -> CatalogueEntry {
        let data = Self.data(n: n, d: d, q: q, seed: seed, shift: shift.map { [Double](repeating: $0, count: d) })
        return CatalogueEntry(
            name,
            comment: "PPCA EM (Tipping & Bishop eqs. 29-30) from the given W⁽⁰⁾, σ²⁽⁰⁾ = 1, μ = x̄; "
                + "after EM W's columns are not orthogonal"
                + (n == d + 1 ? "; N = d + 1 points, the fewest for which S has full rank" : "")
                + (shift.map {
                    "; the planted-factor data (seed 0x\(String(seed, radix: 16))) shifted by \($0) in "
                        + "every coordinate (S unchanged)"
                } ?? ""),
            flags: ["covariance-ddof", "rotation-dependent-comparison"] + (shift == nil ? [] : ["one-pass-covariance"]),
            inputs: [
                "data": Self.matrixValue(data), "latentDimension": .integer(q),
                "initialLoadings": Self.matrixValue(try FactorModelStart.loadings(d: d, q: q)),
                "initialNoiseVariance": .exactReal(1), "iterations": .integer(iterations),
            ])
    }

    func faTraceEntry(
        name: String, n: Int, d: Int, q: Int, seed: UInt64, psi0: [Double],
        noise: FactorAnalysisEM.Noise = .diagonal, iterations: Int,
        shift: Double? = nil, noiseless: Int? = nil
    ) throws -> CatalogueEntry {
        let data = Self.data(
            n: n, d: d, q: q, seed: seed, shift: shift.map { [Double](repeating: $0, count: d) }, noiseless: noiseless)
        return CatalogueEntry(
            name,
            comment: (noise == .diagonal
                ? "factor-analysis EM with diagonal Ψ from the given W⁽⁰⁾, Ψ⁽⁰⁾, μ = x̄"
                : "factor-analysis EM with Ψ constrained to σ²I: the same trace as ppca-em/d4-q2-n20 (FA reduces to "
                    + "PPCA)")
                + (shift.map { "; the data of d4-q2-n20 shifted by \($0) in every coordinate (S unchanged)" } ?? "")
                + (noiseless == nil
                    ? ""
                    : "; coordinate 1 has no noise (only the 1/64 grid), so the factor explains it almost fully: "
                        + "Ψ₁/S₁₁ falls from 0.54 to 0.001 in 15 iterations (a Heywood case)"),
            flags: ["covariance-ddof", "fa-stale-loadings"] + (shift == nil ? [] : ["one-pass-covariance"])
                + (noiseless == nil ? [] : ["uniqueness-floor"]),
            inputs: [
                "data": Self.matrixValue(data), "latentDimension": .integer(q),
                "initialLoadings": Self.matrixValue(try FactorModelStart.loadings(d: d, q: q)),
                "initialNoiseVariances": .vector(psi0.map(FixtureValue.exactReal)), "iterations": .integer(iterations),
                "noise": .string(noise == .diagonal ? "diagonal" : "isotropic"),
            ])
    }

    /// The mixture trace on two planted clusters of 12 points in ℝ³. `farPoint` adds a 25th point
    /// and starts from tight components (σₖ² = 1/4, both loadings (1, −2, 3)ᵀ along the clusters), so
    /// that the far point's log joint is ≈ −1e3 under every component; `shift` moves the data and the
    /// initial means by the same constant in every coordinate.
    func mppcaTraceEntry(
        name: String, iterations: Int, farPoint: [Double]? = nil, shift: Double? = nil
    ) -> CatalogueEntry {
        let d = 3, q = 1
        let offset = shift ?? 0
        var data =
            Self.data(n: 12, d: d, q: q, seed: 0x0F7_00A1, noise: 0.2)
            + Self.data(n: 12, d: d, q: q, seed: 0x0F7_00B2, noise: 0.2, shift: [6, -4, 3])
        var means: [[Double]] = [[1, 0, 0], [5, -3, 2]]
        var loadings: [[[Double]]] = [[[1], [0.5], [-0.5]], [[0.5], [1], [0.25]]]
        var noise: [Double] = [1, 2]
        var comment = """
            two PPCA components (q = 1) in ℝ³; EM as in Tipping & Bishop (1999), Appendix C: responsibilities, \
            π̃, μ̃, Sₖ about μ̃ₖ, one PPCA EM update
            """
        var flags = ["mppca-stale-mean"]
        if let farPoint {
            data.append(farPoint)
            means = [[0, 0, 0], [6, -4, 3]]
            loadings = [[[1], [-2], [3]], [[1], [-2], [3]]]
            noise = [0.25, 0.25]
            // At t = 0 the far point's log joints are ≈ −984 and −956 (both below ln of the least
            // double, ≈ −745); at t = 1 they differ by ≈ 2.2e3 nats, so its responsibilities are one-hot
            // to the last bit of a double.
            comment += """
                ; a 25th point (12, 15, 12) far from both tight starting components (σₖ² = 1/4, loadings \
                (1, −2, 3)ᵀ): its log joint is ≈ −984 and −956 at t = 0, so exp of either underflows to 0 \
                without the max shift, and its responsibilities at t = 1 are one-hot (log joints ≈ 2.2e3 nats apart)
                """
            flags.append("no-logsumexp-shift")
        }
        if let shift {
            data = data.map { $0.map { $0 + shift } }
            comment += "; the data and the initial means shifted by \(shift) in every coordinate (each Sₖ unchanged)"
            flags.append("one-pass-covariance")
        }
        means = means.map { $0.map { $0 + offset } }
        let weights: [Double] = [0.5, 0.5]
        return CatalogueEntry(
            name,
            comment: comment,
            flags: flags,
            inputs: [
                "data": Self.matrixValue(data), "latentDimension": .integer(q),
                "initialWeights": .vector(weights.map(FixtureValue.exactReal)),
                "initialMeans": Self.matrixValue(means),
                "initialLoadings": .array(
                    shape: [2, d, q],
                    data: loadings.flatMap { $0.flatMap { $0.map(FixtureValue.exactReal) } }),
                "initialNoiseVariances": .vector(noise.map(FixtureValue.exactReal)), "iterations": .integer(iterations),
            ])
    }

    func emTraceFile() throws -> FixtureFile {
        file(
            "em-traces",
            description: """
                Per-iteration EM traces from given initialisations: PPCA (Tipping & Bishop 1999, eqs. 29-30), factor \
                analysis with diagonal Ψ, and a mixture of two PPCA models. Every log-likelihood trace is \
                non-decreasing.
                """,
            proof: "Proofs/07-factor-models.md", steps: ["FM-7", "FM-8", "FM-10", "FM-12"],
            conventions: Self.conventions,
            notes: Self.notes(for: [
                "covariance-ddof", "rotation-dependent-comparison", "fa-stale-loadings",
                "mppca-stale-mean", "one-pass-covariance", "no-logsumexp-shift", "uniqueness-floor",
            ]),
            groups: [
                try PPCAEMTraceEvaluator().testGroup(
                    description: """
                        PPCA EM traces: log-likelihood, σ², WWᵀ per iteration and the projection onto span W at \
                        the end.
                        """,
                    [
                        try ppcaTraceEntry(name: "d4-q2-n20", n: 20, d: 4, q: 2, seed: 0x0F7_0001, iterations: 20),
                        try ppcaTraceEntry(name: "d5-q2-n30", n: 30, d: 5, q: 2, seed: 0x0F7_0002, iterations: 12),
                        try ppcaTraceEntry(
                            name: "d4-q2-n20-offset-1e6", n: 20, d: 4, q: 2, seed: 0x0F7_0001,
                            iterations: 8, shift: 1e6),
                        try ppcaTraceEntry(
                            name: "d5-q2-n6-offset-1e8", n: 6, d: 5, q: 2, seed: 0x0F7_0009,
                            iterations: 8, shift: 1e8),
                    ]),
                try FactorAnalysisEMTraceEvaluator().testGroup(
                    description: "Factor-analysis EM traces: log-likelihood, Ψ and WWᵀ per iteration; input noise = "
                        + "diagonal (free Ψ) or isotropic (Ψ = σ²I, i.e. PPCA).",
                    [
                        try faTraceEntry(
                            name: "d4-q2-n20", n: 20, d: 4, q: 2, seed: 0x0F7_0001, psi0: [1, 0.5, 2, 1.5],
                            iterations: 15),
                        try faTraceEntry(
                            name: "d4-q2-n20-isotropic", n: 20, d: 4, q: 2, seed: 0x0F7_0001,
                            psi0: [1, 1, 1, 1], noise: .isotropic, iterations: 20),
                        try faTraceEntry(
                            name: "d4-q2-n20-offset-1e6", n: 20, d: 4, q: 2, seed: 0x0F7_0001,
                            psi0: [1, 0.5, 2, 1.5], iterations: 8, shift: 1e6),
                        try faTraceEntry(
                            name: "d4-q1-n20-psi-near-zero", n: 20, d: 4, q: 1, seed: 0x0F7_0001,
                            psi0: [1, 0.5, 2, 1.5], iterations: 15, noiseless: 0),
                    ]),
                try MixturePPCAEMTraceEvaluator().testGroup(
                    description: "Mixture-of-PPCA EM traces: log-likelihood, weights, means and σₖ² per iteration.",
                    [
                        mppcaTraceEntry(name: "k2-d3-q1-n24", iterations: 8),
                        mppcaTraceEntry(name: "k2-d3-q1-n25-far-point", iterations: 8, farPoint: [12, 15, 12]),
                        mppcaTraceEntry(name: "k2-d3-q1-n24-offset-1e6", iterations: 8, shift: 1e6),
                    ]),
            ])
    }
}
