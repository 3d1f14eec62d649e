import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import Testing
import OracleTestSupport
@testable import OracleFixtures

/// The least-squares tolerances of `linear-gaussian/least-squares.json` separate backward-stable
/// solvers from the normal equations (Proofs/04-linear-gaussian.md, LG-14): our float64
/// Householder QR passes every case with the margin the reasons state, and our float64 Cholesky
/// of AᵀA and explicit inverse (AᵀA)⁻¹Aᵀy fail exactly the cases flagged for them.
@Suite("linear-Gaussian least-squares tolerances")
struct LinearGaussianToleranceTests {
    /// The exported least-squares file, in memory.
    static let exported = Computed { try LinearGaussianExporter().leastSquaresFile() }
    static var file: FixtureFile { get throws { try exported.get() } }

    /// The groups whose θ̂ tolerance is the LG-14 bound.
    static let groups = ["exact-small", "ill-conditioned-polynomial", "nist-strd"]

    static var cases: [FixtureCase] {
        get throws { try file.testGroups.filter { groups.contains($0.id) }.flatMap(\.cases) }
    }

    static func reals(_ value: FixtureValue?) -> [Double] { value?.reals.map(\.value) ?? [] }

    /// The case's design and response in float64, built from its inputs as a consumer would.
    static func problem(_ fixtureCase: FixtureCase) throws -> LinearGaussianModel<Double> {
        let inputs = fixtureCase.inputs
        let y = reals(inputs["y"])
        let rows: [[Double]]
        if case .array(let shape, _)? = inputs["design"] {
            let entries = reals(inputs["design"])
            rows = (0..<shape[0]).map { i in Array(entries[(i * shape[1])..<((i + 1) * shape[1])]) }
        } else if case .integer(let degree)? = inputs["degree"] {
            // Products xⁱ·x of float64 values, as NumPy's vander forms them.
            rows = reals(inputs["x"]).map { x in (0...degree).map { k in (0..<k).reduce(1.0) { p, _ in p * x } } }
        } else if case .array(let shape, let data)? = inputs["powers"], case .array(_, _)? = inputs["predictors"] {
            let x = reals(inputs["predictors"])
            let m = shape[1]
            let powers = data.map { value -> Int in if case .integer(let k) = value { return k } else { return -1 } }
            rows = (0..<y.count).map { i in
                (0..<shape[0]).map { t in
                    (0..<m).reduce(1.0) { p, j in p * Foundation.pow(x[i * m + j], Double(powers[t * m + j])) }
                }
            }
        } else {
            throw FixtureExportInconsistency(reason: "\(fixtureCase.id): no design in the inputs")
        }
        return try LinearGaussianModel(design: try Matrix(rows), response: y)
    }

    /// max over j of |θ̂ⱼ − θⱼ|/|θⱼ| (∞ when the route produced nothing).
    static func relativeError(_ theta: [Double]?, _ expected: [Double]) -> Double {
        guard let theta, theta.count == expected.count else { return .infinity }
        return zip(theta, expected).map { FloatingPointDistance.relative($0, $1) }.max() ?? 0
    }

    /// θ̂ by the explicit inverse of the float64 Gram matrix, (AᵀA)⁻¹·Aᵀy, as `inv(A.T @ A) @ (A.T @ y)`.
    static func explicitInverse(_ model: LinearGaussianModel<Double>) -> [Double]? {
        guard let inverse = try? LUFactorization(model.gram).inverse() else { return nil }
        return try? inverse * model.moment
    }

    /// The case `id`, its certified θ̂ and its float64 least-squares problem.
    static func thetaCase(_ id: String) throws -> (FixtureCase, expected: [Double], LinearGaussianModel<Double>) {
        let fixtureCase = try #require(try cases.first { $0.id == id })
        let expected = reals(try TestFixtures.values(fixtureCase)["theta"])
        return (fixtureCase, expected, try problem(fixtureCase))
    }

    @Test("the export has every ill-conditioned and NIST case, each with a relative θ̂ tolerance")
    func casesPresent() throws {
        let ids = try Self.cases.map(\.id)
        #expect(ids.filter { $0.contains("/ill-conditioned-polynomial/") }.count == 12)
        #expect(ids.filter { $0.contains("/nist-strd/") }.count == 9)
        for fixtureCase in try Self.cases { #expect(fixtureCase.tolerance.kind == .relative, "\(fixtureCase.id)") }
    }

    @Test(
        "float64 Householder QR passes every case within 1.5× the first-order bound (a tenth of the tolerance)",
        arguments: try LinearGaussianToleranceTests.cases.map(\.id))
    func householderQRPasses(id: String) throws {
        let (fixtureCase, expected, model) = try Self.thetaCase(id)
        let error = Self.relativeError(try model.fitByHouseholderQR().estimate, expected)
        let tolerance = fixtureCase.tolerance.value
        expectWithin(
            error: error, bound: tolerance, "the case's tolerance: \(fixtureCase.tolerance.reason)",
            "\(id): QR error \(error) > tolerance \(tolerance)")
        // The tolerance is max(margin·u·max cⱼ, 4u); the reason claims QR stays within 1.5·u·max cⱼ.
        let claim = Swift.max(
            1.5 * tolerance / LinearGaussianEvaluators.stableSolverMargin, 4 * LinearGaussianEvaluators.u)
        expectWithin(
            error: error, bound: claim,
            "the reason's measurement: Householder QR within 1.5× the first-order bound u·max cⱼ (4u at least)",
            "\(id): QR error \(error) above 1.5× the first-order bound \(claim / 1.5)")
    }

    @Test(
        "float64 Cholesky of AᵀA and the explicit inverse fail their flagged cases, within 2× tolerance elsewhere",
        arguments: try LinearGaussianToleranceTests.cases.map(\.id))
    func normalEquationsFailFlaggedCases(id: String) throws {
        let (fixtureCase, expected, model) = try Self.thetaCase(id)
        let tolerance = fixtureCase.tolerance.value
        let routes = [
            ("normal-equations-cholesky", Self.relativeError(try? model.fitByCholesky().estimate, expected)),
            ("normal-equations-inverse", Self.relativeError(Self.explicitInverse(model), expected)),
        ]
        let summary = routes.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        print("[lg-tolerance] \(id): tolerance \(tolerance), \(summary)")
        for (flag, error) in routes {
            if fixtureCase.flags.contains(flag) {
                #expect(error > tolerance, "\(id): \(flag) route error \(error) passes the tolerance \(tolerance)")
            } else {
                // The reason says: within 20× u·max cⱼ, i.e. twice the tolerance (margin 10).
                expectWithin(
                    error: error, bound: 2 * tolerance,
                    "the reason says unflagged normal-equation routes stay within 20·u·max cⱼ, twice the tolerance",
                    "\(id): unflagged \(flag) route error \(error) > 2 × \(tolerance)")
            }
        }
    }

    /// The cases of the type-II objective, from the exported Bayesian file.
    static let evidence = Computed {
        try LinearGaussianExporter().bayesianFile().testGroups.filter { $0.id == "evidence-hyperparameters" }
            .flatMap(\.cases)
    }
    static var evidenceCases: [FixtureCase] { get throws { try evidence.get() } }

    @Test(
        "float64 γ = β‖L⁻¹Aᵀ‖²_F and the evidence meet the tolerance; p − α tr Σ_N fails where flagged",
        arguments: try LinearGaussianToleranceTests.evidenceCases.map(\.id))
    func stableEvidenceRoutesPass(id: String) throws {
        let fixtureCase = try #require(try Self.evidenceCases.first { $0.id == id })
        let values = try TestFixtures.values(fixtureCase)
        let model = try Self.problem(fixtureCase)
        let alpha = try #require(Self.reals(fixtureCase.inputs["alpha"]).first)
        let beta = try #require(Self.reals(fixtureCase.inputs["beta"]).first)
        let p = model.parameters
        let precision = Matrix<Double>(rows: p, columns: p) { i, j in
            (i == j ? alpha : 0) + beta * model.gram[i, j]
        }
        let factor = try CholeskyFactorization(precision)
        // γ = Σᵢ λᵢ/(α + λᵢ) = β·tr(AΛ_N⁻¹Aᵀ) = β·Σₖ ‖L⁻¹aₖ‖² over the rows aₖ of
        // A: positive terms only.
        let stableGamma =
            beta
            * (0..<model.observations).reduce(0.0) { sum, k in
                sum + recordingErrors { try factor.mahalanobisSquared((0..<p).map { model.design[k, $0] }) }
            }
        let evaluation = try EvidenceFunction(model: model).evaluate(priorPrecision: alpha, noisePrecision: beta)
        let gamma = try #require(Self.reals(values["gamma"]).first)
        let logEvidence = try #require(Self.reals(values["log-evidence"]).first)
        let tolerance = fixtureCase.tolerance.value
        let stableError = FloatingPointDistance.relative(stableGamma, gamma)
        // The stable route keeps |Λ_N| as its LDLᵀ pivots, ln|Λ_N| = Σ ln dᵢ (as the float32 route does);
        // the product Π dᵢ is the flagged `log-det-via-det` formulation, which overflows where it is flagged.
        let terms = evaluation.logEvidenceTerms
        let pivots = try LDLFactorization(precision).d.map { DeterminantFactor(base: $0, exponent: 1) }
        let stableTerms = GaussianLogDensityTerms(
            dimension: terms.dimension, determinantFactors: terms.determinantFactors.dropLast() + pivots,
            quadratic: terms.quadratic)
        let evidenceError = FloatingPointDistance.relative(try stableTerms.value, logEvidence)
        if fixtureCase.flags.contains("log-det-via-det") {
            let productError = FloatingPointDistance.relative(try terms.value, logEvidence)
            #expect(!(productError <= tolerance), "\(id): ln Π dᵢ error \(productError) passes \(tolerance)")
        }
        let naiveError = FloatingPointDistance.relative(evaluation.effectiveParameters, gamma)
        print(
            "[lg-evidence] \(id): tolerance \(tolerance), γ stable \(stableError), evidence \(evidenceError), "
                + "γ = p − α tr Σ_N \(naiveError)")
        expectWithin(
            error: stableError, bound: tolerance / 10,
            "β‖L⁻¹Aᵀ‖²_F sums positive terms only, so it keeps the solves' ≲ (n + p)·u·κ, a tenth of the "
                + "tolerance's 10(n + p)·u·κ",
            "\(id): stable γ error \(stableError) above a tenth of \(tolerance)")
        expectWithin(
            error: evidenceError, bound: tolerance, "the case's tolerance: \(fixtureCase.tolerance.reason)",
            "\(id): p-dimensional evidence error \(evidenceError) > \(tolerance)")
        if fixtureCase.flags.contains("gamma-cancellation") {
            #expect(naiveError > tolerance, "\(id): p − α tr Σ_N error \(naiveError) passes \(tolerance)")
        }
    }
}
