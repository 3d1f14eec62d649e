import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// `Fixtures/mean-field/correlated-gaussian.json` (MF-3 … MF-7).
extension MeanFieldExporter {
    struct GaussianCase {
        let name: String
        let mean: [Double]
        let precision: [[Double]]
        let initialMeans: [Double]
        let initialPrecisions: [Double]
        let sweeps: Int
        var regimeFlags: [String] = []
        var regime: String? = nil
    }

    static let gaussianCases: [GaussianCase] = [
        GaussianCase(
            name: "d2-rho-0.9", mean: [1, -1],
            precision: [[5.263157894736842, -4.736842105263158], [-4.736842105263158, 5.263157894736842]],
            initialMeans: [0, 0], initialPrecisions: [1, 1], sweeps: 4),
        GaussianCase(
            name: "d2-dyadic", mean: [0.5, 2], precision: [[2, 1], [1, 2]], initialMeans: [-1, 3],
            initialPrecisions: [0.5, 4], sweeps: 5),
        GaussianCase(
            name: "d3-dyadic", mean: [1, 0, -2], precision: [[4, 1, 0.5], [1, 3, -1], [0.5, -1, 2]],
            initialMeans: [0, 0, 0], initialPrecisions: [1, 1, 1], sweeps: 4),
        GaussianCase(
            name: "d4-chain", mean: [0.25, -0.5, 1, 2],
            precision: [[2, -1, 0, 0], [-1, 2, -1, 0], [0, -1, 2, -1], [0, 0, -1, 2]],
            initialMeans: [1, 1, 1, 1], initialPrecisions: [2, 2, 2, 2], sweeps: 3),
        GaussianCase(
            name: "d16-pentadiagonal", mean: (0..<16).map { Double($0 % 5) - 2 }, precision: pentadiagonal(16),
            initialMeans: [Double](repeating: 0, count: 16), initialPrecisions: [Double](repeating: 1, count: 16),
            sweeps: 2,
            regime: "d = 16, Λ = pentadiag(0.5, −1, 4, −1, 0.5) with κ(Λ) ≤ 7"),
    ]

    /// The d × d band matrix with 4 on the diagonal, −1 and 0.5 on the first and second off-diagonals:
    /// diagonally dominant (Gershgorin: eigenvalues in [1, 7]) with dyadic entries, so CAVI's iterates
    /// mⱼ = μⱼ − Σₖ Λⱼₖ(mₖ − μₖ)/4 stay dyadic and cheap to certify at d = 16.
    static func pentadiagonal(_ d: Int) -> [[Double]] {
        (0..<d).map { i in (0..<d).map { j in abs(i - j) == 0 ? 4 : abs(i - j) == 1 ? -1 : abs(i - j) == 2 ? 0.5 : 0 } }
    }

    /// The d × d second-difference matrix tridiag(−1, 2, −1) times 2^e: |Λ| = (d + 1)·2^{de}, beyond
    /// the Double range for d = 100, e = ±12, while every entry and ln |Λ| are ordinary numbers.
    static func scaledChain(_ d: Int, exponent: Int) -> [[Double]] {
        let s = Double(sign: .plus, exponent: exponent, significand: 1)
        return (0..<d).map { i in (0..<d).map { j in i == j ? 2 * s : (abs(i - j) == 1 ? -s : 0) } }
    }

    /// The d × d equicorrelation matrix with unit diagonal and off-diagonal 1 − e: eigenvalues e
    /// (d − 1 times) and d − (d − 1)e, so κ = (d − (d − 1)e)/e with every entry an exact Double.
    static func equicorrelation(_ d: Int, _ e: Double) -> [[Double]] {
        (0..<d).map { i in (0..<d).map { j in i == j ? 1 : 1 - e } }
    }

    /// 2^{tᵢ + tⱼ − |i − j|}: the AR(1) correlation 2^{−|i − j|} (κ ≈ 8.6) scaled by D = diag(2^{tᵢ}), so
    /// every entry is a power of two and κ(Λ) ≈ 2^{2(max t − min t)} comes from the scaling alone.
    static func scaledCorrelation(_ t: [Int]) -> [[Double]] {
        t.indices.map { i in
            t.indices.map { j in Double(sign: .plus, exponent: t[i] + t[j] - abs(i - j), significand: 1) }
        }
    }

    static let conditioningMean: [Double] = (0..<10).map { Double($0 % 4) - 1.5 }

    /// Optimum-only cases (a CAVI trace at d = 100 would certify 100 determinants per sweep).
    static let gaussianOptimumRegimeCases: [GaussianCase] = [
        GaussianCase(
            name: "d100-chain-det-overflow", mean: (0..<100).map { Double($0 % 7) - 3.5 },
            precision: scaledChain(100, exponent: 12), initialMeans: [], initialPrecisions: [], sweeps: 0,
            regimeFlags: ["log-det-via-det"], regime: chainRegime),
        GaussianCase(
            name: "d100-chain-det-underflow", mean: (0..<100).map { Double($0 % 5) - 2.5 },
            precision: scaledChain(100, exponent: -12), initialMeans: [], initialPrecisions: [], sweeps: 0,
            regimeFlags: ["log-det-via-det"], regime: chainRegime),
        GaussianCase(
            name: "d10-equicorrelation-kappa-1e4", mean: conditioningMean, precision: equicorrelation(10, 0x1p-10),
            initialMeans: [], initialPrecisions: [], sweeps: 0,
            regime: "Λ = (1 − 2⁻¹⁰)·11ᵀ + 2⁻¹⁰·I, κ(Λ) = 1.0e4 (intrinsic: Λ has a unit diagonal)"),
        GaussianCase(
            name: "d10-equicorrelation-kappa-1e6", mean: conditioningMean, precision: equicorrelation(10, 0x1p-17),
            initialMeans: [], initialPrecisions: [], sweeps: 0,
            regime: "Λ = (1 − 2⁻¹⁷)·11ᵀ + 2⁻¹⁷·I, κ(Λ) = 1.3e6 (intrinsic: Λ has a unit diagonal)"),
        GaussianCase(
            name: "d10-equicorrelation-kappa-1e8", mean: conditioningMean, precision: equicorrelation(10, 0x1p-23),
            initialMeans: [], initialPrecisions: [], sweeps: 0,
            regime: "Λ = (1 − 2⁻²³)·11ᵀ + 2⁻²³·I, κ(Λ) = 8.4e7 (intrinsic: Λ has a unit diagonal)"),
        GaussianCase(
            name: "d10-scaled-kappa-1e8", mean: conditioningMean,
            precision: scaledCorrelation([-7, -5, -4, -2, -1, 1, 2, 4, 5, 7]), initialMeans: [],
            initialPrecisions: [], sweeps: 0, regimeFlags: ["spectral-log-det"],
            regime: "Λᵢⱼ = 2^{tᵢ + tⱼ − |i − j|}, t = (−7, −5, −4, −2, −1, 1, 2, 4, 5, 7): the AR(1) correlation "
                + "2^{−|i − j|} scaled by a diagonal spanning 2^{±7}, κ(Λ) ≈ 1e8 from the scaling alone "
                + "(equilibrated κ ≈ 8.6)"),
    ]

    static let chainRegime = "Λ = 2^{±12}·tridiag(−1, 2, −1), d = 100, |Λ| over- or underflows in Double"

    func correlatedGaussianFile() throws -> FixtureFile {
        file(
            "correlated-gaussian",
            description: """
                Mean-field q(θ) = Πⱼ N(mⱼ, 1/λⱼ) for a correlated Gaussian target N(μ, Λ⁻¹): the CAVI \
                trace (factors and ELBO after every single-factor update) and the closed-form optimum (means μ, \
                precisions Λⱼⱼ), the mean-field and true marginal variances, and KL(q* ‖ p) = ½ ln(Π \
                Λⱼⱼ / |Λ|).
                """,
            proof: "Proofs/10-mean-field.md", steps: ["MF-3", "MF-4", "MF-5", "MF-6", "MF-7"],
            conventions: Self.conventions,
            notes: Self.notes(for: [
                "precision-vs-variance", "kl-direction", "jacobi-vs-gauss-seidel",
                "mean-field-validation", "log-det-via-det", "spectral-log-det",
            ]),
            groups: [try gaussianTraceGroup(), try gaussianOptimumGroup(), try gaussianBadInputGroup()])
    }

    func gaussianTraceGroup() throws -> TestGroup {
        let entries = Self.gaussianCases.map { c in
            CatalogueEntry(
                c.name,
                comment: "d = \(c.mean.count), \(c.sweeps) sweeps from the given factors"
                    + (c.regime.map { "; " + $0 } ?? ""),
                flags: ["precision-vs-variance", "jacobi-vs-gauss-seidel"],
                inputs: [
                    "mean": Self.inputs(c.mean), "precision": Self.inputMatrix(c.precision),
                    "initialMeans": Self.inputs(c.initialMeans),
                    "initialPrecisions": Self.inputs(c.initialPrecisions), "sweeps": .integer(c.sweeps),
                ])
        }
        return try CorrelatedGaussianTraceEvaluator().testGroup(
            description: """
                The factors (means, precisions) and the ELBO = −KL(q ‖ p) after every single-factor update (MF-3, \
                MF-4).
                """, entries)
    }

    func gaussianOptimumGroup() throws -> TestGroup {
        let entries = (Self.gaussianCases + Self.gaussianOptimumRegimeCases).map { c in
            CatalogueEntry(
                c.name, comment: "the closed-form fixed point of CAVI" + (c.regime.map { "; " + $0 } ?? ""),
                flags: ["precision-vs-variance", "kl-direction"] + c.regimeFlags,
                inputs: ["mean": Self.inputs(c.mean), "precision": Self.inputMatrix(c.precision)])
        }
        return try CorrelatedGaussianOptimumEvaluator().testGroup(
            description: """
                The mean-field optimum mⱼ = μⱼ, λⱼ = Λⱼⱼ; variances 1/Λⱼⱼ ≤ Σⱼⱼ; KL(q* ‖ \
                p) (MF-5, MF-6, MF-7).
                """, entries)
    }

    func gaussianBadInputGroup() throws -> TestGroup {
        let refusals = CorrelatedGaussianRefusalEvaluator()
        func bad(_ name: String, _ mean: [Double], _ precision: [[Double]], _ kind: String, _ comment: String)
            throws -> CatalogueEntry
        {
            try Self.refusedCase(
                refusals, name, comment: comment, flags: ["mean-field-validation"],
                inputs: ["mean": Self.inputs(mean), "precision": Self.inputMatrix(precision)], kind: kind)
        }
        return try refusals.testGroup(
            description: "Targets that must be refused.",
            [
                bad("indefinite", [0, 0], [[1, 2], [2, 1]], "not-positive-definite", "eigenvalues 3 and −1"),
                bad("singular", [0, 0], [[1, 1], [1, 1]], "not-positive-definite", "rank 1"),
                bad("negative-diagonal", [0], [[-2]], "not-positive-definite", "a negative precision"),
            ])
    }
}
