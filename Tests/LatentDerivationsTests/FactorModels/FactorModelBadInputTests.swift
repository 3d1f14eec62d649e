import Testing
import LatentDerivations
import OracleLinearAlgebra

/// Every bad input gets a typed error.
@Suite("Factor models: bad input")
struct FactorModelBadInputTests {
    static let data = FactorTestData.sample(n: 10, d: 3, q: 1, seed: 0xBAD)

    @Test("q ≥ d, q < 1, too few points, NaN, ragged and mismatched shapes, σ² ≤ 0 all throw typed errors")
    func badInputThrows() throws {
        #expect(throws: FactorModelError.latentDimension(q: 3, d: 3)) {
            try PPCAClosedForm(data: Self.data, latentDimension: 3)
        }
        #expect(throws: FactorModelError.latentDimension(q: 0, d: 3)) {
            try PPCAClosedForm(data: Self.data, latentDimension: 0)
        }
        #expect(throws: FactorModelError.tooFewPoints(count: 3, required: 4)) {
            try PPCAClosedForm(data: Array(Self.data.prefix(3)), latentDimension: 2)
        }
        var nan = Self.data
        nan[4][1] = .nan
        #expect(throws: ModelInputError.nonFinite(what: "data[4]", index: 1)) {
            try PPCAClosedForm(data: nan, latentDimension: 1)
        }
        var ragged = Self.data
        ragged[2] = [1, 2]
        #expect(throws: ModelInputError.shapeMismatch(what: "data[2]", expected: [3], actual: [2])) {
            try PPCAClosedForm(data: ragged, latentDimension: 1)
        }
        #expect(throws: ModelInputError.self) { try PPCAClosedForm(data: [[Double]](), latentDimension: 1) }
        let model = try PPCAModel(mean: [0, 0], loadings: try Matrix([[1.0], [0.0]]), noiseVariance: 1)
        #expect(throws: ModelInputError.self) { try PPCAEM.run(data: Self.data, initial: model, maximumIterations: 3) }
        #expect(throws: ModelInputError.self) {
            try PPCAModel(mean: [0, 0], loadings: try Matrix([[1.0], [0.0]]), noiseVariance: 0)
        }
        #expect(throws: ModelInputError.self) {
            try PPCAModel(mean: [0, 0, 0], loadings: try Matrix([[1.0], [0.0]]), noiseVariance: 1)
        }
        #expect(throws: ModelInputError.self) { try model.posterior([1, 2, 3]) }
        #expect(throws: ModelInputError.self) {
            try FactorAnalysisModel(mean: [0, 0], loadings: try Matrix([[1.0], [0.0]]), noiseVariances: [1, -1])
        }
        #expect(throws: ModelInputError.self) {
            try MixturePPCAModel(weights: [0.5, 0.6], components: [model, model])
        }
        #expect(throws: ModelInputError.self) { try MixturePPCAModel<Double>(weights: [], components: []) }
        // Data on a line (rank S = 1 with q = 1): the discarded eigenvalues are 0, σ² = 0.
        let line = (0..<6).map { n in [Double(n), 2 * Double(n), -Double(n)] }
        #expect(throws: FactorModelError.degenerateNoise) { try PPCAClosedForm(data: line, latentDimension: 1) }
    }
}
