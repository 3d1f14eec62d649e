import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleRandom

/// `Fixtures/divergences/gaussian-kl.json`: KL between univariate, diagonal and full-covariance
/// Gaussians, with the exact split KL = rationalPart + ½·ln(logArgument) (KL-1 … KL-13).
extension DivergencesExporter {
    func gaussianFile() throws -> FixtureFile {
        let allFlags = ["kl-direction", "missing-half", "logdet-sign", "trace-term-transposed"]
        var shift: [CatalogueEntry] = []
        for j in -12...12 {
            let mu = Double(j) / 4
            shift.append(
                gaussianEntry(
                    "mu-\(j < 0 ? "minus-" : "")\(Swift.abs(j))-quarters",
                    .diagonal([0], [1], [mu], [1]),
                    flags: j == 0 ? [] : ["missing-half"],
                    comment: "p = N(0,1), q = N(\(mu),1): KL = μ²/2 exactly (the figure's series)"))
        }
        let univariate: [(String, GaussianPair, [String], String)] = [
            (
                "narrow-vs-wide", .diagonal([0], [1], [0], [4]),
                ["kl-direction", "logdet-sign", "sigma-vs-variance", "trace-term-transposed"],
                "KL(N(0,1) ‖ N(0,4)) = ln 2 − 3/8"
            ),
            (
                "wide-vs-narrow", .diagonal([0], [4], [0], [1]),
                ["kl-direction", "logdet-sign", "sigma-vs-variance", "trace-term-transposed"],
                "KL(N(0,4) ‖ N(0,1)) = 3/2 − ln 2"
            ),
            (
                "shift-and-scale", .diagonal([0.5], [0.25], [-1.25], [2.5]), allFlags + ["sigma-vs-variance"],
                "both mean and variance differ"
            ),
            (
                "tiny-vs-huge-variance", .diagonal([1024], [0x1p-40], [-1024], [0x1p40]),
                ["missing-half", "logdet-sign", "sigma-vs-variance"],
                "variances 2^-40 and 2^40: widely different scales"
            ),
            (
                "huge-vs-tiny-variance", .diagonal([3], [0x1p30], [3], [0x1p-30]),
                ["kl-direction", "missing-half", "sigma-vs-variance", "trace-term-transposed"],
                "KL ≈ 2^59: q is far narrower than p"
            ),
            ("identical", .diagonal([0.375], [1.5], [0.375], [1.5]), [], "KL(p ‖ p) = 0 exactly"),
        ]
        var g = SplitMix64(seed: 0xD1_7E_46)
        var diagonal: [CatalogueEntry] = []
        for k in [2, 3, 5, 8, 10] {
            let v1 = (0..<k).map { _ in Double(1 + Int(g.next() % 32)) / 8 }
            let v2 = (0..<k).map { _ in Double(1 + Int(g.next() % 32)) / 8 }
            diagonal.append(
                gaussianEntry(
                    "dimension-\(k)", .diagonal(Self.randomMean(k, &g), v1, Self.randomMean(k, &g), v2),
                    flags: allFlags + ["sigma-vs-variance"],
                    comment: "diagonal covariances in dimension \(k): the sum of \(k) univariate KLs"))
        }
        var full: [CatalogueEntry] = []
        for k in 1...10 {
            let pair = GaussianPair(
                mean1: Self.randomMean(k, &g), sigma1: Self.randomCovariance(k, rank: k, ridge: 0.25, &g),
                mean2: Self.randomMean(k, &g), sigma2: Self.randomCovariance(k, rank: k, ridge: 0.5, &g),
                diagonal: false)
            full.append(
                gaussianEntry(
                    "dimension-\(k)", pair, flags: allFlags,
                    comment: "full covariances BBᵀ + cI with dyadic B in dimension \(k)"))
        }
        var near: [CatalogueEntry] = []
        for (k, e) in [(2, 20), (4, 24), (6, 22)] {
            near.append(
                gaussianEntry(
                    "dimension-\(k)-epsilon-2-minus-\(e)", Self.nearEqualPair(k, exponent: e, &g),
                    flags: ["cancellation-near-equal", "missing-half"],
                    comment:
                        """
                        Σ1 = Σ2 + 2^-\(e)·E, μ1 − μ2 = O(2^-\(e)): KL ≈ 1e-\(e * 3 / 5 * 1)-ish, far below \
                        the size k of the terms
                        """
                ))
        }
        var ill: [CatalogueEntry] = []
        for (k, r) in [(2, 24), (3, 20), (5, 18)] {
            let ridge = 1 / Double(1 << r)
            let pair = GaussianPair(
                mean1: Self.randomMean(k, &g), sigma1: Self.randomCovariance(k, rank: k, ridge: 0.5, &g),
                mean2: Self.randomMean(k, &g), sigma2: Self.randomCovariance(k, rank: k - 1, ridge: ridge, &g),
                diagonal: false)
            ill.append(
                gaussianEntry(
                    "dimension-\(k)-ridge-2-minus-\(r)", pair, flags: allFlags,
                    comment: "Σ2 = BBᵀ + 2^-\(r)·I with B of rank \(k - 1): κ(Σ2) ~ 2^\(r)"))
        }
        let bad: [(String, OrderedMap<FixtureValue>, String, String)] = [
            (
                "singular-covariance",
                [
                    "mean1": Self.vectorValue([0, 0]), "covariance1": Self.matrixValue([[1, 0], [0, 1]]),
                    "mean2": Self.vectorValue([0, 0]), "covariance2": Self.matrixValue([[1, 1], [1, 1]]),
                ],
                "not-positive-definite", "Σ2 = [[1,1],[1,1]] is singular"
            ),
            (
                "indefinite-covariance",
                [
                    "mean1": Self.vectorValue([0, 0]), "covariance1": Self.matrixValue([[1, 2], [2, 1]]),
                    "mean2": Self.vectorValue([0, 0]), "covariance2": Self.matrixValue([[1, 0], [0, 1]]),
                ],
                "not-positive-definite", "Σ1 = [[1,2],[2,1]] has eigenvalue −1"
            ),
            (
                "dimension-mismatch",
                [
                    "mean1": Self.vectorValue([0, 0]), "covariance1": Self.matrixValue([[1, 0], [0, 1]]),
                    "mean2": Self.vectorValue([0, 0, 0]),
                    "covariance2": Self.matrixValue([[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
                ],
                "shape-mismatch", "p on ℝ², q on ℝ³"
            ),
            (
                "zero-variance",
                [
                    "mean1": Self.vectorValue([0]), "variance1": Self.vectorValue([0]), "mean2": Self.vectorValue([0]),
                    "variance2": Self.vectorValue([1]),
                ],
                "not-positive-definite", "σ1² = 0: a point mass has no density"
            ),
            (
                "negative-variance",
                [
                    "mean1": Self.vectorValue([0]), "variance1": Self.vectorValue([1]), "mean2": Self.vectorValue([0]),
                    "variance2": Self.vectorValue([-2]),
                ],
                "not-positive-definite", "σ2² = −2"
            ),
        ]
        let refusals = try Self.evaluator("divergences/gaussian-kl/gaussian-bad-input")
        let badCases = try bad.map { name, inputs, kind, comment in
            try Self.refusedCase(refusals, name, comment: comment, inputs: inputs, kind: kind)
        }
        return file(
            "gaussian-kl",
            description: """
                KL(p ‖ q) for p = N(mean1, Σ1), q = N(mean2, Σ2): expected kl correctly rounded from the exact \
                split kl = rationalPart + ½·ln(logArgument), both parts exact rationals computed over ℚ by LDLᵀ \
                (rationalPart = ½[tr(Σ2⁻¹Σ1) − k + (μ2−μ1)ᵀΣ2⁻¹(μ2−μ1)], logArgument = \
                |Σ2|/|Σ1|).
                """,
            proof: "Proofs/02-gaussian-kl.md",
            steps: ["KL-4", "KL-6", "KL-8", "KL-9", "KL-10", "KL-11", "KL-12", "KL-13"],
            conventions: [
                "kl-direction":
                    """
                kl is KL(p ‖ q) = E_p[ln p − ln q] with p = N(mean1, ·1) the first distribution and q = \
                N(mean2, ·2) the second
                """,
                "variance":
                    "variance1/variance2 are variances σ² (diagonal covariance entries), not standard deviations",
                "covariance": "covariance1/covariance2 are full symmetric k×k covariance matrices, row-major",
                "units": "nats (natural logarithm)",
                "parts":
                    """
                rationalPart and logArgument are exact rationals (their 'exact' field) rounded to Double; kl = \
                rationalPart + ln(logArgument)/2
                """,
                "errors":
                    """
                a covariance or variance that is not positive definite is refused with not-positive-definite; \
                mismatched dimensions with shape-mismatch
                """,
            ],
            notes: Self.notes(
                for:
                    allFlags + [
                        "sigma-vs-variance", "cancellation-near-equal", "cross-entropy-minus-entropy",
                        "log-det-via-det", "cholesky-jitter", "variance-ratio-underflow",
                        "mahalanobis-overflow", "log-variance-difference",
                        "explicit-inverse",
                    ]),
            groups: [
                try Self.evaluator("divergences/gaussian-kl/unit-shift").testGroup(
                    description: """
                        KL(N(0,1) ‖ N(μ,1)) = μ²/2 at μ = k/4, the series of the figure kl-unit-gaussian-shift.
                        """, shift),
                try Self.evaluator("divergences/gaussian-kl/univariate").testGroup(
                    description: "One-dimensional pairs: asymmetry, widely different scales, identity.",
                    univariate.map { gaussianEntry($0.0, $0.1, flags: $0.2, comment: $0.3) } + univariateRegimes()),
                try Self.evaluator("divergences/gaussian-kl/diagonal").testGroup(
                    description: "Diagonal covariances in dimensions 2 to 200.", diagonal + diagonalRegimes()),
                try Self.evaluator("divergences/gaussian-kl/full").testGroup(
                    description: """
                        Full covariances in dimensions 1 to 10, \(Self.fullRegimeDimension) and \
                        \(Self.largeFullDimension).
                        """,
                    full + fullRegimes() + fullExtremeScaleRegimes() + fullLargeDimensionRegimes()),
                try Self.evaluator("divergences/gaussian-kl/near-equal").testGroup(
                    description: "Nearly equal distributions where term-by-term evaluation cancels.",
                    near + nearEqualRegimes() + largeNearEqualRegimes()),
                try Self.evaluator("divergences/gaussian-kl/ill-conditioned").testGroup(
                    description: "A nearly singular Σ2, κ from 1e2 to 1e12.",
                    ill + illConditionedRegimes() + sharedCovarianceRegimes()),
                try refusals.testGroup(
                    description: "Singular, indefinite, mismatched: refused.", badCases),
            ])
    }
}
