import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

// The float32 routes of `mean-field/*` (MF-3 … MF-15, T2-1 … T2-4): the generic CAVI updates,
// optima, ELBOs, Gamma expectations, evidences and MacKay's updates run in `Float` on the inputs
// rounded to `Float`, measured against the certified values by `Float32Measurement`. A refusal
// holds at float32 only when the same model, built in `Float` from the rounded inputs, refuses
// them with the same kind.

extension MeanFieldEvaluators {
    /// `.fixed(.exact)` when `body` (the model built in float32) refuses with `kind`, the kind the
    /// binary64 evaluation gave; float64-only, with what float32 did, otherwise.
    static func float32Refusal(_ kind: String, _ body: () throws -> Void) -> Float32Route {
        let run = "the model built in float32 from the inputs rounded to float32"
        return .refusal(
            kind, kindOf: { refusal($0) },
            agreeing: "the input must be refused at float32 too: \(run) refuses it with \(kind) as well",
            disagreeing: { "\(run) \($0)" }, body)
    }

    /// The correlated Gaussian target N(μ, Λ⁻¹) with μ and Λ rounded to float32.
    static func float32Target(_ read: EvaluationInputs) throws -> CorrelatedGaussianMeanField<Float> {
        try CorrelatedGaussianMeanField(
            mean: read.floats("mean"), precision: try Matrix(read.matrix("precision").map { $0.map { Float($0) } }))
    }

    /// The Normal-Gamma model with the data and hyperparameters rounded to float32.
    static func float32NormalGamma(_ read: EvaluationInputs, priorRate: Float? = nil) throws -> NormalGammaModel<Float>
    {
        try NormalGammaModel(
            data: read.floats("data"), priorMean: Float(read.real("mu0")),
            priorPrecisionScale: Float(read.real("lambda0")), priorShape: Float(read.real("a0")),
            priorRate: priorRate ?? Float(read.real("b0")))
    }
}

extension CorrelatedGaussianTraceEvaluator {
    /// Gauss–Seidel CAVI (MF-3, MF-4) and −KL(q ‖ p) by LDLᵀ in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let target = try MeanFieldEvaluators.float32Target(read)
        let start = GaussianMeanFieldFactors(
            means: read.floats("initialMeans"), precisions: read.floats("initialPrecisions"))
        let trace = try CoordinateAscent.run(target, from: start, sweeps: read.integer("sweeps"))
        if target.dimension > 4 { return try Self.float32SizeRoute(target, trace.map(\.factors)) }
        return .measured(
            outputs: [
                "means": trace.flatMap(\.factors.means), "precisions": trace.flatMap(\.factors.precisions),
                "elbo": try trace.map { try target.elbo($0.factors) },
            ],
            route: "CorrelatedGaussianMeanField with CoordinateAscent (MF-3, MF-4)")
    }
}

extension CorrelatedGaussianOptimumEvaluator {
    /// mⱼ = μⱼ, λⱼ = Λⱼⱼ, 1/Λⱼⱼ, diag Λ⁻¹ by LDLᵀ and KL(q* ‖ p) (MF-5 … MF-7) in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        if let outside = Float32Route.outOfRange(inputs) { return outside }
        let read = try self.read(inputs)
        let precision = read.matrix("precision")
        let kappa = try Self.conditionNumbers(try Matrix(precision.map(MeanFieldEvaluators.exact)))
        if !Self.isScaledChain(precision), kappa.raw >= Self.conditioningThreshold {
            return Self.float32ConditioningRoute(kappa, d: precision.count)
        }
        let target = try MeanFieldEvaluators.float32Target(read)
        let star = target.optimum
        return .measured(
            outputs: [
                "means": star.means, "precisions": star.precisions, "meanFieldVariances": target.meanFieldVariances,
                "trueVariances": try target.trueMarginalVariances(), "klQP": [try target.klDivergence(star)],
            ],
            route: "CorrelatedGaussianMeanField.optimum (MF-5 … MF-7)")
    }
}

extension CorrelatedGaussianTraceEvaluator {
    /// The float32 tolerance of a trace with d > 4, from the size of the ELBO's terms: the ELBO is a
    /// difference of sums of d quotients Λⱼⱼ/λⱼ, d² products and 2d logarithms whose magnitude T reaches
    /// ≈ 60 at d = 16 while the ELBO ends near −1, so the order of a float32 code's sums moves it by up to
    /// ≈ d·u₃₂·T (a sequential sum misses by 41 float32 ulps where this package's route misses by 2).
    /// Absolute: the least power of ten above d·u₃₂·T, T the largest ½ Σ|term| along the trace.
    static func float32SizeRoute(
        _ target: CorrelatedGaussianMeanField<Float>, _ factors: [GaussianMeanFieldFactors<Float>]
    ) throws -> Float32Route {
        let d = target.dimension
        let logDeterminant = abs(Double(try Float.log(target.precisionDeterminant)))
        let largest =
            try factors.map { q -> Double in
                let r = (0..<d).map { Double(q.means[$0] - target.mean[$0]) }
                var sum = Double(d) + logDeterminant
                for i in 0..<d {
                    sum +=
                        Double(target.precision[i, i] / q.precisions[i]) + abs(Double(try Float.log(q.precisions[i])))
                    for j in 0..<d { sum += abs(r[i] * Double(target.precision[i, j]) * r[j]) }
                }
                return sum / 2
            }.max() ?? 0
        let bound = Double(d) * Double(Float.ulpOfOne) / 2 * largest
        guard bound.isFinite else {
            return .float64Only(reason: "d = \(d): |Λ| or a term of the ELBO is not finite in float32")
        }
        let value = [1e-6, 1e-5, 1e-4, 1e-3].first { $0 >= bound } ?? bound
        return .fixed(
            .absolute(
                value,
                """
                d = \(d): the ELBO sums terms up to T = \(String(format: "%.0f", largest)) (½ Σ|term|, largest along \
                the trace) to a result near −1, so the order of a float32 code's sums moves it by up to d·u₃₂·T = \
                \(String(format: "%.1e", bound)) (on the catalogue's d = 16 trace this package's float32 route \
                misses by 2 float32 ulps and a sequential sum by 41); tolerance the least power of ten above that, \
                for every output (the means and precisions err by ≲ 2 ulps)
                """))
    }
}

extension CorrelatedGaussianOptimumEvaluator {
    /// The float32 tolerance of an ill-conditioned target, from κ as at float64 (a run on one
    /// matrix can be exact by accident of its dyadic entries, which another float32 code need not
    /// be): the least power of ten above d·κ₁(C)·u₃₂, or float64-only when that leaves fewer than
    /// 11 bits (above 2⁻¹¹).
    static func float32ConditioningRoute(_ kappa: (raw: Double, equilibrated: Double), d: Int) -> Float32Route {
        let bound = Double(d) * kappa.equilibrated * Double(Float.ulpOfOne) / 2
        let summary = """
            κ₁(C) = \(String(format: "%.2g", kappa.equilibrated)) for the equilibrated C = D^{−½}ΛD^{−½}: a \
            backward-stable float32 route (Cholesky or LU in float32) errs in Σⱼⱼ and ln |Λ| by ≲ d·κ₁(C)·u₃₂ = \
            \(String(format: "%.1e", bound)) relative
            """
        guard bound <= 0x1p-11 else {
            return .float64Only(reason: summary + ", fewer than 11 correct bits: too ill-conditioned for float32")
        }
        let value = [1e-6, 1e-5, 1e-4, 1e-3].first { $0 >= bound } ?? bound
        return .fixed(.relative(value, summary + "; tolerance the least power of ten above that"))
    }
}

extension CorrelatedGaussianRefusalEvaluator {
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        guard let kind = try binary64Refusal(inputs) else {
            return .float64Only(reason: "the binary64 model accepts these inputs")
        }
        let read = try self.read(inputs)
        return MeanFieldEvaluators.float32Refusal(kind) {
            _ = try MeanFieldEvaluators.float32Target(read).trueMarginalVariances()
        }
    }
}

extension NormalGammaTraceEvaluator {
    /// CAVI for q(μ)q(τ) (MF-9) and the ELBO (MF-11) with ψ and ln Γ, in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let vi = NormalGammaMeanField(model: try MeanFieldEvaluators.float32NormalGamma(read))
        let s = read.floats("initialFactors")
        let q0 = NormalGammaFactors(meanOfMu: s[0], precisionOfMu: s[1], shape: s[2], rate: s[3])
        let trace = try CoordinateAscent.run(vi, from: q0, sweeps: read.integer("sweeps"))
        return .measured(
            outputs: [
                "factors": trace.flatMap {
                    [$0.factors.meanOfMu, $0.factors.precisionOfMu, $0.factors.shape, $0.factors.rate]
                },
                "elbo": try trace.map { try vi.elbo($0.factors) },
            ],
            route: "NormalGammaMeanField with CoordinateAscent (MF-9, MF-11)")
    }
}

extension NormalGammaOptimumEvaluator {
    /// The fixed point (MF-10), the exact posterior (MF-8), the ELBO there and ln p(X) (T2-1), in
    /// float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let vi = NormalGammaMeanField(model: try MeanFieldEvaluators.float32NormalGamma(try self.read(inputs)))
        let star = vi.optimum
        let exact = vi.model.exactPosterior
        var outputs: OrderedMap<[Float]> = [
            "meanFieldFactors": [star.meanOfMu, star.precisionOfMu, star.shape, star.rate],
            "exactPosterior": [exact.mean, exact.precisionScale, exact.shape, exact.rate],
            "expectedTau": [star.expectedTau], "meanFieldVarianceOfMu": [1 / star.precisionOfMu],
        ]
        if let v = exact.marginalVarianceOfMean { outputs["exactVarianceOfMu"] = [v] }
        outputs["elboAtOptimum"] = [try vi.elbo(star)]
        outputs["logEvidence"] = [try vi.model.logEvidence()]
        return .measured(outputs: outputs, route: "NormalGammaMeanField.optimum, NormalGammaModel (MF-8, MF-10, T2-1)")
    }
}

extension NormalGammaRefusalEvaluator {
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        guard let kind = try binary64Refusal(inputs) else {
            return .float64Only(reason: "the binary64 model accepts these inputs")
        }
        let read = try self.read(inputs)
        return MeanFieldEvaluators.float32Refusal(kind) { _ = try MeanFieldEvaluators.float32NormalGamma(read) }
    }
}

extension GammaExpectationsEvaluator {
    /// a/b, ψ(a) − ln b and the Gamma entropy (MF-11) with `GammaFunctions` in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let (a, b) = (Float(read.real("shape")), Float(read.real("rate")))
        let q = NormalGammaFactors(meanOfMu: Float(0), precisionOfMu: 1, shape: a, rate: b)
        return .measured(
            outputs: [
                "expectedTau": [a / b], "expectedLogTau": [try NormalGammaMeanField<Float>.expectedLogTau(q)],
                "entropy": [try NormalGammaMeanField<Float>.gammaEntropy(shape: a, rate: b)],
            ],
            route: "NormalGammaMeanField.expectedLogTau, gammaEntropy (MF-11)")
    }
}

extension NormalGammaEvidenceCurveEvaluator {
    /// ln p(X | b₀) on the grid (T2-1), b₀* (T2-2) and the fixed-point iterates (T2-3), in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let m = try MeanFieldEvaluators.float32NormalGamma(read)
        return .measured(
            outputs: [
                "logEvidence": try read.floats("b0Grid").map {
                    try MeanFieldEvaluators.float32NormalGamma(read, priorRate: $0).logEvidence()
                },
                "optimalPriorRate": [try TypeIIMaximumLikelihood.normalGammaOptimalPriorRate(m)],
                "priorRateIterates": try TypeIIMaximumLikelihood.normalGammaPriorRateIterates(
                    m, iterations: read.integer("iterations")),
            ],
            route: "TypeIIMaximumLikelihood, NormalGammaModel.logEvidence (T2-1 … T2-3)")
    }
}

extension MacKayEvaluator {
    /// MacKay's updates (T2-4) with the 3 × 3 posterior solve, and ln p(y | α, β), in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let design = try Matrix(read.floats("x").map { x in [Float(1), x, x * x] })
        let evidence = EvidenceFunction(model: try LinearGaussianModel(design: design, response: read.floats("y")))
        let iterates = try TypeIIMaximumLikelihood.macKayIterates(
            evidence, alpha: Float(read.real("alpha0")), beta: Float(read.real("beta0")),
            iterations: read.integer("iterations"))
        let last = iterates.last!
        let ln = try evidence.evaluate(priorPrecision: last.alpha, noisePrecision: last.beta).logEvidenceTerms.value
        return .measured(
            outputs: ["alpha": iterates.map(\.alpha), "beta": iterates.map(\.beta), "logEvidenceAtLast": [ln]],
            route: "TypeIIMaximumLikelihood.macKayIterates, EvidenceFunction (T2-4)")
    }
}

extension BayesianGMMTraceEvaluator {
    /// CAVI for the 1-D Bayesian mixture (MF-14, MF-15) with the max-shifted responsibilities, ψ
    /// and 0·ln 0 = 0, from the same start, in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let k = read.integer("componentCount")
        let data = read.floats("data")
        let m = try BayesianGaussianMixture(
            data: data, componentCount: k, componentVariance: Float(read.real("componentVariance")),
            concentration: Float(read.real("concentration")), priorMean: Float(read.real("priorMean")),
            priorVariance: Float(read.real("priorVariance")))
        let start = BayesianGMMFactors(
            responsibilities: data.map { _ in [Float](repeating: 1 / Float(k), count: k) },
            concentrations: [Float](repeating: 1, count: k), means: read.floats("initialMeans"),
            variances: [Float](repeating: 1, count: k))
        let trace = try CoordinateAscent.run(m, from: start, sweeps: read.integer("sweeps"))
        let last = trace.last!.factors
        return .measured(
            outputs: [
                "elbo": try trace.map { try m.elbo($0.factors) }, "means": last.means, "variances": last.variances,
                "concentrations": last.concentrations,
            ],
            route: "BayesianGaussianMixture with CoordinateAscent (MF-14, MF-15)")
    }
}
