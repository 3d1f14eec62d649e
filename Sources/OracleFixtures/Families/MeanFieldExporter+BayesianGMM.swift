import LatentDerivations
import OracleArithmetic

/// `Fixtures/mean-field/bayesian-gmm.json` (MF-14, MF-15).
extension MeanFieldExporter {
    struct BayesianGMMCase {
        let name: String
        let data: [Double]
        let k: Int
        let sigma2: Double, alpha0: Double, m0: Double, s02: Double
        let startMeans: [Double]
        let sweeps: Int
        var regimeFlags: [String] = []
        var regime: String? = nil
    }

    static let separatedReason = """
        σ² = 0.01 puts the clusters 800 nats apart and the point at 40 about 10⁴ nats from every mean: \
        a float64 code with the max-shifted log-sum-exp and 0·ln 0 = 0 computes each sweep in ≲ 10·N·K \
        operations with ψ, exp and log (a few ulps each) and stays within ≲ 1e-13 relative over 5 sweeps \
        (SaturationRegimeTests runs that route); exp without the max shift gives 0/0 and a literal r ln r \
        gives 0·(−∞), both NaN
        """

    static let bayesianGMMCases: [BayesianGMMCase] = [
        BayesianGMMCase(name: "n6-k2", data: [-1.5, -0.75, -1.25, 2.0, 2.5, 1.75], k: 2, sigma2: 0.5, alpha0: 1.5, m0: 0, s02: 4,
                        startMeans: [-0.5, 0.5], sweeps: 5),
        BayesianGMMCase(name: "n9-k3", data: [-3, -2.5, -3.25, 0.25, 0, -0.5, 3, 2.75, 3.5], k: 3, sigma2: 0.25, alpha0: 1, m0: 0, s02: 9,
                        startMeans: [-1, 0, 1], sweeps: 5),
        BayesianGMMCase(name: "n8-k2-prior-mean-3", data: [2.5, 3.25, 2.75, 3.5, 5.5, 6.25, 5.75, 6.0], k: 2,
                        sigma2: 0.5, alpha0: 0.25, m0: 3, s02: 0.25, startMeans: [2, 4], sweeps: 5,
                        regime: "non-standard prior: m0 = 3, s0² = 0.25, α0 = 0.25"),
        BayesianGMMCase(name: "n8-k2-separated-outlier", data: [-2, -2.125, -1.875, -2.25, 2, 2.25, 1.75, 40], k: 2,
                        sigma2: 0.01, alpha0: 1, m0: 0, s02: 100, startMeans: [-0.5, 0.5], sweeps: 5,
                        regimeFlags: ["responsibilities-no-max-shift", "entropy-of-zero-responsibility"],
                        regime: "σ² = 0.01 with clusters at ±2 and a point at 40: one-hot responsibilities (some "
                            + "underflow to 0 in float64) and a point whose log joints are all ≈ −10⁴"),
    ]

    /// q at the start: uniform responsibilities, α = 1, the given means, unit variances.
    static func bayesianGMMRun(_ c: BayesianGMMCase) throws -> (BayesianGaussianMixture<BigFloat>, [CoordinateAscentStep<BayesianGMMFactors<BigFloat>>]) {
        let m = try BayesianGaussianMixture(data: c.data.map { BigFloat($0) }, componentCount: c.k, componentVariance: BigFloat(c.sigma2),
                                            concentration: BigFloat(c.alpha0), priorMean: BigFloat(c.m0), priorVariance: BigFloat(c.s02))
        let start = BayesianGMMFactors(responsibilities: c.data.map { _ in [BigFloat](repeating: BigFloat(1) / BigFloat(c.k), count: c.k) },
                                       concentrations: [BigFloat](repeating: BigFloat(1), count: c.k), means: c.startMeans.map { BigFloat($0) },
                                       variances: [BigFloat](repeating: BigFloat(1), count: c.k))
        return (m, try CoordinateAscent.run(m, from: start, sweeps: c.sweeps))
    }

    func bayesianGMMFile() throws -> FixtureFile {
        let cases = try Self.bayesianGMMCases.map { c -> FixtureCase in
            let steps = 1 + 3 * c.sweeps
            // Every value is recomputed from scratch at Ziv's precision + 128 bits (the iterates
            // involve exp and ψ, so they are not rational).
            let elbo = try (0..<steps).map { i in try Self.correctlyRounded { let (m, t) = try Self.bayesianGMMRun(c); return try m.elbo(t[i].factors) } }
            func final(_ pick: @escaping (BayesianGMMFactors<BigFloat>) -> [BigFloat]) throws -> FixtureValue {
                .vector(try (0..<c.k).map { j in try Self.correctlyRounded { pick(try Self.bayesianGMMRun(c).1.last!.factors)[j] } })
            }
            return FixtureCase(
                id: caseID("bayesian-gmm", "cavi-trace", c.name),
                comment: "N = \(c.data.count), K = \(c.k), \(c.sweeps) sweeps of q(Z), q(pi), q(mu); start: r = 1/K, alpha = 1, given means, variances 1"
                    + (c.regime.map { "; " + $0 } ?? ""),
                flags: ["digamma-vs-log", "expectation-of-log-vs-log-of-expectation"] + c.regimeFlags,
                inputs: ["data": Self.inputs(c.data), "componentCount": .integer(c.k), "componentVariance": Self.input(c.sigma2),
                         "concentration": Self.input(c.alpha0), "priorMean": Self.input(c.m0), "priorVariance": Self.input(c.s02),
                         "initialMeans": Self.inputs(c.startMeans), "sweeps": .integer(c.sweeps)],
                expected: .values([
                    "elbo": .vector(elbo),
                    "means": try final(\.means), "variances": try final(\.variances), "concentrations": try final(\.concentrations),
                ]),
                tolerance: c.regimeFlags.isEmpty ? .relative(1e-11, "each sweep is ≲ 10·N·K operations with ψ, exp and a log-sum-exp (a few ulps each) and CAVI contracts towards its fixed point, so 5 sweeps of a float64 code stay within ≲ 1e-13 relative; ELBO terms ≤ 50 with |ELBO| ≥ 5")
                    : .relative(1e-11, Self.separatedReason))
        }
        return FixtureFile(
            family: family, variant: "bayesian-gmm",
            description: "CAVI for a 1-D Bayesian Gaussian mixture with known component variance, Dirichlet weights and Gaussian means: the ELBO after every factor update (it never decreases) and the final factors.",
            proof: ProofReference(file: "Proofs/10-mean-field.md", steps: ["MF-14", "MF-15"]),
            conventions: Self.conventions.merging([
                "bayesian-gmm": "pi ~ Dir(alpha0 1), mu_k ~ N(m0, s0^2), z_n ~ Cat(pi), x_n | z_n = k ~ N(mu_k, sigma^2) with sigma^2 known; factors in order q(Z), q(pi) = Dir(alpha), q(mu_k) = N(m_k, v_k) (one block); the ELBO list has 1 + 3·sweeps entries",
            ]),
            notes: Self.notes(for: ["digamma-vs-log", "expectation-of-log-vs-log-of-expectation",
                                    "responsibilities-no-max-shift", "entropy-of-zero-responsibility"]),
            testGroups: [TestGroup(id: "cavi-trace", description: "ELBO after every update and the factors after the last sweep (MF-14, MF-15).", cases: cases)])
    }
}
