import LatentDerivations
import OracleArithmetic

// The float32 routes of `gradient-estimators/*`, run in `Float` on the inputs rounded to `Float`
// and measured against the certified values by `Float32Measurement`: the Gaussian moments by the
// 160-node Gauss–Hermite rule in float32, the per-sample estimates on the stored draws (GE-1 …
// GE-3), the diagonal closed forms (GE-13), the two-pass sample variance (GE-14) and the
// categorical enumerations (GE-11, GE-12).

extension GradientEstimatorsEvaluators {
    /// The Gaussian problem of a request in float32.
    static func float32Problem(_ read: EvaluationInputs, _ path: GroupPath) throws -> GaussianGradientProblem<Float> {
        try testFunction(read, path).problem(mean: read.real("mean"), sigma: read.real("sigma"), Float.self)
    }
}

/// The moments of one Gaussian problem in float32 by the 160-node Gauss–Hermite rule rounded to
/// float32 (GE-7 as a float32 code without the closed forms computes it): E f, ∇E f = E[f′(x) ∂x/∂φ],
/// b* = E[f s²]/E[s²] and each estimator's variance E[(ĝ − E ĝ)²] (two passes), per parameter
/// μ, σ, ln σ with scores s = ε/σ, (ε² − 1)/σ, ε² − 1.
///
/// The closed forms (GE-6, GE-7) in float32 are more accurate where E f s² cancels (cos(kx) at
/// μ = −1, σ = ½: the quadrature's terms are ~600 times b*), so the quadrature is the route a
/// float32 tolerance must admit; the closed forms stay within it (EstimatorsNetworksFloat32Tests).
struct GaussianMomentsFloat32Quadrature {
    let problem: GaussianGradientProblem<Float>
    let rule: GaussHermiteRule
    let baseline: Float

    func score(_ p: GaussianParameter, _ e: Float) -> Float {
        let s = problem.standardDeviation
        switch p {
        case .mean: return e / s
        case .standardDeviation: return (e * e - 1) / s
        case .logStandardDeviation: return e * e - 1
        }
    }

    func f(_ e: Float) throws -> Float {
        try problem.function.valueAndDerivative(at: problem.mean + problem.standardDeviation * e).value
    }

    var objective: Float { get throws { try rule.float32Expectation { try f($0) } } }

    /// ∇E f as the pathwise mean E[f′(x) ∂x/∂φ]: the score-function mean E[f s] cancels f(μ)E[s] = 0, which at
    /// σ = 2⁻¹³ leaves none of ∇_σ E f = O(σ) in float32.
    func gradient(_ p: GaussianParameter) throws -> Float {
        try rule.float32Expectation { try problem.estimate(.pathwise, p, epsilon: $0, baseline: 0) }
    }

    func optimalBaseline(_ p: GaussianParameter) throws -> Float {
        try rule.float32Expectation { try f($0) * score(p, $0) * score(p, $0) }
            / rule.float32Expectation { score(p, $0) * score(p, $0) }
    }

    func variance(_ estimator: GradientEstimator<Float>, _ p: GaussianParameter) throws -> Float {
        let b = try optimalBaseline(p)
        let mean = try rule.float32Expectation { try problem.estimate(estimator, p, epsilon: $0, baseline: b) }
        return try rule.float32Expectation {
            let d = try problem.estimate(estimator, p, epsilon: $0, baseline: b) - mean
            return d * d
        }
    }
}

extension GradientEstimatorsEvaluators {
    /// The float32 quadrature of a request's moments.
    static func float32Quadrature(_ read: EvaluationInputs, _ path: GroupPath) throws
        -> GaussianMomentsFloat32Quadrature
    {
        GaussianMomentsFloat32Quadrature(
            problem: try float32Problem(read, path), rule: try GaussHermiteRule.nodes160.get(),
            baseline: Float(read.real("baseline")))
    }

    /// gradient, optimal-baseline and the variance-<estimator> outputs by the float32 quadrature.
    static func float32Moments(_ q: GaussianMomentsFloat32Quadrature) throws -> OrderedMap<[Float]> {
        let parameters = GaussianParameter.allCases
        var outputs: OrderedMap<[Float]> = [
            "gradient": try parameters.map { try q.gradient($0) },
            "optimal-baseline": try parameters.map { try q.optimalBaseline($0) },
        ]
        let estimators = estimators(baseline: Double(q.baseline), Float.self)
        for (name, estimator) in zip(estimatorNames, estimators) {
            outputs["variance-" + name] = try parameters.map { try q.variance(estimator, $0) }
        }
        return outputs
    }
}

extension GaussianEstimatorMomentsEvaluator {
    /// E f, ∇E f, b* and the estimator variances by the float32 quadrature
    /// (`GaussianMomentsFloat32Quadrature`).
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let q = try GradientEstimatorsEvaluators.float32Quadrature(try read(inputs), path)
        var outputs: OrderedMap<[Float]> = ["objective": [try q.objective]]
        for entry in try GradientEstimatorsEvaluators.float32Moments(q).entries { outputs[entry.key] = entry.value }
        return .measured(outputs: outputs, route: "160-node Gauss–Hermite quadrature of GE-1 … GE-7 in float32")
    }
}

extension GaussianPerSampleEstimatesEvaluator {
    /// The gradient and variances by the float32 quadrature, and each estimate from f(x), f′(x) at
    /// x = μ + σε (GE-1 … GE-3) with ε rounded to float32 and b* from the quadrature, in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let q = try GradientEstimatorsEvaluators.float32Quadrature(read, path)
        let moments = try GradientEstimatorsEvaluators.float32Moments(q)
        let parameters = GaussianParameter.allCases
        let baselines = moments["optimal-baseline"] ?? []
        var outputs: OrderedMap<[Float]> = ["gradient": moments["gradient"] ?? []]
        for name in GradientEstimatorsEvaluators.estimatorNames {
            outputs["variance-" + name] = moments["variance-" + name]
        }
        let draws = read.floats("epsilon")
        let estimators = GradientEstimatorsEvaluators.estimators(baseline: read.real("baseline"), Float.self)
        for (name, estimator) in zip(GradientEstimatorsEvaluators.estimatorNames, estimators) {
            // Row n: the estimates for [μ, σ, ln σ] at ε[n].
            outputs[name] = try draws.flatMap { e in
                try parameters.indices.map {
                    try q.problem.estimate(estimator, parameters[$0], epsilon: e, baseline: baselines[$0])
                }
            }
        }
        return .measured(
            outputs: outputs, route: "GE-1 … GE-3 at the draws and 160-node Gauss–Hermite quadrature, in float32")
    }
}

extension DiagonalEstimatorsEvaluator {
    /// The per-coordinate closed forms of GE-13 and the μ-estimates at the draws, in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        var functions: [String] = []
        if case .array(_, let data)? = read.values["functions"] {
            for case .string(let name) in data { functions.append(name) }
        }
        let (k, mean, sigma) = (read.reals("k"), read.reals("mean"), read.reals("sigma"))
        let problem = try DiagonalGaussianGradientProblem(
            coordinates: functions.indices.map {
                try EstimatorTestFunctionSpec(name: functions[$0], constants: [k[$0]])
                    .problem(mean: mean[$0], sigma: sigma[$0], Float.self)
            })
        let d = functions.count
        let parameters = GaussianParameter.allCases
        let estimators = GradientEstimatorsEvaluators.estimators(baseline: read.real("baseline"), Float.self)
        var outputs: OrderedMap<[Float]> = [
            "gradient": try (0..<d).flatMap { i in try parameters.map { try problem.gradient($0, coordinate: i) } },
            "optimal-baseline": try (0..<d).flatMap { i in
                try parameters.map { try problem.optimalBaseline($0, coordinate: i) }
            },
        ]
        for (name, estimator) in zip(GradientEstimatorsEvaluators.estimatorNames, estimators) {
            outputs["variance-" + name] = try (0..<d).flatMap { i in
                try parameters.map { try problem.variance(estimator, $0, coordinate: i) }
            }
        }
        let baselines = try (0..<d).map { try problem.optimalBaseline(.mean, coordinate: $0) }
        let draws = read.matrix("epsilon").map { $0.map { Float($0) } }
        for (name, estimator) in zip(GradientEstimatorsEvaluators.estimatorNames, estimators) {
            outputs[name + "-mean"] = try draws.flatMap { e in
                try (0..<d).map {
                    try problem.estimate(estimator, .mean, coordinate: $0, epsilon: e, baseline: baselines[$0])
                }
            }
        }
        return .measured(outputs: outputs, route: "DiagonalGaussianGradientProblem (GE-13)")
    }
}

extension GaussianSampleVarianceEvaluator {
    /// The S estimates at the draws in float32, then the two-pass sample variance
    /// (1/(S − 1)) Σ (ĝᵢ − ḡ)² in float32 (GE-3, GE-14).
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let problem = try EstimatorTestFunctionSpec(name: "squared-distance", constants: [read.real("k")])
            .problem(mean: read.real("mean"), sigma: read.real("sigma"), Float.self)
        let parameters = GaussianParameter.allCases
        let baselines = try parameters.map { try problem.optimalBaseline($0, problem.closedFormRule) }
        let draws = read.floats("epsilon")
        let n = Float(draws.count)
        var outputs = OrderedMap<[Float]>()
        let estimators = GradientEstimatorsEvaluators.estimators(baseline: read.real("baseline"), Float.self)
        for (name, estimator) in zip(GradientEstimatorsEvaluators.estimatorNames, estimators) {
            outputs["sample-variance-" + name] = try parameters.indices.map { p in
                let g = try draws.map {
                    try problem.estimate(estimator, parameters[p], epsilon: $0, baseline: baselines[p])
                }
                let average = g.reduce(0, +) / n
                return g.reduce(0) { $0 + ($1 - average) * ($1 - average) } / (n - 1)
            }
        }
        return .measured(outputs: outputs, route: "GaussianGradientProblem.estimate, two-pass variance (GE-14)")
    }
}

extension CategoricalScoreFunctionEvaluator {
    /// The enumerations of GE-11, GE-12 in float32 on π and f rounded to float32 (the fixture's π
    /// are dyadic, so Σπ = 1 holds in float32 too).
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        if let p = read.reals("probabilities").first(where: { Double(Float($0)) != $0 }) {
            return .float64Only(
                reason: """
                    π is not a float32 vector: \(p) needs more than 24 significant bits, so π rounded to float32 \
                    leaves the simplex by more than the components it is built to resolve
                    """)
        }
        let c = try CategoricalScoreFunction(probabilities: read.floats("probabilities"), values: read.floats("values"))
        var draws: [Int] = []
        if case .array(_, let data)? = read.values["z"] {
            for case .integer(let z) in data { draws.append(z) }
        }
        let constant = [Float](repeating: Float(read.real("baseline")), count: c.count)
        return .measured(
            outputs: [
                "objective": [c.objective], "gradient": c.gradient, "optimal-baseline": c.optimalBaselines,
                "variance-sf": try c.variances(), "variance-sf-baseline": try c.variances(baselines: constant),
                "variance-sf-optimal-baseline": try c.variances(baselines: c.optimalBaselines),
                "sf": try draws.flatMap { try c.estimate($0) },
                "sf-optimal-baseline": try draws.flatMap { try c.estimate($0, baselines: c.optimalBaselines) },
            ],
            route: "CategoricalScoreFunction (GE-11, GE-12)")
    }
}
