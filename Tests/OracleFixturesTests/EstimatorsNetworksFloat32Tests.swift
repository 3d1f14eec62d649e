import Foundation
import LatentDerivations
import OracleArithmetic
import OracleTestSupport
import Testing

@testable import OracleFixtures

/// The float32 tolerances of `gradient-estimators`, `vae`, `diffusion` and `arithmetic`: every case
/// carries one, and each family's float32 claim holds by a second float32 route, written here
/// apart from the route that measured it.
struct EstimatorsNetworksFloat32Tests {
    static let families = ["gradient-estimators", "vae", "diffusion", "arithmetic"]

    static func cases(_ family: String, group: String? = nil) throws -> [FixtureCase] {
        try TestFixtures.committed.filter { $0.family == family }.flatMap(\.testGroups)
            .filter { group == nil || $0.id == group! || $0.id.hasSuffix("/" + group!) }.flatMap(\.cases)
    }

    static func real(_ fixtureCase: FixtureCase, _ name: String) -> Double {
        fixtureCase.inputs[name]?.reals.first?.value ?? .nan
    }

    /// The input `name`'s reals rounded to Float, as a float32 implementation reads them.
    static func floats(_ fixtureCase: FixtureCase, _ name: String) -> [Float] {
        (fixtureCase.inputs[name]?.reals ?? []).map { Float($0.value) }
    }

    /// The expected reals of `output`.
    static func expected(_ fixtureCase: FixtureCase, _ output: String) -> [Double] {
        guard case .values(let values) = fixtureCase.expected else { return [] }
        return values[output]?.reals.map(\.value) ?? []
    }

    /// Expects the worst float32 ulp distance of `observed` from the expected `output` within the
    /// case's float32 bound (0 for `exact`); `route` says why this second route should meet it. A
    /// float64-only case fails: it has no float32 bound to meet.
    static func expectWithinFloat32Tolerance(
        _ fixtureCase: FixtureCase, _ output: String, _ observed: [Float], route: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let want = expected(fixtureCase, output)
        #expect(want.count == observed.count, "\(fixtureCase.id) \(output)", sourceLocation: sourceLocation)
        let worst = zip(observed, want).map { Float32Measurement.ulps($0, Float($1)) }.max() ?? 0
        guard case .tolerance(let spec)? = fixtureCase.toleranceFloat32 else {
            Issue.record("\(fixtureCase.id) \(output) is float64-only", sourceLocation: sourceLocation)
            return
        }
        expectWithin(
            error: worst, bound: spec.kind == .exact ? 0 : spec.value,
            "\(route); the case's toleranceFloat32: \(spec.reason)", "\(fixtureCase.id) \(output): float32 ulps",
            sourceLocation: sourceLocation)
    }

    @Test("every gradient-estimators, vae, diffusion and arithmetic case carries a toleranceFloat32")
    func everyCaseCarriesOne() throws {
        for family in Self.families {
            let cases = try Self.cases(family)
            #expect(!cases.isEmpty, "\(family)")
            for fixtureCase in cases { #expect(fixtureCase.toleranceFloat32 != nil, "\(fixtureCase.id)") }
        }
    }

    @Test("the float32 closed forms (GE-6, GE-7) lie within the tolerance measured from float32 quadrature")
    func closedFormsWithinQuadratureTolerance() throws {
        // σ ≥ ½ only: at σ = 2⁻¹³ the float32 closed forms subtract expansion terms ~σ⁻² apart (measured: 4.7e6 …
        // 2.2e9 float32 ulps off in the gradient and two variances), so the quadrature is the only float32 route there.
        // |μ|/σ < 2¹⁰ too: at |μ|/σ ≈ 1.4·10⁴ they miss ∇E f by 5.5e6 float32 ulps (measured on the two float32-checked
        // offset cases).
        let cases = try Self.cases("gradient-estimators", group: "exact-moments").filter {
            Self.real($0, "sigma") >= 0.5 && abs(Self.real($0, "mean")) < 0x1p10 * Self.real($0, "sigma")
        }
        #expect(cases.count == 14)
        for fixtureCase in cases {
            let inputs = fixtureCase.inputs
            guard case .string(let name)? = inputs["function"] else { continue }
            let constants =
                name == "gaussian-log-likelihood"
                ? ["y", "w", "b", "s2"].map { Self.real(fixtureCase, $0) } : [Self.real(fixtureCase, "k")]
            let problem = try EstimatorTestFunctionSpec(name: name, constants: constants)
                .problem(mean: Self.real(fixtureCase, "mean"), sigma: Self.real(fixtureCase, "sigma"), Float.self)
            let E = problem.closedFormRule
            let parameters = GaussianParameter.allCases
            var outputs: [String: [Float]] = [
                "objective": [try problem.objective(E)],
                "gradient": try parameters.map { try problem.gradient($0, E) },
                "optimal-baseline": try parameters.map { try problem.optimalBaseline($0, E) },
            ]
            let estimators = GradientEstimatorsEvaluators.estimators(
                baseline: Self.real(fixtureCase, "baseline"), Float.self)
            for (output, estimator) in zip(GradientEstimatorsEvaluators.estimatorNames, estimators) {
                outputs["variance-" + output] = try parameters.map { try problem.moments(estimator, $0, E).variance }
            }
            for (output, values) in outputs {
                Self.expectWithinFloat32Tolerance(
                    fixtureCase, output, values,
                    route: "the float32 closed forms (GE-6, GE-7) and the float32 quadrature the bound was measured "
                        + "from are two float32 routes to one expectation on the same rounded inputs")
            }
        }
    }

    /// The float32-checked cases of the linear VAE group with data dimension D = 2 (true) or D > 2.
    static func linearCases(twoDimensional: Bool) throws -> [FixtureCase] {
        try cases("vae", group: "linear").filter {
            guard case .tolerance? = $0.toleranceFloat32 else { return false }
            return (floats($0, "x").count == 2) == twoDimensional
        }
    }

    @Test("the linear VAE's ln p(x) by the explicit 2 × 2 inverse in float32 is within its float32 tolerance")
    func linearMarginalByExplicitInverse() throws {
        let cases = try Self.linearCases(twoDimensional: true)
        #expect(cases.count == 3)
        for fixtureCase in cases {
            // C = W Wᵀ + s² I for D = 2; ln N(x; b, C) = −½(2 ln 2π + ln det C + rᵀC⁻¹r), r = x − b.
            let w = Self.floats(fixtureCase, "decoder-W0")
            let b = Self.floats(fixtureCase, "decoder-b0")
            let x = Self.floats(fixtureCase, "x")
            let s2 = Float(Self.real(fixtureCase, "s2"))
            let d = w.count / 2
            #expect(x.count == 2 && b.count == 2 && d >= 1)
            let row0 = Array(w[0..<d]), row1 = Array(w[d...])
            let c11 = zip(row0, row0).map { $0 * $1 }.reduce(0, +) + s2
            let c12 = zip(row0, row1).map { $0 * $1 }.reduce(0, +)
            let c22 = zip(row1, row1).map { $0 * $1 }.reduce(0, +) + s2
            let det = c11 * c22 - c12 * c12
            let (r1, r2) = (x[0] - b[0], x[1] - b[1])
            let quadratic = (c22 * r1 * r1 - 2 * c12 * r1 * r2 + c11 * r2 * r2) / det
            let logMarginal = -0.5 * (2 * logf(2 * Float.pi) + logf(det) + quadratic)
            Self.expectWithinFloat32Tolerance(
                fixtureCase, "log-marginal", [logMarginal],
                route: "the explicit 2 × 2 inverse is another float32 order of operations on the same rounded "
                    + "inputs, which the bound's margin over the measured float32 run is for")
        }
    }

    @Test("the linear VAE's ln p(x) by Gaussian elimination in float32 is within its float32 tolerance (D > 2)")
    func linearMarginalByElimination() throws {
        let cases = try Self.linearCases(twoDimensional: false)
        #expect(cases.count == 1)
        for fixtureCase in cases {
            // C = W Wᵀ + s² I; LU with partial pivoting gives ln det C = Σ ln |Uᵢᵢ| and C⁻¹r by
            // substitution, r = x − b: the float32 operations of neither the Cholesky route nor NumPy's.
            let x = Self.floats(fixtureCase, "x"), b = Self.floats(fixtureCase, "decoder-b0")
            let n = x.count, w = Self.floats(fixtureCase, "decoder-W0"), d = w.count / n
            let s2 = Float(Self.real(fixtureCase, "s2"))
            var a = (0..<n).map { i in
                (0..<n).map { j in
                    (0..<d).reduce(Float(0)) { $0 + w[i * d + $1] * w[j * d + $1] } + (i == j ? s2 : 0)
                }
            }
            let r = zip(x, b).map { $0 - $1 }
            var y = r, logDet: Float = 0
            for k in 0..<n {
                let p = (k..<n).max { abs(a[$0][k]) < abs(a[$1][k]) } ?? k
                a.swapAt(k, p)
                y.swapAt(k, p)
                logDet += logf(abs(a[k][k]))
                for i in (k + 1)..<n {
                    let m = a[i][k] / a[k][k]
                    for j in k..<n { a[i][j] -= m * a[k][j] }
                    y[i] -= m * y[k]
                }
            }
            for k in stride(from: n - 1, through: 0, by: -1) {
                y[k] = ((k + 1)..<n).reduce(y[k]) { $0 - a[k][$1] * y[$1] } / a[k][k]
            }
            let quadratic = zip(r, y).map { $0 * $1 }.reduce(0, +)
            let logMarginal = -0.5 * (Float(n) * logf(2 * Float.pi) + logDet + quadratic)
            Self.expectWithinFloat32Tolerance(
                fixtureCase, "log-marginal", [logMarginal],
                route: "Gaussian elimination is another float32 order of operations on the same rounded inputs, "
                    + "which the bound's margin over the measured float32 run is for")
        }
    }

    @Test("1 − ᾱ_t as −expm1(Σ log1p(−β_s)) in float32 is within each forward case's float32 tolerance")
    func marginalVariancesByLogDomain() throws {
        let cases = try Self.cases("diffusion", group: "forward")
        #expect(cases.count == 6)
        for fixtureCase in cases {
            let betas = Self.floats(fixtureCase, "betas")
            var logBar: Float = 0
            let variances = betas.map { beta -> Float in
                logBar += log1pf(-beta)
                return -expm1f(logBar)
            }
            Self.expectWithinFloat32Tolerance(
                fixtureCase, "marginalVariances", variances,
                route: "−expm1(Σ log1p(−β)) is another float32 order of operations on the same rounded inputs, "
                    + "free of the cancellation in 1 − ᾱ_t, which the bound's margin over the measured run is for")
        }
    }

    @Test("float32 arithmetic: binary64's exp and log rounded to float32 pass, the exact claims hold")
    func arithmeticSecondRoute() throws {
        var checked = 0
        for group in ["exp", "log", "log1p", "expm1"] {
            for fixtureCase in try Self.cases("arithmetic", group: group) {
                guard case .tolerance(let spec)? = fixtureCase.toleranceFloat32 else { continue }
                let x = Double(Float(Self.real(fixtureCase, "x")))
                let y: Double =
                    switch group {
                    case "exp": Foundation.exp(x)
                    case "log": Foundation.log(x)
                    case "log1p": Foundation.log1p(x)
                    default: Foundation.expm1(x)
                    }
                guard case .values = fixtureCase.expected else { continue }
                if spec.kind == .exact {
                    // e⁰ = 1, ln 1 = 0 and ±0 must match to the bit, sign included.
                    #expect(Float(y).bitPattern == Float(Self.expected(fixtureCase, "y")[0]).bitPattern)
                } else {
                    Self.expectWithinFloat32Tolerance(
                        fixtureCase, "y", [Float(y)],
                        route: "the same float32 input rounding as the float32 run the bound was measured from, "
                            + "then binary64 libm (≲ 1 binary64 ulp) and one rounding to float32 (≤ ½ float32 ulp)")
                }
                checked += 1
            }
        }
        #expect(checked >= 20)
        for fixtureCase in try Self.cases("arithmetic") where fixtureCase.id.contains("decimal-to-double") {
            guard case .float64Only? = fixtureCase.toleranceFloat32 else {
                Issue.record("\(fixtureCase.id) is checked at float32")
                continue
            }
        }
    }
}
