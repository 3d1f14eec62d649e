import Foundation
import LatentDerivations
import OracleLinearAlgebra
import OracleRandom

extension MixturesExporter {
    /// `synthetic` points multiplied by 2^power (exact: a power of two).
    static func scaled(_ points: [[Double]], power: Int) -> [[Double]] {
        points.map { $0.map { Foundation.scalbn($0, power) } }
    }

    /// λ with means scaled by 2^power and variances by 2^(2·power).
    static func scaledDiagonal(weights: [Double], means: [[Double]], variances: [[Double]], power: Int)
        -> MixtureParameters<Double>
    {
        diagonalParameters(
            weights: weights, means: scaled(means, power: power),
            variances: scaled(variances, power: 2 * power))
    }

    /// Points on the line y = 2x: x from N(centre, 1) rounded to 1/256, y = 2x plus 10⁻⁴·N(0, 1)
    /// rounded to 2⁻³⁰ (SplitMix64 `seed`), so the scatter has κ ≈ 10⁸–10⁹.
    static func nearlyCollinear(seed: UInt64, centres: [Double], count: Int) -> [[Double]] {
        var generator = SplitMix64(seed: seed)
        return centres.flatMap { centre in
            (0..<count).map { _ in
                let x = ((centre + generator.standardNormal()) * 256).rounded() / 256
                return [x, 2 * x + (1e-4 * generator.standardNormal() * 0x1p30).rounded() / 0x1p30]
            }
        }
    }

    /// 12 points from N((c, c), diag(1, 0.5²)) and 12 from N((c + 4, c + 2), diag(0.7², 1)), rounded
    /// to 1/256, at the offset c = 10^`power` (a single digit), where sums of squares about 0 cancel.
    static func offsetProblem(power: Int, seed: UInt64, type: CovarianceType, iterations: Int) -> TraceProblem {
        let c = Double("1e\(power)")!
        let tenTo = "10" + String(Array("⁰¹²³⁴⁵⁶⁷⁸⁹")[power])
        let seedHex = String(seed, radix: 16)
        return TraceProblem(
            group: "regimes", name: "2d-offset-1e\(power)-k2-\(type.rawValue)",
            comment: "2-D, 12 points from N((\(tenTo), \(tenTo)), diag(1, 0.5²)) and 12 from N((\(tenTo) + 4, "
                + "\(tenTo) + 2), diag(0.7², 1)) (seed 0x\(seedHex), rounded to 1/256); \(type.rawValue)",
            data: synthetic(seed: seed, clusters: [(12, [c, c], [1, 0.5]), (12, [c + 4, c + 2], [0.7, 1])]),
            initial: diagonalParameters(
                weights: [0.5, 0.5], means: [[c + 1, c + 1], [c + 3, c + 2]], variances: [[2, 2], [2, 2]]),
            type: type, epsilon: 0, iterations: iterations, extraFlags: ["one-pass-covariance", "expanded-mahalanobis"])
    }

    /// c²[[9, 3], [3, 5]] = LLᵀ with L = c·[[3, 0], [1, 2]], c = 2⁻⁵: exact, and so is its Cholesky factor.
    static func offsetFactorCovariance() -> Matrix<Double> {
        Matrix(rows: 2, columns: 2) { i, j in [[9, 3], [3, 5]][i][j] * 0x1p-10 }
    }

    /// Four points per component of `2d-offset-1e6-k2-t0`: m_k + (a, b)·2⁻⁷ for small integers a, b, so
    /// that every x − m_k is exact while the whitened L⁻¹(x − m_k) is not a short binary fraction.
    static func offsetPoints() -> [[Double]] {
        let steps: [[[Double]]] = [
            [[5, -9], [-11, 4], [13, 7], [-3, -14]], [[-7, 10], [9, -2], [2, 12], [-12, -6]],
        ]
        var points: [[Double]] = []
        for (m, offsets) in zip(offsetMeans, steps) {
            for step in offsets {
                let first: Double = m[0] + step[0] * 0x1p-7
                let second: Double = m[1] + step[1] * 0x1p-7
                points.append([first, second])
            }
        }
        return points
    }

    /// m_1 = (10⁶, 10⁶) and m_2 = m_1 + L(1, ½)ᵀ = m_1 + (3/32, 1/16), L = 2⁻⁵·[[3, 0], [1, 2]].
    static let offsetMeans: [[Double]] = [[1e6, 1e6], [1e6 + 0x1p-5 * 3, 1e6 + 0x1p-5 * 2]]

    /// The trace problems of the regime table in `Proofs/06-gmm-em.md`.
    static func regimeTraceProblems() -> [TraceProblem] {
        let tenth = [Double](repeating: 0.1, count: 10)
        let nearTenMeans = (0..<9).map { [Double($0) * 3 + 0.5] } + [[40]]
        let tenClusters = synthetic(seed: 0x26, clusters: (0..<9).map { (6, [Double($0) * 3], [0.5]) })
        let majorAxisPoints = [-1.375, -1, -0.625, -0.25, 0.25, 0.625, 1, 1.375].map { [$0, 2 * $0] }
        let tinyAndHuge = synthetic(seed: 0x22, clusters: [(12, [0, 0], [1, 1]), (12, [3, 2], [0.5, 0.8])])
        return [
            offsetProblem(power: 7, seed: 0x21, type: .diagonal, iterations: 6),
            offsetProblem(power: 6, seed: 0x29, type: .full, iterations: 5),
            offsetProblem(power: 8, seed: 0x2a, type: .full, iterations: 5),
            TraceProblem(
                group: "regimes", name: "2d-n10000-k2-full",
                comment: """
                    2-D, N = 10⁴: 5000 points from N((0, 0), diag(1, 0.5²)) and 5000 from N((4, 2), diag(0.7², 1)) \
                    (seed 0x2b, rounded to 1/256); sums of 10⁴ terms, which a naive float64 sum gets within ≈ √N·u \
                    and a compensated one within u: both inside the tolerance, so the case checks size, not a \
                    fragile formula
                    """,
                data: synthetic(seed: 0x2b, clusters: [(5000, [0, 0], [1, 0.5]), (5000, [4, 2], [0.7, 1])]),
                initial: diagonalParameters(
                    weights: [0.5, 0.5], means: [[1, 1], [3, 2]], variances: [[2, 2], [2, 2]]),
                type: .full, epsilon: 0, iterations: 3, extraFlags: []),
            TraceProblem(
                group: "regimes", name: "2d-tiny-scale-k2-full",
                comment: """
                    2-D: the points of seed 0x22 (12 from N((0, 0), 1), 12 from N((3, 2), diag(0.5², 0.8²)), \
                    rounded to 1/256) times 2⁻⁴⁸⁰ ≈ 3·10⁻¹⁴⁵, so variances are near 10⁻²⁸⁹ \
                    and |Σ_k| near 10⁻⁵⁷⁸; full
                    """,
                data: scaled(tinyAndHuge, power: -480),
                initial: scaledDiagonal(
                    weights: [0.5, 0.5], means: [[0.5, 0.5], [2.5, 1.5]],
                    variances: [[1, 1], [1, 1]], power: -480),
                // entropy-by-difference is not flagged here: its miss (6.3e-12 relative with NumPy 2.4)
                // is inside the trace tolerance, so it cannot be relied on to fail this case.
                type: .full, epsilon: 0, iterations: 5, extraFlags: ["log-det-via-det"]),
            TraceProblem(
                group: "regimes", name: "2d-huge-scale-k2-full",
                comment: """
                    2-D: the points of seed 0x22 (as in 2d-tiny-scale-k2-full) times 2⁴⁸⁰ ≈ 3·10¹⁴⁴, so \
                    variances are near 10²⁸⁹ and |Σ_k| near 10⁵⁷⁸; full
                    """,
                data: scaled(tinyAndHuge, power: 480),
                initial: scaledDiagonal(
                    weights: [0.5, 0.5], means: [[0.5, 0.5], [2.5, 1.5]],
                    variances: [[1, 1], [1, 1]], power: 480),
                type: .full, epsilon: 0, iterations: 5, extraFlags: ["log-det-via-det", "entropy-by-difference"]),
            TraceProblem(
                group: "regimes", name: "1d-all-points-far-1e3-k2",
                comment: """
                    1-D, 10 points each from N(0, 0.5²) and N(2, 0.5²) (seed 0x23); λ⁰ has means −40 and 44 \
                    with unit variances, so every log joint at λ⁰ is between −750 and −1100: exp(ℓ) \
                    underflows for every component of every point
                    """,
                data: synthetic(seed: 0x23, clusters: [(10, [0], [0.5]), (10, [2], [0.5])]),
                initial: diagonalParameters(weights: [0.5, 0.5], means: [[-40], [44]], variances: [[1], [1]]),
                type: .full, epsilon: 0, iterations: 5,
                extraFlags: ["no-logsumexp-shift", "clipped-log-responsibilities"]),
            TraceProblem(
                group: "regimes", name: "2d-all-points-far-1e5-k2",
                comment: "2-D, 10 points each from N((−1, 0), 0.5²I) and N((1, 1), 0.5²I) (seed 0x24); λ⁰ has "
                    + "means (∓450, 0) with unit variances, so every log joint at λ⁰ is near −10⁵ and most "
                    + "responsibilities at λ⁰ are below the least subnormal (exactly 0 in float64)",
                data: synthetic(seed: 0x24, clusters: [(10, [-1, 0], [0.5, 0.5]), (10, [1, 1], [0.5, 0.5])]),
                initial: diagonalParameters(
                    weights: [0.5, 0.5], means: [[-450, 0], [450, 0]],
                    variances: [[1, 1], [1, 1]]),
                type: .full, epsilon: 0, iterations: 5,
                extraFlags: [
                    "no-logsumexp-shift", "unmasked-zero-responsibilities", "log-of-rounded-responsibilities",
                    "clipped-log-responsibilities", "log-instead-of-log1p", "entropy-by-difference",
                ]),
            TraceProblem(
                group: "regimes", name: "2d-k3-one-hot",
                comment: """
                    2-D, 10 points each from N((0, 0), I), N((14, 0), I), N((7, 12), I) (seed 0x25); λ⁰ at the \
                    centres: every posterior is one-hot, the other responsibilities of order 10⁻²⁵ … \
                    10⁻¹⁹, so the entropy (10⁻²³ at λ⁰, 2·10⁻¹⁸ after) is made of them
                    """,
                data: synthetic(
                    seed: 0x25,
                    clusters: [
                        (10, [0, 0], [1, 1]), (10, [14, 0], [1, 1]),
                        (10, [7, 12], [1, 1]),
                    ]),
                initial: diagonalParameters(
                    weights: [0.25, 0.25, 0.5], means: [[0, 0], [14, 0], [7, 12]],
                    variances: [[1, 1], [1, 1], [1, 1]]),
                type: .full, epsilon: 0, iterations: 4,
                extraFlags: [
                    "log-of-rounded-responsibilities", "clipped-log-responsibilities", "log-instead-of-log1p",
                    "entropy-by-difference", "unmasked-zero-responsibilities", "no-logsumexp-shift",
                ]),
            TraceProblem(
                group: "regimes", name: "1d-k10-weight-near-zero",
                comment: """
                    1-D, K = 10: 6 points from each N(3j, 0.5²), j = 0 … 8 (seed 0x26, rounded to 1/256) and the \
                    first 6 again (exact repeats); λ⁰ has weights ten times the Double 0.1 (their float64 sum is 1 \
                    − 2⁻⁵³) and a tenth component N(40, 4), far from the data, whose weight after the first \
                    M-step is ≈ 6·10⁻¹⁵
                    """,
                data: tenClusters + tenClusters.prefix(6),
                initial: diagonalParameters(
                    weights: tenth, means: nearTenMeans,
                    variances: [[Double]](repeating: [1], count: 9) + [[4]]),
                type: .full, epsilon: 0, iterations: 5,
                extraFlags: ["nk-epsilon-floor", "clipped-log-responsibilities", "unmasked-zero-responsibilities"]),
            TraceProblem(
                group: "regimes", name: "30d-k1-n31-scale-4e-6",
                comment: """
                    d = 30, K = 1, N = d + 1 = 31 points from N(0, I) (seed 0x27, rounded to 1/256) times 2⁻¹⁸ \
                    ≈ 3.8·10⁻⁶; λ⁰ = (0, 2⁻³⁴I), so |Σ| at λ⁰ is 2⁻¹⁰²⁰ ≈ 10⁻³⁰⁷ \
                    and after the M-step (the sample covariance of N = d + 1 points, variances near 10⁻¹¹, κ ≈ \
                    10³) near 10⁻³³⁹
                    """,
                data: scaled(
                    synthetic(
                        seed: 0x27,
                        clusters: [
                            (
                                31, [Double](repeating: 0, count: 30),
                                [Double](repeating: 1, count: 30)
                            )
                        ]), power: -18),
                initial: diagonalParameters(
                    weights: [1], means: [[Double](repeating: 0, count: 30)],
                    variances: [[Double](repeating: 0x1p-34, count: 30)]),
                type: .full, epsilon: 0, iterations: 2, extraFlags: ["log-det-via-det"]),
            TraceProblem(
                group: "regimes", name: "1d-k1-repeated-points",
                comment: "1-D, K = 1: 8 points from N(1, 0.5²) (seed 0x2b, rounded to 1/256), each given three "
                    + "times (exact repeats); λ⁰ = N(0, 4); every responsibility is exactly 1 and the entropy 0",
                data: Array(repeating: synthetic(seed: 0x2b, clusters: [(8, [1], [0.5])]), count: 3).flatMap { $0 },
                initial: diagonalParameters(weights: [1], means: [[0]], variances: [[4]]),
                type: .full, epsilon: 0, iterations: 2, extraFlags: []),
            TraceProblem(
                group: "regimes", name: "2d-major-axis-kappa-2e11-t0",
                comment: """
                    2-D, T = 0 (the E-step at λ⁰ only): 8 points t·(1, 2) on the major axis of Σ⁰_1 = [[9, \
                    18], [18, 36 + 2⁻³⁰]] = L Lᵀ, L = [[3, 0], [6, 2⁻¹⁵]] (exact in float64, κ ≈ \
                    2.4·10¹¹), t = ±1/4, ±5/8, ±1, ±11/8, and 8 points from N((4, 0), 0.5²I) (seed 0x2c, \
                    rounded to 1/256); λ⁰ has means (0, 0) and (4, 0), Σ⁰_2 = I and weights 1/2
                    """,
                data: majorAxisPoints + synthetic(seed: 0x2c, clusters: [(8, [4, 0], [0.5, 0.5])]),
                initial: MixtureParameters(
                    weights: [0.5, 0.5], means: [[0, 0], [4, 0]],
                    covariances: [
                        Matrix(rows: 2, columns: 2) { i, j in [[9, 18], [18, 36 + 0x1p-30]][i][j] },
                        Matrix.diagonal([1, 1]),
                    ]),
                type: .full, epsilon: 0, iterations: 0, extraFlags: ["explicit-inverse", "eigenvalue-log-det"]),
            TraceProblem(
                group: "regimes", name: "2d-major-axis-kappa-4e6-t0",
                comment: """
                    2-D, T = 0: 2d-major-axis-kappa-2e11-t0 with L = [[3, 0], [6, 2⁻⁷]], so Σ⁰_1 = [[9, 18], \
                    [18, 36 + 2⁻¹⁴]] (κ ≈ 3.7·10⁶) and its Cholesky factor are exact in float32 as well as \
                    float64; the same 16 points, eight on the major axis of Σ⁰_1
                    """,
                data: majorAxisPoints + synthetic(seed: 0x2c, clusters: [(8, [4, 0], [0.5, 0.5])]),
                initial: MixtureParameters(
                    weights: [0.5, 0.5], means: [[0, 0], [4, 0]],
                    covariances: [
                        Matrix(rows: 2, columns: 2) { i, j in [[9, 18], [18, 36 + 0x1p-14]][i][j] },
                        Matrix.diagonal([1, 1]),
                    ]),
                type: .full, epsilon: 0, iterations: 0, extraFlags: ["explicit-inverse", "eigenvalue-log-det"]),
            TraceProblem(
                group: "regimes", name: "2d-offset-1e6-k2-t0",
                comment: """
                    2-D, T = 0, data at 10⁶: λ⁰ has means m_1 = (10⁶, 10⁶) and m_2 = m_1 + L(1, ½)ᵀ = m_1 + \
                    (3/32, 1/16), Σ⁰_1 = Σ⁰_2 = c²[[9, 3], [3, 5]] = LLᵀ with L = c·[[3, 0], [1, 2]], c = 2⁻⁵ \
                    (exact, as is its Cholesky factor), and four points m_k + (a, b)·2⁻⁷ per component (a, b \
                    integers up to 14), so every x − m_k is exact; the precision factor P = L⁻ᵀ has entries \
                    ≈ 16, so x P and m_k P are ≈ 10⁷ and cancel to the whitened point, of size ≈ 1
                    """,
                data: offsetPoints(),
                initial: MixtureParameters(
                    weights: [0.5, 0.5], means: offsetMeans,
                    covariances: [offsetFactorCovariance(), offsetFactorCovariance()]),
                type: .full, epsilon: 0, iterations: 0,
                extraFlags: ["precision-factor-difference", "expanded-mahalanobis"]),
            TraceProblem(
                group: "regimes", name: "100d-k1-n8-equicorrelated-t0",
                comment: """
                    d = 100, K = 1, T = 0 (the E-step at λ⁰ only): N = 8 points from N(0, I) (seed \
                    0x2d, rounded to 1/256) times 2⁻⁶; λ⁰ = (0, Σ⁰) with Σ⁰ = 2⁻¹²(I + 11ᵀ/128), exact in \
                    float64 and float32, eigenvalues 2⁻¹² (99 times) and 2⁻¹²·(1 + 100/128): ln|Σ⁰| = \
                    −1200 ln 2 + ln(57/32) ≈ −831.2, so det(Σ⁰) ≈ 10⁻³⁶¹ underflows to 0 in both precisions by \
                    the dimension alone
                    """,
                data: scaled(
                    synthetic(
                        seed: 0x2d,
                        clusters: [
                            (
                                8, [Double](repeating: 0, count: 100),
                                [Double](repeating: 1, count: 100)
                            )
                        ]), power: -6),
                initial: MixtureParameters(
                    weights: [1], means: [[Double](repeating: 0, count: 100)],
                    covariances: [
                        Matrix(rows: 100, columns: 100) { i, j in 0x1p-12 * ((i == j ? 1 : 0) + 0x1p-7) }
                    ]),
                type: .full, epsilon: 0, iterations: 0, extraFlags: ["log-det-via-det"]),
            TraceProblem(
                group: "regimes", name: "2d-nearly-collinear-k2",
                comment: "2-D, 12 points near y = 2x around x = −2 and 12 around x = 2 (seed 0x28: x from N(±2, 1) "
                    + "rounded to 1/256, y = 2x + 10⁻⁴·N(0, 1) rounded to 2⁻³⁰); the fitted covariances have "
                    + "κ ≈ 10⁸–10⁹; full",
                data: nearlyCollinear(seed: 0x28, centres: [-2, 2], count: 12),
                initial: MixtureParameters(
                    weights: [0.5, 0.5], means: [[-1.5, -3], [1.5, 3]],
                    covariances: [Matrix.diagonal([2, 8]), Matrix.diagonal([2, 8])]),
                type: .full, epsilon: 0, iterations: 5, extraFlags: []),
        ]
    }
}
