import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

extension MixturesExporter {
    static let offsetFlags = ["covariance-n-minus-one", "n-instead-of-nk", "label-permutation", "one-pass-covariance"]

    /// `(base + offset)` for every coordinate: exact Doubles, since every base value is a
    /// multiple of 2⁻⁴ below 2⁷ and the offsets are below 2²⁷.
    static func offset(_ base: [[Double]], by shift: Double) -> [[Double]] {
        base.map { $0.map { $0 + shift } }
    }

    /// Exact M-steps in the hostile regimes of `Proofs/06-gmm-em.md` (regime table): data offset
    /// by 10⁶ … 10⁸ (one-pass moments), a component with responsibilities near 2⁻⁴⁰ (a floor
    /// on N_k), K = 1 with exactly repeated points, K = 10 with q = 0 entries.
    static let regimeMSteps: [ExactMStep] = [
        ExactMStep(
            name: "2d-k2-full-offset-1e8",
            data: offset(
                [[0, 0.5], [1, 1.25], [2, 2.5], [3, 2.75], [4, 4.5], [1.5, 1], [2.5, 3.25], [0.5, 1.5]],
                by: 1e8),
            responsibilities: [
                [0.75, 0.25], [0.5, 0.5], [0.125, 0.875], [1, 0], [0.375, 0.625], [0.25, 0.75],
                [0.625, 0.375], [0.875, 0.125],
            ],
            type: .full, epsilon: 0,
            comment: "2-D, K = 2, full: correlated points (spread O(1)) shifted by 10⁸ in both coordinates",
            regimeFlags: offsetFlags),
        ExactMStep(
            name: "1d-k3-full-offset-1e6",
            data: offset([[0], [0.25], [1], [1.5], [3], [3.25], [5], [6.5]], by: 1e6),
            responsibilities: [
                [0.5, 0.25, 0.25], [0.75, 0.125, 0.125], [0.25, 0.5, 0.25], [0.125, 0.75, 0.125],
                [0.25, 0.25, 0.5], [0.125, 0.375, 0.5], [0, 0.25, 0.75], [0.0625, 0.1875, 0.75],
            ],
            type: .full, epsilon: 0,
            comment: "1-D, K = 3: points in [0, 6.5] shifted by 10⁶; one responsibility is exactly 0",
            regimeFlags: offsetFlags),
        ExactMStep(
            name: "3d-k2-diagonal-offset-1e7",
            data: offset(
                [[0, 1, 2], [1, 0.5, 3], [2, 2, 1], [3, 1.5, 0.5], [1.5, 3, 2.5], [0.5, 2.5, 1.5]],
                by: 1e7),
            responsibilities: [
                [0.75, 0.25], [0.5, 0.5], [0.125, 0.875], [0.875, 0.125], [0.375, 0.625],
                [0.25, 0.75],
            ],
            type: .diagonal, epsilon: 0,
            comment: "3-D, K = 2, diagonal: points in [0, 3]³ shifted by 10⁷",
            regimeFlags: offsetFlags),
        ExactMStep(
            name: "1d-k3-full-weight-near-zero", data: [[0.5], [1], [2], [3.5], [4], [6]],
            responsibilities: [
                [0.5, 0.5 - 0x1p-40, 0x1p-40], [0.75, 0.25 - 0x1p-42, 0x1p-42],
                [0.25, 0.75 - 0x1p-41, 0x1p-41], [0.5, 0.5 - 0x1p-44, 0x1p-44],
                [0.125, 0.875 - 0x1p-40, 0x1p-40], [0.375, 0.625 - 0x1p-43, 0x1p-43],
            ],
            type: .full, epsilon: 0,
            comment: """
                1-D, K = 3: the third component's responsibilities are 2⁻⁴⁴ … 2⁻⁴⁰, so N₃ ≈ \
                4·10⁻¹² and π₃ ≈ 6·10⁻¹³
                """,
            regimeFlags: ["covariance-n-minus-one", "n-instead-of-nk", "label-permutation", "nk-epsilon-floor"]),
        ExactMStep(
            name: "2d-k1-full-repeated-points",
            data: [[1, 2], [1, 2], [3, 3.5], [3, 3.5], [3, 3.5], [0.5, 1], [2, 2.5]],
            responsibilities: [[1], [1], [1], [1], [1], [1], [1]],
            type: .full, epsilon: 0,
            comment: "2-D, K = 1 (the sample mean and the 1/N sample covariance): two points repeated exactly",
            regimeFlags: ["covariance-n-minus-one"]),
        ExactMStep(
            name: "1d-k10-full",
            data: [[0.5], [1], [1.5], [1.5], [2], [2.5], [3], [4], [4.5], [5], [6], [7]],
            responsibilities: (0..<12).map { n in
                let pattern = [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625, 0.00390625, 0]
                return (0..<10).map { k in pattern[(k + 10 - n % 10) % 10] }
            },
            type: .full, epsilon: 0,
            comment: "1-D, K = 10: each row is a cyclic shift of (2⁻¹, …, 2⁻⁸, 2⁻⁸, 0), so every row has "
                + "a q = 0 entry and two points repeat",
            regimeFlags: ["covariance-n-minus-one", "n-instead-of-nk", "label-permutation"]),
    ]
}
