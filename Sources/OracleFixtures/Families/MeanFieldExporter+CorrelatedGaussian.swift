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
    }

    static let gaussianCases: [GaussianCase] = [
        GaussianCase(name: "d2-rho-0.9", mean: [1, -1], precision: [[5.263157894736842, -4.736842105263158], [-4.736842105263158, 5.263157894736842]],
                     initialMeans: [0, 0], initialPrecisions: [1, 1], sweeps: 4),
        GaussianCase(name: "d2-dyadic", mean: [0.5, 2], precision: [[2, 1], [1, 2]], initialMeans: [-1, 3], initialPrecisions: [0.5, 4], sweeps: 5),
        GaussianCase(name: "d3-dyadic", mean: [1, 0, -2], precision: [[4, 1, 0.5], [1, 3, -1], [0.5, -1, 2]],
                     initialMeans: [0, 0, 0], initialPrecisions: [1, 1, 1], sweeps: 4),
        GaussianCase(name: "d4-chain", mean: [0.25, -0.5, 1, 2], precision: [[2, -1, 0, 0], [-1, 2, -1, 0], [0, -1, 2, -1], [0, 0, -1, 2]],
                     initialMeans: [1, 1, 1, 1], initialPrecisions: [2, 2, 2, 2], sweeps: 3),
    ]

    /// The d × d second-difference matrix tridiag(−1, 2, −1) times 2^e: |Λ| = (d + 1)·2^{de}, beyond
    /// the Double range for d = 100, e = ±12, while every entry and ln |Λ| are ordinary numbers.
    static func scaledChain(_ d: Int, exponent: Int) -> [[Double]] {
        let s = Double(sign: .plus, exponent: exponent, significand: 1)
        return (0..<d).map { i in (0..<d).map { j in i == j ? 2 * s : (abs(i - j) == 1 ? -s : 0) } }
    }

    /// Optimum-only cases (a CAVI trace at d = 100 would certify 100 determinants per sweep).
    static let gaussianOptimumRegimeCases: [GaussianCase] = [
        GaussianCase(name: "d100-chain-det-overflow", mean: (0..<100).map { Double($0 % 7) - 3.5 },
                     precision: scaledChain(100, exponent: 12), initialMeans: [], initialPrecisions: [], sweeps: 0),
        GaussianCase(name: "d100-chain-det-underflow", mean: (0..<100).map { Double($0 % 5) - 2.5 },
                     precision: scaledChain(100, exponent: -12), initialMeans: [], initialPrecisions: [], sweeps: 0),
    ]

    static let chainReason = """
        d = 100, κ(Λ) ≈ 4.1e3, |Λ| = 101·2^{±1200} outside the Double range: ln |Λ| from a Cholesky \
        factor (Σ 2 ln Lⱼⱼ) or slogdet, and diag Λ⁻¹ from a backward-stable inverse, reach ≲ κ·d·u ≈ 1e-10 \
        relative at worst (the NumPy consumer: ≤ 1e-13, the KL ≈ 32 being a difference of two ≈ 10³ sums); \
        ln det(Λ) with det(Λ) evaluated first is ln ∞ or ln 0 and fails
        """

    func correlatedGaussianFile() throws -> FixtureFile {
        FixtureFile(
            family: family, variant: "correlated-gaussian",
            description: "Mean-field q(θ) = Πⱼ N(mⱼ, 1/λⱼ) for a correlated Gaussian target N(μ, Λ⁻¹): the CAVI trace (factors and ELBO after every single-factor update) and the closed-form optimum (means μ, precisions Λⱼⱼ), the mean-field and true marginal variances, and KL(q* ‖ p) = ½ ln(Π Λⱼⱼ / |Λ|).",
            proof: ProofReference(file: "Proofs/10-mean-field.md", steps: ["MF-3", "MF-4", "MF-5", "MF-6", "MF-7"]),
            conventions: Self.conventions,
            notes: Self.notes(for: ["precision-vs-variance", "kl-direction", "jacobi-vs-gauss-seidel",
                                    "mean-field-validation", "log-det-via-det"]),
            testGroups: [try gaussianTraceGroup(), try gaussianOptimumGroup(), gaussianBadInputGroup()])
    }

    func gaussianTraceGroup() throws -> TestGroup {
        let variant = "correlated-gaussian"
        let cases = try Self.gaussianCases.map { c -> FixtureCase in
            let target = try CorrelatedGaussianMeanField(mean: Self.exactRationals(c.mean), precision: try Matrix(c.precision.map(Self.exactRationals)))
            let start = GaussianMeanFieldFactors(means: Self.exactRationals(c.initialMeans), precisions: Self.exactRationals(c.initialPrecisions))
            let trace = try CoordinateAscent.run(target, from: start, sweeps: c.sweeps)
            let elbo = try trace.map { step in
                try Self.correctlyRounded {
                    let parts = try target.klParts(step.factors)
                    return -(BigFloat(parts.rational) + (try BigFloat.log(BigFloat(parts.logArgument))) / BigFloat(2))
                }
            }
            return FixtureCase(
                id: caseID(variant, "cavi-trace", c.name),
                comment: "d = \(c.mean.count), \(c.sweeps) sweeps from the given factors",
                flags: ["precision-vs-variance", "jacobi-vs-gauss-seidel"],
                inputs: ["mean": Self.inputs(c.mean), "precision": Self.inputMatrix(c.precision),
                         "initialMeans": Self.inputs(c.initialMeans), "initialPrecisions": Self.inputs(c.initialPrecisions),
                         "sweeps": .integer(c.sweeps)],
                expected: .values([
                    "means": Self.matrix(trace.map(\.factors.means)),
                    "precisions": Self.matrix(trace.map(\.factors.precisions)),
                    "elbo": .vector(elbo),
                ]),
                tolerance: .absolute(1e-12, "entries are O(1)–O(10) and κ(Λ) ≤ 40: each update is a d-term dot product (error ≤ d·u·Σ|Λⱼₖ||mₖ − μₖ|/Λⱼⱼ ≈ 1e-15) and Gauss–Seidel contracts earlier errors; the ELBO is ½ Σ of d² products and d logs, error ≲ 4d²·u·max|term| < 1e-13"))
        }
        return TestGroup(id: "cavi-trace", description: "The factors (means, precisions) and the ELBO = −KL(q ‖ p) after every single-factor update (MF-3, MF-4).", cases: cases)
    }

    func gaussianOptimumGroup() throws -> TestGroup {
        let variant = "correlated-gaussian"
        let cases = try (Self.gaussianCases + Self.gaussianOptimumRegimeCases).map { c -> FixtureCase in
            let regime = Self.gaussianOptimumRegimeCases.contains { $0.name == c.name }
            let target = try CorrelatedGaussianMeanField(mean: Self.exactRationals(c.mean), precision: try Matrix(c.precision.map(Self.exactRationals)))
            let star = target.optimum
            let kl = try Self.correctlyRounded {
                let parts = try target.klParts(star)
                return BigFloat(parts.rational) + (try BigFloat.log(BigFloat(parts.logArgument))) / BigFloat(2)
            }
            return FixtureCase(
                id: caseID(variant, "optimum", c.name),
                comment: "the closed-form fixed point of CAVI" + (regime ? "; Λ = 2^{±12}·tridiag(−1, 2, −1), d = 100, "
                    + "|Λ| over- or underflows in Double" : ""),
                flags: ["precision-vs-variance", "kl-direction"] + (regime ? ["log-det-via-det"] : []),
                inputs: ["mean": Self.inputs(c.mean), "precision": Self.inputMatrix(c.precision)],
                expected: .values([
                    "means": Self.reals(star.means),
                    "precisions": Self.reals(star.precisions),
                    "meanFieldVariances": Self.reals(target.meanFieldVariances),
                    "trueVariances": Self.reals(try target.trueMarginalVariances()),
                    "klQP": kl,
                ]),
                tolerance: regime ? .relative(1e-9, Self.chainReason)
                    : .absolute(1e-12, "κ(Λ) ≤ 40 and |Σⱼⱼ| ≤ 10: a backward-stable inverse has absolute error ≤ κ·d·u·max Σⱼⱼ ≈ 1e-13; the KL is a difference of d + 1 logarithms of O(1)–O(10) numbers, error ≲ 4d·u·3"))
        }
        return TestGroup(id: "optimum", description: "The mean-field optimum mⱼ = μⱼ, λⱼ = Λⱼⱼ; variances 1/Λⱼⱼ ≤ Σⱼⱼ; KL(q* ‖ p) (MF-5, MF-6, MF-7).", cases: cases)
    }

    func gaussianBadInputGroup() -> TestGroup {
        let variant = "correlated-gaussian"
        func bad(_ name: String, _ mean: [Double], _ precision: [[Double]], _ kind: String, _ comment: String) -> FixtureCase {
            FixtureCase(id: caseID(variant, "invalid", name), comment: comment, flags: ["mean-field-validation"],
                        inputs: ["mean": Self.inputs(mean), "precision": Self.inputMatrix(precision)],
                        expected: .error(kind: kind), tolerance: .exact("an error is an outcome, not a number"))
        }
        return TestGroup(id: "invalid", description: "Targets that must be refused.", cases: [
            bad("indefinite", [0, 0], [[1, 2], [2, 1]], "not-positive-definite", "eigenvalues 3 and −1"),
            bad("singular", [0, 0], [[1, 1], [1, 1]], "not-positive-definite", "rank 1"),
            bad("negative-diagonal", [0], [[-2]], "not-positive-definite", "a negative precision"),
        ])
    }
}
