import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import Testing

@testable import OracleFixtures

/// The float32 tolerances of `mixtures` and `mean-field`: every case carries one, a stored
/// tolerance holds for an independent float32 computation, the float64-only reasons are true,
/// and the weight check accepts float32 weights that are normalised up to float32 rounding.
struct MixturesMeanFieldFloat32Tests {

    static func fixtureCase(_ id: String) throws -> FixtureCase {
        let found = try TestFixtures.committed.flatMap(\.cases).first { $0.id == id }
        return try #require(found, "\(id) is not in the committed fixtures")
    }

    static func reals(_ value: FixtureValue?) -> [Double] { (value?.reals ?? []).map(\.value) }

    /// The committed case `id`, after requiring that it is float64-only for a reason that mentions
    /// `cause`.
    static func float64OnlyCase(_ id: String, because cause: String) throws -> FixtureCase {
        let c = try fixtureCase(id)
        guard case .float64Only(let reason)? = c.toleranceFloat32 else {
            Issue.record("\(id) is checked at float32")
            return c
        }
        #expect(reason.contains(cause), "\(id): \(reason)")
        return c
    }

    @Test("every mixtures and mean-field case carries a toleranceFloat32")
    func everyCaseCarriesOne() throws {
        let files = try TestFixtures.committed.filter { ["mixtures", "mean-field"].contains($0.family) }
        #expect(files.count == 8)
        for file in files {
            for fixtureCase in file.cases {
                #expect(fixtureCase.toleranceFloat32 != nil, "\(fixtureCase.id)")
            }
        }
    }

    /// A second route: the M-step written out here in plain Float loops (naive sums, one pass for
    /// N_k and the weighted sums, the scatter about the Float means) on the inputs rounded to
    /// float32 stays within the stored float32 tolerance, in float32 ulps of every output.
    @Test("a naive float32 M-step is within the stored float32 tolerance")
    func naiveMStepWithinTolerance() throws {
        let c = try Self.fixtureCase("mixtures/m-step-exact/rational-m-step/2d-k2-full")
        guard case .tolerance(let spec)? = c.toleranceFloat32, spec.kind == .ulps else {
            Issue.record("2d-k2-full is not toleranced in float32 ulps")
            return
        }
        guard case .values(let expected) = c.expected, case .array(let shape, _)? = c.inputs["data"],
            case .array(let rShape, _)? = c.inputs["responsibilities"]
        else {
            Issue.record("unexpected case layout")
            return
        }
        let (n, d, k) = (shape[0], shape[1], rShape[1])
        let x = Self.reals(c.inputs["data"]).map { Float($0) }
        let r = Self.reals(c.inputs["responsibilities"]).map { Float($0) }
        var weights = [Float](), means = [Float](), covariances = [Float]()
        for j in 0..<k {
            var nk: Float = 0
            var sum = [Float](repeating: 0, count: d)
            for i in 0..<n {
                nk += r[i * k + j]
                for a in 0..<d { sum[a] += r[i * k + j] * x[i * d + a] }
            }
            let mu = sum.map { $0 / nk }
            weights.append(nk / Float(n))
            means += mu
            for a in 0..<d {
                for b in 0..<d {
                    var s: Float = 0
                    for i in 0..<n { s += r[i * k + j] * (x[i * d + a] - mu[a]) * (x[i * d + b] - mu[b]) }
                    covariances.append(s / nk)
                }
            }
        }
        let ours: [String: [Float]] = ["weights": weights, "means": means, "covariances": covariances]
        for (name, values) in ours {
            for (observed, truth) in zip(values, Self.reals(expected[name])) {
                let ulps = Float32Measurement.ulps(observed, Float(truth))
                expectBelow(
                    error: ulps, bound: spec.value,
                    "the stored float32 tolerance, measured on the oracle's own float32 M-step",
                    "\(name): a float32 M-step in another order")
            }
        }
    }

    /// The regime case with κ(Σ⁰) = 2·10¹¹ is float64-only because its covariance is not
    /// positive definite in float32: a 2 × 2 Cholesky written out here in Float finds a pivot ≤ 0.
    @Test("the κ = 2e11 covariance has a non-positive float32 Cholesky pivot")
    func majorAxisCovarianceIndefiniteInFloat32() throws {
        let c = try Self.float64OnlyCase(
            "mixtures/em-traces/regimes/2d-major-axis-kappa-2e11-t0", because: "not symmetric positive definite")
        let sigma = Self.reals(c.inputs["covariances"])
        let hasPivotAtMostZero = stride(from: 0, to: sigma.count, by: 4).contains { i in
            let (a, b, d) = (Float(sigma[i]), Float(sigma[i + 1]), Float(sigma[i + 3]))
            let l11 = a.squareRoot(), l21 = b / l11
            return d - l21 * l21 <= 0
        }
        #expect(hasPivotAtMostZero)
        // In binary64 the same factor is positive definite: the case is float64-only, not invalid.
        let doubleDefinite = stride(from: 0, to: sigma.count, by: 4).allSatisfy { i in
            let l21 = sigma[i + 1] / sigma[i].squareRoot()
            return sigma[i + 3] - l21 * l21 > 0
        }
        #expect(doubleDefinite)
    }

    /// The tiny-scale case is float64-only because its data are below float32's normal range:
    /// rounded to Float they are subnormal or zero.
    @Test("the tiny-scale data round to zero in float32")
    func tinyScaleBelowFloat32() throws {
        let c = try Self.float64OnlyCase(
            "mixtures/em-traces/regimes/2d-tiny-scale-k2-full", because: "below float32's normal range")
        let data = Self.reals(c.inputs["data"])
        #expect(data.contains { $0 != 0 && Float($0) == 0 })
    }

    @Test("GaussianMixture accepts float32 weights normalised up to float32 rounding, refuses 1.1")
    func float32WeightCheck() throws {
        func mixture(_ weights: [Float]) throws -> GaussianMixture<Float> {
            let k = weights.count
            return try GaussianMixture(
                parameters: MixtureParameters(
                    weights: weights, means: (0..<k).map { [Float($0)] },
                    covariances: (0..<k).map { _ in Matrix<Float>.identity(1) }),
                covarianceType: .full)
        }
        // Σπ = 1 + 2⁻²³: two float32 roundings off (within 4K·2⁻²⁴), far beyond 4K·2⁻⁵³.
        _ = try mixture([0.5, Float(0.5).nextUp.nextUp])
        #expect(throws: MixtureError.self) { try mixture([0.4, 0.7]) }
    }
}
