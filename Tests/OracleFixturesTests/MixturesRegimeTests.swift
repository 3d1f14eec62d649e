import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import Testing
import OracleTestSupport
@testable import OracleFixtures

/// The regime cases of `mixtures/m-step-exact.json` and `mixtures/em-traces.json` (Proofs/06-gmm-em.md,
/// regime table): the stable float64 routes their reasons name meet the tolerances, and the one-pass
/// covariance and the N_k floor fail exactly the cases flagged for them.
@Suite("mixtures regime tolerances")
struct MixturesRegimeTests {
    /// The exact M-step group, built in memory (rationals only: cheap).
    static let mStep = Computed { try MixturesExporter().exactMStepGroup().cases }
    static var mStepCases: [FixtureCase] { get throws { try mStep.get() } }

    static var regimeMStepIDs: [String] {
        get throws {
            let names = Set(MixturesExporter.regimeMSteps.map(\.name))
            return try mStepCases.map(\.id).filter { names.contains(String($0.split(separator: "/").last ?? "")) }
        }
    }

    static func reals(_ value: FixtureValue?) -> [Double] { value?.reals.map(\.value) ?? [] }

    /// The float64 M-step by a given covariance route (`onePass`: Σ r x xᵀ/N_k − μμᵀ), with an
    /// optional floor added to N_k, as plain loops a consumer would write.
    static func plainMStep(_ step: MixturesExporter.ExactMStep, onePass: Bool = false, floor: Double = 0) -> [Double] {
        let x = step.data, r = step.responsibilities
        let n = x.count, d = x[0].count, k = r[0].count
        let counts = (0..<k).map { j in (0..<n).reduce(0.0) { $0 + r[$1][j] } + floor }
        let total = counts.reduce(0, +)
        var weights: [Double] = [], means: [Double] = [], covariances: [Double] = []
        for j in 0..<k {
            weights.append(counts[j] / total)
            let mu = (0..<d).map { a in (0..<n).reduce(0.0) { $0 + r[$1][j] * x[$1][a] } / counts[j] }
            means += mu
            for a in 0..<d {
                for b in 0..<d {
                    var s: Double
                    if onePass {
                        s = (0..<n).reduce(0.0) { $0 + r[$1][j] * x[$1][a] * x[$1][b] } / counts[j] - mu[a] * mu[b]
                    } else {
                        s = (0..<n).reduce(0.0) { $0 + r[$1][j] * (x[$1][a] - mu[a]) * (x[$1][b] - mu[b]) } / counts[j]
                    }
                    if step.type == .diagonal && a != b { s = 0 }
                    covariances.append(s)
                }
            }
        }
        return weights + means + covariances
    }

    /// The worst error of `observed` under the case's tolerance, as a multiple of the bound
    /// (≤ 1 passes); the absolute floor admits an entry as `verify` does.
    static func worstRatio(_ observed: [Double], _ fixtureCase: FixtureCase) -> Double {
        guard case .values(let values) = fixtureCase.expected else { return .infinity }
        let expected = ["weights", "means", "covariances"].flatMap { reals(values[$0]) }
        guard observed.count == expected.count else { return .infinity }
        let tolerance = fixtureCase.tolerance
        return zip(observed, expected).map { o, e -> Double in
            let error = abs(o - e)
            guard error.isFinite else { return .infinity }
            if let floor = tolerance.absoluteFloor, error <= floor { return 0 }
            return error / (tolerance.value * abs(e))
        }.max() ?? 0
    }

    static func step(_ id: String) -> MixturesExporter.ExactMStep? {
        MixturesExporter.regimeMSteps.first { id.hasSuffix("/" + $0.name) }
    }

    @Test("every regime M-step case is exported with a relative tolerance")
    func regimeCasesPresent() throws {
        #expect(try Self.regimeMStepIDs.count == MixturesExporter.regimeMSteps.count)
        for id in try Self.regimeMStepIDs {
            #expect(try Self.mStepCases.first { $0.id == id }?.tolerance.kind == .relative, "\(id)")
        }
    }

    @Test(
        "the float64 two-pass M-step (blocked compensated and plain loops) is within a tenth of each tolerance",
        arguments: try MixturesRegimeTests.regimeMStepIDs)
    func twoPassMeetsTolerance(id: String) throws {
        let fixtureCase = try #require(try Self.mStepCases.first { $0.id == id })
        let step = try #require(Self.step(id))
        let p = try MixtureMStep.parameters(
            data: step.data, responsibilities: step.responsibilities,
            covarianceType: step.type, covarianceRegularizer: step.epsilon)
        let blocked = p.weights + p.means.flatMap { $0 } + p.covariances.flatMap(\.entries)
        for (route, observed) in [("blocked", blocked), ("plain", Self.plainMStep(step))] {
            let ratio = Self.worstRatio(observed, fixtureCase)
            expectWithin(
                error: ratio, bound: 0.1,
                "the case's reason derives ≲ (N + d + 4)·u per entry for a two-pass M-step and sets 8× that; a "
                    + "tenth of the tolerance is 0.8× the derived bound",
                "\(id): \(route) two-pass M-step at \(ratio) of the tolerance")
        }
    }

    /// The fragile M-steps the regime cases' flags name: the plain two-pass M-step with one change.
    enum FragileMStep: String, CaseIterable, Sendable {
        /// Σ_k as Σᵢ rᵢₖ xᵢxᵢᵀ / N_k − μ_k μ_kᵀ.
        case onePassCovariance = "one-pass-covariance"
        /// N_k + 10·eps in place of N_k.
        case countEpsilonFloor = "nk-epsilon-floor"

        func parameters(_ step: MixturesExporter.ExactMStep) -> [Double] {
            switch self {
            case .onePassCovariance: MixturesRegimeTests.plainMStep(step, onePass: true)
            case .countEpsilonFloor: MixturesRegimeTests.plainMStep(step, floor: 10 * Double.ulpOfOne)
            }
        }
    }

    @Test(
        "each fragile M-step (one-pass covariance, N_k + 10·eps) fails every case carrying its flag by 100×",
        arguments: FragileMStep.allCases, try MixturesRegimeTests.regimeMStepIDs)
    func fragileMStepFails(route: FragileMStep, id: String) throws {
        let fixtureCase = try #require(try Self.mStepCases.first { $0.id == id })
        guard fixtureCase.flags.contains(route.rawValue) else { return }
        let ratio = Self.worstRatio(route.parameters(try #require(Self.step(id))), fixtureCase)
        #expect(ratio > 100, "\(id): \(route.rawValue) only at \(ratio) of the tolerance")
    }

    /// The committed regime traces (the certified values come from the 128/192-bit export).
    static let traces = Computed {
        let file = try TestFixtures.repositoryFixtures.load(family: "mixtures", variant: "em-traces")
        return try #require(file.testGroups.first { $0.id == "regimes" }).cases
    }
    static var traceCases: [FixtureCase] { get throws { try traces.get() } }

    @Test(
        "the float64 EM driver reproduces every regime trace within 1/64 of its tolerance (the reason's measurement)",
        arguments: try MixturesRegimeTests.traceCases.map(\.id))
    func doubleDriverMeetsTraceTolerance(id: String) throws {
        let fixtureCase = try #require(try Self.traceCases.first { $0.id == id })
        let problem = try #require(try MixturesExporter.traceProblems().first { id.hasSuffix("/regimes/" + $0.name) })
        let values = try TestFixtures.values(fixtureCase)
        let names = ["logLikelihood", "bound", "entropy", "weights", "means", "covariances"]
        let expected = names.map { Self.reals(values[$0]) }
        let observed = MixturesExporter.traceValues(try MixturesExporter.run(problem, as: Double.self))
        let tolerance = fixtureCase.tolerance
        var worst = 0.0
        for (o, e) in zip(observed.flatMap { $0 }, expected.flatMap { $0 }) {
            if let floor = tolerance.absoluteFloor, abs(o - e) <= floor { continue }
            worst = max(worst, abs(o - e) / max(abs(e), 0x1p-1022))
        }
        expectWithin(
            error: worst, bound: max(tolerance.value / 64, 1e-13),
            "the reason's measurement: this oracle's own Double run; the tolerance is 64× it, floored at 1e-13",
            "\(id): float64 driver at \(worst), tolerance \(tolerance.value)")
    }
}
