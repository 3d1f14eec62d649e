import Foundation
import Testing
import GSLReference
import LatentDerivations
import OracleArithmetic
import OracleTestSupport

/// Mean field for the Normal-Gamma model (Proofs/10-mean-field.md, MF-8 … MF-11;
/// Proofs/11-type-ii-ml.md, T2-1): the exact rational fixed point, comparison with the exact
/// posterior, a monotone ELBO trace, ELBO ≤ ln p(X), and the evidence against GSL quadrature.
@Suite("Mean field: Normal-Gamma")
struct NormalGammaMeanFieldTests {
    static let data: [Double] = [1.5, 2.25, 0.75, 3.0, 2.5, 1.0, 2.0]

    static func model<S: RealScalar>(_: S.Type, data: [Double] = data) throws -> NormalGammaModel<S> {
        try NormalGammaModel(
            data: data.map { S($0) }, priorMean: S(0.5), priorPrecisionScale: S(0.25), priorShape: S(1.5),
            priorRate: S(2))
    }

    static func rationalModel() throws -> NormalGammaModel<Rational> {
        try NormalGammaModel(
            data: data.map { Rational(exactly: $0)! }, priorMean: Rational(exactly: 0.5)!,
            priorPrecisionScale: Rational(exactly: 0.25)!, priorShape: Rational(exactly: 1.5)!, priorRate: Rational(2))
    }

    @Test("the closed-form optimum is an exact fixed point; E_q[τ] equals the exact posterior E[τ]")
    func optimumIsExactFixedPoint() throws {
        let vi = NormalGammaMeanField(model: try Self.rationalModel())
        let star = vi.optimum
        #expect(try vi.update(0, of: star) == star)
        #expect(try vi.update(1, of: star) == star)
        let exact = vi.model.exactPosterior
        #expect(star.expectedTau == exact.expectedPrecision)
        #expect(star.meanOfMu == exact.mean)
        // Mean field underestimates Var(μ): 1/λ = b/(aκ) < b/((a − 1)κ), exactly.
        let mfVariance = Rational(1) / star.precisionOfMu
        #expect(mfVariance < (try #require(exact.marginalVarianceOfMean)))
        // CAVI from a poor start approaches it (Gauss–Seidel contraction): after 30 sweeps the
        // rational iterate is within 1e-12 relative.
        let trace = try CoordinateAscent.run(
            vi,
            from: NormalGammaFactors(
                meanOfMu: Rational(0), precisionOfMu: Rational(1), shape: Rational(1), rate: Rational(1)), sweeps: 30)
        let last = trace.last!.factors
        expectBelow(
            error: relativeError(last.rate.doubleValue, star.rate.doubleValue), bound: 1e-12,
            "CAVI contracts (Gauss–Seidel): 30 sweeps from this start reach the optimum to 1e-12 relative")
    }

    @Test(
        "ψ and ln Γ: 256-bit within GSL's error estimate; Double within its absolute rounding bound",
        arguments: [0.125, 0.5, 1.5, 2.75, 7.0, 11.5, 40.25, 1000.5])
    func gammaFunctionsMatchGSL(x: Double) throws {
        let psi = try GSL.digammaWithError(x)
        let lg = try GSL.logGammaWithError(x)
        let psiBig = try BigFloat.withPrecision(256) { try GammaFunctions.digamma(BigFloat(x)).doubleValue }
        let lgBig = try BigFloat.withPrecision(256) { try GammaFunctions.logGamma(BigFloat(x)).doubleValue }
        // GSL's error estimate covers its computation but not the final rounding of the
        // returned Double (≤ 1 ulp); the 256-bit values are far more accurate than either.
        expectClose(
            psiBig, psi.value,
            within: .absolute(
                psi.absoluteError + psi.value.ulp,
                "GSL's error estimate covers its computation, not the final rounding of the returned Double "
                    + "(≤ 1 ulp); the 256-bit value is far more accurate than either"))
        expectClose(
            lgBig, lg.value,
            within: .absolute(
                lg.absoluteError + lg.value.ulp,
                "GSL's error estimate covers its computation, not the final rounding of the returned Double "
                    + "(≤ 1 ulp); the 256-bit value is far more accurate than either"))
        // Double: ≤ 10 recurrence steps + 17-term Stirling at y ≥ 10, then one subtraction of
        // two terms of size ≤ |ln Γ(y)| + |ln Π| ≤ 20 + |result| (ψ: Σ1/(x+i) ≤ 1/x + 3): about
        // 40 roundings, so the ABSOLUTE error is ≤ 32u·(|result| + 20). Near the zeros of ψ and
        // ln Γ (x ≈ 1.46, 1, 2) this is many relative ulps: cancellation, not a bug.
        let u = 0x1p-53
        expectClose(
            try GammaFunctions.digamma(x), psiBig,
            within: .absolute(32 * u * (abs(psiBig) + 20), Self.gammaFunctionsReason))
        expectClose(
            try GammaFunctions.logGamma(x), lgBig,
            within: .absolute(32 * u * (abs(lgBig) + 20), Self.gammaFunctionsReason))
    }

    static let gammaFunctionsReason =
        "≤ 10 recurrence steps and a 17-term Stirling series at y ≥ 10, then one subtraction of terms of size "
        + "≤ |result| + 20: about 40 roundings, absolute error ≤ 32u·(|result| + 20)"

    @Test("CAVI: the ELBO never decreases (Double within its bound, 256-bit strictly) and stays ≤ ln p(X)")
    func elboTraceIsMonotoneAndBounded() throws {
        let start = NormalGammaFactors(meanOfMu: 0.0, precisionOfMu: 1.0, shape: 1.0, rate: 1.0)
        let vi = NormalGammaMeanField(model: try Self.model(Double.self))
        let trace = try CoordinateAscent.run(vi, from: start, sweeps: 6)
        let elbo = try CoordinateAscent.elboTrace(vi, trace)
        let logEvidence = try vi.model.logEvidence()
        // Absolute error of a Double ELBO: ~40 operations on terms of size ≤ 60, so ≤ 40·60·u.
        let bound = 40 * 60 * 0x1p-53
        for k in 1..<elbo.count { #expect(elbo[k] - elbo[k - 1] >= -2 * bound) }
        for value in elbo { #expect(value <= logEvidence + 2 * bound) }
        // 256 bits: same iterates from the Double trace, exactly representable.
        try BigFloat.withPrecision(256) {
            let big = NormalGammaMeanField(model: try Self.model(BigFloat.self))
            let values = try trace.map { step in
                try big.elbo(
                    NormalGammaFactors(
                        meanOfMu: BigFloat(step.factors.meanOfMu), precisionOfMu: BigFloat(step.factors.precisionOfMu),
                        shape: BigFloat(step.factors.shape), rate: BigFloat(step.factors.rate)))
            }
            let gap =
                try big.model.logEvidence()
                - (try big.elbo(NormalGammaMeanField(model: try Self.model(BigFloat.self)).optimum))
            // The factorised q cannot equal the coupled posterior: KL(q* ‖ p) > 0 strictly.
            #expect(gap > BigFloat(mantissa: BigInt(1), exponent: -20))
            let slack = BigFloat(mantissa: BigInt(1), exponent: -200)
            // Iterates rounded to Double are not exact CAVI iterates; only updates that move by
            // more than rounding are asserted strictly (all of the first two sweeps here).
            for k in 1..<5 { #expect(values[k] - values[k - 1] > slack) }
        }
    }

    @Test("ln p(X) matches GSL quadrature of ∫ p(X | τ) Gam(τ; a₀, b₀) dτ (μ integrated analytically)")
    func evidenceMatchesQuadrature() throws {
        let m = try Self.model(Double.self)
        let n = Double(m.data.count)
        let kappa = m.priorPrecisionScale + n
        let xbar = m.data.reduce(0, +) / n
        let s =
            m.data.reduce(0) { $0 + ($1 - xbar) * ($1 - xbar) } + m.priorPrecisionScale * n * (xbar - m.priorMean)
            * (xbar - m.priorMean) / kappa
        let a0 = m.priorShape, b0 = m.priorRate
        let logEvidence = try m.logEvidence()
        // p(X | τ) Gam(τ) scaled by exp(−ln p(X)) so that the integral is 1: a check of mass.
        let integrand: (Double) -> Double = { tau in
            let logTerm =
                0.5 * n * Foundation.log(tau / (2 * Double.pi)) + 0.5 * Foundation.log(m.priorPrecisionScale / kappa)
                - 0.5 * tau * s
                + a0 * Foundation.log(b0) - Double.logGamma(a0) + (a0 - 1) * Foundation.log(tau) - b0 * tau
            return Foundation.exp(logTerm - logEvidence)
        }
        try expectUnitMassOnHalfLine(integrand)
    }

    @Test("bad input: improper prior (shape, rate or λ₀ ≤ 0), empty data, non-finite data")
    func badInput() throws {
        #expect(throws: ModelInputError.notPositive(what: "a0", value: "0.0")) {
            _ = try NormalGammaModel(data: [1.0], priorMean: 0, priorPrecisionScale: 1, priorShape: 0, priorRate: 1)
        }
        #expect(throws: ModelInputError.notPositive(what: "b0", value: "-1.0")) {
            _ = try NormalGammaModel(data: [1.0], priorMean: 0, priorPrecisionScale: 1, priorShape: 1, priorRate: -1)
        }
        #expect(throws: ModelInputError.notPositive(what: "lambda0", value: "0.0")) {
            _ = try NormalGammaModel(data: [1.0], priorMean: 0, priorPrecisionScale: 0, priorShape: 1, priorRate: 1)
        }
        #expect(throws: ModelInputError.empty(what: "data")) {
            _ = try NormalGammaModel<Double>(
                data: [], priorMean: 0, priorPrecisionScale: 1, priorShape: 1, priorRate: 1)
        }
        #expect(throws: ModelInputError.self) {
            _ = try NormalGammaModel(
                data: [Double.nan], priorMean: 0, priorPrecisionScale: 1, priorShape: 1, priorRate: 1)
        }
        #expect(throws: ArithmeticDomainError.self) { _ = try GammaFunctions.digamma(0.0) }
    }
}

extension Double {
    static func logGamma(_ x: Double) -> Double { recordingErrors { try GSL.logGamma(x) } }
}
