import Foundation
import LatentDerivations
import OracleTestSupport
import Testing

@testable import OracleFixtures

/// The tolerance reason of `gradient-estimators/discrete/logits` names a float64 route: GE-15's
/// shifted, log1p and complement forms and GE-16's closed forms (`LogitCategorical<Double>`). These
/// tests run it on every case and check that it reaches a hundredth of the tolerance, and that the
/// textbook softmax without the shift and the log of the softmax fail the cases that carry their flags.
struct LogitScoreFunctionRouteTests {
    static var cases: [FixtureCase] {
        get throws { try TestFixtures.groupCases("gradient-estimators", "discrete", "logits") }
    }

    enum Route { case stable, noMaxShift, logOfSoftmax }

    /// The worst error over every output, in units of the case's tolerance (∞ for a NaN or ∞ output).
    static func worstFraction(_ c: FixtureCase, _ route: Route) throws -> Double {
        let eta = c.inputs["logits"]?.reals.map(\.value) ?? []
        let f = c.inputs["values"]?.reals.map(\.value) ?? []
        let b = c.inputs["baseline"]?.reals.first?.value ?? .nan
        let problem = try LogitCategorical(logits: eta, values: f)
        var outputs = try LogitScoreFunctionEvaluator.values(problem, baseline: b)
        let k = eta.count
        switch route {
        case .stable: break
        case .noMaxShift:
            // π = e^η/Σ e^η and ln π = η − ln Σ e^η.
            let total = eta.map { Foundation.exp($0) }.reduce(0, +)
            for i in 0..<k {
                outputs[i] = eta[i] - Foundation.log(total)
                outputs[k + i] = Foundation.exp(eta[i]) / total
            }
        case .logOfSoftmax:
            for i in 0..<k { outputs[i] = Foundation.log(problem.probabilities[i]) }
        }
        guard case .values(let expected) = c.expected else { return .infinity }
        let want = LogitScoreFunctionEvaluator.layout.flatMap { expected[$0.0]?.reals.map(\.value) ?? [] }
        #expect(want.count == outputs.count, "\(c.id)")
        let floor = c.tolerance.absoluteFloor ?? 0
        var worst = 0.0
        for (o, e) in zip(outputs, want) {
            guard o.isFinite else { return .infinity }
            worst = max(worst, abs(o - e) / max(c.tolerance.value * abs(e), floor))
        }
        return worst
    }

    @Test("GE-15 and GE-16 in float64 are within 1/100 of the tolerance on every case")
    func stableRouteWithinAHundredth() throws {
        #expect(try Self.cases.count == 9)
        for c in try Self.cases {
            let fraction = try Self.worstFraction(c, .stable)
            expectWithin(
                error: fraction, bound: 0.01, "the reason quotes ≤ 1.0e-15 against 1e-12 for this route",
                "\(c.id): \(fraction) of the tolerance")
        }
    }

    @Test("the softmax without the shift and the log of the softmax fail the cases that carry their flags")
    func fragileRoutesFailFlagged() throws {
        for (flag, route) in [("softmax-no-max-shift", Route.noMaxShift), ("log-of-softmax", .logOfSoftmax)] {
            let flagged = try Self.cases.filter { $0.flags.contains(flag) }
            #expect(flagged.count >= 3)
            for c in flagged {
                let fraction = try Self.worstFraction(c, route)
                #expect(fraction > 1, "\(c.id): \(fraction) of the tolerance")
            }
        }
    }
}
