import LatentDerivations
import OracleArithmetic
import OracleRandom

/// `Fixtures/gradient-estimators/discrete.json`: the score-function estimator for a categorical
/// latent, exactly over ℚ (GE-11, GE-12).
extension GradientEstimatorsExporter {
    static let discreteProblems: [(String, [Double], [Double])] = [
        ("bernoulli-p0.25", [0.75, 0.25], [-1.5, 2.0]),
        ("bernoulli-p0.5", [0.5, 0.5], [0.25, 3.0]),
        ("categorical-k3", [0.125, 0.375, 0.5], [2.0, -0.75, 1.25]),
        ("categorical-k4", [0.25, 0.125, 0.125, 0.5], [1.0, 0.0, -4.0, 1.5]),
        // Nearly one-hot: 1 − π₀ = 2⁻²⁰ + 2⁻³⁰ + 2⁻⁴⁰ (exact in 40 bits), f with full 53-bit mantissas so
        // that E f rounds: f(0) − E f ≈ 7e-7 is 2⁻²⁰ of E f, and the optimal-baseline variances of the
        // rare components (5e-31, 5e-25, 1.2e-21) are 2e-7 … 2e-9 of their E ĝ² (b*_j ≈ f(j) removes the rest).
        (
            "near-one-hot-k4", [1 - 0x1p-20 - 0x1p-30 - 0x1p-40, 0x1p-40, 0x1p-30, 0x1p-20],
            [1.1, -0.7, 2.3, 0.3]
        ),
        (
            "categorical-k10", [0.0625, 0.125, 0.03125, 0.25, 0.0625, 0.09375, 0.125, 0.03125, 0.15625, 0.0625],
            [1.5, -2.0, 0.25, 3.0, -0.5, 0.75, -1.25, 2.5, 0.125, -3.0]
        ),
    ]

    /// The flags a discrete case carries beyond the four every case carries: the nearly one-hot π
    /// is where π_j(f(j) − E f) and E ĝ² − (E ĝ)² cancel.
    static let discreteExtraFlags: [String: [String]] = [
        "near-one-hot-k4": ["softmax-gradient-cancellation", "one-pass-exact-variance"]
    ]

    func discreteFile() throws -> FixtureFile {
        let entries = try Self.discreteProblems.enumerated().map { index, problem in
            let (name, pi, f) = problem
            let seed = 0x6469_7363_0000_0000 &+ UInt64(index)
            var rng = SplitMix64(seed: seed)
            let draws = try (0..<Self.drawCount).map { _ in try rng.categorical(probabilities: pi) }
            return CatalogueEntry(
                name,
                comment:
                    """
                    score-function gradient with respect to the logits η of Cat(softmax(η)) = \(pi), f = \(f); 16 \
                    written draws z
                    """,
                flags: [
                    "score-sign", "missing-baseline-correction", "softmax-score-missing-mean", "uncentred-variance",
                ] + (Self.discreteExtraFlags[name] ?? []),
                inputs: [
                    "probabilities": .vector(pi.map(FixtureValue.exactReal)),
                    "values": .vector(f.map(FixtureValue.exactReal)),
                    "baseline": .exactReal(Self.constantBaseline), "seed": .word(seed),
                    "z": .vector(draws.map { .integer($0) }),
                ])
        }
        let invalid: [(String, [Double])] = [
            ("empty", []), ("zero-probability", [0.0, 1.0]), ("negative", [1.5, -0.5]), ("sum-not-one", [0.5, 0.25]),
        ]
        let refusals = GradientEstimatorsEvaluators.discreteInvalid
        let invalidEntries = try invalid.map { name, pi in
            try Self.refusedCase(
                refusals, name, comment: "must be refused: \(name)", flags: ["invalid-probabilities"],
                inputs: [
                    "probabilities": .vector(pi.map(FixtureValue.exactReal)),
                    "values": .vector(pi.map { _ in FixtureValue.exactReal(1) }),
                    "baseline": .exactReal(Self.constantBaseline), "seed": .word(0), "z": .vector([]),
                ],
                kind: "invalid-probabilities")
        }
        let scoreFunction = try CategoricalScoreFunctionEvaluator().testGroup(
            description:
                """
                Bernoulli and categorical score-function gradients, variances and per-sample estimates (GE-11, GE-12).
                """,
            entries)
        let invalidGroup = try refusals.testGroup(
            description: "Probability vectors that must be refused.", invalidEntries)
        let notes = Self.notes(for: [
            "score-sign", "missing-baseline-correction", "softmax-score-missing-mean", "uncentred-variance",
            "softmax-gradient-cancellation", "one-pass-exact-variance", "invalid-probabilities",
        ])
        return file(
            "discrete",
            description: """
                Score-function gradients for a discrete latent z ~ Cat(softmax(η)) (Bernoulli: K = 2, gradient \
                component 1 is the logit of p), where reparameterization does not apply: exact gradients, optimal \
                baselines and estimator variances by enumeration (exact rationals), and per-sample estimates from \
                written-out draws z.
                """,
            proof: "Proofs/08-gradient-estimators.md", steps: ["GE-11", "GE-12"],
            conventions: [
                "distribution":
                    """
                z ~ Cat(π), π = softmax(η); the gradient is with respect to the logits η; a Bernoulli(p) is K \
                = 2 with π = [1 − p, p] and its logit gradient is component 1
                """,
                "score": "∂_{η_j} ln π_z = [z = j] − π_j",
                "estimators":
                    """
                sf = f(z)·s(z); sf-baseline uses the input constant b; sf-optimal-baseline uses b*_j = E[f \
                s_j²]/E[s_j²] per component
                """,
                "variance": "Var ĝ_j = Σ_z π_z (ĝ_j(z) − g_j)², exact",
                "arrays": "sf and sf-optimal-baseline have shape [16, K]: row i is the estimate from draw z[i]",
                "accuracy": "exact rationals (the exact field), each with its correctly rounded Double",
            ],
            notes: notes,
            groups: [scoreFunction, invalidGroup])
    }
}
