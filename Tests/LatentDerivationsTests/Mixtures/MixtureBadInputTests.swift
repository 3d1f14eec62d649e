import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// Bad input to EM (Proofs/06-gmm-em.md, EM-9): each gives a typed error naming the component
/// and the iteration.
@Suite("GMM bad input")
struct MixtureBadInputTests {
    static let rule = EMStoppingRule<Double>(maximumIterations: 5, logLikelihoodTolerance: nil)
    static func unit(_ d: Int) -> Matrix<Double> { .identity(d) }

    static func run(
        _ data: [[Double]], _ p: MixtureParameters<Double>, _ type: CovarianceType = .full, epsilon: Double = 0
    ) throws {
        _ = try MixtureEM.run(
            data: data, initial: p, covarianceType: type, covarianceRegularizer: epsilon, stopping: rule)
    }

    @Test("Collinear 2-D data with one component and ε = 0: collapsed component 0 at iteration 1; ε > 0 fixes it")
    func collapse() throws {
        let data: [[Double]] = [[0, 0], [1, 1], [2, 2], [3, 3]]
        let p = MixtureParameters(weights: [1.0], means: [[0, 0]], covariances: [Self.unit(2)])
        #expect(throws: MixtureError.collapsedComponent(component: 0, iteration: 1)) { try Self.run(data, p) }
        try Self.run(data, p, epsilon: 1e-3)
    }

    /// Component 1 gets N₁ = 0 at iteration 0 on the points 0, 1, 2: by a zero weight, or by
    /// responsibilities that underflow in Double (its mean 10⁶ is ≈ 5·10¹¹ nats away).
    @Test(
        "Responsibilities that vanish at iteration 0 (a zero weight, or underflow in Double) are reported",
        arguments: [([1.0, 0.0], 1.0), ([0.5, 0.5], 1e6)])
    func vanishing(weights: [Double], secondMean: Double) {
        let p = MixtureParameters(
            weights: weights, means: [[0.0], [secondMean]], covariances: [Self.unit(1), Self.unit(1)])
        #expect(throws: MixtureError.vanishingResponsibilities(component: 1, iteration: 0)) {
            try Self.run([[0], [1], [2]], p)
        }
    }

    @Test("K = 3 for 2 distinct points")
    func tooMany() {
        let p = MixtureParameters(
            weights: [0.25, 0.25, 0.5], means: [[0.0], [1.0], [2.0]],
            covariances: [Self.unit(1), Self.unit(1), Self.unit(1)])
        #expect(throws: MixtureError.tooManyComponents(component: 2, distinctPoints: 2, iteration: 0)) {
            try Self.run([[0], [1], [1], [0]], p)
        }
    }

    @Test("Non-positive-definite and mistyped initial covariances")
    func notPD() throws {
        let bad = try Matrix<Double>([[1, 2], [2, 1]])
        let p = MixtureParameters(weights: [0.5, 0.5], means: [[0.0, 0], [1, 1]], covariances: [Self.unit(2), bad])
        #expect(throws: MixtureError.notPositiveDefinite(component: 1, iteration: 0)) {
            try Self.run([[0, 0], [1, 1], [2, 0]], p)
        }
        let full = try Matrix<Double>([[1, 0.5], [0.5, 1]])
        let q = MixtureParameters(
            weights: [0.5, 0.5], means: [[0.0, 0], [1, 1]], covariances: [full, Self.unit(2)])
        #expect(throws: MixtureError.notPositiveDefinite(component: 0, iteration: 0)) {
            try Self.run([[0, 0], [1, 1], [2, 0]], q, .diagonal)
        }
    }

    @Test("Weights summing to 1.1, and a negative weight")
    func weights() {
        let p = MixtureParameters(
            weights: [0.5, 0.6], means: [[0.0], [1.0]], covariances: [Self.unit(1), Self.unit(1)])
        #expect(throws: MixtureError.weightsNotNormalized(component: 1, sum: "1.1", iteration: 0)) {
            try Self.run([[0], [1], [2]], p)
        }
        let n = MixtureParameters(
            weights: [1.5, -0.5], means: [[0.0], [1.0]], covariances: [Self.unit(1), Self.unit(1)])
        #expect(throws: MixtureError.self) { try Self.run([[0], [1], [2]], n) }
    }

    @Test("NaN data names point and coordinate")
    func nan() {
        let p = MixtureParameters(weights: [1.0], means: [[0.0, 0]], covariances: [Self.unit(2)])
        #expect(throws: MixtureError.nonFiniteData(point: 1, coordinate: 1, iteration: 0)) {
            try Self.run([[0, 0], [1, .nan], [2, 0]], p)
        }
        #expect(MixtureError.nonFiniteData(point: 1, coordinate: 1, iteration: 0).kind == "non-finite-input")
    }

    @Test("Ragged tables (log joints, q, ln q, responsibilities) give ModelInputError.shapeMismatch, not a trap")
    func raggedTables() {
        #expect(throws: ModelInputError.self) { try MixtureEStep.posterior(logJoints: [[0.0, 1], [0]]) }
        #expect(throws: ModelInputError.self) {
            try MixtureBound.entropy([[0.5, 0.5], [1.0]], logQ: [[-0.7, -0.7], [0]])
        }
        #expect(throws: ModelInputError.self) {
            try MixtureBound.entropy([[0.5, 0.5]], logQ: [[-0.7, -0.7], [0, 0]])
        }
        #expect(throws: ModelInputError.self) {
            try MixtureMStep.parameters(
                data: [[0.0], [1]], responsibilities: [[0.5, 0.5], [1.0]], covarianceType: .full,
                covarianceRegularizer: 0)
        }
    }
}
