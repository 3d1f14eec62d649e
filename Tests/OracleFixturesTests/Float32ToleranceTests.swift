import Foundation
import Testing
import OracleRandom
import OracleTestSupport
@testable import OracleFixtures

/// The float32 tolerances: every case of the adopting families carries one, the measurement refuses
/// what float32 cannot represent, and the fixed claims hold by a second route.
struct Float32ToleranceTests {

    @Test("every divergences, elbo and randomness case carries a toleranceFloat32")
    func everyCaseCarriesOne() throws {
        let files = try TestFixtures.committed.filter { ["divergences", "elbo", "randomness"].contains($0.family) }
        #expect(files.count == 5)
        for file in files {
            for fixtureCase in file.cases {
                #expect(fixtureCase.toleranceFloat32 != nil, "\(fixtureCase.id)")
            }
        }
    }

    @Test("an input beyond float32's range or below its normal range makes the case float64-only")
    func unrepresentableInputs() {
        for x in [1e300, -1e39, 1e-300] {
            let measurement = Float32Measurement(
                inputs: ["x": .exactReal(x)], expected: ["y": .exactReal(1)],
                route: ["y": [1]])
            guard case .float64Only = measurement.tolerance(route: "test") else {
                Issue.record("\(x) accepted at float32")
                continue
            }
        }
    }

    @Test("the tolerance is 8 × the measured float32 error, at least 16 ulps; beyond 4096 ulps float64-only")
    func toleranceFromMeasurement() {
        func tolerance(_ observed: Float) -> Float32Tolerance {
            Float32Measurement(inputs: [:], expected: ["y": .exactReal(1)], route: ["y": [observed]])
                .tolerance(route: "test")
        }
        #expect(tolerance(1).spec?.value == 16)
        #expect(tolerance(Float(1).nextUp.nextUp.nextUp).spec?.value == 24)
        // 1 + 5000 ulps of 1 is past the float64-only limit.
        guard case .float64Only = tolerance(1 + 5000 * Float(1).ulp) else {
            Issue.record("5000 ulps off was given a tolerance")
            return
        }
    }

    @Test("a categorical KL's float32 tolerance admits plain float32 sums of its terms in either order, with margin")
    func discreteKLAdmitsPlainSums() throws {
        let file = try #require(try TestFixtures.committed.first { $0.relativePath == "divergences/discrete-kl.json" })
        var checked = 0
        for group in file.testGroups where group.id.hasPrefix("categorical") {
            for fixtureCase in group.cases {
                guard case .tolerance(let spec)? = fixtureCase.toleranceFloat32,
                    case .values(let expected) = fixtureCase.expected,
                    let kl = expected["kl"]?.reals.first?.value, kl.isFinite,
                    let p = fixtureCase.inputs["p"]?.reals.map({ Float($0.value) }),
                    let q = fixtureCase.inputs["q"]?.reals.map({ Float($0.value) })
                else { continue }
                let worst =
                    try [false, true].map {
                        Float32Measurement.ulps(try DiscreteKLEvaluator.plainSum(p, q, reversed: $0), Float(kl))
                    }.max() ?? 0
                expectWithin(
                    error: Float32Measurement.margin * worst, bound: spec.value,
                    "the float32 tolerance is the margin times the worst measured float32 route, and a plain "
                        + "float32 sum in either order is such a route",
                    "\(fixtureCase.id)")
                checked += 1
            }
        }
        #expect(checked >= 10)
    }

    @Test("a uniform computed in float32 from its word is the Float nearest the binary64 uniform")
    func uniformsExactAtFloat32() {
        var mismatches = 0
        for seed: UInt64 in [0, 1, 42, 0xdead_beef, .max] {
            var words = SplitMix64(seed: seed)
            var uniforms = SplitMix64(seed: seed)
            for _ in 0..<10_000 where Float(words.next() >> 11) * 0x1p-53 != Float(uniforms.uniform()) {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }
}

extension Float32Tolerance {
    var spec: ToleranceSpec? {
        if case .tolerance(let spec) = self { return spec }
        return nil
    }
}
