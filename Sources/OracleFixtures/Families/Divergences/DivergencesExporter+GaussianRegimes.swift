import Foundation
import OracleRandom

/// The hostile-regime cases of `divergences/gaussian-kl` (`Proofs/02-gaussian-kl.md`, regime table):
/// near-equal pairs at distances 2⁻²⁰ … 2⁻⁴⁰ in every variant, variances near 1e±300, a mean
/// offset of 1e8, dimension 100 and 200 log-determinants beyond ±709, and κ from 1e8 to 1e12.
/// Each set draws from its own generator, so the other groups' cases do not move.
extension DivergencesExporter {
    /// A Double in [1, 2) with a full 52-bit random fraction: products and squares of such
    /// values are not exact, so a cancelling formula cannot be rescued by exact arithmetic.
    static func mantissa(_ g: inout SplitMix64) -> Double {
        1 + Double(g.next() >> 12) * 0x1p-52
    }

    static let nearEqualFlags = [
        "cancellation-near-equal", "cross-entropy-minus-entropy", "missing-half", "logdet-sign",
        "trace-term-transposed", "sigma-vs-variance",
    ]

    /// v1 = v2·(1 + 2⁻ᵉ·c) and μ1 = μ2 + 2⁻ᵉ·c′ (rounded to Doubles) in each of `k` coordinates.
    static func nearEqualDiagonal(_ k: Int, exponent e: Int, _ g: inout SplitMix64) -> GaussianPair {
        let distance = 1 / Double(1 << e)
        let v2 = (0..<k).map { _ in mantissa(&g) / 1.5 }
        let v1 = v2.map { $0 * (1 + distance * mantissa(&g)) }
        let m2 = (0..<k).map { _ in mantissa(&g) - 1.5 }
        let m1 = m2.map { $0 + distance * (mantissa(&g) - 1.5) }
        return .diagonal(m1, v1, m2, v2)
    }

    /// The flags the diagonal offset, extreme-variance and scale cases share (each adds its own).
    static let diagonalFlags = [
        "kl-direction", "missing-half", "logdet-sign", "trace-term-transposed", "sigma-vs-variance",
    ]

    /// A diagonal case p = N(μ1, diag v1), q = N(μ2, diag v2) in `k` coordinates with
    /// vᵢ = 2^e·mantissa and μᵢ = s·(mantissa − 1.5), drawn from `g` in the order v1, v2, μ1, μ2: |Σ|
    /// is beyond the Double range, so log-det-via-det is flagged, and cholesky-jitter for variances below 1.
    func scaledDiagonalEntry(
        _ name: String, _ k: Int, exponent e: Int, meanScale s: Double, _ g: inout SplitMix64, comment: String
    ) -> CatalogueEntry {
        let c = Double(sign: .plus, exponent: e, significand: 1)
        let v1 = (0..<k).map { _ in c * Self.mantissa(&g) }
        let v2 = (0..<k).map { _ in c * Self.mantissa(&g) }
        let m1 = (0..<k).map { _ in s * (Self.mantissa(&g) - 1.5) }
        let m2 = (0..<k).map { _ in s * (Self.mantissa(&g) - 1.5) }
        return gaussianEntry(
            name, .diagonal(m1, v1, m2, v2),
            flags: Self.diagonalFlags + ["log-det-via-det"] + (e < 0 ? ["cholesky-jitter"] : []), comment: comment)
    }

    /// The near-equal diagonal pairs in `k` coordinates at distances 2⁻²⁰, 2⁻³⁰ and 2⁻⁴⁰, drawn from `g`
    /// in that order; kl-direction is flagged at 2⁻²⁰ only.
    func nearEqualDiagonalEntries(
        _ k: Int, _ g: inout SplitMix64, name: (Int) -> String, comment: (Int) -> String
    ) -> [CatalogueEntry] {
        [20, 30, 40].map { e in
            gaussianEntry(
                name(e), Self.nearEqualDiagonal(k, exponent: e, &g),
                flags: Self.nearEqualFlags + (e == 20 ? ["kl-direction"] : []), comment: comment(e))
        }
    }

    func univariateRegimes() -> [CatalogueEntry] {
        var g = SplitMix64(seed: 0x0E6A_1E01)
        // The textbook form ½[σ1²/σ2² + (μ1 − μ2)²/σ2² − 1 + ln σ2² − ln σ1²] rounds its terms
        // of size 1 apart, so its error u is absolute: cancellation-near-equal.
        var entries = nearEqualDiagonalEntries(1, &g, name: { "near-equal-2-minus-\($0)" }) { e in
            """
            σ1²/σ2² − 1 and μ1 − μ2 of order 2^-\(e): KL ≈ 2^-\(2 * e + 2), while \
            the terms σ1²/σ2², 1 and ln(σ1²/σ2²) are of order 1
            """
        }
        let allFlags = Self.diagonalFlags
        entries.append(
            gaussianEntry(
                "means-offset-1e8", .diagonal([1e8 + 0.75], [1.5], [1e8 - 0.5], [0.75]),
                flags: allFlags,
                comment: """
                    means near 1e8 that differ by 1.25: μ1 − μ2 is exact in Double, so the \
                    Mahalanobis term has no cancellation when the difference is taken first
                    """))
        let big = 0x1p996, small = 0x1p-997
        entries.append(
            gaussianEntry(
                "variances-near-1e300",
                .diagonal(
                    [0], [big * Self.mantissa(&g)], [0x1p497 * Self.mantissa(&g)],
                    [2 * big * Self.mantissa(&g)]),
                flags: allFlags + ["log-variance-difference"],
                comment: """
                    σ² ≈ 1e300: ln σ² ≈ 690, and σ⁴ overflows (a variance taken for a standard \
                    deviation squares to +∞)
                    """))
        entries.append(
            gaussianEntry(
                "variances-near-1e-300",
                .diagonal(
                    [0], [small * Self.mantissa(&g)], [0x1p-499 * Self.mantissa(&g)],
                    [2 * small * Self.mantissa(&g)]),
                flags: allFlags + ["cholesky-jitter", "log-variance-difference"],
                comment: """
                    σ² ≈ 1e-300: ln σ² ≈ −690, σ⁴ underflows to 0, and a jitter of 1e-6 swamps \
                    both variances
                    """))
        let shared = big * Self.mantissa(&g)
        entries.append(
            gaussianEntry(
                "mean-difference-squared-overflows",
                .diagonal([0x1p520 * Self.mantissa(&g)], [shared], [0], [shared]),
                flags: ["mahalanobis-overflow", "missing-half", "sigma-vs-variance"],
                comment: """
                    equal variances ≈ 1e300 and |μ1 − μ2| ≈ 2^520: (μ1 − μ2)² overflows, but \
                    ((μ1 − μ2)/σ2)² ≈ 2^44 and KL ≈ 2^43 are finite
                    """))
        return entries
    }

    func diagonalRegimes() -> [CatalogueEntry] {
        var g = SplitMix64(seed: 0x0E6A_1E02)
        var entries = nearEqualDiagonalEntries(10, &g, name: { "near-equal-dimension-10-2-minus-\($0)" }) { e in
            """
            10 coordinates, each with σ1²/σ2² − 1 and μ1 − μ2 of order 2^-\(e): \
            KL ≈ 10·2^-\(2 * e + 2)
            """
        }
        entries.append(
            gaussianEntry(
                "variance-ratios-2-minus-1100-and-2-plus-1000",
                .diagonal([0, 0], [0x1p-550, 0x1p500], [0, 0], [0x1p550, 0x1p-500]),
                flags: [
                    "variance-ratio-underflow", "kl-direction", "missing-half",
                    "trace-term-transposed", "sigma-vs-variance",
                ],
                comment: """
                    σ1²/σ2² = 2^-1100 in the first coordinate underflows to 0, so ln of the \
                    ratio is −∞ and KL +∞, while ln σ1² − ln σ2² = −1100 ln 2 is finite; the \
                    second ratio 2^1000 keeps |Σ2|/|Σ1| = 2^100 and KL ≈ 2^999 in range
                    """))
        for (k, e) in [(100, 14), (100, -14), (200, 8)] {
            let sign = e > 0 ? "plus" : "minus"
            entries.append(
                scaledDiagonalEntry(
                    "dimension-\(k)-scale-2-\(sign)-\(Swift.abs(e))", k, exponent: e,
                    meanScale: Double(sign: .plus, exponent: e / 2, significand: 1), &g,
                    comment: """
                        \(k) variances near 2^\(e): |Σ| ≈ 2^\(k * e) is beyond the Double range, \
                        so det(Σ) \(e > 0 ? "overflows to +∞" : "underflows to 0")
                        """))
        }
        for e in [996, -997] {
            let k = 4
            let name = e > 0 ? "variances-near-1e300" : "variances-near-1e-300"
            entries.append(
                scaledDiagonalEntry(
                    "dimension-\(k)-\(name)", k, exponent: e,
                    meanScale: Double(sign: .plus, exponent: e / 2, significand: 1), &g,
                    comment: """
                        \(k) variances near 2^\(e): the product of the variances \
                        \(e > 0 ? "overflows to +∞" : "underflows to 0"), the sum of their \
                        logarithms (≈ \(k)·\(e > 0 ? "690" : "−690")) does not
                        """))
        }
        // Near-equal at 2⁻¹⁰, a distance float32 resolves (the 2⁻²⁰ … 2⁻⁴⁰ pairs are float64-only): the
        // term-by-term forms lose ≈ u/KL, 1e-2 relative at float32, where the Gibbs-grouped sum keeps 1e-5.
        var near = SplitMix64(seed: 0x0E6A_1E06)
        entries.append(
            gaussianEntry(
                "near-equal-dimension-10-2-minus-10", Self.nearEqualDiagonal(10, exponent: 10, &near),
                flags: Self.nearEqualFlags + ["kl-direction"],
                comment: """
                    10 coordinates, each with σ1²/σ2² − 1 and μ1 − μ2 of order 2^-10: KL ≈ 10·2^-22, \
                    while the terms σ1²/σ2², 1 and ln(σ1²/σ2²) are of order 1 (checked at float32 too)
                    """))
        return entries
    }

    func fullRegimes() -> [CatalogueEntry] {
        var g = SplitMix64(seed: 0x0E6A_1E03)
        return [(Self.fullRegimeDimension, 52), (Self.fullRegimeDimension, -52)].map { k, e in
            // At 2^-52 the flags below are the ones measured to fail there.
            let allFlags =
                e > 0
                ? ["kl-direction", "missing-half", "logdet-sign", "trace-term-transposed", "log-det-via-det"]
                : ["kl-direction", "missing-half", "cholesky-jitter"]
            let pair = Self.scaledRandomPair(
                k, covarianceScale: Double(sign: .plus, exponent: e, significand: 1), meanScale: 0x1p6, &g)
            let sign = e > 0 ? "plus" : "minus"
            return gaussianEntry(
                "dimension-\(k)-scale-2-\(sign)-\(Swift.abs(e))", pair,
                flags: allFlags,
                comment: """
                    2^\(e)·(BBᵀ + cI) with dyadic B in dimension \(k): |Σ| ≈ 2^\(k * e) is beyond \
                    the Double range, so det(Σ) \(e > 0 ? "overflows to +∞" : "underflows to 0")
                    """)
        }
    }

    /// The dimension of the full-covariance scale cases: exact LDLᵀ over ℚ costs O(k³) rational
    /// operations on numbers of O(k) digits, so the scale 2^±52 (exact, and free over ℚ) rather
    /// than the dimension carries ln|Σ| beyond ±709; the diagonal group reaches k = 200.
    static let fullRegimeDimension = 20

    func nearEqualRegimes() -> [CatalogueEntry] {
        var g = SplitMix64(seed: 0x0E6A_1E04)
        return [(3, 30), (3, 40)].map { k, e in
            return gaussianEntry(
                "dimension-\(k)-epsilon-2-minus-\(e)", Self.nearEqualPair(k, exponent: e, &g),
                flags: ["cancellation-near-equal", "cross-entropy-minus-entropy", "missing-half"],
                comment: "Σ1 = Σ2 + 2^-\(e)·E, μ1 − μ2 = O(2^-\(e)): KL = O(2^-\(2 * e))")
        }
    }

    func illConditionedRegimes() -> [CatalogueEntry] {
        var g = SplitMix64(seed: 0x0E6A_1E05)
        let allFlags = ["kl-direction", "missing-half", "trace-term-transposed", "cholesky-jitter"]
        return [(3, 27), (5, 33), (8, 40)].map { k, r in
            let ridge = 1 / Double(1 << r)
            let pair = GaussianPair(
                mean1: Self.randomMean(k, &g), sigma1: Self.randomCovariance(k, rank: k, ridge: 0.5, &g),
                mean2: Self.randomMean(k, &g),
                sigma2: Self.randomCovariance(k, rank: k - 1, ridge: ridge, &g), diagonal: false)
            return gaussianEntry(
                "dimension-\(k)-ridge-2-minus-\(r)", pair, flags: allFlags,
                comment: """
                    Σ2 = BBᵀ + 2^-\(r)·I with B of rank \(k - 1): κ(Σ2) ~ 2^\(r), and a jitter of \
                    1e-6·I is far above the least eigenvalue 2^-\(r)
                    """)
        }
    }
}
