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

    /// The logits cases (GE-15, GE-16): (name, η, f, flags). The dominance flags are carried where the
    /// dominant category's 1 − π is at most e^{−15} (3.1e-7: float64 loses ≥ 20 bits in the fragile forms,
    /// float32 all but 2); the overflow and underflow flags where a logit is above 709.78, every logit is
    /// below −745, or (log of the softmax) some category is more than 745 below the largest.
    static let dominanceFlags = [
        "log-softmax-no-max-shift", "log-softmax-without-log1p", "log-of-softmax", "complement-by-subtraction",
        "softmax-gradient-cancellation",
    ]
    static let overflowFlags = ["softmax-no-max-shift", "log-softmax-no-max-shift", "log-of-softmax"]
    static let logitProblems: [(String, [Double], [Double], [String])] = [
        ("moderate-k3", [0.5, -1.25, 2.0], [2.0, -0.75, 1.25], []),
        ("bernoulli-logit-30", [0, 30], [1.5, -0.75], dominanceFlags),
        ("bernoulli-logit-800", [0, 800], [1.5, -0.75], overflowFlags),
        (
            "near-one-hot-logits-20-k3", [20, 0, 5], [1.1, -0.7, 2.3],
            dominanceFlags + ["one-pass-exact-variance", "enumerated-centred-variance"]
        ),
        (
            "near-one-hot-logits-30-k4", [30, -30, 0, -10], [1.1, -0.7, 2.3, 0.3],
            dominanceFlags + ["one-pass-exact-variance", "enumerated-centred-variance"]
        ),
        (
            "near-one-hot-logits-30-k10", [30, -30, 0, -10, -5, -2.5, -1, -20, -7.5, -3],
            [1.1, -0.7, 2.3, 0.3, -1.2, 0.8, 1.9, -0.4, 0.6, -1.5],
            dominanceFlags + ["one-pass-exact-variance", "enumerated-centred-variance"]
        ),
        ("logits-plus-minus-700-k3", [700, -700, 0], [1.1, -0.7, 2.3], dominanceFlags),
        ("logits-710-and-minus-700-k3", [710, -700, 709.5], [1.1, -0.7, 2.3], overflowFlags),
        (
            "logits-minus-800-k3", [-800, -801.5, -799], [1.1, -0.7, 2.3],
            ["softmax-no-max-shift", "log-softmax-no-max-shift"]
        ),
    ]

    func logitsGroup() throws -> TestGroup {
        try LogitScoreFunctionEvaluator().testGroup(
            description:
                """
                Cat(softmax(η)) from logits η, saturated at ±30, ±700 and ±800 and one far-from-saturation control \
                (GE-15, GE-16): ln π, π, E f, the gradient in η, the optimal baselines and the exact \
                score-function variances, where the textbook softmax, its logarithm and the enumerated variances \
                overflow, underflow or cancel.
                """,
            Self.logitProblems.map { name, eta, f, flags in
                CatalogueEntry(
                    name,
                    comment: "logits η = \(eta), f = \(f): " + Self.logitRemark(eta),
                    flags: flags,
                    inputs: [
                        "logits": .vector(eta.map(FixtureValue.exactReal)),
                        "values": .vector(f.map(FixtureValue.exactReal)),
                        "baseline": .exactReal(Self.constantBaseline),
                    ])
            })
    }

    /// What a case's logits do to the textbook formulas.
    static func logitRemark(_ eta: [Double]) -> String {
        let top = eta.max() ?? 0
        let gap = eta.map { top - $0 }.filter { $0 > 0 }.min() ?? 0
        var parts: [String] = []
        if top > 709.78 { parts.append("e^{max η} overflows float64") }
        if top < -745 { parts.append("every e^{η_k} underflows to 0") }
        if let widest = eta.map({ top - $0 }).max(), widest > 745 { parts.append("some π_k underflows to 0") }
        if gap >= 15 { parts.append("the dominant category has 1 − π ≈ e^{−\(Int(gap))}") }
        return parts.isEmpty ? "no saturation (the control case)" : parts.joined(separator: "; ")
    }

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
            "softmax-no-max-shift", "log-softmax-no-max-shift", "log-of-softmax", "log-softmax-without-log1p",
            "complement-by-subtraction", "enumerated-centred-variance",
        ])
        let logits = try logitsGroup()
        return file(
            "discrete",
            description: """
                Score-function gradients for a discrete latent z ~ Cat(softmax(η)) (Bernoulli: K = 2, gradient \
                component 1 is the logit of p), where reparameterization does not apply: exact gradients, optimal \
                baselines and estimator variances by enumeration (exact rationals), and per-sample estimates from \
                written-out draws z; and the same moments with ln π and π from logits η saturated at ±30, ±700 \
                and ±800 (correctly rounded).
                """,
            proof: "Proofs/08-gradient-estimators.md", steps: ["GE-11", "GE-12", "GE-15", "GE-16"],
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
                "logits":
                    """
                the logits group gives η instead of π: π = softmax(η), ln π_k = η_k − ln Σ_j e^{η_j}; its \
                outputs are correctly rounded (384 bits, confirmed at 256), and one below the least subnormal is 0
                """,
                "accuracy":
                    "score-function: exact rationals (the exact field), each with its correctly rounded Double",
            ],
            notes: notes,
            groups: [scoreFunction, invalidGroup, logits])
    }
}
