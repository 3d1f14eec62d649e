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
        let data = synthetic(seed: 0x21, clusters: [(20, [0], [1]), (20, [1.5], [1])])
        let start = diagonalParameters(weights: [0.5, 0.5], means: [[-0.5], [2]], variances: [[1], [1]])
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

    /// The counterexample, evaluated by `HardAssignmentEvaluator`. Its comment quotes how far F
    /// rises and L falls, read from the evaluation, which must show both (else export fails).
    func counterexampleGroup() throws -> TestGroup {
        let (data, initial) = try Self.counterexampleProblem()
        var inputs = Self.inputs(data: data, initial: initial, type: .full, epsilon: 0)
        inputs["restriction"] = .string("hard-assignment")
        let evaluator = HardAssignmentEvaluator()
        guard case .values(let values) = try evaluator.evaluate(inputs).expected else {
            throw FixtureExportInconsistency(reason: "the hard-assignment step refused the counterexample's inputs")
        }
        let v = ["logLikelihoodBefore", "boundBefore", "boundAfter", "logLikelihoodAfter"].map {
            values[$0]?.reals.first?.value ?? .nan
        }
        // The point of the case: F rises, L falls (checked on the correctly rounded values,
        // whose differences are far above their rounding).
        guard v[2] > v[1], v[3] < v[0] else {
            throw FixtureExportInconsistency(reason: "the hard-assignment step does not raise F and lower L: \(v)")
        }
        let entry = CatalogueEntry(
            "1d-overlapping-k2",
            comment: """
                40 points from N(0, 1) and N(1.5, 1) (SplitMix64 seed 0x21, rounded to 1/256); λ⁰ ≈ the MLE, on \
                the grid 2⁻²⁰. Expected: F rises by \(v[2] - v[1]), L falls by \(v[0] - v[3]). The hard q puts \
                each point on argmax_k ℓ_nk, which dividing by p(x_n) does not move, so unnormalised \
                responsibilities cannot show in this step
                """,
            flags: ["soft-instead-of-hard"], inputs: inputs)
        return try evaluator.testGroup(
            description: """
                q restricted to hard assignments q_n = δ(z_n = argmax_k ℓ_nk) (ties to the lowest k); one step \
                q = hard(λ⁰), λ¹ = M(q): F(q, λ⁰) < F(q, λ¹) but L(λ¹) < L(λ⁰) (EM-10).
                """,
            [entry])
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
