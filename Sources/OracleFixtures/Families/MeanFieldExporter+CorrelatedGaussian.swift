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

    func correlatedGaussianFile() throws -> FixtureFile {
        FixtureFile(
            family: family, variant: "correlated-gaussian",
            description: "Mean-field q(θ) = Πⱼ N(mⱼ, 1/λⱼ) for a correlated Gaussian target N(μ, Λ⁻¹): the CAVI trace (factors and ELBO after every single-factor update) and the closed-form optimum (means μ, precisions Λⱼⱼ), the mean-field and true marginal variances, and KL(q* ‖ p) = ½ ln(Π Λⱼⱼ / |Λ|).",
            proof: ProofReference(file: "Proofs/10-mean-field.md", steps: ["MF-3", "MF-4", "MF-5", "MF-6", "MF-7"]),
            conventions: Self.conventions,
            notes: Self.notes(for: ["precision-vs-variance", "kl-direction", "jacobi-vs-gauss-seidel", "mean-field-validation"]),
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
        let cases = try Self.gaussianCases.map { c -> FixtureCase in
            let target = try CorrelatedGaussianMeanField(mean: Self.exactRationals(c.mean), precision: try Matrix(c.precision.map(Self.exactRationals)))
            let star = target.optimum
            let kl = try Self.correctlyRounded {
                let parts = try target.klParts(star)
                return BigFloat(parts.rational) + (try BigFloat.log(BigFloat(parts.logArgument))) / BigFloat(2)
            }
            return FixtureCase(
                id: caseID(variant, "optimum", c.name),
                comment: "the closed-form fixed point of CAVI",
                flags: ["precision-vs-variance", "kl-direction"],
                inputs: ["mean": Self.inputs(c.mean), "precision": Self.inputMatrix(c.precision)],
                expected: .values([
                    "means": Self.reals(star.means),
                    "precisions": Self.reals(star.precisions),
                    "meanFieldVariances": Self.reals(target.meanFieldVariances),
                    "trueVariances": Self.reals(try target.trueMarginalVariances()),
                    "klQP": kl,
                ]),
                tolerance: .absolute(1e-12, "κ(Λ) ≤ 40 and |Σⱼⱼ| ≤ 10: a backward-stable inverse has absolute error ≤ κ·d·u·max Σⱼⱼ ≈ 1e-13; the KL is a difference of d + 1 logarithms of O(1)–O(10) numbers, error ≲ 4d·u·3"))
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
