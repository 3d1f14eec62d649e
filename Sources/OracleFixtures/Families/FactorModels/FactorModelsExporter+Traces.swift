import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

extension FactorModelsExporter {
    func ppcaTraceEntry(
        name: String, n: Int, d: Int, q: Int, seed: UInt64, iterations: Int,
        shift: Double? = nil
    ) throws -> CatalogueEntry {
        let data = Self.data(n: n, d: d, q: q, seed: seed, shift: shift.map { [Double](repeating: $0, count: d) })
        return try ppcaTraceEntry(
            name: name, data: data, q: q, start: (try FactorModelStart.loadings(d: d, q: q), 1),
            iterations: iterations,
            comment: "PPCA EM (Tipping & Bishop eqs. 29-30) from the given W⁽⁰⁾, σ²⁽⁰⁾ = 1, μ = x̄; "
                + "after EM W's columns are not orthogonal"
                + (n == d + 1 ? "; N = d + 1 points, the fewest for which S has full rank" : "")
                + (shift.map {
                    "; the planted-factor data (seed 0x\(String(seed, radix: 16))) shifted by \($0) in "
                        + "every coordinate (S unchanged)"
                } ?? ""),
            flags: ["covariance-ddof", "rotation-dependent-comparison"] + (shift == nil ? [] : ["one-pass-covariance"]))
    }

    func ppcaTraceEntry(
        name: String, data: [[Double]], q: Int, start: (loadings: Matrix<Double>, noiseVariance: Double),
        iterations: Int, comment: String, flags: [String]
    ) throws -> CatalogueEntry {
        CatalogueEntry(
            name, comment: comment, flags: flags,
            inputs: [
                "data": Self.matrixValue(data), "latentDimension": .integer(q),
                "initialLoadings": Self.matrixValue(start.loadings),
                "initialNoiseVariance": .exactReal(start.noiseVariance), "iterations": .integer(iterations),
            ])
    }

    /// A start near the maximum-likelihood point of `data`: the closed-form fit (Double, R = I) with
    /// entry k of W (row-major) scaled by 1 + δ·cₖ, cₖ = ±1/4 … ±5/4 the pattern of
    /// `FactorModelStart.loadings`, and σ² by 1 + δ, each product rounded to a Double.
    static func nearFixedPoint(
        _ data: [[Double]], q: Int, delta: Double
    ) throws -> (loadings: Matrix<Double>, noiseVariance: Double) {
        let fit = try PPCAClosedForm(data: data, latentDimension: q)
        let w = try fit.loadings()
        let pattern = try FactorModelStart.loadings(d: w.rows, q: q)
        let entries = zip(w.entries, pattern.entries).map { $0 * (1 + delta * $1) }
        return (try Matrix(rows: w.rows, columns: q, entries: entries), fit.noiseVariance * (1 + delta))
    }

    /// The ppca-em cases beyond the gentle ones: near the fixed point, an ill-conditioned C, d = 16.
    func ppcaRegimeEntries() throws -> [CatalogueEntry] {
        let gentle = Self.data(n: 20, d: 4, q: 2, seed: 0x0F7_0001)
        // Noise 1e-3·(i + 1) on a 2⁻²⁴ grid under factors of variance ≈ 87 and 12: σ² ≈ 4.7e-6, κ(C) ≈ 3e7.
        let tight = Self.data(n: 20, d: 5, q: 2, seed: 0x0F7_0001, noise: 1e-3, grid: 0x1p24)
        let wide = Self.data(n: 32, d: 16, q: 4, seed: 0x0F7_0016)
        return [
            try ppcaTraceEntry(
                name: "d4-q2-n20-near-fixed-point", data: gentle, q: 2,
                start: try Self.nearFixedPoint(gentle, q: 2, delta: 0x1p-20), iterations: 20,
                comment: """
                    the data of d4-q2-n20 from 2⁻²⁰ (relative) off the closed-form fit: σ² moves by 2⁻²¹ at t = 1, \
                    the changes halving to 2⁻³³ by t = 20, and WWᵀ by 2⁻²⁶ of its norm per iteration (a slow mode); \
                    ln L rises by 1.5e-9 at t = 1, then by 2.6e-12 … 2.8e-13, 90 … 10 ulps of ln L ≈ −156.87: a \
                    float route's ln L is not monotone there (the NumPy consumer's falls by 8.5e-14 at t = 20), \
                    and an EM loop that stops once the gain is small reports parameters that are still moving
                    """,
                flags: ["covariance-ddof", "em-stops-on-small-gain"]),
            try ppcaTraceEntry(
                name: "d5-q2-n20-kappa-3e7", data: tight, q: 2,
                start: try Self.nearFixedPoint(tight, q: 2, delta: 0x1p-12), iterations: 8,
                comment: """
                    noise 1e-3·(i + 1) on a 2⁻²⁴ grid under two factors of variance ≈ 87 and 12: σ² ≈ 4.7e-6, so \
                    C = WWᵀ + σ²I has κ ≈ 3e7 along the trace (started 2⁻¹² off the closed-form fit); the \
                    tolerance is relative, from κ̂, and an E step through inv(C) fails it
                    """,
                flags: ["covariance-ddof", "explicit-inverse-e-step"]),
            try ppcaTraceEntry(
                name: "d16-q4-n32", data: wide, q: 4, start: (try FactorModelStart.loadings(d: 16, q: 4), 1),
                iterations: 3,
                comment: """
                    d = 16, q = 4, N = 32 planted-factor points (seed 0x\(String(0x0F7_0016, radix: 16))) from the \
                    given W⁽⁰⁾, σ²⁽⁰⁾ = 1; ‖S‖_F and |ln L| are beyond the absolute tolerance's scope, so the \
                    tolerance is relative; after EM W's columns are not orthogonal
                    """,
                flags: ["covariance-ddof", "rotation-dependent-comparison"]),
        ]
    }

    func faTraceEntry(
        name: String, n: Int, d: Int, q: Int, seed: UInt64, psi0: [Double],
        noise: FactorAnalysisEM.Noise = .diagonal, iterations: Int,
        shift: Double? = nil, noiseless: Int? = nil
    ) throws -> CatalogueEntry {
        let data = Self.data(
            n: n, d: d, q: q, seed: seed, shift: shift.map { [Double](repeating: $0, count: d) }, noiseless: noiseless)
        return CatalogueEntry(
            name,
            comment: (noise == .diagonal
                ? "factor-analysis EM with diagonal Ψ from the given W⁽⁰⁾, Ψ⁽⁰⁾, μ = x̄"
                : "factor-analysis EM with Ψ constrained to σ²I: the same trace as ppca-em/d4-q2-n20 (FA reduces to "
                    + "PPCA)")
                + (shift.map { "; the data of d4-q2-n20 shifted by \($0) in every coordinate (S unchanged)" } ?? "")
                + (noiseless == nil
                    ? ""
                    : "; coordinate 1 has no noise (only the 1/64 grid), so the factor explains it almost fully: "
                        + "Ψ₁/S₁₁ falls from 0.54 to 0.001 in 15 iterations (a Heywood case)"),
            flags: ["covariance-ddof", "fa-stale-loadings"] + (shift == nil ? [] : ["one-pass-covariance"])
                + (noiseless == nil ? [] : ["uniqueness-floor"]),
            inputs: [
                "data": Self.matrixValue(data), "latentDimension": .integer(q),
                "initialLoadings": Self.matrixValue(try FactorModelStart.loadings(d: d, q: q)),
                "initialNoiseVariances": .vector(psi0.map(FixtureValue.exactReal)), "iterations": .integer(iterations),
                "noise": .string(noise == .diagonal ? "diagonal" : "isotropic"),
            ])
    }

    func faTraceEntry(
        name: String, data: [[Double]], q: Int, start: (loadings: Matrix<Double>, noiseVariances: [Double]),
        iterations: Int, comment: String, flags: [String]
    ) -> CatalogueEntry {
        CatalogueEntry(
            name, comment: comment, flags: flags,
            inputs: [
                "data": Self.matrixValue(data), "latentDimension": .integer(q),
                "initialLoadings": Self.matrixValue(start.loadings),
                "initialNoiseVariances": .vector(start.noiseVariances.map(FixtureValue.exactReal)),
                "iterations": .integer(iterations), "noise": .string("diagonal"),
            ])
    }

    /// The fa-em cases beyond the gentle ones: per-coordinate scales 10⁻⁴ … 10⁴, and d = 16.
    func faRegimeEntries() throws -> [CatalogueEntry] {
        let scales = [1e-4, 1e-1, 1e2, 1e4]
        let scaled = Self.data(n: 20, d: 4, q: 1, seed: 0x0F7_0001, scales: scales)
        let tinyScales = scales.map { $0 * 0x1p-20 }
        let tinyScaled = Self.data(n: 20, d: 4, q: 1, seed: 0x0F7_0001, scales: tinyScales)
        let w0 = try FactorModelStart.loadings(d: 4, q: 1)
        let psi0: [Double] = [1, 0.5, 2, 1.5]
        let wide = Self.data(n: 32, d: 16, q: 4, seed: 0x0F7_0016)
        let large = Self.data(
            n: 32, d: 100, q: 3, seed: 0x0F7_0100, scales: [Double](repeating: 0x1p-10, count: 100))
        let largeLoadings = try FactorModelStart.loadings(d: 100, q: 3).map { $0 * 0x1p-10 }
        let largeNoise: [Double] = (1...100).map { i in 0.03 * Double(i * i) * 0x1p-20 }
        // The two-factor data of ppca-em/d5-q2-n30 fitted with q = 1 (the q = 2 fits drift towards a
        // Heywood boundary, Ψᵢ → 0, and have no nearby fixed point). The start is the point 3000
        // float64 iterations of `FactorAnalysisEM.run` from W⁽⁰⁾ = FactorModelStart.loadings(5, 1) and
        // Ψ⁽⁰⁾ = (1, ½, 2, 3/2, 1) reach (their last relative change ≈ 2e-15), with Wᵢ scaled by
        // 1 + 2⁻²⁰·cᵢ (cᵢ the entries of W⁽⁰⁾) and Ψᵢ by 1 + 2⁻²⁰, as literals: the 3000 iterations
        // would cost the export seconds.
        let gentle = Self.data(n: 30, d: 5, q: 2, seed: 0x0F7_0002)
        let nearLoadings = [
            0x1.d24f16b4805e7p+0, -0x1.9e53640c1815ap+1, 0x1.0289c424c0200p+2, -0x1.6f8dde105ca74p+2,
            0x1.b9f3c4c690864p+2,
        ]
        let nearNoise = [
            0x1.6f6b0084ea92bp+2, 0x1.db4befa420e6dp+2, 0x1.85d5f2cd512b0p-2, 0x1.713cf76427bd0p-2,
            0x1.84a92cd1c8747p-1,
        ]
        return [
            faTraceEntry(
                name: "d5-q1-n30-near-fixed-point", data: gentle, q: 1,
                start: (try Matrix(rows: 5, columns: 1, entries: nearLoadings), nearNoise),
                iterations: 20,
                comment: """
                    factor-analysis EM with diagonal Ψ and q = 1 on the data of ppca-em/d5-q2-n30, from 2⁻²⁰ \
                    (relative) off the fixed point 3000 float64 iterations from W⁽⁰⁾, Ψ⁽⁰⁾ = (1, ½, 2, 3/2, 1) \
                    reach: Ψ moves by 2⁻¹⁹·⁶ (relative) at t = 1, the changes shrinking to 2⁻²⁸ by t = 20, and \
                    WWᵀ by 2⁻²⁸ of its norm per iteration after t = 1; ln L rises by 2.0e-9 at t = 1, then by \
                    3.0e-12 … 0 (ulp 5.7e-14 at ln L ≈ −314.70: from t = 8 on most gains round to 0), so an EM \
                    loop that stops once the gain is small reports parameters that are still moving
                    """,
                flags: ["covariance-ddof", "em-stops-on-small-gain"]),
            faTraceEntry(
                name: "d4-q1-n20-scales-1e-4-1e4", data: scaled, q: 1,
                start: (
                    try Matrix(rows: 4, columns: 1, entries: (0..<4).map { w0[$0, 0] * scales[$0] }),
                    (0..<4).map { psi0[$0] * scales[$0] * scales[$0] }
                ),
                iterations: 12,
                comment: """
                    factor-analysis EM with diagonal Ψ on planted one-factor data whose coordinates are scaled by \
                    1e-4, 1e-1, 1e2 and 1e4 (W⁽⁰⁾ rows and Ψ⁽⁰⁾ scaled alike): Sᵢᵢ spans 1.8e-8 … 3.1e9, so the \
                    tolerance is relative (FA is equivariant under coordinate scaling); Ψ₁ falls to 1.7e-10, far \
                    below an absolute variance floor
                    """,
                flags: ["covariance-ddof", "fa-stale-loadings", "absolute-variance-floor", "eigenvalue-log-det"]),
            faTraceEntry(
                name: "d4-q1-n20-scales-1e-10-1e-2", data: tinyScaled, q: 1,
                start: (
                    try Matrix(rows: 4, columns: 1, entries: (0..<4).map { w0[$0, 0] * tinyScales[$0] }),
                    (0..<4).map { psi0[$0] * tinyScales[$0] * tinyScales[$0] }
                ),
                iterations: 12,
                comment: """
                    d4-q1-n20-scales-1e-4-1e4 with every coordinate, W⁽⁰⁾ row and Ψ⁽⁰⁾ scaled by a further 2⁻²⁰ \
                    (2⁻⁴⁰ for variances, exact): Sᵢᵢ spans 1.6e-20 … 2.8e-3 and Ψ₁ falls to 1.5e-22, so every Ψⱼ \
                    is below scikit-learn's FactorAnalysis floor SMALL = 1e-12; the trace is that case's, scaled
                    """,
                flags: [
                    "covariance-ddof", "fa-stale-loadings", "absolute-variance-floor", "small-variance-floor",
                    "eigenvalue-log-det",
                ]),
            faTraceEntry(
                name: "d16-q4-n32", data: wide, q: 4,
                start: (try FactorModelStart.loadings(d: 16, q: 4), (0..<16).map { Double($0 % 4 + 1) / 2 }),
                iterations: 3,
                comment: """
                    factor-analysis EM with diagonal Ψ, d = 16, q = 4, N = 32 planted-factor points (seed \
                    0x\(String(0x0F7_0016, radix: 16))) from the given W⁽⁰⁾, Ψ⁽⁰⁾ = ½, 1, 3/2, 2, …; beyond the \
                    absolute tolerance's scope (d > 5), so the tolerance is relative
                    """,
                flags: ["covariance-ddof", "fa-stale-loadings"]),
            faTraceEntry(
                name: "d100-q3-n32-scale-2e-10-t0", data: large, q: 3, start: (largeLoadings, largeNoise),
                iterations: 0,
                comment: """
                    factor-analysis ln L in d = 100 at the given parameters (T = 0: a d = 100 trace writes WWᵀ, \
                    10⁴ reals, per iteration): q = 3, N = 32 < d planted-factor points (seed \
                    0x\(String(0x0F7_0100, radix: 16))), every coordinate scaled by 2⁻¹⁰, Ψ⁽⁰⁾ᵢ = 0.03(i + 1)²·2⁻²⁰ \
                    (the variance of coordinate i's noise). ln|C| ≈ −1.0e3 by the dimension, so |C| underflows \
                    to 0 in float64 and log det via det is −∞; S has rank 31 < d, C = WWᵀ + Ψ is positive definite
                    """,
                flags: ["covariance-ddof", "log-det-via-det"]),
        ]
    }

    /// The mixture trace on two planted clusters of 12 points in ℝ³. `farPoint` adds a 25th point
    /// and starts from tight components (σₖ² = 1/4, both loadings (1, −2, 3)ᵀ along the clusters), so
    /// that the far point's log joint is ≈ −1e3 under every component; `shift` moves the data and the
    /// initial means by the same constant in every coordinate.
    func mppcaTraceEntry(
        name: String, iterations: Int, farPoint: [Double]? = nil, shift: Double? = nil
    ) -> CatalogueEntry {
        let d = 3, q = 1
        let offset = shift ?? 0
        var data =
            Self.data(n: 12, d: d, q: q, seed: 0x0F7_00A1, noise: 0.2)
            + Self.data(n: 12, d: d, q: q, seed: 0x0F7_00B2, noise: 0.2, shift: [6, -4, 3])
        var means: [[Double]] = [[1, 0, 0], [5, -3, 2]]
        var loadings: [[[Double]]] = [[[1], [0.5], [-0.5]], [[0.5], [1], [0.25]]]
        var noise: [Double] = [1, 2]
        var comment = """
            two PPCA components (q = 1) in ℝ³; EM as in Tipping & Bishop (1999), Appendix C: responsibilities, \
            π̃, μ̃, Sₖ about μ̃ₖ, one PPCA EM update
            """
        var flags = ["mppca-stale-mean"]
        if let farPoint {
            data.append(farPoint)
            means = [[0, 0, 0], [6, -4, 3]]
            loadings = [[[1], [-2], [3]], [[1], [-2], [3]]]
            noise = [0.25, 0.25]
            // At t = 0 the far point's log joints are ≈ −984 and −956 (both below ln of the least
            // double, ≈ −745); at t = 1 they differ by ≈ 2.2e3 nats, so its responsibilities are one-hot
            // to the last bit of a double.
            comment += """
                ; a 25th point (12, 15, 12) far from both tight starting components (σₖ² = 1/4, loadings \
                (1, −2, 3)ᵀ): its log joint is ≈ −984 and −956 at t = 0, so exp of either underflows to 0 \
                without the max shift, and its responsibilities at t = 1 are one-hot (log joints ≈ 2.2e3 nats apart)
                """
            flags.append("no-logsumexp-shift")
        }
        if let shift {
            data = data.map { $0.map { $0 + shift } }
            comment += "; the data and the initial means shifted by \(shift) in every coordinate (each Sₖ unchanged)"
            flags.append("one-pass-covariance")
        }
        means = means.map { $0.map { $0 + offset } }
        return mppcaTraceEntry(
            name: name, comment: comment, flags: flags, data: data, q: q,
            start: (weights: [0.5, 0.5], means: means, loadings: loadings, noiseVariances: noise),
            iterations: iterations)
    }

    func mppcaTraceEntry(
        name: String, comment: String, flags: [String], data: [[Double]], q: Int,
        start: (weights: [Double], means: [[Double]], loadings: [[[Double]]], noiseVariances: [Double]),
        iterations: Int
    ) -> CatalogueEntry {
        CatalogueEntry(
            name,
            comment: comment,
            flags: flags,
            inputs: [
                "data": Self.matrixValue(data), "latentDimension": .integer(q),
                "initialWeights": .vector(start.weights.map(FixtureValue.exactReal)),
                "initialMeans": Self.matrixValue(start.means),
                "initialLoadings": .array(
                    shape: [start.weights.count, data.first?.count ?? 0, q],
                    data: start.loadings.flatMap { $0.flatMap { $0.map(FixtureValue.exactReal) } }),
                "initialNoiseVariances": .vector(start.noiseVariances.map(FixtureValue.exactReal)),
                "iterations": .integer(iterations),
            ])
    }

    /// The data of mppca-em/k2-d3-q1-n24 and a start 2⁻²⁰ (relative) off the point 2000 float64
    /// iterations of `MixturePPCAEM.run` from that case's start reach (their last relative change
    /// ≈ 1e-16): each mean entry i scaled by 1 + 2⁻²⁰·cᵢ and loading entry i of component k by
    /// 1 + 2⁻²⁰·c₃ₖ₊ᵢ (c the entries of FactorModelStart.loadings(3, 2)), σₖ² by 1 + 2⁻²⁰, π₁
    /// rounded to a multiple of 2⁻³⁰ and π₂ = 1 − π₁ (exact); as literals, since the 2000
    /// iterations would cost the export seconds.
    static func mixtureNearFixedPoint() -> (
        data: [[Double]],
        start: (weights: [Double], means: [[Double]], loadings: [[[Double]]], noiseVariances: [Double])
    ) {
        let data =
            Self.data(n: 12, d: 3, q: 1, seed: 0x0F7_00A1, noise: 0.2)
            + Self.data(n: 12, d: 3, q: 1, seed: 0x0F7_00B2, noise: 0.2, shift: [6, -4, 3])
        let weights = [0x1.7fc8768000000p-2, 0x1.401bc4c000000p-1]
        let means = [
            [0x1.e4097ac6e5b88p-1, 0x1.871a81f35e606p+0, -0x1.c810a2c6db6cbp+1],
            [0x1.0a0712a8a0c0bp+2, -0x1.057a18f94589cp+2, 0x1.24606988d4fe9p+2],
        ]
        let loadings = [
            [[-0x1.7fb823414b7bfp+1], [0x1.2bb09a522f27dp+1], [-0x1.0288cf5e6ab0dp+1]],
            [[-0x1.7007e63feed76p+1], [0x1.0ce0b0aa215afp+1], [-0x1.f7eee1c146979p+0]],
        ]
        return (data, (weights, means, loadings, [0x1.f1ad544a3535ap-3, 0x1.5403f63ccda88p-1]))
    }

    /// The mppca-em cases beyond the gentle ones: K = 1, and two ill-conditioned components.
    func mppcaRegimeEntries() throws -> [CatalogueEntry] {
        let gentle = Self.data(n: 20, d: 4, q: 2, seed: 0x0F7_0001)
        let w0 = try FactorModelStart.loadings(d: 4, q: 2)
        let rows = (0..<4).map { i in (0..<2).map { j in w0[i, j] } }
        // Two clusters of 12 points along one factor each, noise 1e-3·(i + 1) on a 2⁻²⁴ grid: each
        // component's σ² ≈ 1e-6 under a factor of variance ≈ 24, κ(Cₖ) ≈ 2.4e7. Each starts 2⁻¹² off
        // its cluster's closed-form PPCA fit, at the cluster's mean rounded to a multiple of 2⁻²⁰.
        let clusters = [
            Self.data(n: 12, d: 3, q: 1, seed: 0x0F7_00A1, noise: 1e-3, grid: 0x1p24),
            Self.data(n: 12, d: 3, q: 1, seed: 0x0F7_00B2, noise: 1e-3, shift: [6, -4, 3], grid: 0x1p24),
        ]
        let fits = try clusters.map { try Self.nearFixedPoint($0, q: 1, delta: 0x1p-12) }
        let means = try clusters.map { try SampleMoments(data: $0).mean.map { ($0 * 0x1p20).rounded() / 0x1p20 } }
        let near = Self.mixtureNearFixedPoint()
        // Two clusters of 16 planted two-factor points in ℝ¹⁶, the second shifted by 8 in every
        // coordinate; each component starts ½ off its cluster's mean (rounded to a multiple of 1/64) in
        // every coordinate, so that the first M step moves each mean by ‖½·1‖ = 2.
        let wide = [
            Self.data(n: 16, d: 16, q: 2, seed: 0x0F7_00C1),
            Self.data(n: 16, d: 16, q: 2, seed: 0x0F7_00C2, shift: [Double](repeating: 8, count: 16)),
        ]
        let wideMeans = try wide.map { try SampleMoments(data: $0).mean.map { ($0 * 64).rounded() / 64 + 0.5 } }
        let wideLoadings = try FactorModelStart.loadings(d: 16, q: 2)
        let wideRows = (0..<16).map { i in (0..<2).map { j in wideLoadings[i, j] } }
        // Two clusters of 16 planted one-factor points in ℝ¹⁰⁰ (noise 0.05·(i + 1)), the second shifted
        // by 8 in every coordinate, all scaled by 2⁻¹⁴; each component starts ½·2⁻¹⁴ off its cluster's
        // mean (rounded to a multiple of 2⁻²⁰) in every coordinate, with w⁽⁰⁾ = ⅞·2⁻¹⁴·a (a the planted
        // factor, `data`) and σ²⁽⁰⁾ = 3·2⁻²⁸, about the mean noise variance.
        let scale = 0x1p-14
        let large = [
            Self.data(n: 16, d: 100, q: 1, seed: 0x0F7_00D1, noise: 0.05),
            Self.data(n: 16, d: 100, q: 1, seed: 0x0F7_00D2, noise: 0.05, shift: [Double](repeating: 8, count: 100)),
        ].map { $0.map { $0.map { $0 * scale } } }
        let largeMeans = try large.map {
            try SampleMoments(data: $0).mean.map { ($0 * 0x1p20).rounded() / 0x1p20 + 0.5 * scale }
        }
        let largeRows = (0..<100).map { i in [(i % 2 == 0 ? 1.0 : -1.0) * Double(i % 5 + 1) * 1.5 * 0.875 * scale] }
        // One component in ℝ³ with w = (w₁, ¾p, 15/16·p), w₁ = 1 − 2⁻²², p = 1 + 2⁻²², and σ² = 2⁻²⁰:
        // w₁² + σ² = p², and with t_j = σ² + Σ_{i≤j} wᵢ² (t₂ = (5p/4)², t₃ = (25p/16)²) the Cholesky
        // pivots t₁, σ²t₂/t₁, σ²t₃/t₂ are p², (5·2⁻¹²)², (5·2⁻¹²)², so C = wwᵀ + σ²I = LLᵀ exactly in
        // binary64 with L = [[p, 0, 0], [¾w₁, 5·2⁻¹², 0], [15/16·w₁, 9·2⁻¹⁴, 5·2⁻¹²]], every product and
        // difference of the factorization exact (≤ 52 bits); κ(C) = (‖w‖² + σ²)/σ² ≈ 2.6e6. Eight points
        // μ + a·w, a = −7/4 … 2, on the major axis of C.
        let p = 1 + 0x1p-22
        let axis = [1 - 0x1p-22, 0.75 * p, 0.9375 * p]
        let center = [1.0, -2, 0.5]
        let majorAxisPoints = [-1.75, -1.25, -0.75, -0.5, 0.5, 1, 1.5, 2].map { a in
            zip(center, axis).map { $0 + a * $1 }
        }
        return [
            mppcaTraceEntry(
                name: "k1-d3-q1-n8-major-axis-kappa-3e6-t0",
                comment: """
                    one component (K = 1, q = 1) in ℝ³, T = 0 (ln L at the given parameters only): \
                    w = (1 − 2⁻²², ¾(1 + 2⁻²²), 15/16·(1 + 2⁻²²))ᵀ, σ² = 2⁻²⁰, μ = (1, −2, ½), so C = wwᵀ + σ²I \
                    has κ ≈ 2.6·10⁶, and C and its Cholesky factor L = [[1 + 2⁻²², 0, 0], [¾(1 − 2⁻²²), 5·2⁻¹², 0], \
                    [15/16·(1 − 2⁻²²), 9·2⁻¹⁴, 5·2⁻¹²]] are exact in binary64; the eight points μ + a·w, a = −7/4, \
                    −5/4, −3/4, −½, ½, 1, 3/2, 2, lie on the major axis of C, so (x − μ)ᵀC⁻¹(x − μ) = \
                    a²‖w‖²/(‖w‖² + σ²) is kept to a few u by L⁻¹(x − μ), while an explicit inverse of C, a \
                    precision matrix from the matrix inversion lemma, log det from the eigenvalues of C, or the \
                    Woodbury difference (‖x − μ‖² − ‖L_M⁻¹wᵀ(x − μ)‖²)/σ² lose ≈ κ·u
                    """,
                flags: ["explicit-precision-matrix", "eigenvalue-log-det", "woodbury-mahalanobis"],
                data: majorAxisPoints, q: 1,
                start: (weights: [1], means: [center], loadings: [axis.map { [$0] }], noiseVariances: [0x1p-20]),
                iterations: 0),
            mppcaTraceEntry(
                name: "k2-d16-q2-n32",
                comment: """
                    two PPCA components (q = 2) in ℝ¹⁶ on two clusters of 16 planted two-factor points, the \
                    second shifted by 8 in every coordinate; each starts ½ off its cluster's mean (rounded to \
                    1/64) in every coordinate, with the same W⁽⁰⁾ and σ²⁽⁰⁾ = 1; beyond the absolute tolerance's \
                    scope (d > 5), so the tolerance is relative
                    """,
                flags: ["mppca-stale-mean"], data: wide[0] + wide[1], q: 2,
                start: (
                    weights: [0.5, 0.5], means: wideMeans, loadings: [wideRows, wideRows], noiseVariances: [1, 1]
                ),
                iterations: 4),
            mppcaTraceEntry(
                name: "k2-d100-q1-n32-log-joints-above-709",
                comment: """
                    two PPCA components (q = 1) in ℝ¹⁰⁰ on two clusters of 16 planted one-factor points (noise \
                    0.05·(i + 1) in coordinate i), the second shifted by 8 in every coordinate, all scaled by \
                    2⁻¹⁴; each starts ½·2⁻¹⁴ off its cluster's mean in every coordinate, with w⁽⁰⁾ along the \
                    planted factor and σ²⁽⁰⁾ = 3·2⁻²⁸ ≈ 1.1e-8. ln|Cₖ| ≈ −1.8e3 by the dimension, so |Cₖ| \
                    underflows to 0, and each point's log joint under its own component is ≈ +780 at t = 0 and \
                    t = 1, above ln(max double) ≈ 709.8: exp of an unshifted log joint overflows to +∞ (its \
                    responsibility ∞/∞), while the other component's is ≈ 10³ lower, so every responsibility \
                    is one-hot to the last bit
                    """,
                flags: ["mppca-stale-mean", "no-logsumexp-shift", "log-det-via-det"], data: large[0] + large[1],
                q: 1,
                start: (
                    weights: [0.5, 0.5], means: largeMeans, loadings: [largeRows, largeRows],
                    noiseVariances: [3 * 0x1p-28, 3 * 0x1p-28]
                ),
                iterations: 1),
            mppcaTraceEntry(
                name: "k2-d3-q1-n24-near-fixed-point",
                comment: """
                    the data of k2-d3-q1-n24 from 2⁻²⁰ (relative) off the point 2000 float64 iterations of that \
                    trace reach (weights on a 2⁻³⁰ grid): σₖ² moves by 2⁻²⁰·⁶ (relative) at t = 1, the changes \
                    shrinking to 2⁻³⁴, the means by 2⁻¹⁹·⁷ of their norm, then 2⁻³¹ … 2⁻³⁸; ln L rises by 9.7e-10 \
                    at t = 1, then by 1.2e-12 … 0 (ulp 2.8e-14 at ln L ≈ −133.68); a check of precision near the \
                    fixed point (the trace reports no gain, and a stopping rule is the ppca-em and fa-em cases' flag)
                    """,
                flags: [], data: near.data, q: 1, start: near.start, iterations: 20),
            mppcaTraceEntry(
                name: "k1-d4-q2-n20",
                comment: """
                    one component (K = 1, π = 1) on the data of ppca-em/d4-q2-n20 from the same W⁽⁰⁾ and \
                    σ²⁽⁰⁾ = 1, with μ⁽⁰⁾ = 0 ≠ x̄: the first M step sets μ = x̄ and S₁ = S, so from t = 1 on \
                    ln L and σ² are those of the PPCA EM trace (FM-11), and the weights stay exactly 1
                    """,
                flags: ["mppca-stale-mean"], data: gentle, q: 2,
                start: (weights: [1], means: [[0, 0, 0, 0]], loadings: [rows], noiseVariances: [1]),
                iterations: 20),
            mppcaTraceEntry(
                name: "k2-d3-q1-n24-kappa-2e7",
                comment: """
                    two clusters of 12 points, each along one factor of variance ≈ 24 with noise \
                    1e-3·(i + 1) on a 2⁻²⁴ grid: σₖ² ≈ 1e-6, so each Cₖ = WₖWₖᵀ + σₖ²I has κ ≈ 2e7; each \
                    component starts 2⁻¹² off its cluster's PPCA fit; the tolerance is relative, from κ̂, and \
                    an E step through inv(Cₖ) fails it
                    """,
                flags: ["explicit-inverse-e-step"], data: clusters[0] + clusters[1], q: 1,
                start: (
                    weights: [0.5, 0.5], means: means,
                    loadings: fits.map { fit in (0..<3).map { [fit.loadings[$0, 0]] } },
                    noiseVariances: fits.map(\.noiseVariance)
                ),
                iterations: 8),
        ]
    }

    func emTraceFile() throws -> FixtureFile {
        file(
            "em-traces",
            description: """
                Per-iteration EM traces from given initialisations: PPCA (Tipping & Bishop 1999, eqs. 29-30), factor \
                analysis with diagonal Ψ, and a mixture of two PPCA models. Every log-likelihood trace is \
                non-decreasing.
                """,
            proof: "Proofs/07-factor-models.md", steps: ["FM-7", "FM-8", "FM-10", "FM-12"],
            conventions: Self.conventions,
            notes: Self.notes(for: [
                "covariance-ddof", "rotation-dependent-comparison", "fa-stale-loadings",
                "mppca-stale-mean", "one-pass-covariance", "no-logsumexp-shift", "uniqueness-floor",
                "em-stops-on-small-gain", "explicit-inverse-e-step", "absolute-variance-floor",
                "small-variance-floor", "explicit-precision-matrix", "eigenvalue-log-det", "woodbury-mahalanobis",
                "log-det-via-det",
            ]),
            groups: [
                try PPCAEMTraceEvaluator().testGroup(
                    description: """
                        PPCA EM traces: log-likelihood, σ², WWᵀ per iteration and the projection onto span W at \
                        the end.
                        """,
                    [
                        try ppcaTraceEntry(name: "d4-q2-n20", n: 20, d: 4, q: 2, seed: 0x0F7_0001, iterations: 20),
                        try ppcaTraceEntry(name: "d5-q2-n30", n: 30, d: 5, q: 2, seed: 0x0F7_0002, iterations: 12),
                        try ppcaTraceEntry(
                            name: "d4-q2-n20-offset-1e6", n: 20, d: 4, q: 2, seed: 0x0F7_0001,
                            iterations: 8, shift: 1e6),
                        try ppcaTraceEntry(
                            name: "d5-q2-n6-offset-1e8", n: 6, d: 5, q: 2, seed: 0x0F7_0009,
                            iterations: 8, shift: 1e8),
                    ] + (try ppcaRegimeEntries())),
                try FactorAnalysisEMTraceEvaluator().testGroup(
                    description: "Factor-analysis EM traces: log-likelihood, Ψ and WWᵀ per iteration; input noise = "
                        + "diagonal (free Ψ) or isotropic (Ψ = σ²I, i.e. PPCA).",
                    [
                        try faTraceEntry(
                            name: "d4-q2-n20", n: 20, d: 4, q: 2, seed: 0x0F7_0001, psi0: [1, 0.5, 2, 1.5],
                            iterations: 15),
                        try faTraceEntry(
                            name: "d4-q2-n20-isotropic", n: 20, d: 4, q: 2, seed: 0x0F7_0001,
                            psi0: [1, 1, 1, 1], noise: .isotropic, iterations: 20),
                        try faTraceEntry(
                            name: "d4-q2-n20-offset-1e6", n: 20, d: 4, q: 2, seed: 0x0F7_0001,
                            psi0: [1, 0.5, 2, 1.5], iterations: 8, shift: 1e6),
                        try faTraceEntry(
                            name: "d4-q1-n20-psi-near-zero", n: 20, d: 4, q: 1, seed: 0x0F7_0001,
                            psi0: [1, 0.5, 2, 1.5], iterations: 15, noiseless: 0),
                    ] + (try faRegimeEntries())),
                try MixturePPCAEMTraceEvaluator().testGroup(
                    description: "Mixture-of-PPCA EM traces: log-likelihood, weights, means and σₖ² per iteration.",
                    [
                        mppcaTraceEntry(name: "k2-d3-q1-n24", iterations: 8),
                        mppcaTraceEntry(name: "k2-d3-q1-n25-far-point", iterations: 8, farPoint: [12, 15, 12]),
                        mppcaTraceEntry(name: "k2-d3-q1-n24-offset-1e6", iterations: 8, shift: 1e6),
                    ] + (try mppcaRegimeEntries())),
            ])
    }
}
