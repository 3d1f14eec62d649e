import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleRandom

extension FactorModelsExporter {
    struct ClosedFormCase {
        var name: String
        var n: Int, d: Int, q: Int
        var seed: UInt64
        var flags: [String]
        var comment: String
        /// Added to every coordinate (data offset from the origin); nil for none.
        var shift: Double? = nil
        /// Every coordinate multiplied by this power of two (exact); 1 for none.
        var scale: Double = 1
        /// The rows given outright (replacing the planted-factor data; `shift` is still added).
        var rows: [[Double]]? = nil
    }

    func closedFormEntry(_ c: ClosedFormCase) -> CatalogueEntry {
        let shift = c.shift.map { [Double](repeating: $0, count: c.d) }
        let data =
            (c.rows.map { rows in rows.map { row in row.map { $0 + (c.shift ?? 0) } } }
            ?? Self.data(n: c.n, d: c.d, q: c.q, seed: c.seed, shift: shift)).map { $0.map { $0 * c.scale } }
        return CatalogueEntry(
            c.name, comment: c.comment, flags: c.flags,
            inputs: ["data": Self.matrixValue(data), "latentDimension": .integer(c.q)])
    }

    func closedFormFile() throws -> FixtureFile {
        let all = ["covariance-ddof", "noise-sum-not-mean", "eigenvalue-order"]
        let regimeFlags = ["one-pass-covariance", "log-det-via-det", "randomized-svd"]
        let cases =
            [
                ClosedFormCase(
                    name: "d4-q2-n20", n: 20, d: 4, q: 2, seed: 0x0F7_0001, flags: all,
                    comment: "two planted factors in ℝ⁴"),
                ClosedFormCase(
                    name: "d5-q2-n30", n: 30, d: 5, q: 2, seed: 0x0F7_0002, flags: all,
                    comment: "two planted factors in ℝ⁵"),
                ClosedFormCase(
                    name: "d5-q1-n16", n: 16, d: 5, q: 1, seed: 0x0F7_0003, flags: all,
                    comment: "one factor in ℝ⁵: σ² averages four eigenvalues"),
                ClosedFormCase(
                    name: "d3-q2-n12", n: 12, d: 3, q: 2, seed: 0x0F7_0004,
                    flags: ["covariance-ddof", "eigenvalue-order"],
                    comment: "d - q = 1: the mean of one discarded eigenvalue is also its sum"),
                ClosedFormCase(
                    name: "d2-q1-n10", n: 10, d: 2, q: 1, seed: 0x0F7_0005,
                    flags: all.filter { $0 != "noise-sum-not-mean" },
                    comment: "d = 2, where the tests integrate the density to 1 by GSL quadrature"),
            ] + Self.closedFormRegimes(all)
        return file(
            "closed-form",
            description: """
                The closed-form maximum-likelihood PPCA fit (Tipping & Bishop 1999): eigenvalues of the 1/N sample \
                covariance, σ² = mean of the d - q discarded ones, WWᵀ = U_q(Λ_q - σ²I)U_qᵀ, the projection \
                U_qU_qᵀ and the maximised log-likelihood; and inputs every factor-model routine must refuse.
                """,
            proof: "Proofs/07-factor-models.md", steps: ["FM-1", "FM-2", "FM-3", "FM-5", "FM-6", "FM-13"],
            conventions: Self.conventions,
            notes: Self.notes(for: all + ["input-validation"] + regimeFlags),
            groups: [
                try PPCAClosedFormEvaluator().testGroup(
                    description: "PPCA closed form: all outputs are rotation invariant.", cases.map(closedFormEntry)),
                try FactorModelsBadInputEvaluator().testGroup(
                    description: "Inputs that must be refused with a typed error; 'algorithm' says which routine is "
                        + "called.",
                    try badInputEntries()),
            ])
    }

    /// The regime cases of the closed form: data offset by 10⁶ and 10⁸ (the one-pass covariance
    /// E[xxᵀ] − x̄x̄ᵀ cancels) and a tiny scale in d = 16 (|C| underflows).
    static func closedFormRegimes(_ all: [String]) -> [ClosedFormCase] {
        [
            ClosedFormCase(
                name: "d4-q2-n20-offset-1e6", n: 20, d: 4, q: 2, seed: 0x0F7_0001,
                flags: all + ["one-pass-covariance"],
                comment: """
                    d4-q2-n20's data shifted by 10⁶ in every coordinate: S is unchanged, but E[xxᵀ] ≈ 10¹² \
                    and E[xxᵀ] − x̄x̄ᵀ keeps about 4 of its digits in float64
                    """, shift: 1e6),
            ClosedFormCase(
                name: "d5-q2-n30-offset-1e8", n: 30, d: 5, q: 2, seed: 0x0F7_0002,
                flags: all + ["one-pass-covariance"],
                comment: """
                    d5-q2-n30's data shifted by 10⁸ in every coordinate: E[xxᵀ] ≈ 10¹⁶ leaves the one-pass \
                    covariance no correct digit
                    """, shift: 1e8),
            ClosedFormCase(
                name: "d16-q3-n24-scale-2e-36", n: 24, d: 16, q: 3, seed: 0x0F7_0006,
                flags: all + ["log-det-via-det"],
                comment: """
                    d = 16, data scaled by 2⁻³⁶ ≈ 1.5e-11: eigenvalues of S near 1e-21, so |C| ≈ \
                    10⁻³⁴⁰ underflows in float64 while ln|C| = Σ ln λ is an ordinary number; the tolerance \
                    is dominated by |L|, so this case checks the log-likelihood (outputs of size ‖S‖ are checked \
                    by the other cases)
                    """, scale: 0x1p-36),
            ClosedFormCase(
                name: "d16-q4-n32-near-isotropic-offset-1e6", n: 32, d: 16, q: 4, seed: 0,
                flags: all + ["one-pass-covariance", "randomized-svd"],
                comment: """
                    near-isotropic spectrum: X = H₃₂[:, 1…16]·diag(s)·H₁₆/4 (Sylvester–Hadamard H, \
                    sⱼ = 1 + (16 − j)·2⁻¹⁴, j = 0 … 15), shifted by 10⁶; S = \
                    (H₁₆/4)ᵀdiag(s²)(H₁₆/4) exactly, so the eigenvalues are sⱼ² ∈ [1.00012, 1.002] \
                    with gaps ≈ 1.2e-4 and the eigenvectors are the rows of H₁₆/4; a randomized SVD (q + 10 \
                    random directions, 4 power iterations) cannot separate the principal subspace, and the one-pass \
                    covariance loses it to the offset
                    """, shift: 1e6, rows: nearIsotropicRows()),
            ClosedFormCase(
                name: "d8-q2-n9-offset-1e8", n: 9, d: 8, q: 2, seed: 0x0F7_0007,
                flags: all + ["one-pass-covariance"],
                comment: """
                    N = d + 1 = 9 points, the fewest for which S can have full rank d (its eigenvalues run \
                    from 131 down to 1.8e-4), shifted by 10⁸: E[xxᵀ] ≈ 10¹⁶ leaves the one-pass covariance no \
                    correct digit
                    """, shift: 1e8),
            ClosedFormCase(
                name: "d8-q2-n12-repeated", n: 12, d: 8, q: 2, seed: 0x0F7_0008, flags: all,
                comment: """
                    12 points in ℝ⁸ of which 3 repeat earlier ones (rows 9, 10, 11 = rows 0, 4, 8): 9 distinct \
                    points, S of full rank d = 8 (eigenvalues 32 down to 1.3e-3) with the repeated points \
                    weighted twice
                    """, rows: repeatedRows()),
        ] + closedFormSizeRegimes(all)
    }

    /// The size regime: d = 50 with q = 10 spiked factors (`spikedRows`), where ln|C| ≈ −894 comes
    /// from the dimension at a scale of 2⁻¹², and d = 100 with dense data whose S is block diagonal
    /// (`blockDiagonalCovarianceRows`), so the BigFloat Jacobi sweeps rotate within the 5 × 5 blocks
    /// only (0.9 s of release CPU; a dense d = 100 spectrum takes 24 s).
    static func closedFormSizeRegimes(_ all: [String]) -> [ClosedFormCase] {
        [
            ClosedFormCase(
                name: "d100-q5-n160-scale-2e-8", n: 160, d: 100, q: 5, seed: 0x0F7_000A,
                flags: all + ["log-det-via-det", "randomized-svd"],
                comment: """
                    d = 100 (`blockDiagonalCovarianceRows`): every one of the 160 points has all 100 \
                    coordinates nonzero, yet S is exactly block diagonal in twenty 5 × 5 blocks with x̄ = 0, \
                    scaled by 2⁻¹²: eigenvalues 1.3e-10 … 1.2e-5, ln|C| ≈ −1.6e3 from the dimension, so \
                    |C| underflows to 0 in float64 and log det via det is −∞; λ₅ − λ₆ = 0.17·λ₁ \
                    separates the principal subspace
                    """, scale: 0x1p-8, rows: blockDiagonalCovarianceRows(seed: 0x0F7_000A)),
            ClosedFormCase(
                name: "d50-q10-n100-scale-2e-12", n: 100, d: 50, q: 10, seed: 0x0F7_0009,
                flags: all + ["log-det-via-det"],
                comment: """
                    ten spiked factors in ℝ⁵⁰ (`spikedRows`), data scaled by 2⁻¹²: σ² ≈ 4.4e-9 and the \
                    principal eigenvalues 8.7e-7 … 1.2e-5, so |C| ≈ 10⁻³⁸⁸ underflows in float64 although \
                    every coordinate (|x| ≤ 4e-3) is an ordinary float; as in d16-q3-n24-scale-2e-36 the \
                    tolerance is dominated by |L| ≈ 3.8e4
                    """, scale: 0x1p-12, rows: spikedRows(n: 100, d: 50, q: 10, seed: 0x0F7_0009)),
        ]
    }

    /// N points x = Az + e in ℝᵈ from SplitMix64(seed): A's entries are ±sⱼ (random signs,
    /// sⱼ = 1 + (q − 1 − j)/8, so the columns are nearly orthogonal and factor j adds ≈ 0.75·d·sⱼ²
    /// to an eigenvalue), z uniform on [−1.5, 1.5]^q, e uniform on [−1/2, 1/2]^d (noise eigenvalues
    /// spread about 1/12, far below the q spikes); entries quantised to multiples of 1/64 (exact).
    static func spikedRows(n: Int, d: Int, q: Int, seed: UInt64) -> [[Double]] {
        var rng = SplitMix64(seed: seed)
        let a = (0..<d).map { _ in
            (0..<q).map { j in (rng.uniform() < 0.5 ? -1.0 : 1.0) * (1 + Double(q - 1 - j) / 8) }
        }
        return (0..<n).map { _ in
            let z = (0..<q).map { _ in 3 * rng.uniform() - 1.5 }
            return (0..<d).map { i in
                let x = (0..<q).reduce(0.0) { $0 + a[i][$1] * z[$1] } + (rng.uniform() - 0.5)
                return (x * 64).rounded() / 64
            }
        }
    }

    /// 160 points in ℝ¹⁰⁰ whose sample covariance is exactly block diagonal (twenty 5 × 5 blocks):
    /// base vectors y_{b,p} ∈ ℝ⁵ (block b, p = 0 … 4) have entries uniform on ±(1 + b/8)(1 + (4 − j)/2)
    /// from SplitMix64(seed), quantised to multiples of 1/64; point (p, m), m = 0 … 31, carries
    /// H₃₂[m][b + 1]·y_{b,p} in block b (Sylvester–Hadamard signs). Columns 1 … 20 of H₃₂ are orthogonal
    /// to each other and to the all-ones column 0, so x̄ = 0 and every cross-block sum
    /// Σₘ H[m][a]H[m][b]·y_{a,p}y_{b,p}ᵀ vanishes exactly, while no coordinate of any point is zero
    /// unless its base entry is.
    static func blockDiagonalCovarianceRows(seed: UInt64) -> [[Double]] {
        let (blocks, k, p) = (20, 5, 5)
        func hadamard(_ i: Int, _ j: Int) -> Double { (i & j).nonzeroBitCount % 2 == 0 ? 1 : -1 }
        var rng = SplitMix64(seed: seed)
        let base = (0..<blocks).map { b in
            (0..<p).map { _ in
                (0..<k).map { j in
                    let bound = (1 + Double(b) / 8) * (1 + Double(k - 1 - j) / 2)
                    return ((2 * rng.uniform() - 1) * bound * 64).rounded() / 64
                }
            }
        }
        return (0..<p).flatMap { point in
            (0..<32).map { m in
                (0..<blocks).flatMap { b in base[b][point].map { hadamard(m, b + 1) * $0 } }
            }
        }
    }

    /// The near-isotropic data of `d16-q4-n32-near-isotropic-offset-1e6` before the shift: row n
    /// is Σₘ H₃₂[n][m + 1]·sₘ·H₁₆[m]/4, every entry an exact Double (multiples of 2⁻¹⁶).
    static func nearIsotropicRows() -> [[Double]] {
        func hadamard(_ i: Int, _ j: Int) -> Double { (i & j).nonzeroBitCount % 2 == 0 ? 1 : -1 }
        let s = (0..<16).map { 1 + Double(16 - $0) * 0x1p-14 }
        return (0..<32).map { n in
            (0..<16).map { j in (0..<16).reduce(0.0) { $0 + hadamard(n, $1 + 1) * s[$1] * hadamard($1, j) / 4 } }
        }
    }

    /// `d8-q2-n12-repeated`'s rows: 9 planted-factor points in ℝ⁸, then rows 0, 4 and 8 again.
    static func repeatedRows() -> [[Double]] {
        let rows = data(n: 9, d: 8, q: 2, seed: 0x0F7_0008)
        return rows + [rows[0], rows[4], rows[8]]
    }

    func badInputEntries() throws -> [CatalogueEntry] {
        let data = Self.data(n: 10, d: 3, q: 1, seed: 0x0F7_00BD)
        let w0 = try Matrix([[1.0], [0.5], [-0.5]])
        var nan = data
        nan[3][1] = .nan
        var constant = data
        for n in constant.indices { constant[n][1] = 0.75 }
        func entry(
            _ name: String, _ algorithm: String, _ inputs: OrderedMap<FixtureValue>, _ kind: String,
            _ comment: String
        ) throws -> CatalogueEntry {
            var all: OrderedMap<FixtureValue> = ["algorithm": .string(algorithm)]
            for entry in inputs.entries { all[entry.key] = entry.value }
            return try Self.refusedCase(
                FactorModelsBadInputEvaluator(), name, comment: comment, flags: ["input-validation"], inputs: all,
                kind: kind)
        }
        let nanValue: FixtureValue = .array(shape: [10, 3], data: nan.flatMap { $0.map { .real(RealNumber($0)) } })
        return [
            try entry(
                "q-equals-d", "ppca-closed-form", ["data": Self.matrixValue(data), "latentDimension": .integer(3)],
                "latent-dimension", "q = d leaves no discarded eigenvalue for σ²"),
            try entry(
                "q-zero", "ppca-closed-form", ["data": Self.matrixValue(data), "latentDimension": .integer(0)],
                "latent-dimension", "q < 1"),
            try entry(
                "too-few-points", "ppca-closed-form",
                ["data": Self.matrixValue(Array(data.prefix(3))), "latentDimension": .integer(2)],
                "too-few-points", "N = 3 < q + 2 = 4: rank S ≤ N - 1 = 2 leaves σ² = 0"),
            try entry(
                "nan-data", "ppca-closed-form", ["data": nanValue, "latentDimension": .integer(1)], "non-finite-input",
                "data[3][1] is NaN"),
            try entry(
                "loadings-shape", "ppca-em",
                [
                    "data": Self.matrixValue(data), "initialLoadings": Self.matrixValue([[1.0], [0.5]]),
                    "initialNoiseVariance": .exactReal(1), "iterations": .integer(3),
                ],
                "shape-mismatch", "W⁽⁰⁾ is 2×1 but the data are in ℝ³"),
            try entry(
                "fa-constant-dimension", "fa-em",
                [
                    "data": Self.matrixValue(constant), "initialLoadings": Self.matrixValue(w0),
                    "initialNoiseVariances": .vector([1, 1, 1].map(FixtureValue.exactReal)), "iterations": .integer(3),
                ],
                "zero-variance",
                "dimension 1 is constant: Ψ₁ → 0 and the likelihood is unbounded (the error names dimension 1)"),
        ]
    }
}
