import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import Testing
@testable import OracleFixtures

/// The float32 tolerances of `linear-gaussian` and `factor-models`: every case carries one, a
/// float32 answer reached by a second route (float64 arithmetic on the inputs rounded to float32,
/// so only the input rounding differs) stays within the measured tolerance, and the LG-14
/// condition behind a float64-only least-squares case holds when recomputed exactly.
struct LinearGaussianFactorModelsFloat32Tests {

    static func cases(_ family: String, _ variant: String, _ group: String) throws -> [FixtureCase] {
        try TestFixtures.committed.filter { $0.family == family && $0.variant == variant }
            .flatMap(\.testGroups).filter { $0.id == group }.flatMap(\.cases)
    }

    static func rounded(_ value: FixtureValue?) -> [Double] { value?.reals.map { Double(Float($0.value)) } ?? [] }

    static func matrix(_ value: FixtureValue?) throws -> Matrix<Double> {
        guard case .array(let shape, _)? = value else { return try Matrix(rows: 0, columns: 0, entries: []) }
        return try Matrix(rows: shape[0], columns: shape[1], entries: rounded(value))
    }

    /// The worst float32 ulps of `observed` (rounded to Float) against the expected output `name`.
    static func ulps(_ observed: [Double], _ fixtureCase: FixtureCase, _ name: String) -> Double {
        guard case .values(let expected) = fixtureCase.expected, let values = expected[name]?.reals else {
            return .infinity
        }
        return zip(observed, values).map { Float32Measurement.ulps(Float($0), Float($1.value)) }.max() ?? 0
    }

    /// Why a float64 route on the float32-rounded inputs should meet the case's float32 bound: it
    /// carries the same input rounding as the float32 run the bound was measured from, and less
    /// arithmetic rounding (float64 steps, one final rounding to float32).
    static func secondRouteReason(_ spec: ToleranceSpec) -> String {
        "the case's toleranceFloat32: \(spec.reason). This route has the same float32 input rounding "
            + "and only float64 steps plus one final rounding to float32"
    }

    /// Runs `route` (the worst float32 ulps of a float64 computation on the case's inputs rounded to
    /// float32; nil skips the case) on every case of `group` that carries a float32 tolerance,
    /// expects each within it, and expects `count` such cases.
    static func expectSecondRoute(
        _ family: String, _ variant: String, _ group: String, count: Int,
        sourceLocation: SourceLocation = #_sourceLocation, _ route: (FixtureCase) throws -> Double?
    ) throws {
        var checked = 0
        for fixtureCase in try cases(family, variant, group) {
            guard case .tolerance(let spec)? = fixtureCase.toleranceFloat32, let error = try route(fixtureCase)
            else { continue }
            expectWithin(
                error: error, bound: spec.value, secondRouteReason(spec), "\(fixtureCase.id): float32 ulps",
                sourceLocation: sourceLocation)
            checked += 1
        }
        #expect(checked == count, sourceLocation: sourceLocation)
    }

    @Test("every linear-gaussian and factor-models case carries a toleranceFloat32")
    func everyCaseCarriesOne() throws {
        let files = try TestFixtures.committed.filter { ["linear-gaussian", "factor-models"].contains($0.family) }
        #expect(files.count == 4)
        for fixtureCase in files.flatMap(\.cases) {
            #expect(fixtureCase.toleranceFloat32 != nil, "\(fixtureCase.id)")
        }
    }

    @Test("float64 Householder QR on the inputs rounded to float32 stays within the float32 tolerance")
    func leastSquaresSecondRoute() throws {
        try Self.expectSecondRoute("linear-gaussian", "least-squares", "exact-small", count: 5) { fixtureCase in
            let model = try LinearGaussianModel(
                design: try Self.matrix(fixtureCase.inputs["design"]), response: Self.rounded(fixtureCase.inputs["y"]))
            return Self.ulps(try model.fitByHouseholderQR().estimate, fixtureCase, "theta")
        }
    }

    @Test("the float64 posterior on the inputs rounded to float32 stays within the float32 tolerance")
    func posteriorSecondRoute() throws {
        try Self.expectSecondRoute("linear-gaussian", "bayesian", "posterior", count: 5) { fixtureCase in
            let inputs = fixtureCase.inputs
            let model = try LinearGaussianModel(
                design: try Self.matrix(inputs["design"]), response: Self.rounded(inputs["y"]))
            let posterior = try BayesianLinearGaussian(
                model: model, priorMean: Self.rounded(inputs["prior-mean"]),
                priorCovariance: try Self.matrix(inputs["prior-covariance"]),
                noiseVariance: Self.rounded(inputs["noise-variance"])[0]
            ).posterior()
            return Swift.max(
                Self.ulps(posterior.mean, fixtureCase, "posterior-mean"),
                Self.ulps(posterior.covariance.entries, fixtureCase, "posterior-covariance"))
        }
    }

    @Test("PPCA eigenvalues in float64 from the data rounded to float32 stay within the float32 tolerance")
    func ppcaSecondRoute() throws {
        try Self.expectSecondRoute("factor-models", "closed-form", "ppca", count: 6) { fixtureCase in
            let data = try Self.matrix(fixtureCase.inputs["data"])
            let rows = (0..<data.rows).map { data.row($0) }
            guard case .integer(let q)? = fixtureCase.inputs["latentDimension"] else { return nil }
            return Self.ulps(try PPCAClosedForm(data: rows, latentDimension: q).eigenvalues, fixtureCase, "eigenvalues")
        }
    }

    @Test("a least-squares case is float64-only by LG-14 exactly when max cⱼ·2⁻²⁴ exceeds 2⁻¹¹")
    func float64OnlyConditionHolds() throws {
        var exceeding = 0
        for fixtureCase in try Self.cases("linear-gaussian", "least-squares", "ill-conditioned-polynomial") {
            guard case .integer(let degree)? = fixtureCase.inputs["degree"] else { continue }
            let read = try PolynomialLeastSquaresEvaluator().read(fixtureCase.inputs)
            let exact = try LinearGaussianModel(
                design: try DesignMatrix.polynomial(x: LinearGaussianEvaluators.rationals(read, "x"), degree: degree),
                response: LinearGaussianEvaluators.rationals(read, "y"))
            let c = try exact.fitByElimination().firstOrderRelativeErrors().compactMap { $0 }.max()!
            let beyond = c * 0x1p-24 > 0x1p-11
            if case .float64Only(let reason)? = fixtureCase.toleranceFloat32 {
                #expect(beyond == reason.hasPrefix("LG-14"), "\(fixtureCase.id): c·2⁻²⁴ = \(c * 0x1p-24)")
            } else {
                #expect(!beyond, "\(fixtureCase.id) is toleranced with c·2⁻²⁴ = \(c * 0x1p-24)")
            }
            if beyond { exceeding += 1 }
        }
        #expect(exceeding == 11)
    }
}
