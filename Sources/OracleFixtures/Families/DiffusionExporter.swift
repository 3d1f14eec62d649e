import LatentDerivations
import OracleArithmetic

/// `Fixtures/diffusion/gaussian-elbo.json` (`Proofs/12-diffusion-elbo.md`, DF-1 … DF-6): the
/// linear-Gaussian forward process, the posterior q(x_{t−1} | x_t, x₀), every ELBO term of a
/// linear-Gaussian reverse process and the exact evidence it bounds, and the optimal reverse
/// process at which ELBO = ln p(x₀). All values are computed in `BigFloat` and correctly rounded.
public struct DiffusionExporter: FixtureFamilyExporter {
    public let family = "diffusion"
    public let summary = "Gaussian diffusion: forward marginals, posteriors, ELBO terms as Gaussian KLs, ELBO ≤ ln p(x0)"

    public init() {}

    static let notes: OrderedMap<String> = [
        "sqrt-alpha-bar": "using ᾱ_t instead of √ᾱ_t as the mean coefficient of q(x_t | x₀) (or √(1 − β_t) where 1 − β_t is meant): the marginal means, the posterior and every ELBO term are wrong",
        "posterior-variance": "using β_t as the variance of q(x_{t−1} | x_t, x₀) instead of β̃_t = (1 − ᾱ_{t−1})β_t/(1 − ᾱ_t): the posterior and the denoising KL terms are wrong",
        "kl-direction": "computing KL(p(x_{t−1} | x_t) ‖ q(x_{t−1} | x_t, x₀)) (or KL(p(x_T) ‖ q(x_T | x₀))) instead of KL(q ‖ p): the denoising and prior terms are wrong",
        "expectation-of-log-vs-log-of-expectation": "evaluating E_{x_t}[KL(…)] or E[ln p(x₀ | x₁)] at x_t = E[x_t], dropping the variance term w²(1 − ᾱ_t): every expected term is too small and the ELBO can exceed ln p(x₀)",
        "one-minus-alpha-bar-cancellation": """
            1 − ᾱ_t computed as 1 minus the rounded product ᾱ_t = Π(1 − β_s): with β_t ≈ 1e-8 the \
            difference keeps only 8 of 16 digits, so the marginal variances, the posterior coefficients \
            and the denoising KL terms are off by ≥ 1e-9 relative (use (1 − ᾱ_{t−1}) + ᾱ_{t−1}β_t or \
            −expm1(Σ log1p(−β_s)))
            """,
        "optimal-offset-cancellation": """
            the optimal reverse step's offset as m − k√α_t m with k√α_t = α_t v/(α_t v + β_t) ≈ 1 − 1e-8: \
            the difference keeps 8 digits; m β_t/(α_t v + β_t) keeps all (reverse steps)
            """,
        "schedule-validation": "accepting a β schedule with an entry outside the open interval (0, 1), or an empty one, instead of refusing it",
    ]

    static let conventions: OrderedMap<String> = [
        "forward": "q(x_t | x_{t-1}) = N(sqrt(1 - beta_t) x_{t-1}, beta_t), t = 1..T, one coordinate (a d-dimensional isotropic ELBO is the sum over coordinates); alphaBar_0 = 1, alphaBar_t = prod_{s<=t}(1 - beta_s)",
        "reverse": "p(x_T) = N(priorMean, priorVariance); p(x_{t-1} | x_t) = N(slope_t x_t + offset_t, variance_t); arrays are indexed t = 1..T",
        "elbo": "ELBO = reconstruction - sum(denoisingKL) - priorKL, reconstruction = E_q(x1|x0)[ln p(x0 | x1)], denoisingKL[t-2] = E_q(xt|x0)[KL(q(x_{t-1} | x_t, x0) || p(x_{t-1} | x_t))] for t = 2..T, priorKL = KL(q(x_T | x0) || p(x_T)); nats, per data point, loss = -ELBO",
        "kl-direction": "KL(q || p): q the forward posterior, p the reverse model",
        "posterior": "q(x_{t-1} | x_t, x0) = N(c0_t x0 + ct_t x_t, betaTilde_t), rows [c0, ct, betaTilde] for t = 2..T",
        "variance": "every Gaussian is given by its VARIANCE",
    ]

    public func makeFiles() throws -> [FixtureFile] {
        [FixtureFile(
            family: family, variant: "gaussian-elbo",
            description: "The Gaussian diffusion ELBO with a linear-Gaussian forward process and Gaussian data: q(x_t | x0), the posteriors q(x_{t-1} | x_t, x0), each ELBO term as a Gaussian KL for a linear-Gaussian reverse process with the exact ln p(x0) it bounds, and the optimal reverse process where ELBO = ln p(x0).",
            proof: ProofReference(file: "Proofs/12-diffusion-elbo.md", steps: ["DF-1", "DF-2", "DF-3", "DF-4", "DF-5", "DF-6"]),
            conventions: Self.conventions, notes: Self.notes,
            testGroups: [try forwardGroup(), try elboGroup(), try optimalGroup(), invalidGroup()])]
    }

    static let schedules: [(String, [Double])] = [
        ("t4", [0.1, 0.2, 0.3, 0.5]),
        ("t8", [0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8]),
        ("t2", [0.25, 0.75]),
        ("t6-small-beta", [1e-8, 2e-8, 5e-8, 1e-7, 0.25, 0.5]),
    ]

    /// The schedules whose first steps have β_t ≈ 1e-8, so that ᾱ_t ≈ 1 − 1e-8.
    static func smallBeta(_ betas: [Double]) -> Bool { betas.contains { $0 < 1e-6 } }

    static let smallBetaTolerance = ToleranceSpec.relative(1e-11, """
        T = 6 steps of ≤ 30 float operations each with 1 − ᾱ_t as a sum of positive terms \
        ((1 − ᾱ_{t−1}) + ᾱ_{t−1}β_t, or −expm1(Σ log1p(−β_s))), good to ≤ 3T·u relative, and the optimal \
        offset as mβ_t/(α_t v + β_t): every output is then a product, quotient or well-conditioned sum \
        (the KL's ln(v/β̃) is ≥ 1 in size) and a float64 code so written reaches ≲ 1e-14 (the NumPy \
        consumer: ≤ 3e-15; SaturationRegimeTests runs the recursion); 1 − ᾱ_t from the rounded \
        ᾱ_t = Π(1 − β_s) has absolute error ~u against 1 − ᾱ_t ≈ 1e-8, and m − k√α_t m subtracts \
        numbers equal to 8 digits: both are ≥ 1e-9 relative off and fail
        """)

    static func toleranceFor(_ betas: [Double]) -> ToleranceSpec { smallBeta(betas) ? smallBetaTolerance : tolerance }

    static func regimeFlags(_ betas: [Double]) -> [String] {
        smallBeta(betas) ? ["one-minus-alpha-bar-cancellation"] : []
    }

    func caseID(_ group: String, _ name: String) -> String { "\(family)/gaussian-elbo/\(group)/\(name)" }

    static func cr(_ f: @escaping () throws -> BigFloat) throws -> FixtureValue { try MeanFieldExporter.correctlyRounded(f) }
    static func inputs(_ xs: [Double]) -> FixtureValue { .vector(xs.map(FixtureValue.exactReal)) }

    static let tolerance = ToleranceSpec.relative(1e-11, "T ≤ 8 steps of ≤ 30 float operations each; the posterior coefficients divide by 1 − ᾱ_t ≥ 0.01, amplifying relative errors ≤ 100×, so a float64 code reaches ≲ 100·30·u ≈ 1e-12; values are bounded away from 0 (|value| ≥ 1e-3)")

    func forwardGroup() throws -> TestGroup {
        let x0 = 1.5
        let cases = try Self.schedules.map { (name, betas) -> FixtureCase in
            let bars = try Self.range(betas.count + 1).map { t in try Self.cr { try GaussianDiffusion(betas: betas.map { BigFloat($0) }).alphaBars[t] } }
            let means = try (1...betas.count).map { t in try Self.cr { try GaussianDiffusion(betas: betas.map { BigFloat($0) }).marginal(t, given: BigFloat(x0)).mean } }
            let variances = try (1...betas.count).map { t in try Self.cr { try GaussianDiffusion(betas: betas.map { BigFloat($0) }).marginal(t, given: BigFloat(x0)).variance } }
            var posterior: [FixtureValue] = []
            for t in 2...betas.count {
                for k in 0..<3 {
                    posterior.append(try Self.cr {
                        let c = try GaussianDiffusion(betas: betas.map { BigFloat($0) }).posteriorCoefficients(t)
                        return [c.x0, c.xt, c.variance][k]
                    })
                }
            }
            return FixtureCase(
                id: caseID("forward", name), comment: "x0 = \(x0), T = \(betas.count)",
                flags: ["sqrt-alpha-bar", "posterior-variance"] + Self.regimeFlags(betas),
                inputs: ["betas": Self.inputs(betas), "x0": .exactReal(x0)],
                expected: .values([
                    "alphaBars": .vector(bars), "marginalMeans": .vector(means), "marginalVariances": .vector(variances),
                    "posterior": .array(shape: [betas.count - 1, 3], data: posterior),
                ]),
                tolerance: Self.toleranceFor(betas))
        }
        return TestGroup(id: "forward", description: "ᾱ_t, q(x_t | x0) = N(√ᾱ_t x0, 1 − ᾱ_t) (DF-2) and the posterior coefficients [c0, ct, β̃] of q(x_{t−1} | x_t, x0) (DF-3).", cases: cases)
    }

    static func range(_ n: Int) -> [Int] { Array(0..<n) }

    /// A fixed non-optimal reverse process for T steps: slopes, offsets, variances.
    static func reverseSteps(_ t: Int) -> (slopes: [Double], offsets: [Double], variances: [Double]) {
        (Array([0.9, 0.8, 1.1, 0.7, 1.2, 0.95, 0.85, 1.05].prefix(t)), Array([0.1, -0.2, 0.05, 0.25, -0.1, 0.0, 0.15, -0.05].prefix(t)),
         Array([0.05, 0.2, 0.3, 0.5, 0.125, 0.4, 0.6, 0.75].prefix(t)))
    }

    func elboGroup() throws -> TestGroup {
        var cases: [FixtureCase] = []
        for (name, betas) in Self.schedules {
            for x0 in [-1.25, 2.0] {
                let r = Self.reverseSteps(betas.count)
                func compute() throws -> (GaussianDiffusion<BigFloat>, GaussianReverseProcess<BigFloat>) {
                    let d = try GaussianDiffusion(betas: betas.map { BigFloat($0) })
                    let steps = try (0..<betas.count).map { try LinearGaussianReverseStep(slope: BigFloat(r.slopes[$0]), offset: BigFloat(r.offsets[$0]), variance: BigFloat(r.variances[$0])) }
                    return (d, try GaussianReverseProcess(prior: try UnivariateGaussian(mean: BigFloat(0), variance: BigFloat(1)), steps: steps))
                }
                func term(_ pick: @escaping (DiffusionELBOTerms<BigFloat>) -> BigFloat) throws -> FixtureValue {
                    try Self.cr { let (d, p) = try compute(); return pick(try d.elboTerms(x0: BigFloat(x0), reverse: p)) }
                }
                let denoising = try (0..<(betas.count - 1)).map { k in try term { $0.denoisingKL[k] } }
                let logEvidence = try Self.cr {
                    let (_, p) = try compute()
                    let m = try p.dataMarginal()
                    let x = BigFloat(x0)
                    return -(try BigFloat.log(BigFloat(2) * BigFloat.pi * m.variance)) / BigFloat(2) - (x - m.mean).squared / (BigFloat(2) * m.variance)
                }
                cases.append(FixtureCase(
                    id: caseID("elbo-terms", "\(name)-x0-\(x0)"), comment: "a fixed non-optimal reverse process; ELBO < logEvidence",
                    flags: ["sqrt-alpha-bar", "posterior-variance", "kl-direction",
                            "expectation-of-log-vs-log-of-expectation"] + Self.regimeFlags(betas),
                    inputs: ["betas": Self.inputs(betas), "x0": .exactReal(x0), "priorMean": .exactReal(0), "priorVariance": .exactReal(1),
                             "slopes": Self.inputs(r.slopes), "offsets": Self.inputs(r.offsets), "variances": Self.inputs(r.variances)],
                    expected: .values([
                        "reconstruction": try term { $0.reconstruction }, "denoisingKL": .vector(denoising), "priorKL": try term { $0.priorKL },
                        "elbo": try term { $0.elbo }, "logEvidence": logEvidence,
                    ]),
                    tolerance: Self.toleranceFor(betas)))
            }
        }
        return TestGroup(id: "elbo-terms", description: "Every ELBO term (DF-5) for a linear-Gaussian reverse process, and the exact ln p(x0) of that process (DF-4).", cases: cases)
    }

    func optimalGroup() throws -> TestGroup {
        let (dataMean, dataVariance) = (0.75, 2.0)
        var cases: [FixtureCase] = []
        for (name, betas) in Self.schedules {
            for x0 in [-2.0, 3.5] {
                func compute() throws -> (GaussianDiffusion<BigFloat>, GaussianReverseProcess<BigFloat>) {
                    let d = try GaussianDiffusion(betas: betas.map { BigFloat($0) })
                    return (d, try GaussianReverseProcess.optimal(for: d, data: try UnivariateGaussian(mean: BigFloat(dataMean), variance: BigFloat(dataVariance))))
                }
                let elbo = try Self.cr { let (d, p) = try compute(); return try d.elboTerms(x0: BigFloat(x0), reverse: p).elbo }
                let logP = try Self.cr {
                    let x = BigFloat(x0), v = BigFloat(dataVariance)
                    return -(try BigFloat.log(BigFloat(2) * BigFloat.pi * v)) / BigFloat(2) - (x - BigFloat(dataMean)).squared / (BigFloat(2) * v)
                }
                let steps = try (0..<betas.count).flatMap { k in
                    try (0..<3).map { j in try Self.cr { let (_, p) = try compute(); let s = p.steps[k]; return [s.slope, s.offset, s.variance][j] } }
                }
                cases.append(FixtureCase(
                    id: caseID("optimal", "\(name)-x0-\(x0)"), comment: "data N(\(dataMean), \(dataVariance)); ELBO = ln p(x0) exactly",
                    flags: ["sqrt-alpha-bar", "posterior-variance", "expectation-of-log-vs-log-of-expectation"]
                        + (Self.smallBeta(betas) ? ["optimal-offset-cancellation"] : []),
                    inputs: ["betas": Self.inputs(betas), "x0": .exactReal(x0), "dataMean": .exactReal(dataMean), "dataVariance": .exactReal(dataVariance)],
                    expected: .values(["reverseSteps": .array(shape: [betas.count, 3], data: steps), "elbo": elbo, "logEvidence": logP]),
                    tolerance: Self.toleranceFor(betas)))
            }
        }
        return TestGroup(id: "optimal", description: "The optimal reverse process (rows [slope, offset, variance], t = 1..T) for Gaussian data, where the ELBO equals ln p(x0) (DF-6).", cases: cases)
    }

    func invalidGroup() -> TestGroup {
        let bad: [(String, [Double])] = [("beta-zero", [0.1, 0.0]), ("beta-one", [1.0]), ("beta-above-one", [0.5, 1.5]), ("beta-negative", [-0.1, 0.2]), ("empty", [])]
        return TestGroup(id: "invalid", description: "Schedules that must be refused.", cases: bad.map { (name, betas) in
            FixtureCase(id: caseID("invalid", name), comment: "β must lie in (0, 1)", flags: ["schedule-validation"],
                        inputs: ["betas": Self.inputs(betas), "x0": .exactReal(1)],
                        expected: .error(kind: "invalid-schedule"), tolerance: .exact("an error is an outcome, not a number"))
        })
    }
}
