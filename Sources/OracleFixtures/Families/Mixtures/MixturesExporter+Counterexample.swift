import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

extension MixturesExporter {
    /// 1-D data from two overlapping clusters (SplitMix64 seed 0x21, rounded to 1/256) and λ⁰
    /// near the maximum-likelihood fit (40 ordinary EM steps in Double from a fixed start, rounded
    /// to multiples of 2⁻²⁰, weights set so that π₀ + π₁ = 1 exactly). Near the MLE any other λ has
    /// lower likelihood, so the hard-assignment step, which moves λ, must lower L while raising F
    /// (EM-10).
    static func counterexampleProblem() throws -> (data: [[Double]], initial: MixtureParameters<Double>) {
        try nearFitProblem(
            data: synthetic(seed: 0x21, clusters: [(20, [0], [1]), (20, [1.5], [1])]),
            start: diagonalParameters(weights: [0.5, 0.5], means: [[-0.5], [2]], variances: [[1], [1]]))
    }

    /// The 2-D analogue: 20 points from N((0, 0), I) and 20 from N((1.5, 1), diag(1, 0.8²)) (seed
    /// 0x2d, rounded to 1/256), λ⁰ near the full-covariance fit on the grid 2⁻²⁰.
    static func counterexampleProblem2D() throws -> (data: [[Double]], initial: MixtureParameters<Double>) {
        try nearFitProblem(
            data: synthetic(seed: 0x2d, clusters: [(20, [0, 0], [1, 1]), (20, [1.5, 1], [1, 0.8])]),
            start: diagonalParameters(
                weights: [0.5, 0.5], means: [[-0.5, -0.5], [2, 1.5]], variances: [[1, 1], [1, 1]]))
    }

    /// λ⁰ after 40 full-covariance EM steps in Double from `start`, rounded to the grid 2⁻²⁰.
    static func nearFitProblem(data: [[Double]], start: MixtureParameters<Double>) throws -> (
        data: [[Double]], initial: MixtureParameters<Double>
    ) {
        let fit = try MixtureEM.run(
            data: data, initial: start, covarianceType: .full, covarianceRegularizer: 0,
            stopping: EMStoppingRule(maximumIterations: 40, logLikelihoodTolerance: nil)
        ).records.last!.parameters
        // λ⁰ on the grid 2⁻²⁰, so that it does not depend on the last bits of the Double EM (a
        // change of summation order there must not change this fixture's inputs).
        func grid(_ x: Double) -> Double { (x * 0x1p20).rounded() / 0x1p20 }
        var weights = fit.weights.map(grid)
        if weights[0] >= 0.5 { weights[1] = 1 - weights[0] } else { weights[0] = 1 - weights[1] }
        return (
            data,
            MixtureParameters(
                weights: weights, means: fit.means.map { $0.map(grid) },
                covariances: fit.covariances.map { $0.map(grid) })
        )
    }

    /// A hard-assignment problem moved by x ↦ 2^power·x + offset (exact for these grids): by EM-8 the
    /// assignments are unchanged, λ¹ moves alike, and L and F shift by −N·d·power·ln 2 before and after.
    static func moved(
        _ problem: (data: [[Double]], initial: MixtureParameters<Double>), power: Int = 0, offset: Double = 0
    ) -> (data: [[Double]], initial: MixtureParameters<Double>) {
        let p = problem.initial
        func map(_ x: Double) -> Double { Foundation.scalbn(x, power) + offset }
        return (
            problem.data.map { $0.map(map) },
            MixtureParameters(
                weights: p.weights, means: p.means.map { $0.map(map) },
                covariances: p.covariances.map { $0.map { Foundation.scalbn($0, 2 * power) } })
        )
    }

    /// One case of the hard-assignment group: its name, comment, flags, problem, and whether it must be
    /// a counterexample (F rises and L falls; else only F must rise).
    struct HardAssignmentCase {
        let name: String, comment: String, flags: [String]
        let problem: (data: [[Double]], initial: MixtureParameters<Double>)
        let counterexample: Bool
    }

    static func hardAssignmentCases() throws -> [HardAssignmentCase] {
        let oneD = try counterexampleProblem(), twoD = try counterexampleProblem2D()
        let counterexampleFlags = ["soft-instead-of-hard"]
        let offsetFlags = counterexampleFlags + ["one-pass-covariance", "expanded-mahalanobis"]
        let farFlags = ["no-logsumexp-shift", "log-of-density"]
        func far(_ problem: (data: [[Double]], initial: MixtureParameters<Double>), means: [[Double]])
            -> (data: [[Double]], initial: MixtureParameters<Double>)
        {
            let unit = [Double](repeating: 1, count: means[0].count)
            return (problem.data, diagonalParameters(weights: [0.5, 0.5], means: means, variances: [unit, unit]))
        }
        return [
            HardAssignmentCase(
                name: "1d-overlapping-k2",
                comment: """
                    40 points from N(0, 1) and N(1.5, 1) (SplitMix64 seed 0x21, rounded to 1/256); λ⁰ ≈ the MLE, on \
                    the grid 2⁻²⁰
                    """, flags: counterexampleFlags, problem: oneD, counterexample: true),
            HardAssignmentCase(
                name: "1d-overlapping-k2-offset-1e6",
                comment: """
                    the data and means of 1d-overlapping-k2 plus 10⁶ (exact Doubles); L and F equal those of \
                    1d-overlapping-k2 (EM-8), and λ¹ moves by 10⁶. Sums of squares about 0 (one-pass \
                    variance, expanded Mahalanobis terms) cancel 12 digits
                    """, flags: offsetFlags, problem: moved(oneD, offset: 1e6), counterexample: true),
            HardAssignmentCase(
                name: "1d-overlapping-k2-offset-1e8",
                comment: """
                    the data and means of 1d-overlapping-k2 plus 10⁸ (exact Doubles: the ulp at 10⁸ is 2⁻²⁶); \
                    L and F equal those of 1d-overlapping-k2 (EM-8). Sums of squares about 0 cancel 16 digits: \
                    a one-pass variance is noise of the size of the variance itself
                    """, flags: offsetFlags, problem: moved(oneD, offset: 1e8), counterexample: true),
            HardAssignmentCase(
                name: "2d-overlapping-k2",
                comment: """
                    2-D, 20 points from N((0, 0), I) and 20 from N((1.5, 1), diag(1, 0.8²)) (seed 0x2d, \
                    rounded to 1/256); λ⁰ ≈ the full-covariance MLE, on the grid 2⁻²⁰
                    """, flags: counterexampleFlags, problem: twoD, counterexample: true),
            HardAssignmentCase(
                name: "2d-overlapping-k2-tiny-scale",
                comment: """
                    the data and means of 2d-overlapping-k2 times 2⁻⁴⁸⁰ ≈ 3·10⁻¹⁴⁵ and the covariances times \
                    2⁻⁹⁶⁰ (exact), so variances are near 10⁻²⁸⁹ and |Σ_k| near 10⁻⁵⁷⁸, below the least Double; \
                    the assignments are those of 2d-overlapping-k2, and L and F shift by +2N·480·ln 2
                    """, flags: counterexampleFlags + ["log-det-via-det"], problem: moved(twoD, power: -480),
                counterexample: true),
            HardAssignmentCase(
                name: "2d-overlapping-k2-huge-scale",
                comment: """
                    the data and means of 2d-overlapping-k2 times 2⁴⁸⁰ ≈ 3·10¹⁴⁴ and the covariances times 2⁹⁶⁰, \
                    so variances are near 10²⁸⁹ and |Σ_k| near 10⁵⁷⁸, above the largest Double; L and F shift \
                    by −2N·480·ln 2
                    """, flags: counterexampleFlags + ["log-det-via-det"], problem: moved(twoD, power: 480),
                counterexample: true),
            HardAssignmentCase(
                name: "1d-all-points-far-1e3-k2",
                comment: """
                    the points of 1d-overlapping-k2 with λ⁰ = ½N(−40, 1) + ½N(44, 1): every log joint at λ⁰ is \
                    between −760 and −1100, so every density π_k N(x_n; μ_k, σ_k²) underflows to 0. λ⁰ is far \
                    from the MLE, so the step raises L as well as F (no counterexample here)
                    """, flags: farFlags, problem: far(oneD, means: [[-40], [44]]), counterexample: false),
            HardAssignmentCase(
                name: "2d-all-points-far-1e5-k2",
                comment: """
                    the points of 2d-overlapping-k2 with λ⁰ = ½N((−450, 0), I) + ½N((450, 0), I): every log \
                    joint at λ⁰ is near −10⁵, and the two log joints of a point differ by 900·|x₁| ≥ 3.5. The \
                    step raises L as well as F (no counterexample here)
                    """, flags: farFlags, problem: far(twoD, means: [[-450, 0], [450, 0]]), counterexample: false),
        ]
    }

    /// The hard-assignment group, evaluated by `HardAssignmentEvaluator`. Each comment quotes how
    /// far F rises and L moves, read from the evaluation: F must rise in every case, and L must fall in
    /// the counterexamples (else export fails).
    func counterexampleGroup() throws -> TestGroup {
        let evaluator = HardAssignmentEvaluator()
        let entries = try Self.hardAssignmentCases().map { c -> CatalogueEntry in
            var inputs = Self.inputs(data: c.problem.data, initial: c.problem.initial, type: .full, epsilon: 0)
            inputs["restriction"] = .string("hard-assignment")
            guard case .values(let values) = try evaluator.evaluate(inputs).expected else {
                throw FixtureExportInconsistency(reason: "the hard-assignment step refused the inputs of \(c.name)")
            }
            let v = ["logLikelihoodBefore", "boundBefore", "boundAfter", "logLikelihoodAfter"].map {
                values[$0]?.reals.first?.value ?? .nan
            }
            // The point of a counterexample: F rises, L falls (checked on the correctly rounded
            // values, whose differences are far above their rounding). F rises in every case (EM-10).
            guard v[2] > v[1], !c.counterexample || v[3] < v[0] else {
                throw FixtureExportInconsistency(reason: "the hard-assignment step of \(c.name) gives \(v)")
            }
            let movement =
                c.counterexample
                ? "F rises by \(v[2] - v[1]), L falls by \(v[0] - v[3])"
                : "F rises by \(v[2] - v[1]), L by \(v[3] - v[0])"
            return CatalogueEntry(
                c.name,
                comment: c.comment + """
                    . Expected: \(movement). The hard q puts each point on argmax_k ℓ_nk, which dividing by \
                    p(x_n) does not move, so unnormalised responsibilities cannot show in this step
                    """,
                flags: c.flags, inputs: inputs)
        }
        return try evaluator.testGroup(
            description: """
                q restricted to hard assignments q_n = δ(z_n = argmax_k ℓ_nk) (ties to the lowest k); one step \
                q = hard(λ⁰), λ¹ = M(q): F(q, λ⁰) < F(q, λ¹) always, and L(λ¹) < L(λ⁰) when λ⁰ is near the \
                maximum-likelihood fit (EM-10). Regime cases: data offset by 10⁶ and 10⁸, variances near 10⁻²⁸⁹ \
                and 10²⁸⁹, and far points whose log joints are all near −10³ or −10⁵.
                """,
            entries)
    }

    /// Inputs EM must refuse (EM-9), each with the kind `EMRefusalEvaluator` must answer.
    func badInputGroup() throws -> TestGroup {
        let unit1 = Matrix<Double>.identity(1), unit2 = Matrix<Double>.identity(2)
        let cases: [(String, String, [[Double]], MixtureParameters<Double>, String)] = [
            (
                "collapsed-collinear", "collinear 2-D points, K = 1, ε = 0: Σ from the first M-step has rank 1",
                [[0, 0], [1, 1], [2, 2], [3, 3]],
                MixtureParameters(weights: [1], means: [[0, 0]], covariances: [unit2]),
                "collapsed-component"
            ),
            (
                "zero-weight", "π₁ = 0: component 1 has no responsibility",
                [[0], [1], [2]], MixtureParameters(weights: [1, 0], means: [[0], [1]], covariances: [unit1, unit1]),
                "vanishing-responsibilities"
            ),
            (
                "more-components-than-points", "K = 3 for 2 distinct points",
                [[0], [1], [1], [0]],
                MixtureParameters(
                    weights: [0.25, 0.25, 0.5], means: [[0], [1], [2]], covariances: [unit1, unit1, unit1]),
                "too-many-components"
            ),
            (
                "indefinite-covariance", "Σ₁ = [[1, 2], [2, 1]] has eigenvalue −1",
                [[0, 0], [1, 1], [2, 0]],
                MixtureParameters(
                    weights: [0.5, 0.5], means: [[0, 0], [1, 1]],
                    covariances: [unit2, try Matrix([[1, 2], [2, 1]])]),
                "not-positive-definite"
            ),
            (
                "weights-sum-1.1", "π = (0.5, 0.6)",
                [[0], [1], [2]],
                MixtureParameters(weights: [0.5, 0.6], means: [[0], [1]], covariances: [unit1, unit1]),
                "weights-not-normalised"
            ),
            (
                "nan-data", "x₁ = (1, NaN)",
                [[0, 0], [1, .nan], [2, 0]], MixtureParameters(weights: [1], means: [[0, 0]], covariances: [unit2]),
                "non-finite-input"
            ),
        ]
        let refusals = EMRefusalEvaluator()
        let entries = try cases.map { name, comment, data, initial, kind in
            var inputs = Self.inputs(data: data, initial: initial, type: .full, epsilon: 0)
            inputs["iterations"] = .integer(3)
            return try Self.refusedCase(
                refusals, name, comment: "must be refused: " + comment, flags: ["bad-input-accepted"],
                inputs: inputs, kind: kind)
        }
        return try refusals.testGroup(
            description: """
                Each input must be refused with the error kind given; the oracle's errors also name the component and \
                the iteration (EM-9).
                """, entries)
    }
}
