import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

// The float32 routes of `linear-gaussian/*`: the derivations of LG-3 … LG-12 run in `Float` on the
// inputs rounded to `Float`, measured against the exact values by `Float32Measurement`. Least
// squares goes by Householder QR of the column-equilibrated design (LG-6, LG-14: backward stable, the
// route a float32 consumer should take);
// the Bayesian groups by the LDLᵀ solves of `BayesianLinearGaussian` and `EvidenceFunction`.

extension LinearGaussianEvaluators {
    /// A real matrix input [rows, columns], each entry rounded to the nearest `Float`.
    static func floatMatrix(_ read: EvaluationInputs, _ name: String) throws -> Matrix<Float> {
        guard case .array(let shape, _)? = read.values[name], shape.count == 2 else {
            return try Matrix(rows: 0, columns: 0, entries: [])
        }
        return try Matrix(rows: shape[0], columns: shape[1], entries: read.floats(name))
    }

    /// The route name of a least-squares fit in float32, with κ₂ of the column-equilibrated design
    /// and LG-14's max cⱼ (the first-order relative error of θ̂ⱼ per unit columnwise backward
    /// error, which rounding the inputs to float32 alone makes 2⁻²⁴), so that a float64-only verdict
    /// states the condition behind it.
    static func householderRoute(
        _ exact: LinearGaussianModel<Rational>
    ) -> (name: String, condition: String, error: Double?) {
        guard let kappa = try? exact.equilibratedConditionNumber(),
            let c = try? exact.fitByElimination().firstOrderRelativeErrors().compactMap({ $0 }).max()
        else {
            return ("Householder QR of the column-equilibrated design AD (LG-6)", "κ₂(AD) > 1e25", nil)
        }
        let condition =
            "κ₂(AD) = \(String(format: "%.3g", kappa)), LG-14's max cⱼ·2⁻²⁴ = \(String(format: "%.2g", c * 0x1p-24))"
        return ("Householder QR of the column-equilibrated design AD (LG-6; \(condition))", condition, c * 0x1p-24)
    }

    /// θ̂ by Householder QR in float32 on `design` and `y` rounded to `Float`, measured by the
    /// outputs `outputs` reads from the fit; a float32 design that QR finds numerically
    /// rank-deficient is float64-only, with the condition number that explains it.
    static func float32Fit(
        design: Matrix<Float>, y: [Float], exact: LinearGaussianModel<Rational>,
        outputs: (LeastSquaresFit<Float>) throws -> OrderedMap<[Float]>
    ) throws -> Float32Route {
        let route = householderRoute(exact)
        // LG-14: a backward-stable solver is only bound to first order by max cⱼ·γ, γ its columnwise
        // backward error (≥ 2⁻²⁴ in float32, rounding the inputs alone), and the bound is attained by
        // columnwise perturbations of that size. Past 2⁻¹¹ (4096 float32 ulps, the measurement's
        // float64-only limit) one float32 solver's measured error says nothing of another's.
        if let error = route.error, error > 0x1p-11 {
            return .float64Only(
                reason: """
                    LG-14: a backward-stable float32 solver is bound only to first order by max cⱼ·γ with its \
                    columnwise backward error γ ≥ 2⁻²⁴ (the bound is attained by columnwise perturbations of that \
                    size); here \(route.condition), beyond 2⁻¹¹ (4096 float32 ulps, the float64-only limit): the \
                    answer is too ill-conditioned for float32
                    """)
        }
        let fit: LeastSquaresFit<Float>
        do {
            fit = try LinearGaussianModel(design: design, response: y).fitByEquilibratedHouseholderQR()
        } catch LinearGaussianError.rankDeficient(let rank, let p) {
            // LG-14: rounding the inputs to float32 is a columnwise backward error of 2⁻²⁴, so θ̂
            // moves by up to max cⱼ·2⁻²⁴ relative before any arithmetic; past 2⁻¹¹ (4096 float32
            // ulps) the case is float64-only by the measurement rule whatever the solver.
            let beyond = route.error.map { $0 > 0x1p-11 } ?? true
            return .float64Only(
                reason: """
                    \(route.name) in float32 on the inputs rounded to float32 finds numerical rank \(rank) of \(p)\
                    \(beyond ? "; rounding the inputs alone moves θ̂ by more than 2⁻¹¹ (4096 float32 ulps)" : ""): \
                    the design is too ill-conditioned for float32
                    """)
        }
        return .measured(outputs: try outputs(fit), route: route.name)
    }

    /// The refusal of `body` run in float32 must be the float64 refusal `kind`: then the case is
    /// exact at float32 (the input is refused alike); otherwise it is float64-only.
    static func float32Refusal(_ kind: String, _ body: () throws -> Void) -> Float32Route {
        .refusal(
            kind, kindOf: refusalKind,
            agreeing: """
                the input must be refused at float32 too: the same validation and factorization run in \
                float32 on the inputs rounded to float32 refuse it alike (\(kind))
                """,
            disagreeing: Float32Route.notRefusedAlike(kind), body)
    }
}

extension ExactSmallLeastSquaresEvaluator {
    /// θ̂ by Householder QR and every statistic of `LeastSquaresFit` (LG-4 … LG-7) in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let exact = try LinearGaussianModel(
            design: try LinearGaussianEvaluators.rationalMatrix(read, "design"),
            response: LinearGaussianEvaluators.rationals(read, "y"))
        return try LinearGaussianEvaluators.float32Fit(
            design: try LinearGaussianEvaluators.floatMatrix(read, "design"), y: read.floats("y"), exact: exact
        ) { fit in
            var outputs: OrderedMap<[Float]> = [
                "theta": fit.estimate, "rss": [fit.residualSumOfSquares],
                "sigma2-ml": [fit.maximumLikelihoodNoiseVariance],
            ]
            if let unbiased = fit.unbiasedNoiseVariance { outputs["sigma2-unbiased"] = [unbiased] }
            if let errors = try fit.standardErrors { outputs["standard-errors"] = errors }
            if let r2 = fit.rSquared { outputs["r-squared"] = [r2] }
            outputs["log-likelihood"] = [try fit.maximumLogLikelihoodTerms().value]
            return outputs
        }
    }
}

extension ScoreEvaluator {
    /// (1/σ²)Aᵀ(y − Aθ) by `LinearGaussianModel.score` (LG-3) in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let model = try LinearGaussianModel(
            design: try LinearGaussianEvaluators.floatMatrix(read, "design"), response: read.floats("y"))
        let score = try model.score(at: read.floats("theta"), noiseVariance: Float(read.real("noise-variance")))
        return .measured(outputs: ["score": score], route: "LinearGaussianModel.score (LG-3)")
    }
}

extension PolynomialLeastSquaresEvaluator {
    /// The monomial design 1, x, …, xᵏ formed in float32 from x rounded to `Float`, then θ̂ by
    /// Householder QR in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let degree = read.integer("degree")
        let exact = try LinearGaussianModel(
            design: try DesignMatrix.polynomial(x: LinearGaussianEvaluators.rationals(read, "x"), degree: degree),
            response: LinearGaussianEvaluators.rationals(read, "y"))
        return try LinearGaussianEvaluators.float32Fit(
            design: try DesignMatrix.polynomial(x: read.floats("x"), degree: degree), y: read.floats("y"),
            exact: exact
        ) { ["theta": $0.estimate] }
    }
}

extension NISTLeastSquaresEvaluator {
    /// The model terms Πⱼ xⱼ^powers[k][j] formed in float32 from the predictors rounded to `Float`,
    /// then θ̂ by Householder QR in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let (n, m, p) = (read.sizes["n"] ?? 0, read.sizes["m"] ?? 0, read.sizes["p"] ?? 0)
        guard case .array(_, let powerValues)? = read.values["powers"] else { return .none }
        let powers = powerValues.map { (value: FixtureValue) -> Int in
            if case .integer(let k) = value { return k }
            return 0
        }
        func design<S: FieldScalar>(_ x: [S]) -> Matrix<S> {
            Matrix<S>(rows: n, columns: p) { i, k in
                (0..<m).reduce(S.one) { product, j in
                    (0..<powers[k * m + j]).reduce(product) { value, _ in value * x[i * m + j] }
                }
            }
        }
        let exact = try LinearGaussianModel(
            design: design(LinearGaussianEvaluators.rationals(read, "predictors")),
            response: LinearGaussianEvaluators.rationals(read, "y"))
        return try LinearGaussianEvaluators.float32Fit(
            design: design(read.floats("predictors")), y: read.floats("y"), exact: exact
        ) { ["theta": $0.estimate] }
    }
}

extension LeastSquaresBadInputEvaluator {
    /// The float64 refusal, checked by running the same validation and Householder QR's rank in
    /// float32 on the inputs rounded to `Float`.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        guard let kind = try binary64Refusal(inputs) else { return .none }
        let read = try self.read(inputs)
        return LinearGaussianEvaluators.float32Refusal(kind) {
            _ = try LinearGaussianModel(
                design: try LinearGaussianEvaluators.floatMatrix(read, "design"), response: read.floats("y")
            ).fitByHouseholderQR()
        }
    }
}

extension BayesianPosteriorEvaluator {
    /// Σ₀⁻¹ and Λ_N by LDLᵀ, μ_N, Σ_N, the predictive and the log-evidence terms of
    /// `BayesianLinearGaussian` (LG-8, LG-10, LG-11) in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let model = try LinearGaussianModel(
            design: try LinearGaussianEvaluators.floatMatrix(read, "design"), response: read.floats("y"))
        let bayes = try BayesianLinearGaussian(
            model: model, priorMean: read.floats("prior-mean"),
            priorCovariance: try LinearGaussianEvaluators.floatMatrix(read, "prior-covariance"),
            noiseVariance: Float(read.real("noise-variance")))
        let posterior = try bayes.posterior()
        let predictive = try posterior.predictive(at: try LinearGaussianEvaluators.floatMatrix(read, "x-star"))
        return .measured(
            outputs: [
                "posterior-mean": posterior.mean, "posterior-covariance": posterior.covariance.entries,
                "log-evidence": [try posterior.logEvidenceTerms.value], "predictive-mean": predictive.mean,
                "predictive-variance": predictive.variance,
            ],
            route: "BayesianLinearGaussian by LDLᵀ (LG-8, LG-10, LG-11)")
    }
}

extension EvidenceHyperparametersEvaluator {
    /// ln p(y | α, β), μ_N and γ by `EvidenceFunction` (LG-12) in float32, with two of its
    /// quantities in the forms float32 can hold: |Λ_N| as the product of its LDLᵀ pivots kept as
    /// separate factors (ln|Λ_N| = Σ ln dᵢ; the product itself overflows float32 when β‖AᵀA‖ is
    /// large), and γ = β‖L⁻¹Aᵀ‖²_F with Λ_N = LLᵀ, a sum of squares, instead of p − α tr Σ_N,
    /// which cancels when γ ≪ p (both equal Σᵢ λᵢ/(α + λᵢ), λᵢ the eigenvalues of βAᵀA).
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let model = try LinearGaussianModel(
            design: try LinearGaussianEvaluators.floatMatrix(read, "design"), response: read.floats("y"))
        let beta = Float(read.real("beta"))
        let evaluation = try EvidenceFunction(model: model).evaluate(
            priorPrecision: Float(read.real("alpha")), noisePrecision: beta)
        let lambda = evaluation.posterior.precision
        let terms = evaluation.logEvidenceTerms
        let pivots = try LDLFactorization(lambda).d.map { DeterminantFactor(base: $0, exponent: 1) }
        let logEvidence = try GaussianLogDensityTerms(
            dimension: terms.dimension, determinantFactors: terms.determinantFactors.dropLast() + pivots,
            quadratic: terms.quadratic
        ).value
        let lower = try CholeskyFactorization(lambda).lower
        // ‖L⁻¹Aᵀ‖²_F = Σᵢ ‖L⁻¹aᵢ‖² over the rows aᵢ of A.
        var squares = NeumaierSum<Float>()
        for i in 0..<model.observations {
            for z in try TriangularSolve.forward(lower, model.design.row(i)) { squares.add(z * z) }
        }
        let gamma = beta * squares.value
        return .measured(
            outputs: [
                "log-evidence": [logEvidence], "posterior-mean": evaluation.posterior.mean, "gamma": [gamma],
            ],
            route: "EvidenceFunction (LG-12) with ln|Λ_N| = Σ ln dᵢ and γ = β‖L⁻¹Aᵀ‖²_F")
    }
}

extension BayesianBadInputEvaluator {
    /// The float64 refusal, checked by running the posterior's validation and LDLᵀ of Σ₀ in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        guard let kind = try binary64Refusal(inputs) else { return .none }
        let read = try self.read(inputs)
        return LinearGaussianEvaluators.float32Refusal(kind) {
            let model = try LinearGaussianModel(
                design: try LinearGaussianEvaluators.floatMatrix(read, "design"), response: read.floats("y"))
            _ = try BayesianLinearGaussian(
                model: model, priorMean: read.floats("prior-mean"),
                priorCovariance: try LinearGaussianEvaluators.floatMatrix(read, "prior-covariance"),
                noiseVariance: Float(read.real("noise-variance"))
            ).posterior()
        }
    }
}
