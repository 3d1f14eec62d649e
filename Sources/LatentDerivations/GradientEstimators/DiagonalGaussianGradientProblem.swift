import OracleArithmetic

/// ∇ E_q[f] for a diagonal Gaussian q = ∏ᵢ N(μᵢ, σᵢ²) on ℝᵈ and a separable f(x) = Σᵢ fᵢ(xᵢ)
/// (`Proofs/08-gradient-estimators.md`, GE-13): each coordinate's gradient, estimators and exact
/// variances from the univariate ones.
///
/// PW for coordinate i sees only fᵢ, so its variance is the univariate one. SF for coordinate i is
/// (fᵢ(xᵢ) + R − b) sᵢ with R = Σ_{j≠i} fⱼ(xⱼ) independent of εᵢ, hence
/// Var = Vᵢ(b − E R) + Var(R)·E[sᵢ²], where Vᵢ(b′) is the univariate baseline-b′ variance: the
/// other coordinates add variance that no constant baseline removes.
public struct DiagonalGaussianGradientProblem<Scalar: RealScalar>: Hashable, Sendable {
    /// The coordinates: fᵢ, μᵢ, σᵢ.
    public let coordinates: [GaussianGradientProblem<Scalar>]

    /// The problem for the given coordinates.
    /// - Throws: `ModelInputError.empty` for d = 0.
    public init(coordinates: [GaussianGradientProblem<Scalar>]) throws(ModelInputError) {
        guard !coordinates.isEmpty else { throw .empty(what: "coordinates") }
        self.coordinates = coordinates
    }

    /// E_q[f] = Σᵢ E[fᵢ].
    public func objective() throws -> Scalar {
        try coordinates.reduce(Scalar.zero) { $0 + (try $1.objective($1.closedFormRule)) }
    }

    /// ∂E f/∂φᵢ: the univariate gradient of coordinate i.
    public func gradient(_ parameter: GaussianParameter, coordinate i: Int) throws -> Scalar {
        let c = try coordinate(i)
        return try c.gradient(parameter, c.closedFormRule)
    }

    func coordinate(_ i: Int) throws(ModelInputError) -> GaussianGradientProblem<Scalar> {
        guard i >= 0, i < coordinates.count else {
            throw .outOfDomain(what: "coordinate", value: "\(i)", requirement: "0 ≤ i < \(coordinates.count)")
        }
        return coordinates[i]
    }

    /// (E R, Var R) for R = Σ_{j≠i} fⱼ(xⱼ).
    func rest(_ i: Int) throws -> (mean: Scalar, variance: Scalar) {
        var mean = Scalar.zero, variance = Scalar.zero
        for (j, c) in coordinates.enumerated() where j != i {
            let E = c.closedFormRule
            let f = c.function.expansions(mean: c.mean, standardDeviation: c.standardDeviation).value
            let m = try E(f)
            mean += m
            variance += try E((f - .constant(m)) * (f - .constant(m)))
        }
        return (mean, variance)
    }

    /// The exact variance of coordinate i's estimator (GE-13). For the baseline variants the
    /// baseline is b (constant) or the optimal b* = b*ᵢ + E R.
    public func variance(_ estimator: GradientEstimator<Scalar>, _ parameter: GaussianParameter, coordinate i: Int)
        throws -> Scalar
    {
        let c = try coordinate(i)
        let E = c.closedFormRule
        if case .pathwise = estimator { return try c.moments(.pathwise, parameter, E).variance }
        let (restMean, restVariance) = try rest(i)
        let s2 = try E(c.score(parameter) * c.score(parameter))
        let shifted: Scalar
        switch estimator {
        case .scoreFunction: shifted = -restMean
        case .scoreFunctionWithBaseline(let b): shifted = b - restMean
        case .scoreFunctionWithOptimalBaseline: shifted = try c.optimalBaseline(parameter, E)
        case .pathwise: shifted = .zero
        }
        return try c.moments(.scoreFunctionWithBaseline(shifted), parameter, E).variance + restVariance * s2
    }

    /// b* for coordinate i: b*ᵢ + E R (GE-13).
    public func optimalBaseline(_ parameter: GaussianParameter, coordinate i: Int) throws -> Scalar {
        let c = try coordinate(i)
        return try c.optimalBaseline(parameter, c.closedFormRule) + rest(i).mean
    }

    /// One estimate for coordinate i from the draw ε ∈ ℝᵈ (x = μ + σ ⊙ ε), computed directly.
    public func estimate(
        _ estimator: GradientEstimator<Scalar>, _ parameter: GaussianParameter, coordinate i: Int, epsilon: [Scalar],
        baseline: Scalar = .zero
    ) throws -> Scalar {
        let c = try coordinate(i)
        try Validate.count(epsilon, coordinates.count, "ε")
        if case .pathwise = estimator { return try c.estimate(.pathwise, parameter, epsilon: epsilon[i]) }
        // f(x) s_i = (f_i + R) s_i: the univariate SF with baseline (b − R) at this draw.
        var r = Scalar.zero
        for (j, cj) in coordinates.enumerated() where j != i {
            r += try cj.function.valueAndDerivative(at: cj.mean + cj.standardDeviation * epsilon[j]).value
        }
        let b: Scalar
        switch estimator {
        case .scoreFunctionWithBaseline(let constant): b = constant
        case .scoreFunctionWithOptimalBaseline: b = baseline
        default: b = .zero
        }
        return try c.estimate(.scoreFunctionWithBaseline(b - r), parameter, epsilon: epsilon[i])
    }
}
