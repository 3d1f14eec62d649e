import Foundation
import Testing
import GSLReference
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

/// Type-II maximum likelihood (Proofs/11-type-ii-ml.md): the Normal-Gamma prior rate in closed
/// form (exact) against its fixed-point iteration and a grid of the evidence; MacKay's updates
/// for the linear-Gaussian model (the linear-Gaussian evidence) against stationarity and a 1-D grid.
@Suite("Type-II maximum likelihood")
struct TypeIIMaximumLikelihoodTests {
    static func rationalModel(b0: Rational = Rational(2)) throws -> NormalGammaModel<Rational> {
        try NormalGammaModel(
            data: [1.5, 2.25, 0.75, 3.0, 2.5, 1.0, 2.0].map { Rational(exactly: $0)! },
            priorMean: Rational(exactly: 0.5)!,
            priorPrecisionScale: Rational(exactly: 0.25)!, priorShape: Rational(exactly: 1.5)!, priorRate: b0)
    }

    @Test("Normal-Gamma: b₀* = a₀s/N is the exact fixed point of b₀ ← a₀b_N/a_N; the iteration contracts")
    func priorRateFixedPoint() throws {
        let model = try Self.rationalModel()
        let star = try TypeIIMaximumLikelihood.normalGammaOptimalPriorRate(model)
        let atStar = try TypeIIMaximumLikelihood.normalGammaPriorRateIterates(
            try NormalGammaModel(
                data: model.data, priorMean: model.priorMean, priorPrecisionScale: model.priorPrecisionScale,
                priorShape: model.priorShape, priorRate: star),
            iterations: 1)
        #expect(atStar[0] == star)
        // The error contracts by exactly a₀/a_N per step (the map is affine in b₀).
        let iterates = try TypeIIMaximumLikelihood.normalGammaPriorRateIterates(model, iterations: 6)
        let ratio = model.priorShape / model.exactPosterior.shape
        var previousError = model.priorRate - star
        for b in iterates {
            #expect(b - star == ratio * previousError)
            previousError = b - star
        }
    }

    @Test("Normal-Gamma: ln p(X | b₀) on a grid and by GSL 1-D quadrature peaks at b₀*")
    func priorRateMaximizesEvidence() throws {
        let star = try TypeIIMaximumLikelihood.normalGammaOptimalPriorRate(try Self.rationalModel()).doubleValue
        let data = [1.5, 2.25, 0.75, 3.0, 2.5, 1.0, 2.0]
        func logEvidence(_ b0: Double) throws -> Double {
            try NormalGammaModel(data: data, priorMean: 0.5, priorPrecisionScale: 0.25, priorShape: 1.5, priorRate: b0)
                .logEvidence()
        }
        let peak = try logEvidence(star)
        // A grid of 401 points over [b₀*/4, 4b₀*] (log-spaced): none exceeds the peak. Near the
        // peak ln p is flat to second order, so neighbours within 1e-4 relative differ by
        // ≈ ½·(curvature)·δ² ≈ 1e-9 ≫ the evaluation error 1e-14.
        for k in 0...400 {
            let b0 = star * Foundation.exp(Foundation.log(4.0) * (Double(k) / 200 - 1))
            #expect(try logEvidence(b0) <= peak + 1e-14)
        }
        #expect(try logEvidence(star * 1.001) < peak && (try logEvidence(star * 0.999)) < peak)
        // The evidence itself against quadrature over τ (μ integrated analytically): at b₀*.
        let n = Double(data.count), kappa = 0.25 + n, xbar = data.reduce(0, +) / n
        let s = data.reduce(0) { $0 + ($1 - xbar) * ($1 - xbar) } + 0.25 * n * (xbar - 0.5) * (xbar - 0.5) / kappa
        let integrand: (Double) -> Double = { tau in
            Foundation.exp(
                0.5 * n * Foundation.log(tau / (2 * Double.pi)) + 0.5 * Foundation.log(0.25 / kappa) - 0.5 * tau * s
                    + 1.5 * Foundation.log(star) - lgamma(1.5) + 0.5 * Foundation.log(tau) - star * tau - peak)
        }
        try expectUnitMassOnHalfLine(integrand)
    }

    /// A small polynomial-regression problem with dyadic data: A = [1, x, x²], y.
    static func linearProblem<S: FieldScalar>(_ convert: (Double) -> S) throws -> EvidenceFunction<S> {
        let xs: [Double] = [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1, 1.25]
        let ys: [Double] = [2.5, 1.75, 1.5, 0.75, 1, 0.5, 1.25, 0.75, 1.5, 2.25]
        let design = try Matrix(xs.map { x in [convert(1), convert(x), convert(x * x)] })
        return EvidenceFunction(model: try LinearGaussianModel(design: design, response: ys.map(convert)))
    }

    @Test(
        "MacKay: the update is exact over ℚ; its Double fixed point maximises the linear-Gaussian evidence"
    )
    func macKayFixedPoint() throws {
        // Exact: the first update over ℚ matches Double to rounding (a consistency route); the
        // rational iterate satisfies α₁‖μ_N‖² = γ exactly by construction of the update.
        let exact = try Self.linearProblem { Rational(exactly: $0)! }
        let first = try TypeIIMaximumLikelihood.macKayUpdate(exact, alpha: Rational(1), beta: Rational(4))
        let e = try exact.evaluate(priorPrecision: Rational(1), noisePrecision: Rational(4))
        #expect(first.alpha * e.meanSquaredNorm == e.effectiveParameters)
        let double = try Self.linearProblem { $0 }
        let firstDouble = try TypeIIMaximumLikelihood.macKayUpdate(double, alpha: 1, beta: 4)
        expectBelow(
            error: relativeError(firstDouble.alpha, first.alpha.doubleValue), bound: 1e-12,
            "the Double update is the exact one with rounding only: a few dozen well-conditioned operations")
        expectBelow(
            error: relativeError(firstDouble.beta, first.beta.doubleValue), bound: 1e-12,
            "the Double update is the exact one with rounding only: a few dozen well-conditioned operations")
        // Converge in Double, then check on 1-D grids through the fixed point that neither
        // coordinate can be improved: ln p(α* (1 ± δ), β*) and ln p(α*, β*(1 ± δ)) are lower.
        let iterates = try TypeIIMaximumLikelihood.macKayIterates(double, alpha: 1, beta: 4, iterations: 200)
        let (alpha, beta) = iterates.last!
        let previous = iterates[iterates.count - 2]
        expectClose(
            alpha, previous.alpha,
            within: .absolute(1e-12 * alpha, "200 iterations converged: successive α agree to 1e-12 relative"))
        expectClose(
            beta, previous.beta,
            within: .absolute(1e-12 * beta, "200 iterations converged: successive β agree to 1e-12 relative"))
        func logEvidence(_ a: Double, _ b: Double) throws -> Double {
            try double.evaluate(priorPrecision: a, noisePrecision: b).logEvidenceTerms.value
        }
        let peak = try logEvidence(alpha, beta)
        for k in -50...50 where k != 0 {
            let f = Foundation.exp(Double(k) / 50)
            #expect(try logEvidence(alpha * f, beta) < peak)
            #expect(try logEvidence(alpha, beta * f) < peak)
        }
    }

    @Test("bad input: non-positive hyperparameters and iteration counts; a degenerate scatter")
    func badInput() throws {
        let double = try Self.linearProblem { $0 }
        #expect(throws: ModelInputError.self) {
            _ = try TypeIIMaximumLikelihood.macKayUpdate(double, alpha: 0, beta: 1)
        }
        #expect(throws: ModelInputError.self) {
            _ = try TypeIIMaximumLikelihood.macKayIterates(double, alpha: 1, beta: 1, iterations: 0)
        }
        let flat = try NormalGammaModel(
            data: [Rational(1), Rational(1)], priorMean: Rational(1), priorPrecisionScale: Rational(1),
            priorShape: Rational(1), priorRate: Rational(1))
        #expect(throws: ModelInputError.self) { _ = try TypeIIMaximumLikelihood.normalGammaOptimalPriorRate(flat) }
    }
}
