import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// `Fixtures/mean-field/type-ii.json` (`Proofs/11-type-ii-ml.md`, T2-1 … T2-4).
extension MeanFieldExporter {
    static let typeIINotes: OrderedMap<String> = [
        "effective-parameters":
            """
        using the parameter count p (or 0) where MacKay's update needs the effective number of parameters γ = p \
        − α tr Σ_N: α ← p/‖μ_N‖², β ← n/‖r‖²; the iterates and the fixed point are wrong
        """,
        "evidence-gamma-terms":
            """
        dropping ln Γ(a_N) − ln Γ(a₀) (or the ½ ln(λ₀/κ_N) term) from the Normal-Gamma evidence: the \
        curve is shifted, its maximiser unchanged
        """,
        "gamma-rate-vs-scale":
            """
        reading the Gamma's second parameter as a scale (E[τ] = a·b) instead of a rate (E[τ] = a/b): every τ \
        expectation is wrong
        """,
        "one-pass-sufficient-statistics": (allNotes["one-pass-sufficient-statistics"] ?? "")
            + """
            ; in MacKay's update, ‖y − Aμ_N‖² as ‖y‖² − 2μ_Nᵀ(Aᵀy) + μ_Nᵀ(AᵀA)μ_N from the sums about 0: with the \
            responses at 10⁶ (10⁸) and spread 2, β loses 6 (every) digits
            """,
        "evidence-n-dimensional":
            """
        ln p(y | α, β) as the log density of y under the n × n marginal covariance C = AAᵀ/α + I/β (its \
        Cholesky factor, or scipy.stats.multivariate_normal) instead of from the p × p posterior precision Λ_N: \
        with columns 1, x, x² for x up to 10⁴ … 10⁶, C has eigenvalues from 1/β up to ≈ 10¹⁶ … 10²⁴ and is not \
        positive definite in float64, so ln p(y) is refused or wrong
        """,
    ]

    func typeIIFile() throws -> FixtureFile {
        file(
            "type-ii",
            description: """
                Type-II maximum likelihood: the Normal-Gamma evidence ln p(X | b0) on a grid of prior rates with its \
                exact maximiser b0* = a0·s/N and the fixed-point iterates b0 <- a0·b_N/a_N; MacKay's (alpha, beta) \
                iterates for a Bayesian polynomial regression and the evidence at the last iterate.
                """,
            proof: "Proofs/11-type-ii-ml.md", steps: ["T2-1", "T2-2", "T2-3", "T2-4"],
            conventions: Self.conventions.merging([
                "mackay":
                    """
                alpha <- gamma/||mu_N||^2, beta <- (n - gamma)/||y - A mu_N||^2 with gamma = p - alpha \
                tr(Sigma_N), Sigma_N = (alpha I + beta A^T A)^-1, mu_N = beta Sigma_N A^T y; both updated from \
                the same (alpha, beta)
                """,
                "linear-gaussian-prior":
                    "theta ~ N(0, alpha^-1 I), y | theta ~ N(A theta, beta^-1 I); design rows [1, x, x^2]",
            ]),
            notes: Self.typeIINotes,
            groups: [try evidenceCurveGroup(), try macKayGroup()])
    }

    func evidenceCurveGroup() throws -> TestGroup {
        let entries = Self.normalGammaCases.filter(\.inEvidenceCurve).map { c in
            var inputs = priorInputs(c)
            inputs["b0Grid"] = Self.inputs([0.125, 0.25, 0.5, 1, 2, 4, 8, 16])
            inputs["iterations"] = .integer(6)
            return CatalogueEntry(
                c.name,
                comment: "iterates start from the input b0; the grid replaces b0"
                    + (c.regime.map { "; " + $0 } ?? ""),
                flags: ["evidence-gamma-terms", "gamma-rate-vs-scale"] + c.regimeFlags, inputs: inputs)
        }
        return try NormalGammaEvidenceCurveEvaluator().testGroup(
            description: """
                ln p(X | b0) on a grid of prior rates (T2-1), the maximiser b0* = a0·s/N (T2-2) and six fixed-point \
                iterates (T2-3).
                """, entries)
    }

    struct MacKayCase {
        let name: String
        let x: [Double], y: [Double]
        let alpha0: Double, beta0: Double
        /// Whether the case catches `effective-parameters`: not where α ≪ βλᵢ makes γ = p − α tr Σ_N equal p
        /// to 16 digits.
        var catchesEffectiveParameters = true
        var regimeFlags: [String] = []
        var regime: String? = nil
    }

    static let macKayBaseX: [Double] = [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1, 1.25]
    static let macKayBaseY: [Double] = [2.5, 1.75, 1.5, 0.75, 1, 0.5, 1.25, 0.75, 1.5, 2.25]
    static let macKayWideY: [Double] = [1.25, 0.875, 1.25, 1.875, 1.5, 1.5, 2.25, 2.0, 3.25, 3.0, 3.75]

    static let macKayCases: [MacKayCase] = [
        MacKayCase(name: "quadratic-n10", x: macKayBaseX, y: macKayBaseY, alpha0: 1, beta0: 4),
        MacKayCase(
            name: "quadratic-n8", x: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5], y: [0.25, 1, 1.5, 2.5, 4.25, 6, 9.5, 12],
            alpha0: 0.5, beta0: 1),
        macKayOffsetCase(1e6, alpha0: 1e-12, "10⁶"),
        macKayOffsetCase(1e8, alpha0: 1e-16, "10⁸"),
        macKayWideCase(1e4, "10⁴", kappa: "1.2e8"),
        macKayWideCase(1e6, "10⁶", kappa: "1.2e12"),
    ]

    /// quadratic-n10 with the responses shifted by `offset` (exact Doubles), started from a prior
    /// precision small enough for an intercept ≈ `offset`.
    static func macKayOffsetCase(_ offset: Double, alpha0: Double, _ spelled: String) -> MacKayCase {
        MacKayCase(
            name: "quadratic-n10-offset-\(offset == 1e6 ? "1e6" : "1e8")", x: macKayBaseX,
            y: macKayBaseY.map { $0 + offset }, alpha0: alpha0, beta0: 4, catchesEffectiveParameters: false,
            regimeFlags: ["one-pass-sufficient-statistics"],
            regime: "responses shifted by \(spelled) with spread 2: μ_N's intercept ≈ \(spelled), α ≈ 3/\(spelled)²")
    }

    /// 11 equispaced x from 0 to `scale` (integers) with responses near 1 + t/2 + 2t², t = x/scale:
    /// the design's columns 1, x, x² differ in scale by scale².
    static func macKayWideCase(_ scale: Double, _ spelled: String, kappa: String) -> MacKayCase {
        MacKayCase(
            name: "quadratic-n11-x-to-\(scale == 1e4 ? "1e4" : "1e6")", x: (0...10).map { scale * Double($0) / 10 },
            y: macKayWideY, alpha0: 1, beta0: 1, regimeFlags: ["evidence-n-dimensional"],
            regime: "x from 0 to \(spelled): the design's columns differ in scale by \(spelled)², κ₂(A) ≈ \(kappa)")
    }

    func macKayGroup() throws -> TestGroup {
        let iterations = 8
        let entries = Self.macKayCases.map { c in
            CatalogueEntry(
                c.name,
                comment: "\(iterations) MacKay updates from (alpha, beta) = (\(c.alpha0), \(c.beta0)); "
                    + "design rows [1, x, x^2]" + (c.regime.map { "; " + $0 } ?? ""),
                flags: (c.catchesEffectiveParameters ? ["effective-parameters"] : []) + c.regimeFlags,
                inputs: [
                    "x": Self.inputs(c.x), "y": Self.inputs(c.y), "alpha0": Self.input(c.alpha0),
                    "beta0": Self.input(c.beta0), "iterations": .integer(iterations),
                ])
        }
        return try MacKayEvaluator().testGroup(
            description: """
                MacKay's (alpha, beta) iterates with the linear-Gaussian evidence (T2-4), and ln p(y | alpha, beta) at \
                the last one.
                """, entries)
    }
}

extension OrderedMap where Value == String {
    func merging(_ other: OrderedMap<String>) -> OrderedMap<String> {
        var out = self
        for key in other.keys { out[key] = other[key] }
        return out
    }
}
