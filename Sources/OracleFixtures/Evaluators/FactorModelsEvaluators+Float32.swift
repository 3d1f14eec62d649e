import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

// The float32 routes of `factor-models/*`: the generic derivations of FM-1 … FM-12 (which give the
// golden values over BigFloat) run in `Float` on the inputs rounded to `Float`, measured against
// the golden values by `Float32Measurement`.

extension FactorModelsEvaluators {
    /// A real matrix input as rows, each entry rounded to the nearest `Float`.
    static func floats(_ data: [[Double]]) -> [[Float]] { data.map { $0.map { Float($0) } } }
}

extension PPCAClosedFormEvaluator {
    /// The moments, the Jacobi eigendecomposition and σ², WWᵀ, U_qU_qᵀ, ln L of `PPCAClosedForm`
    /// (FM-1 … FM-6) in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let fit = try PPCAClosedForm(
            data: FactorModelsEvaluators.floats(read.matrix("data")), latentDimension: read.integer("latentDimension"))
        return .measured(
            outputs: [
                "eigenvalues": fit.eigenvalues, "noiseVariance": [fit.noiseVariance],
                "loadingsProduct": try fit.loadingsProduct().entries, "projection": try fit.projection().entries,
                "logLikelihood": [try fit.logLikelihood()],
            ],
            route: "PPCAClosedForm by Jacobi (FM-5, FM-6)")
    }
}

extension FactorModelsBadInputEvaluator {
    /// The float64 refusal, checked by running the same routine's validation in float32 on the
    /// inputs rounded to `Float`: exact when it refuses alike, else float64-only.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        guard let kind = try binary64Refusal(inputs) else { return .none }
        let read = try self.read(inputs)
        let data = FactorModelsEvaluators.floats(read.matrix("data"))
        let iterations = read.integer("iterations")
        let agreeing = """
            the input must be refused at float32 too: the same validation run in float32 on the inputs \
            rounded to float32 refuses it alike (\(kind))
            """
        return .refusal(
            kind, kindOf: FactorModelsEvaluators.refusalKind, agreeing: agreeing,
            disagreeing: Float32Route.notRefusedAlike(kind)
        ) {
            switch read.values["algorithm"] {
            case .string("ppca-closed-form")?:
                _ = try PPCAClosedForm(data: data, latentDimension: read.integer("latentDimension"))
            case .string("ppca-em")?:
                let initial = try PPCAModel(
                    mean: try SampleMoments(data: data).mean,
                    loadings: try Matrix(FactorModelsEvaluators.floats(read.matrix("initialLoadings"))),
                    noiseVariance: Float(read.real("initialNoiseVariance")))
                _ = try PPCAEM.run(data: data, initial: initial, maximumIterations: iterations)
            default:
                let initial = try FactorAnalysisModel(
                    mean: try SampleMoments(data: data).mean,
                    loadings: try Matrix(FactorModelsEvaluators.floats(read.matrix("initialLoadings"))),
                    noiseVariances: read.floats("initialNoiseVariances"))
                _ = try FactorAnalysisEM.run(data: data, initial: initial, maximumIterations: iterations)
            }
        }
    }
}

extension PPCAEMTraceEvaluator {
    /// The PPCA EM trace of `PPCAEM.run` (FM-7, FM-8) in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let data = FactorModelsEvaluators.floats(read.matrix("data"))
        let initial = try PPCAModel(
            mean: try SampleMoments(data: data).mean,
            loadings: try Matrix(FactorModelsEvaluators.floats(read.matrix("initialLoadings"))),
            noiseVariance: Float(read.real("initialNoiseVariance")))
        let trace = try PPCAEM.run(data: data, initial: initial, maximumIterations: read.integer("iterations"))
        return .measured(
            outputs: [
                "logLikelihoods": trace.logLikelihoods, "noiseVariances": trace.models.map(\.noiseVariance),
                "loadingsProducts": try trace.models.flatMap { try $0.loadingsProduct().entries },
                "finalProjection": try FactorModelsEvaluators.spanProjection(trace.models.last!.loadings).entries,
            ],
            route: "PPCAEM.run (FM-7, FM-8)")
    }
}

extension FactorAnalysisEMTraceEvaluator {
    /// The factor-analysis EM trace of `FactorAnalysisEM.run` (FM-10) in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        var noise = FactorAnalysisEM.Noise.diagonal
        if case .string("isotropic")? = read.values["noise"] { noise = .isotropic }
        let data = FactorModelsEvaluators.floats(read.matrix("data"))
        let initial = try FactorAnalysisModel(
            mean: try SampleMoments(data: data).mean,
            loadings: try Matrix(FactorModelsEvaluators.floats(read.matrix("initialLoadings"))),
            noiseVariances: read.floats("initialNoiseVariances"))
        let trace = try FactorAnalysisEM.run(
            data: data, initial: initial, noise: noise, maximumIterations: read.integer("iterations"))
        return .measured(
            outputs: [
                "logLikelihoods": trace.logLikelihoods, "noiseVariances": trace.models.flatMap(\.noiseVariances),
                "loadingsProducts": try trace.models.flatMap { try ($0.loadings * $0.loadings.transposed).entries },
            ],
            route: "FactorAnalysisEM.run (FM-10)")
    }
}

extension MixturePPCAEMTraceEvaluator {
    /// The mixture-of-PPCA EM trace of `MixturePPCAEM.run` (FM-12) in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let (k, d, q) = (read.sizes["K"] ?? 0, read.sizes["d"] ?? 0, read.sizes["q"] ?? 0)
        let (means, noise, flat) = (
            read.matrix("initialMeans"), read.floats("initialNoiseVariances"), read.floats("initialLoadings")
        )
        let components = try (0..<k).map { c in
            try PPCAModel(
                mean: means[c].map { Float($0) },
                loadings: try Matrix(rows: d, columns: q, entries: Array(flat[c * d * q..<(c + 1) * d * q])),
                noiseVariance: noise[c])
        }
        let trace = try MixturePPCAEM.run(
            data: FactorModelsEvaluators.floats(read.matrix("data")),
            initial: try MixturePPCAModel(weights: read.floats("initialWeights"), components: components),
            maximumIterations: read.integer("iterations"))
        return .measured(
            outputs: [
                "logLikelihoods": trace.logLikelihoods, "weights": trace.models.flatMap(\.weights),
                "means": trace.models.flatMap { $0.components.flatMap(\.mean) },
                "noiseVariances": trace.models.flatMap { $0.components.map(\.noiseVariance) },
            ],
            route: "MixturePPCAEM.run (FM-12)")
    }
}
