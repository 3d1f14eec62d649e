import Testing
import OracleTestSupport
@testable import OracleFixtures

/// Expected reals that are 0 under an `ulps` or `relative` tolerance: only a bit-exact 0 meets
/// such a bound, so every one of them sits under an absolute floor, and the floors of the
/// committed corpus change no nonzero entry's bound, except a floor its reason calls a normwise
/// bound (a matrix output's entries near 0 carry an error relative to the matrix's norm).
struct ZeroEntryFloorTests {

    static func expectedReals(_ fixtureCase: FixtureCase) -> [Double] {
        guard case .values(let values) = fixtureCase.expected else { return [] }
        return values.entries.flatMap(\.value.reals).map(\.value).filter(\.isFinite)
    }

    @Test("no expected 0 of the committed corpus sits under a relative or ulps tolerance without an absolute floor")
    func everyZeroHasAFloor() throws {
        #expect(try TestFixtures.committed.count > 20)
        var zeroCases = 0
        for fixtureCase in try TestFixtures.committed.flatMap(\.cases) {
            let tolerance = fixtureCase.tolerance
            guard ToleranceSpec.floorableKinds.contains(tolerance.kind) else { continue }
            let reals = Self.expectedReals(fixtureCase)
            guard reals.contains(0) else { continue }
            zeroCases += 1
            let floor = try #require(
                tolerance.absoluteFloor,
                "\(fixtureCase.id) expects 0 under \(tolerance.boundDescription) without a floor")
            #expect(
                tolerance.reason.contains("absolute floor"),
                "\(fixtureCase.id): the reason does not explain the floor")
            // A normwise floor (entries of a matrix output carry an error relative to the matrix's norm, not
            // to themselves) covers the entries near 0 too; it stays a small fraction of the largest entry.
            if tolerance.reason.contains("normwise bound"), let largest = reals.map(\.magnitude).max() {
                expectWithin(
                    error: floor, bound: 1e-6 * largest,
                    "a normwise floor is a small multiple of u times the output's scale",
                    "\(fixtureCase.id): normwise floor against the largest entry")
                continue
            }
            // Otherwise the floor acts only at the zeros: no nonzero entry's relative bound is below it.
            if tolerance.kind == .relative, let smallest = reals.filter({ $0 != 0 }).map(\.magnitude).min() {
                expectWithin(
                    error: floor, bound: tolerance.value * smallest,
                    "a floor at most the relative bound of the smallest nonzero entry widens no nonzero entry's bound",
                    "\(fixtureCase.id): absolute floor against the smallest nonzero entry")
            }
        }
        // The discrete score-function, normal-gamma trace, EM trace and VAE gradient cases.
        #expect(zeroCases >= 10)
    }

    @Test("a K = 2 optimal-baseline variance in float64 with b* a few ulps off is ≲ 1e-30, far inside its floor")
    func bernoulliZeroVariance() throws {
        let file = try #require(
            try TestFixtures.committed.first { $0.family == "gradient-estimators" && $0.variant == "discrete" })
        var checked = 0
        for fixtureCase in file.cases where fixtureCase.id.contains("/score-function/bernoulli-") {
            guard case .array(_, let piData)? = fixtureCase.inputs["probabilities"],
                case .array(_, let fData)? = fixtureCase.inputs["values"],
                case .values(let expected) = fixtureCase.expected,
                case .array(_, let variance)? = expected["variance-sf-optimal-baseline"]
            else {
                Issue.record("\(fixtureCase.id): inputs or outputs missing")
                continue
            }
            let pi = piData.flatMap(\.reals).map(\.value), f = fData.flatMap(\.reals).map(\.value)
            let floor = try #require(fixtureCase.tolerance.absoluteFloor)
            for j in pi.indices {
                #expect(variance[j].reals.first?.value == 0)
                // s_j(z) = [z = j] − π_j; b*_j = Σ π f s² / Σ π s², then nudged by up to 4 ulps.
                let s = pi.indices.map { z in (z == j ? 1 : 0) - pi[j] }
                let bStar =
                    zip(zip(pi, f), s).reduce(0) { $0 + $1.0.0 * $1.0.1 * $1.1 * $1.1 }
                    / zip(pi, s).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }
                for nudge in -4...4 {
                    var b = bStar
                    for _ in 0..<abs(nudge) { b = nudge < 0 ? b.nextDown : b.nextUp }
                    let g = pi.indices.map { (f[$0] - b) * s[$0] }
                    let mean = zip(pi, g).reduce(0) { $0 + $1.0 * $1.1 }
                    let centred = zip(pi, g).reduce(0) { $0 + $1.0 * ($1.1 - mean) * ($1.1 - mean) }
                    let context = "\(fixtureCase.id) j = \(j), b* \(nudge) ulps: variance \(centred)"
                    expectWithin(
                        error: centred, bound: 1e-30,
                        "for K = 2, (f(z) − b*)·s(z) is the same for both z, so the variance is 0; b* a few ulps "
                            + "off moves ĝ by a few ulps of |ĝ| < 1, and Σ π (ĝ − E ĝ)² ≲ (4 ulps of 1 = 2⁻⁵⁰)² "
                            + "≈ 8e-31",
                        context)
                    expectWithin(
                        error: centred, bound: floor,
                        "the case's absolute floor must cover what a float64 route with b* a few ulps off returns",
                        context)
                    checked += 1
                }
            }
        }
        #expect(checked == 2 * 2 * 9)
    }
}
