import GSLReference
import OracleTestSupport
import Testing

/// Expects ∫₀^∞ `density`(τ) dτ = 1 by GSL QAGIU at relative 1e-11: the mass check of a density
/// over a precision τ, divided by its normaliser.
func expectUnitMassOnHalfLine(
    _ density: (Double) -> Double, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let q = try GSL.integrateQAGIU(from: 0, relativeTolerance: 1e-11, density)
    expectClose(
        q.value, 1,
        within: .absolute(
            1e-10 + q.absoluteError,
            "QAGIU at relative 1e-11 reports its error estimate, and the integrand's rounding adds ≈ 100u relative "
                + "to a mass of 1: 1e-10 covers that"),
        sourceLocation: sourceLocation)
}
