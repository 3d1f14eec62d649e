import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import Testing
@testable import OracleFixtures

/// The far-point, offset and major-axis cases of `factor-models/em-traces/mppca-em` (Proofs/07-factor-models.md,
/// regime table): the stable float64 route their tolerance reasons name (`MixturePPCAEM.run` in
/// `Double`: log-sum-exp with the max shift, each weighted Sₖ about the new mean) meets the case
/// tolerance with the stated margin, and the far point saturates `exp` as the `no-logsumexp-shift`
/// note says.
struct FactorModelsTraceRegimeTests {
    static func mixtureCase(_ name: String) throws -> FixtureCase {
        let id = "factor-models/em-traces/mppca-em/\(name)"
        return try #require(try TestFixtures.committed.flatMap(\.cases).first { $0.id == id }, "\(id) is exported")
    }

    static func reals(_ value: FixtureValue?) -> [Double] { value?.reals.map(\.value) ?? [] }

    /// The case's data (N × d rows), its starting mixture and T, all in `Double`.
    static func start(_ c: FixtureCase) throws -> (data: [[Double]], model: MixturePPCAModel<Double>, iterations: Int) {
        guard case .array(let shape, _)? = c.inputs["data"], case .integer(let t)? = c.inputs["iterations"],
            case .array(let loadingsShape, _)? = c.inputs["initialLoadings"]
        else { throw ModelInputError.empty(what: "inputs") }
        let (d, q) = (shape[1], loadingsShape[2])
        let flat = reals(c.inputs["data"]), means = reals(c.inputs["initialMeans"])
        let loadings = reals(c.inputs["initialLoadings"]), noise = reals(c.inputs["initialNoiseVariances"])
        let data = stride(from: 0, to: flat.count, by: d).map { Array(flat[$0..<($0 + d)]) }
        let components = try noise.indices.map { k in
            try PPCAModel(
                mean: Array(means[k * d..<(k + 1) * d]),
                loadings: try Matrix(rows: d, columns: q, entries: Array(loadings[k * d * q..<(k + 1) * d * q])),
                noiseVariance: noise[k])
        }
        let model = try MixturePPCAModel(weights: reals(c.inputs["initialWeights"]), components: components)
        return (data, model, t)
    }

    /// The worst absolute error of the float64 trace over every output of the case, and that output.
    static func worstStableError(_ c: FixtureCase) throws -> (error: Double, output: String) {
        let (data, model, iterations) = try start(c)
        let trace = try MixturePPCAEM.run(data: data, initial: model, maximumIterations: iterations)
        let observed: [String: [Double]] = [
            "logLikelihoods": trace.logLikelihoods, "weights": trace.models.flatMap(\.weights),
            "means": trace.models.flatMap { $0.components.flatMap(\.mean) },
            "noiseVariances": trace.models.flatMap { $0.components.map(\.noiseVariance) },
        ]
        let expected = try TestFixtures.values(c)
        return try observed.map { name, values in
            let golden = reals(expected[name])
            try #require(golden.count == values.count, "\(name) has \(golden.count) values")
            return (zip(values, golden).map { abs($0 - $1) }.max() ?? 0, name)
        }.max { $0.error < $1.error } ?? (0, "")
    }

    /// A regime trace, the fraction of its tolerance the float64 route must reach, and why.
    struct StableRouteClaim: Sendable, CustomTestStringConvertible {
        let name: String
        let fraction: Double
        let reason: String
        var testDescription: String { name }
    }

    static let stableRouteClaims = [
        StableRouteClaim(
            name: "k2-d3-q1-n25-far-point", fraction: 1.0 / 100,
            reason: "the shifted exp never underflows to 0/0 and the trace's scales are those of the other mixture "
                + "case (|ln L| ≤ 1100, ‖S‖_F ≈ 43): ≲ 1e-12, a hundredth of the case's 1e-9"),
        StableRouteClaim(
            name: "k2-d3-q1-n24-offset-1e6", fraction: 1.0 / 20,
            reason: "the reported means are ≈ 10⁶ and carry a few ulps of it (1.2e-10 each), which the later "
                + "iterations see in xₙ − μₖ: ≲ 1.2e-9 measured, within the 25× margin the tolerance reason states"),
    ]

    @Test(
        "the far-point (max-shifted) and offset-10⁶ traces in float64 are within their stated share of the tolerance",
        arguments: FactorModelsTraceRegimeTests.stableRouteClaims)
    func stableRoute(claim: StableRouteClaim) throws {
        let c = try Self.mixtureCase(claim.name)
        let (error, output) = try Self.worstStableError(c)
        expectWithin(
            error: error, bound: c.tolerance.value * claim.fraction, claim.reason,
            "float64 error \(error) (\(output)), tolerance \(c.tolerance.value)")
    }

    @Test("the far point's log joints at t = 0 are below ln of the least Double under both components")
    func farPointSaturates() throws {
        let c = try Self.mixtureCase("k2-d3-q1-n25-far-point")
        let (data, model, _) = try Self.start(c)
        let far = try #require(data.last)
        let joints = try model.components.indices.map { k in
            log(model.weights[k]) + (try model.components[k].marginal().logDensity(far))
        }
        // exp(ℓ) underflows to 0 for ℓ < ln(2⁻¹⁰⁷⁴) − ln 2 ≈ −745.13: every term of the unshifted sum is 0.
        let underflow = log(Double.leastNonzeroMagnitude) - log(2)
        for (k, joint) in joints.enumerated() {
            #expect(joint < underflow - 100, "component \(k): ℓ = \(joint)")
            #expect(exp(joint) == 0)
        }
        // At t = 1 the far point's log joints are > 745 nats apart: one responsibility rounds to 0.
        let stepped = try MixturePPCAEM.step(model, data: data)
        let responsibilities = try #require(try stepped.responsibilities(data: data).last)
        #expect(responsibilities.contains(0) && responsibilities.contains(1), "\(responsibilities)")
    }

    @Test("the Ψ-near-0 factor-analysis trace in float64 is within 1/100 of its tolerance; Ψ₁/S₁₁ ends below 0.005")
    func psiNearZeroStableRoute() throws {
        let id = "factor-models/em-traces/fa-em/d4-q1-n20-psi-near-zero"
        let c = try #require(try TestFixtures.committed.flatMap(\.cases).first { $0.id == id }, "\(id) is exported")
        guard case .array(let shape, _)? = c.inputs["data"], case .integer(let t)? = c.inputs["iterations"] else {
            Issue.record("\(id) has no data or iterations")
            return
        }
        let d = shape[1]
        let flat = Self.reals(c.inputs["data"]), w0 = Self.reals(c.inputs["initialLoadings"])
        let data = stride(from: 0, to: flat.count, by: d).map { Array(flat[$0..<($0 + d)]) }
        let moments = try SampleMoments(data: data)
        let initial = try FactorAnalysisModel(
            mean: moments.mean, loadings: try Matrix(rows: d, columns: w0.count / d, entries: w0),
            noiseVariances: Self.reals(c.inputs["initialNoiseVariances"]))
        let trace = try FactorAnalysisEM.run(data: data, initial: initial, maximumIterations: t)
        let observed: [String: [Double]] = [
            "logLikelihoods": trace.logLikelihoods, "noiseVariances": trace.models.flatMap(\.noiseVariances),
            "loadingsProducts": try trace.models.flatMap { try ($0.loadings * $0.loadings.transposed).entries },
        ]
        let expected = try TestFixtures.values(c)
        let error =
            observed.map { name, values in
                zip(values, Self.reals(expected[name])).map { abs($0 - $1) }.max() ?? .infinity
            }.max() ?? .infinity
        expectWithin(
            error: error, bound: c.tolerance.value / 100,
            "Ψ₁ ≈ 2e-3 makes WᵀΨ⁻¹W ≈ 1e3 but the q = 1 solves stay well conditioned: ≲ 1e-11, a hundredth "
                + "of the case's 1e-9",
            "float64 error \(error), tolerance \(c.tolerance.value)")
        // The regime: the last Ψ₁ is below the 0.005·S₁₁ floor the uniqueness-floor flag names.
        let last = try #require(trace.models.last).noiseVariances[0]
        #expect(last < 0.005 * moments.covariance[0, 0], "Ψ₁ = \(last), S₁₁ = \(moments.covariance[0, 0])")
    }

    static func committedCase(_ id: String) throws -> FixtureCase {
        try #require(try TestFixtures.committed.flatMap(\.cases).first { $0.id == id }, "\(id) is exported")
    }

    /// The worst |observed − expected| / max(r·|expected|, floor) over `observed`, for a relative
    /// tolerance r with an absolute floor.
    static func worstRatio(
        _ observed: [String: [Double]], _ c: FixtureCase
    ) throws -> (ratio: Double, output: String) {
        let expected = try TestFixtures.values(c)
        let (r, floor) = (c.tolerance.value, c.tolerance.absoluteFloor ?? 0)
        return try observed.map { name, values in
            let golden = reals(expected[name])
            try #require(golden.count == values.count, "\(name) has \(golden.count) values")
            let ratio = zip(values, golden).map { abs($0 - $1) / Swift.max(r * abs($1), floor) }.max() ?? 0
            return (ratio, name)
        }.max { $0.ratio < $1.ratio } ?? (0, "")
    }

    @Test("mppca-em with K = 1 is the PPCA EM trace from t = 1 on, and its weight stays exactly 1")
    func singleComponentIsPPCATrace() throws {
        let mixture = try TestFixtures.values(try Self.committedCase("factor-models/em-traces/mppca-em/k1-d4-q2-n20"))
        let ppca = try TestFixtures.values(try Self.committedCase("factor-models/em-traces/ppca-em/d4-q2-n20"))
        for name in ["logLikelihoods", "noiseVariances"] {
            let (a, b) = (Self.reals(mixture[name]), Self.reals(ppca[name]))
            #expect(a.count == b.count && a.count > 1, "\(name): \(a.count) and \(b.count) values")
            // μ⁽⁰⁾ = 0 ≠ x̄ changes ln L at t = 0 only; both traces are correctly rounded goldens.
            #expect(Array(a.dropFirst()) == Array(b.dropFirst()), "\(name) from t = 1")
        }
        #expect(Self.reals(mixture["weights"]).allSatisfy { $0 == 1 })
    }

    @Test("the κ ≈ 3e7 PPCA trace in float64 (PPCAEM.run) is within 1/20 of its relative tolerance")
    func conditionedPPCAStableRoute() throws {
        let c = try Self.committedCase("factor-models/em-traces/ppca-em/d5-q2-n20-kappa-3e7")
        guard case .array(let shape, _)? = c.inputs["data"], case .integer(let t)? = c.inputs["iterations"],
            case .array(let loadingsShape, _)? = c.inputs["initialLoadings"]
        else {
            Issue.record("\(c.id) has no data, loadings or iterations")
            return
        }
        let d = shape[1]
        let flat = Self.reals(c.inputs["data"])
        let data = stride(from: 0, to: flat.count, by: d).map { Array(flat[$0..<($0 + d)]) }
        let initial = try PPCAModel(
            mean: try SampleMoments(data: data).mean,
            loadings: try Matrix(rows: d, columns: loadingsShape[1], entries: Self.reals(c.inputs["initialLoadings"])),
            noiseVariance: Self.reals(c.inputs["initialNoiseVariance"])[0])
        let trace = try PPCAEM.run(data: data, initial: initial, maximumIterations: t)
        let observed: [String: [Double]] = [
            "logLikelihoods": trace.logLikelihoods, "noiseVariances": trace.models.map(\.noiseVariance),
            "loadingsProducts": try trace.models.flatMap { try $0.loadingsProduct().entries },
        ]
        let (ratio, output) = try Self.worstRatio(observed, c)
        expectWithin(
            error: ratio, bound: 1.0 / 20,
            "q×q solves and a Cholesky of C: ≈ 0.1·u·κ̂ relative in σ², a fortieth of 8·u·(κ̂ + 64·d·T)",
            "worst error / allowed \(ratio) (\(output))")
    }

    @Test("the κ ≈ 2e7 mixture trace in float64 (MixturePPCAEM.run) is within 1/10 of its relative tolerance")
    func conditionedMixtureStableRoute() throws {
        let c = try Self.mixtureCase("k2-d3-q1-n24-kappa-2e7")
        let (data, model, iterations) = try Self.start(c)
        let trace = try MixturePPCAEM.run(data: data, initial: model, maximumIterations: iterations)
        let observed: [String: [Double]] = [
            "logLikelihoods": trace.logLikelihoods, "weights": trace.models.flatMap(\.weights),
            "means": trace.models.flatMap { $0.components.flatMap(\.mean) },
            "noiseVariances": trace.models.flatMap { $0.components.map(\.noiseVariance) },
        ]
        let (ratio, output) = try Self.worstRatio(observed, c)
        expectWithin(
            error: ratio, bound: 1.0 / 10,
            "each component's σₖ² errs by ≈ 0.4·u·κ̂ relative (the NumPy consumer), a twentieth of the tolerance",
            "worst error / allowed \(ratio) (\(output))")
    }

    @Test("on the major axis of the exact κ ≈ 2.6e6 C, the Cholesky route meets the tolerance and inv(C) fails it")
    func majorAxisRoutes() throws {
        let c = try Self.mixtureCase("k1-d3-q1-n8-major-axis-kappa-3e6-t0")
        #expect(c.tolerance.kind == .relative && c.tolerance.value < 2e-14, "\(c.tolerance)")
        let (data, model, iterations) = try Self.start(c)
        let trace = try MixturePPCAEM.run(data: data, initial: model, maximumIterations: iterations)
        let (stable, output) = try Self.worstRatio(["logLikelihoods": trace.logLikelihoods], c)
        expectWithin(
            error: stable, bound: 1.0 / 10,
            "C and its Cholesky factor are exact: the Cholesky route errs by a few u (0.58·u measured in NumPy)",
            "worst error / allowed \(stable) (\(output))")
        // The same ln L through an explicit inverse of C: −½ Σₙ (d ln 2π + ln|C| + rₙᵀ inv(C) rₙ).
        let component = model.components[0]
        let w = component.loadings
        let covariance = Matrix(rows: 3, columns: 3) { i, j in
            w[i, 0] * w[j, 0] + (i == j ? component.noiseVariance : 0)
        }
        let precision = try inverse(covariance)
        let logDeterminant = try CholeskyFactorization(covariance).logDeterminant
        let explicit = data.reduce(0.0) { sum, x in
            let r = zip(x, component.mean).map { $0 - $1 }
            var quadratic = 0.0
            for i in 0..<3 { for j in 0..<3 { quadratic += r[i] * precision[i, j] * r[j] } }
            return sum - 0.5 * (3 * Foundation.log(2 * Double.pi) + logDeterminant + quadratic)
        }
        let (fragile, _) = try Self.worstRatio(["logLikelihoods": [explicit]], c)
        #expect(fragile > 10, "inv(C) loses ≈ κ·u in each Mahalanobis term: \(fragile) × the tolerance")
    }

    @Test("near the fixed point the golden ln L rises by < 100 ulps per iteration after t = 1 while σ² still moves")
    func nearFixedPointRegime() throws {
        let values = try TestFixtures.values(
            try Self.committedCase("factor-models/em-traces/ppca-em/d4-q2-n20-near-fixed-point"))
        let (logLikelihoods, noise) = (Self.reals(values["logLikelihoods"]), Self.reals(values["noiseVariances"]))
        let gains = zip(logLikelihoods.dropFirst(), logLikelihoods).map { $0 - $1 }
        #expect(gains.allSatisfy { $0 >= 0 }, "\(gains)")
        #expect(gains.dropFirst().allSatisfy { $0 < 100 * logLikelihoods[0].ulp }, "\(gains)")
        let moves = zip(noise.dropFirst(), noise).map { abs($0 - $1) / $1 }
        #expect(moves[0] > 0x1p-22 && moves.allSatisfy { $0 > 0x1p-34 }, "\(moves)")
    }
}
