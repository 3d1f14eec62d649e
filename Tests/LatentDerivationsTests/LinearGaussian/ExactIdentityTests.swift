import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

/// The identities of Proofs/04-linear-gaussian.md checked as equalities in ℚ (no tolerance).
@Suite("Linear Gaussian exact identities")
struct ExactIdentityTests {
    static let seeds: [UInt64] = [1, 2, 3, 4, 5, 6]

    static func problem(_ seed: UInt64) throws -> LinearGaussianModel<Rational> {
        let p = 2 + Int(seed % 4), n = p + 3 + Int(seed % 5)
        let (a, y) = try LinearGaussianTestData.randomProblem(n: n, p: p, seed: 0x46A0 &+ seed)
        return try LinearGaussianModel(design: a, response: y)
    }

    @Test("LG-3/LG-4: the score vanishes at θ̂ and the residual is orthogonal to every column", arguments: seeds)
    func scoreVanishesAndResidualIsOrthogonal(seed: UInt64) throws {
        let model = try Self.problem(seed)
        let fit = try model.fitByElimination()
        let score = try model.score(at: fit.estimate, noiseVariance: Rational(3) / Rational(7))
        #expect(score.allSatisfy { $0.isZero })
        for j in 0..<model.parameters {
            #expect(try dot(model.design.column(j), fit.residuals).isZero)
        }
        // The identity can fail: one step off θ̂ the score is not zero.
        var moved = fit.estimate
        moved[0] += Rational(1) / Rational(1000)
        #expect(try !model.score(at: moved, noiseVariance: .one).allSatisfy { $0.isZero })
    }

    @Test("LG-4: RSS(θ̂ + δ) = RSS(θ̂) + δᵀAᵀAδ exactly for random δ", arguments: seeds)
    func residualSumOfSquaresIsQuadraticAroundEstimate(seed: UInt64) throws {
        let model = try Self.problem(seed)
        let fit = try model.fitByElimination()
        // The fit's RSS is yᵀy − θ̂ᵀAᵀy; the definition ‖y − Aθ̂‖² is an independent route.
        #expect(fit.residualSumOfSquares == (try model.residualSumOfSquares(at: fit.estimate)))
        var rng = SplitMix64(seed: 0xDE17A &+ seed)
        for _ in 0..<4 {
            let delta = (0..<model.parameters).map { _ in Rational(Int.random(in: -50...50, using: &rng)) / Rational(17)
            }
            let lhs = try model.residualSumOfSquares(at: try add(fit.estimate, delta))
            let rhs = fit.residualSumOfSquares + (try dot(delta, try model.gram * delta))
            #expect(lhs == rhs)
        }
    }

    static func bayesian(_ seed: UInt64) throws -> BayesianLinearGaussian<Rational> {
        let model = try problem(seed)
        let p = model.parameters
        var rng = SplitMix64(seed: 0xB0A5 &+ seed)
        // Σ₀ = BBᵀ + I/2 with small rational B: symmetric positive definite.
        let b = Matrix<Rational>(rows: p, columns: p) { _, _ in
            Rational(Int.random(in: -3...3, using: &rng)) / Rational(4)
        }
        let sigma0 =
            try b * b.transposed + Matrix<Rational>.diagonal(Array(repeating: Rational(1) / Rational(2), count: p))
        let mu0 = (0..<p).map { _ in Rational(Int.random(in: -9...9, using: &rng)) / Rational(5) }
        return try BayesianLinearGaussian(
            model: model, priorMean: mu0, priorCovariance: sigma0, noiseVariance: Rational(5) / Rational(3))
    }

    @Test(
        "LG-9: ln p(y) = ln p(y|θ) + ln p(θ) − ln p(θ|y) for arbitrary θ, rational and log parts separately",
        arguments: seeds)
    func evidenceIdentityHoldsForArbitraryTheta(seed: UInt64) throws {
        let bayes = try Self.bayesian(seed)
        let posterior = try bayes.posterior()
        let evidence = posterior.logEvidenceTerms
        var rng = SplitMix64(seed: 0x7E7A &+ seed)
        for _ in 0..<3 {
            let theta = (0..<bayes.model.parameters).map { _ in
                Rational(Int.random(in: -20...20, using: &rng)) / Rational(3)
            }
            let sum = try bayes.model.logLikelihoodTerms(at: theta, noiseVariance: bayes.noiseVariance)
                .combined(with: try bayes.logPriorTerms(at: theta), sign: 1)
                .combined(with: try posterior.logPosteriorTerms(at: theta), sign: -1)
            #expect(sum.dimension == evidence.dimension)
            #expect(sum.quadratic == evidence.quadratic, "rational part")
            #expect(sum.determinant == evidence.determinant, "logarithmic part")
        }
    }

    @Test(
        "LG-10: the p-dimensional evidence equals N(y; Aμ₀, AΣ₀Aᵀ + σ²I)", arguments: seeds
    )
    func evidenceMatchesDirectDefinition(seed: UInt64) throws {
        let bayes = try Self.bayesian(seed)
        let fast = try bayes.posterior().logEvidenceTerms
        let direct = try bayes.directLogEvidenceTerms()
        #expect(fast.quadratic == direct.quadratic)
        #expect(fast.determinant == direct.determinant)
        #expect(try fast.correctlyRoundedValue() == direct.correctlyRoundedValue())
    }

    @Test(
        "LG-8: posterior mean and predictive equal Gaussian conditioning of the joint (Woodbury route)",
        arguments: seeds)
    func posteriorMatchesJointConditioning(seed: UInt64) throws {
        let bayes = try Self.bayesian(seed)
        let posterior = try bayes.posterior()
        let a = bayes.model.design, s0 = bayes.priorCovariance
        let c =
            try a * s0 * a.transposed + Matrix<Rational>.diagonal(Array(repeating: bayes.noiseVariance, count: a.rows))
        let r = try subtract(bayes.model.response, try a * bayes.priorMean)
        // μ_N = μ₀ + Σ₀Aᵀ C⁻¹ (y − Aμ₀)
        let gain = try Bareiss.solve(c, r)
        #expect(posterior.mean == (try add(bayes.priorMean, try s0 * (try a.transposed * gain))))
        // Predictive at a new row x*: mean x*μ_N, variance x*Σ₀x*ᵀ + σ² − x*Σ₀AᵀC⁻¹AΣ₀x*ᵀ.
        let xStar = (0..<a.columns).map { Rational($0 + 1) / Rational(3) }
        let predictive = try posterior.predictive(at: try Matrix([xStar]))
        let k = try a * (try s0 * xStar)
        let conditional = try dot(xStar, try s0 * xStar) + bayes.noiseVariance - (try dot(k, try Bareiss.solve(c, k)))
        #expect(predictive.variance == [conditional])
        #expect(predictive.mean == [try dot(xStar, posterior.mean)])
    }

    @Test("LG-12: the evidence at (α, β) is the Bayesian model with Σ₀ = I/α, σ² = 1/β", arguments: seeds)
    func evidenceFunctionMatchesGeneralModel(seed: UInt64) throws {
        let model = try Self.problem(seed)
        let alpha = Rational(3) / Rational(2), beta = Rational(7) / Rational(4)
        let evaluation = try EvidenceFunction(model: model).evaluate(priorPrecision: alpha, noisePrecision: beta)
        let general = try BayesianLinearGaussian(
            model: model, priorMean: Array(repeating: .zero, count: model.parameters),
            priorCovariance: Matrix.diagonal(Array(repeating: Rational.one / alpha, count: model.parameters)),
            noiseVariance: Rational.one / beta)
        let terms = try general.directLogEvidenceTerms()
        #expect(evaluation.logEvidenceTerms.quadratic == terms.quadratic)
        #expect(evaluation.logEvidenceTerms.determinant == terms.determinant)
        // γ = p − α tr Σ_N = tr(βAᵀA Σ_N), exactly.
        let product = try model.gram.map { $0 * beta } * evaluation.posterior.covariance
        #expect(evaluation.effectiveParameters == (try product.trace))
        // q = β‖y − Aμ_N‖² + α‖μ_N‖² (MacKay's 2E(μ_N)).
        #expect(
            evaluation.logEvidenceTerms.quadratic == beta * evaluation.residualSumOfSquares + alpha
                * evaluation.meanSquaredNorm)
    }

    @Test("the Double evidence agrees with the correctly rounded exact one within its error bound", arguments: seeds)
    func doubleEvidenceMatchesCorrectlyRounded(seed: UInt64) throws {
        let model = try Self.problem(seed)
        let reference = try EvidenceFunction(model: model)
            .evaluate(priorPrecision: Rational(1) / Rational(2), noisePrecision: Rational(2)).logEvidenceTerms
        let doubleModel = try LinearGaussianModel(
            design: model.design.map(\.doubleValue), response: model.response.map(\.doubleValue))
        let observed = try EvidenceFunction(model: doubleModel).evaluate(priorPrecision: 0.5, noisePrecision: 2)
            .logEvidenceTerms.value
        let expected = try reference.correctlyRoundedValue()
        // Inputs are exact in Double; the error is ≲ (k + n)·u·(n ln 2π + |ln|C|| + q)·κ(Λ_N) with κ(Λ_N) ≤
        // 1 + β‖AᵀA‖/α
        // for these small dyadic problems (≤ 200): the bound below is 1e4·u·magnitude.
        let magnitude =
            Double(model.observations) * 1.84 + abs(try Double.log(reference.determinant.doubleValue))
            + reference.quadratic.doubleValue
        expectClose(
            observed, expected,
            within: .absolute(
                1e4 * 0x1p-53 * magnitude,
                "inputs exact in Double; error ≲ (k + n)·u·(n ln 2π + |ln|C|| + q)·κ(Λ_N) with κ(Λ_N) ≤ 1 + β‖AᵀA‖/α "
                    + "≤ 200 for these small dyadic problems: within 1e4·u·magnitude"))
    }

    @Test("LG-7: σ̂² = RSS/n maximises the likelihood in σ²: −(n/2)(ln 2π + ln(RSS/n) + 1)", arguments: seeds)
    func noiseVarianceMaximizesLikelihood(seed: UInt64) throws {
        let model = try Self.problem(seed)
        let fit = try model.fitByElimination()
        let terms = try fit.maximumLogLikelihoodTerms()
        let n = Rational(model.observations)
        // At σ² = RSS/n the quadratic RSS/σ² is exactly n, and |σ²I| = (RSS/n)ⁿ.
        #expect(terms.quadratic == n)
        #expect(
            terms.determinantFactors == [
                DeterminantFactor(base: fit.residualSumOfSquares / n, exponent: model.observations)
            ])
        let best = try terms.correctlyRoundedValue()
        for factor in [Rational(9) / Rational(10), Rational(11) / Rational(10)] {
            let other = try model.logLikelihoodTerms(
                at: fit.estimate, noiseVariance: fit.maximumLikelihoodNoiseVariance * factor)
            #expect(try other.correctlyRoundedValue() < best)
        }
        // The unbiased s² is not the maximiser (it differs from RSS/n by n/(n − p)).
        #expect(fit.unbiasedNoiseVariance! != fit.maximumLikelihoodNoiseVariance)
    }

    @Test("LG-3: the score is ∇ ln p(y | θ): exact central differences of −RSS/(2σ²)", arguments: seeds)
    func scoreIsGradientOfLogLikelihood(seed: UInt64) throws {
        let model = try Self.problem(seed)
        let sigma2 = Rational(5) / Rational(4), h = Rational(1) / Rational(3)
        let theta = (0..<model.parameters).map { Rational($0 * 2 - 1) / Rational(7) }
        let score = try model.score(at: theta, noiseVariance: sigma2)
        for j in 0..<model.parameters {
            var plus = theta, minus = theta
            plus[j] += h
            minus[j] -= h
            // ln p is quadratic in θ, so the central difference is exact:
            // [ln p(θ + heⱼ) − ln p(θ − heⱼ)]/(2h) = [RSS(θ − heⱼ) − RSS(θ + heⱼ)]/(4σ²h).
            let difference =
                (try model.residualSumOfSquares(at: minus) - model.residualSumOfSquares(at: plus))
                / (Rational(4) * sigma2 * h)
            #expect(score[j] == difference)
        }
    }
}
