import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

extension MixturesExporter {
    /// 1-D data from two overlapping clusters (SplitMix64 seed 0x21, rounded to 1/256) and λ⁰
    /// near the maximum-likelihood fit (40 ordinary EM steps in Double from a fixed start, rounded
    /// to multiples of 2⁻²⁰, weights set so that π₀ + π₁ = 1 exactly). Near the MLE any other λ has lower likelihood, so the
    /// hard-assignment step, which moves λ, must lower L while raising F (EM-10).
    static func counterexampleProblem() throws -> (data: [[Double]], initial: MixtureParameters<Double>) {
        let data = synthetic(seed: 0x21, clusters: [(20, [0], [1]), (20, [1.5], [1])])
        let start = diagonalParameters(weights: [0.5, 0.5], means: [[-0.5], [2]], variances: [[1], [1]])
        let fit = try GMMExpectationMaximisation.run(
            data: data, initial: start, covarianceType: .full, covarianceRegulariser: 0,
            stopping: EMStoppingRule(maximumIterations: 40, logLikelihoodTolerance: nil)).records.last!.parameters
        // λ⁰ on the grid 2⁻²⁰, so that it does not depend on the last bits of the Double EM (a
        // change of summation order there must not change this fixture's inputs).
        func grid(_ x: Double) -> Double { (x * 0x1p20).rounded() / 0x1p20 }
        var weights = fit.weights.map(grid)
        if weights[0] >= 0.5 { weights[1] = 1 - weights[0] } else { weights[0] = 1 - weights[1] }
        return (data, MixtureParameters(
            weights: weights, means: fit.means.map { $0.map(grid) }, covariances: fit.covariances.map { $0.map(grid) }))
    }

    /// L(λ⁰), F(q, λ⁰), F(q, λ¹), L(λ¹), λ¹ and the assignments, for q = hard(λ⁰), λ¹ = M(q).
    static func counterexampleValues<S: RealScalar>(_ data: [[Double]], _ initial: MixtureParameters<Double>, as: S.Type) throws -> [[Double]] {
        let x = data.map { $0.map { S($0) } }
        let p0 = MixtureParameters(
            weights: initial.weights.map { S($0) }, means: initial.means.map { $0.map { S($0) } },
            covariances: initial.covariances.map { $0.map { S($0) } })
        let m0 = try GaussianMixture(parameters: p0, covarianceType: .full)
        let (q, p1) = try HardAssignmentEM.step(data: x, mixture: m0, covarianceRegulariser: .zero)
        let m1 = try GaussianMixture(parameters: p1, covarianceType: .full, iteration: 1)
        let values: [S] = [
            try m0.logLikelihood(x), try MixtureBound.value(logJoints: try m0.logJoints(x), q: q),
            try MixtureBound.value(logJoints: try m1.logJoints(x), q: q), try m1.logLikelihood(x),
        ]
        return [values.map(\.doubleValue), Self.parameterValues(p1).weights, Self.parameterValues(p1).means,
                Self.parameterValues(p1).covariances, q.map { Double($0.firstIndex(of: .one)!) }]
    }

    func counterexampleGroup() throws -> TestGroup {
        let (data, initial) = try Self.counterexampleProblem()
        let values = try Self.certified("counterexample") { try Self.counterexampleValues(data, initial, as: BigFloat.self) }
        let v = values[0]
        // The point of the case: F rises, L falls (checked on the correctly rounded values,
        // whose differences are far above their rounding).
        guard v[2] > v[1], v[3] < v[0] else {
            throw FixtureError(.invalidValue, location: "MixturesExporter", problem: "the hard-assignment step does not raise F and lower L: \(v)", remedy: "choose another data set")
        }
        let double = try Self.counterexampleValues(data, initial, as: Double.self)
        let discrepancy = Self.worstRelative(Array(double.prefix(4)), Array(values.prefix(4)))
        let k = 2, d = 1
        var inputs = Self.inputs(data: data, initial: initial, type: .full, epsilon: 0)
        inputs["restriction"] = .string("hard-assignment")
        return TestGroup(
            id: "hard-assignment",
            description: "q restricted to hard assignments q_n = δ(z_n = argmax_k ℓ_nk) (ties to the lowest k); one step q = hard(λ⁰), λ¹ = M(q): F(q, λ⁰) < F(q, λ¹) but L(λ¹) < L(λ⁰) (EM-10).",
            cases: [FixtureCase(
                id: caseID("variational-counterexample", "hard-assignment", "1d-overlapping-k2"),
                comment: "40 points from N(0, 1) and N(1.5, 1) (SplitMix64 seed 0x21, rounded to 1/256); λ⁰ ≈ the MLE, "
                    + "on the grid 2⁻²⁰. Expected: F rises by \(v[2] - v[1]), L falls by \(v[0] - v[3])"
                    + ". The hard q puts each point on argmax_k ℓ_nk, which dividing by p(x_n) does not move, "
                    + "so unnormalised responsibilities cannot show in this step",
                flags: ["soft-instead-of-hard"], inputs: inputs,
                expected: .values([
                    "logLikelihoodBefore": Self.exported(v[0]), "boundBefore": Self.exported(v[1]),
                    "boundAfter": Self.exported(v[2]), "logLikelihoodAfter": Self.exported(v[3]),
                    "weights": .array(shape: [k], data: values[1].map { Self.exported($0) }),
                    "means": .array(shape: [k, d], data: values[2].map { Self.exported($0) }),
                    "covariances": .array(shape: [k, d, d], data: values[3].map { Self.exported($0) }),
                    "assignments": .array(shape: [data.count], data: values[4].map { .integer(Int($0)) }),
                ]),
                tolerance: .init(kind: .relative, value: max(64 * discrepancy, 1e-13),
                                 reason: "one M-step and four sums of N log joints in float64: this oracle's Double run differs by \(discrepancy) relative; 64× that, floored at 1e-13, admits any backward-stable order"))])
    }

    /// Inputs EM must refuse (EM-9), each checked against the oracle's own driver.
    func badInputGroup() throws -> TestGroup {
        let unit1 = Matrix<Double>.identity(1), unit2 = Matrix<Double>.identity(2)
        let cases: [(String, String, [[Double]], MixtureParameters<Double>, String)] = [
            ("collapsed-collinear", "collinear 2-D points, K = 1, ε = 0: Σ from the first M-step has rank 1",
             [[0, 0], [1, 1], [2, 2], [3, 3]], MixtureParameters(weights: [1], means: [[0, 0]], covariances: [unit2]), "collapsed-component"),
            ("zero-weight", "π₁ = 0: component 1 has no responsibility",
             [[0], [1], [2]], MixtureParameters(weights: [1, 0], means: [[0], [1]], covariances: [unit1, unit1]), "vanishing-responsibilities"),
            ("more-components-than-points", "K = 3 for 2 distinct points",
             [[0], [1], [1], [0]], MixtureParameters(weights: [0.25, 0.25, 0.5], means: [[0], [1], [2]], covariances: [unit1, unit1, unit1]), "too-many-components"),
            ("indefinite-covariance", "Σ₁ = [[1, 2], [2, 1]] has eigenvalue −1",
             [[0, 0], [1, 1], [2, 0]], MixtureParameters(weights: [0.5, 0.5], means: [[0, 0], [1, 1]], covariances: [unit2, try Matrix([[1, 2], [2, 1]])]), "not-positive-definite"),
            ("weights-sum-1.1", "π = (0.5, 0.6)",
             [[0], [1], [2]], MixtureParameters(weights: [0.5, 0.6], means: [[0], [1]], covariances: [unit1, unit1]), "weights-not-normalised"),
            ("nan-data", "x₁ = (1, NaN)",
             [[0, 0], [1, .nan], [2, 0]], MixtureParameters(weights: [1], means: [[0, 0]], covariances: [unit2]), "non-finite-input"),
        ]
        return TestGroup(
            id: "refused", description: "Each input must be refused with the error kind given; the oracle's errors also name the component and the iteration (EM-9).",
            cases: try cases.map { name, comment, data, initial, kind in
                do {
                    _ = try GMMExpectationMaximisation.run(
                        data: data, initial: initial, covarianceType: .full, covarianceRegulariser: 0,
                        stopping: EMStoppingRule(maximumIterations: 3, logLikelihoodTolerance: nil))
                    throw FixtureError(.invalidValue, location: "MixturesExporter", problem: "\(name) was accepted", remedy: "check EM-9")
                } catch let error as MixtureError {
                    guard error.kind == kind else {
                        throw FixtureError(.invalidValue, location: "MixturesExporter", problem: "\(name) gave \(error.kind), not \(kind)", remedy: "check EM-9")
                    }
                }
                var inputs = Self.inputs(data: data, initial: initial, type: .full, epsilon: 0)
                inputs["iterations"] = .integer(3)
                return FixtureCase(
                    id: caseID("bad-input", "refused", name), comment: "must be refused: " + comment, flags: ["bad-input-accepted"],
                    inputs: inputs, expected: .error(kind: kind),
                    tolerance: .exact("the input must be refused; there is no output to compare"))
            })
    }
}
