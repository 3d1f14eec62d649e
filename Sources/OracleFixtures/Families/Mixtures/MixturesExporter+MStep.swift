import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

extension MixturesExporter {
    /// One exact M-step case: dyadic data and responsibilities, rational parameters (EM-4).
    struct ExactMStep {
        let name: String
        let data: [[Double]]
        let responsibilities: [[Double]]
        let type: CovarianceType
        let epsilon: Double
        let comment: String
        /// The flags of a regime case (`regimeMSteps`); nil for the cases above, which carry the
        /// fixed flags and the absolute tolerance scaled by max|x|².
        var regimeFlags: [String]? = nil
    }

    static let exactMSteps: [ExactMStep] =
        [
            ExactMStep(
                name: "1d-k2-full", data: [[0], [1], [3], [4.5]],
                responsibilities: [[0.5, 0.5], [0.75, 0.25], [0.125, 0.875], [0.25, 0.75]],
                type: .full, epsilon: 0, comment: "1-D, K = 2: N = (13/8, 19/8)"),
            ExactMStep(
                name: "2d-k2-full", data: [[0, 1], [2, 3], [3, -1], [-1, 0.5], [1.5, 2]],
                responsibilities: [[0.75, 0.25], [0.5, 0.5], [0.125, 0.875], [1, 0], [0.375, 0.625]],
                type: .full, epsilon: 0, comment: "2-D, K = 2, full covariances with off-diagonal terms"),
            ExactMStep(
                name: "2d-k3-diagonal", data: [[0, 1], [2, 3], [3, -1], [-1, 0.5], [1.5, 2], [4, 4]],
                responsibilities: [
                    [0.5, 0.25, 0.25], [0.25, 0.5, 0.25], [0.125, 0.125, 0.75], [1, 0, 0], [0.375, 0.375, 0.25],
                    [0, 0.5, 0.5],
                ],
                type: .diagonal, epsilon: 0, comment: "2-D, K = 3, diagonal covariances"),
            ExactMStep(
                name: "2d-k2-spherical-regularised", data: [[0, 1], [2, 3], [3, -1], [-1, 0.5], [1.5, 2]],
                responsibilities: [[0.75, 0.25], [0.5, 0.5], [0.125, 0.875], [1, 0], [0.375, 0.625]],
                type: .spherical, epsilon: 0.0625, comment: "2-D, K = 2, spherical covariances, regulariser ε = 1/16"),
            ExactMStep(
                name: "2d-k2-full-regularised", data: [[0, 1], [2, 3], [3, -1], [-1, 0.5], [1.5, 2]],
                responsibilities: [[0.75, 0.25], [0.5, 0.5], [0.125, 0.875], [1, 0], [0.375, 0.625]],
                type: .full, epsilon: 0.001,
                comment: "2-D, K = 2, full covariances, regulariser ε = 0.001 (the Double nearest 1/1000)"),
        ] + regimeMSteps

    /// The M-step catalogue: each step's inputs and flags, evaluated by `MStepEvaluator`.
    func exactMStepGroup() throws -> TestGroup {
        let entries = Self.exactMSteps.map { step -> CatalogueEntry in
            let k = step.responsibilities.first?.count ?? 0, d = step.data.first?.count ?? 0
            var flags = ["covariance-n-minus-one", "n-instead-of-nk", "label-permutation"]
            if step.epsilon > 0 { flags.append("regulariser-omitted") }
            return CatalogueEntry(
                step.name, comment: step.comment, flags: step.regimeFlags ?? flags,
                inputs: [
                    "data": Self.realsArray([step.data.count, d], step.data.flatMap { $0 }),
                    "responsibilities": Self.realsArray([step.data.count, k], step.responsibilities.flatMap { $0 }),
                    "covarianceType": .string(step.type.rawValue),
                    "covarianceRegulariser": .exactReal(step.epsilon),
                ])
        }
        return try MStepEvaluator().testGroup(
            description: "λ = argmax_λ F(q, λ) for fixed dyadic responsibilities q (EM-4, EM-5): exact rationals.",
            entries)
    }
}
