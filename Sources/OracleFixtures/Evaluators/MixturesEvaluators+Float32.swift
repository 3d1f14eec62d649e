import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

// The float32 routes of `mixtures/*` (EM-1 … EM-10): the generic M-step, EM driver and
// hard-assignment step run in `Float` on the inputs rounded to `Float`, measured against the
// certified values by `Float32Measurement`. A case whose Float run fails, or misses by more than
// 4096 float32 ulps, is float64-only with the measured reason.

extension Float32Route {
    /// Float64-only when an input is outside float32's normal range: rounded to float32 it is
    /// ±∞ or a subnormal or zero, so a float32 run answers a different problem (or none).
    static func outOfRange(_ inputs: OrderedMap<FixtureValue>) -> Float32Route? {
        for entry in inputs.entries {
            for real in entry.value.reals {
                if let reason = Float32Measurement.unrepresentable(entry.key, real.value, what: "input") {
                    return .float64Only(reason: reason)
                }
            }
        }
        return nil
    }
}

extension MixturesEvaluators {
    /// The data rows and λ⁰ of the mixture inputs, each real rounded to the nearest `Float`.
    static func float32Problem(_ read: EvaluationInputs) throws -> (data: [[Float]], initial: MixtureParameters<Float>)
    {
        let covariances = try read.matrices("covariances").map { try Matrix($0.map { $0.map { Float($0) } }) }
        return (
            read.matrix("data").map { $0.map { Float($0) } },
            MixtureParameters(
                weights: read.floats("weights"), means: read.matrix("means").map { $0.map { Float($0) } },
                covariances: covariances)
        )
    }

    /// A parameter set as Floats in the exported order: π, μ (row-major), Σ (row-major).
    static func floats(_ p: MixtureParameters<Float>) -> (weights: [Float], means: [Float], covariances: [Float]) {
        (p.weights, p.means.flatMap { $0 }, p.covariances.flatMap(\.entries))
    }
}

extension MStepEvaluator {
    /// π, μ and the two-pass scatter S_k of `MixtureMStep.parameters` (EM-4, EM-5) in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let p = try MixtureMStep.parameters(
            data: read.matrix("data").map { $0.map { Float($0) } },
            responsibilities: read.matrix("responsibilities").map { $0.map { Float($0) } },
            covarianceType: try MixturesEvaluators.covarianceType(read),
            covarianceRegularizer: Float(read.real("covarianceRegulariser")))
        let (weights, means, covariances) = MixturesEvaluators.floats(p)
        return .measured(
            outputs: ["weights": weights, "means": means, "covariances": covariances],
            route: "MixtureMStep.parameters (EM-4, EM-5)")
    }
}

extension EMTraceEvaluator {
    /// The T EM iterations of `MixtureEM.run` (EM-2 … EM-7) in float32 (Cholesky log joints, the
    /// max-shifted log-sum-exp with −log1p(s) for the top responsibility, the two-pass M-step), the
    /// worst of three runs: on the inputs rounded to float32, and on those with every data
    /// coordinate and initial mean moved one float32 ulp up or down in two alternating patterns.
    ///
    /// Why three: EM amplifies per-step rounding, so a float32 trace's error depends on where each
    /// code's roundings fall; the entropy of near one-hot responsibilities is the most sensitive
    /// output. One-ulp input moves stand for another code's roundings of the same size; a moved
    /// run the driver refuses is left out.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        if let outside = Float32Route.outOfRange(inputs) { return outside }
        let read = try self.read(inputs)
        let (data, initial) = try MixturesEvaluators.float32Problem(read)
        if data.count > Self.float32MeasuredSizeLimit {
            // Measured on the N = 10⁴ regime trace: the blocked compensated float32 run misses a small
            // off-diagonal covariance entry by 511 float32 ulps, a NumPy float32 EM (pairwise sums) by 9851.
            return .float64Only(
                reason: """
                    N = \(data.count) > \(Self.float32MeasuredSizeLimit): a float32 trace's error then depends on how \
                    its sums of N terms are ordered (≈ √N … N float32 ulps of the diagonal scale, hundreds to \
                    thousands of ulps of a small off-diagonal entry) far more than on the ±1-ulp input moves this \
                    measurement stands for, so no measured float32 tolerance would admit every summation order
                    """)
        }
        let type = try MixturesEvaluators.covarianceType(read)
        let epsilon = Float(read.real("covarianceRegulariser"))
        let t = read.integer("iterations")
        func outputs(_ data: [[Float]], _ initial: MixtureParameters<Float>) throws -> OrderedMap<[Float]> {
            let r = try MixtureEM.run(
                data: data, initial: initial, covarianceType: type, covarianceRegularizer: epsilon,
                stopping: EMStoppingRule(maximumIterations: t, logLikelihoodTolerance: nil)
            ).records
            return [
                "logLikelihood": r.map(\.logLikelihood), "bound": r.compactMap(\.boundAfterMStep),
                "entropy": r.map(\.responsibilityEntropy), "weights": r.flatMap(\.parameters.weights),
                "means": r.flatMap { $0.parameters.means.flatMap { $0 } },
                "covariances": r.flatMap { $0.parameters.covariances.flatMap(\.entries) },
            ]
        }
        var worst = try outputs(data, initial)
        guard case .values(let expected) = try evaluate(inputs).expected else {
            return .measured(outputs: worst, route: "MixtureEM.run (EM-2 … EM-7)")
        }
        var worstUlps = Float32Measurement(inputs: inputs, expected: expected, route: worst).worst.ulps
        for pattern in 0..<2 {
            // Entry i moves up when i + pattern is even, down otherwise.
            var i = 0
            func move(_ x: Float) -> Float {
                defer { i += 1 }
                return (i + pattern) % 2 == 0 ? x.nextUp : x.nextDown
            }
            let movedData = data.map { $0.map(move) }
            let moved = MixtureParameters(
                weights: initial.weights, means: initial.means.map { $0.map(move) },
                covariances: initial.covariances)
            guard let run = try? outputs(movedData, moved) else { continue }
            let ulps = Float32Measurement(inputs: inputs, expected: expected, route: run).worst.ulps
            if ulps > worstUlps { (worst, worstUlps) = (run, ulps) }
        }
        return .measured(
            outputs: worst,
            route: """
                MixtureEM.run (EM-2 … EM-7; the worst of three runs, the other two with the data and initial means \
                moved ±1 float32 ulp in alternating patterns)
                """)
    }
}

extension EMTraceEvaluator {
    /// The largest N whose float32 trace tolerance is measured (every trace but the N = 10⁴ regime one).
    static let float32MeasuredSizeLimit = 1000
}

extension HardAssignmentEvaluator {
    /// The hard-assignment step of `MixtureHardAssignmentEM` (EM-10) in float32. The assignments are
    /// argmax decisions: when one of them differs from the binary64 one, the float32 step moves
    /// different points and the case is float64-only.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        if let outside = Float32Route.outOfRange(inputs) { return outside }
        let read = try self.read(inputs)
        let (data, initial) = try MixturesEvaluators.float32Problem(read)
        let type = try MixturesEvaluators.covarianceType(read)
        let m0 = try GaussianMixture(parameters: initial, covarianceType: type)
        let (q, p1) = try MixtureHardAssignmentEM.step(
            data: data, mixture: m0, covarianceRegularizer: Float(read.real("covarianceRegulariser")))
        let m1 = try GaussianMixture(parameters: p1, covarianceType: type, iteration: 1)
        let assignments = q.map { $0.firstIndex(of: .one) ?? 0 }
        let expected = try evaluate(inputs)
        if case .values(let values) = expected.expected, case .array(_, let cells)? = values["assignments"] {
            let binary64 = cells.map { cell -> Int in if case .integer(let k) = cell { k } else { -1 } }
            if let n = assignments.indices.first(where: { assignments[$0] != binary64[$0] }) {
                return .float64Only(
                    reason: """
                        the float32 log joints put point \(n) in component \(assignments[n]), not \(binary64[n]): \
                        the hard assignment flips, so the float32 step is a different step
                        """)
            }
        }
        let (weights, means, covariances) = MixturesEvaluators.floats(p1)
        return .measured(
            outputs: [
                "logLikelihoodBefore": [try m0.logLikelihood(data)],
                "boundBefore": [try MixtureBound.value(logJoints: try m0.logJoints(data), q: q)],
                "boundAfter": [try MixtureBound.value(logJoints: try m1.logJoints(data), q: q)],
                "logLikelihoodAfter": [try m1.logLikelihood(data)],
                "weights": weights, "means": means, "covariances": covariances,
                "assignments": assignments.map { Float($0) },
            ],
            route: "MixtureHardAssignmentEM.step (EM-10)")
    }
}

extension EMRefusalEvaluator {
    /// The refusal holds at float32 when the float32 EM driver, run on the inputs rounded to
    /// float32 for the same iterations, refuses them with the same kind; otherwise the case is
    /// float64-only, with what the float32 run did.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        guard let kind = try binary64Refusal(inputs) else {
            return .float64Only(reason: "the binary64 EM accepts these inputs")
        }
        return .refusal(
            kind, kindOf: { RefusalKind.of($0) },
            agreeing: """
                the input must be refused at float32 too: the float32 EM run on the inputs rounded to \
                float32 refuses it with \(kind) as well
                """,
            disagreeing: { "the float32 EM on the inputs rounded to float32 \($0), not with \(kind)" }
        ) {
            let (data, initial) = try MixturesEvaluators.float32Problem(read)
            _ = try MixtureEM.run(
                data: data, initial: initial, covarianceType: try MixturesEvaluators.covarianceType(read),
                covarianceRegularizer: Float(read.real("covarianceRegulariser")),
                stopping: EMStoppingRule(maximumIterations: read.integer("iterations"), logLikelihoodTolerance: nil))
        }
    }
}
