import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// Which float64 routes fail the catalogued least-squares and evidence inputs: a measurement (by
/// `LinearGaussianToleranceTests` for our Cholesky and explicit inverse, by the consumer's mutants
/// for NumPy's routes), not a derivation. A tolerance's reason names the failing routes only for
/// the inputs the measurement was made on; for any other inputs the clause is left out, because
/// nothing has measured them.
extension LinearGaussianEvaluators {
    /// The routes that solve the normal equations AᵀAθ = Aᵀy: by Cholesky of AᵀA and by its
    /// explicit inverse.
    static let normalEquations = ["normal-equations-cholesky", "normal-equations-inverse"]
    /// Those, and the semi-normal equations (R of A's QR with Aᵀy): every route through AᵀA.
    static let gramRoutes = normalEquations + ["semi-normal-equations"]

    /// The solver flags of each ill-conditioned polynomial case of the catalogue, by case name.
    static let polynomialSolverFlags: [String: [String]] = [
        // κ₂ ≈ 4.4e2 and 2.4e3: the lowest condition numbers at which u·κ₂² clears the tolerance 10·u·max
        // cⱼ by a factor above 5 for all three normal-equation routes (at κ₂ ≈ 1.2e2 it is within 1 … 6×).
        "degree-4-n65": gramRoutes,
        "degree-5-n65": gramRoutes,
        "degree-6": gramRoutes,
        "degree-8": gramRoutes,
        // κ₂ ≈ 1.3e7 > 1e6: a relative cut-off of 1e-6 drops the smallest singular value.
        "degree-10": normalEquations + ["singular-value-cutoff", "semi-normal-equations"],
        "degree-8-noisy": gramRoutes,
        // κ₂ ≈ 3e9 and 7e11: AᵀA is numerically singular (κ₂² > 1/u), the normal equations return noise.
        "degree-13": gramRoutes,
        "degree-16": gramRoutes,
        // n = p + 1: one residual degree of freedom; the cut-off drops a direction the data determine.
        "degree-8-n10-noisy": normalEquations + ["singular-value-cutoff", "semi-normal-equations"],
        // Columns 1, x ≈ 1e4, x² ≈ 1e8: the raw design's κ₂ ≈ 8e15 defeats an unscaled SVD.
        "offset-1e4-quadratic": normalEquations + ["singular-value-cutoff", "semi-normal-equations", "unscaled-svd"],
        // Σx² − n·x̄² cancels 1e12 against 1e12 over 1000 points: the one-pass slope loses 8 digits.
        "offset-1e6-line-n1000": normalEquations + ["singular-value-cutoff", "one-pass-sums"],
        // x² ≈ 1e16 is not representable to 1/64: the one-pass sums return nothing useful. The semi-normal
        // equations err by 1.6× the tolerance here: too close to flag.
        "offset-1e8-line": normalEquations + ["singular-value-cutoff", "unscaled-svd", "one-pass-sums"],
    ]

    /// The flags of each NIST StRD dataset, by its name. `nist-model-terms` is carried only by the
    /// models with a power above 1 (Pontius, Wampler): in the others every term is a plain
    /// predictor, so misreading powers changes nothing. `intercept-assumed` is carried by the models
    /// without B0. The solver flags name the float64 routes whose error exceeds the tolerance (as
    /// for `polynomialSolverFlags`); Norris, NoInt1 and NoInt2 are so well conditioned that every
    /// route passes.
    static let nistFlags: [String: [String]] = [
        "Longley": ["normal-equations-cholesky", "normal-equations-inverse", "singular-value-cutoff"],
        "NoInt1": ["intercept-assumed"],
        "NoInt2": ["intercept-assumed"],
        "Norris": [],
        "Pontius": ["nist-model-terms", "unscaled-svd", "singular-value-cutoff"],
        "Wampler1": [
            "nist-model-terms", "normal-equations-cholesky", "normal-equations-inverse",
            "singular-value-cutoff",
        ],
        "Wampler2": [
            "nist-model-terms", "normal-equations-cholesky", "normal-equations-inverse",
            "singular-value-cutoff", "unscaled-svd",
        ],
        "Wampler3": [
            "nist-model-terms", "normal-equations-cholesky", "normal-equations-inverse",
            "singular-value-cutoff",
        ],
        // Residuals of size ~1e5 make the QR bound's ‖r‖ term dominate: Cholesky's κ₂² error stays below it.
        "Wampler4": ["nist-model-terms", "normal-equations-inverse", "singular-value-cutoff"],
    ]

    /// The flags measured for a polynomial fit to exactly these x, y and degree: those of the
    /// catalogued case with the same inputs, or nil when no catalogued case has them.
    static func measuredPolynomialFlags(x: [Double], y: [Double], degree: Int) -> [String]? {
        LinearGaussianExporter.polynomialProblems
            .first { $0.degree == degree && $0.x == x && $0.y == y }
            .flatMap { polynomialSolverFlags[$0.name] }
    }

    /// The clause of a least-squares reason that names the solvers that fail the case by its flags,
    /// and says why the normal-equation routes it does not flag are not flagged.
    static func failingSolvers(_ flags: [String]) -> String {
        let routes = [
            ("normal-equations-cholesky", "Cholesky of AᵀA"),
            ("normal-equations-inverse", "the explicit inverse (AᵀA)⁻¹Aᵀy"),
            ("unscaled-svd", "SVD on the unscaled design"),
            ("singular-value-cutoff", "SVD with a relative cut-off 1e-6"),
            ("one-pass-sums", "the one-pass slope (Σxy − n·x̄ȳ)/(Σx² − n·x̄²)"),
            ("semi-normal-equations", "the semi-normal equations RᵀRθ = Aᵀy with R from QR"),
        ]
        let failing = routes.filter { flags.contains($0.0) }.map(\.1)
        let unflagged = routes.prefix(2).filter { !flags.contains($0.0) }.map(\.1)
        var clause = failing.isEmpty ? "" : "; fail: " + failing.joined(separator: ", ")
        if !unflagged.isEmpty {
            clause +=
                "; not flagged: " + unflagged.joined(separator: " and ")
                + " (error within 20× u·max cⱼ here, too close to separate from the backward-stable solvers)"
        }
        return clause
    }

    /// The flags measured for the type-II objective on exactly this design, y, α and β: those of
    /// the catalogued regime with the same inputs, or nil.
    static func measuredEvidenceFlags(
        design: Matrix<Rational>, y: [Rational], alpha: Rational,
        beta: Rational
    ) -> [String]? {
        for regime in LinearGaussianExporter.evidenceRegimes
        where regime.alpha == alpha && regime.beta == beta && regime.n == design.rows && regime.p == design.columns {
            guard let data = try? LinearGaussianExporter.regimeData(regime) else { continue }
            if data.0.entries == design.entries && data.1 == y { return regime.flags }
        }
        return nil
    }

    /// The clause of an evidence reason naming the float64 routes that fail the case by its flags.
    static func failingEvidenceRoutes(_ flags: [String]) -> String {
        let routes = [
            (
                "gamma-cancellation",
                "γ as p − α·tr Σ_N (cancellation; β‖L⁻¹Aᵀ‖²_F with Λ_N = LLᵀ does not cancel)"
            ),
            (
                "evidence-n-dimensional",
                "ln N(y; 0, C) from a Cholesky factor of the n×n C = AAᵀ/α + I/β "
                    + "(error ≈ n·u·κ₂(C) in ln|C| and yᵀC⁻¹y)"
            ),
            (
                "log-det-via-det",
                "ln|Λ_N| as the log of det(Λ_N), which overflows float64 (2 Σ ln Lᵢᵢ does not)"
            ),
        ]
        let failing = routes.filter { flags.contains($0.0) }.map(\.1)
        return failing.isEmpty ? "" : "; fail: " + failing.joined(separator: "; ")
    }
}
