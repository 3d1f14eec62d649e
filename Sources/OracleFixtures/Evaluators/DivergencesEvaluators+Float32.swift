import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

// The float32 routes of `divergences/*`: the derivations of KL-4 … KL-15 run in `Float` on the
// inputs rounded to `Float`, measured against the certified values by `Float32Measurement`.

extension EvaluationInputs {
    /// The real inputs named `name`, each rounded to the nearest `Float`.
    func floats(_ name: String) -> [Float] { reals(name).map { Float($0) } }
}

extension GaussianKLEvaluator {
    /// KL by the Gibbs-grouped Cholesky sum (KL-11; coordinate by coordinate for diagonal pairs,
    /// KL-13) and the split rationalPart, logArgument (KL-9) by LDLᵀ, all in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let (m1, m2) = (read.floats("mean1"), read.floats("mean2"))
        let kl: Float
        let parts: GaussianKLDecomposition<Float>
        if diagonal {
            let (v1, v2) = (read.floats("variance1"), read.floats("variance2"))
            kl = try DiagonalGaussianKL.divergence(mean1: m1, variance1: v1, mean2: m2, variance2: v2)
            parts = try DiagonalGaussianKL.decomposition(mean1: m1, variance1: v1, mean2: m2, variance2: v2)
        } else {
            let s1 = try Matrix(read.matrix("covariance1").map { $0.map { Float($0) } })
            let s2 = try Matrix(read.matrix("covariance2").map { $0.map { Float($0) } })
            kl = try MultivariateGaussianKL.divergence(mean1: m1, covariance1: s1, mean2: m2, covariance2: s2)
            parts = try MultivariateGaussianKL.decomposition(mean1: m1, covariance1: s1, mean2: m2, covariance2: s2)
        }
        return .measured(
            outputs: [
                "kl": [kl], "rationalPart": [parts.rationalPart],
                "logArgument": [parts.logArgument],
            ],
            route: diagonal ? "DiagonalGaussianKL (KL-13)" : "MultivariateGaussianKL (KL-9, KL-11)")
    }
}

extension DiscreteKLEvaluator {
    /// Σ pₖ(ln pₖ − ln qₖ) in float32 (a Bernoulli pair as [1 − p, p] with 1 − p formed in float32,
    /// as `CategoricalKL.bernoulli` does), the worst of three summations: `CategoricalKL.divergence`
    /// (KL-14), compensated, and the same terms added plainly left to right and right to left.
    ///
    /// Why three: a float32 library adds the K terms without compensation, in an order of its own,
    /// and the terms cancel (Σ|terms| ≫ KL when p and q are close), so the compensated sum alone
    /// understates how far a correct float32 code may land: on `categorical/states-1000` it misses
    /// by 1 float32 ulp, where plain summations of the same float32 terms in 20 000 random orders
    /// miss by up to 21.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let (p, q): ([Float], [Float])
        if bernoulli {
            let (pOne, qOne) = (Float(read.real("p")), Float(read.real("q")))
            (p, q) = ([1 - pOne, pOne], [1 - qOne, qOne])
        } else {
            (p, q) = (read.floats("p"), read.floats("q"))
        }
        let compensated = try CategoricalKL.divergence(p, q)
        let route = "CategoricalKL (KL-14, KL-15)"
        let runs: [Float] = [
            compensated.floatValue, try Self.plainSum(p, q, reversed: false),
            try Self.plainSum(p, q, reversed: true),
        ]
        guard case .values(let expected) = try evaluate(inputs).expected else {
            return .measured(outputs: ["kl": [runs[0]]], route: route)
        }
        var worst = runs[0]
        var worstUlps = Float32Measurement(inputs: inputs, expected: expected, route: ["kl": [worst]]).worst.ulps
        for run in runs.dropFirst() {
            let ulps = Float32Measurement(inputs: inputs, expected: expected, route: ["kl": [run]]).worst.ulps
            if ulps > worstUlps { (worst, worstUlps) = (run, ulps) }
        }
        return .measured(
            outputs: ["kl": [worst]],
            route: """
                CategoricalKL (KL-14, KL-15; the worst of its compensated sum and plain sums of the same terms left \
                to right and right to left)
                """)
    }

    /// Σ pₖ(ln pₖ − ln qₖ) added without compensation in the given direction: +∞ when some pₖ > 0
    /// has qₖ = 0, terms with pₖ = 0 left out (as `CategoricalKL.divergence` does).
    static func plainSum(_ p: [Float], _ q: [Float], reversed: Bool) throws -> Float {
        var sum: Float = 0
        for k in reversed ? Array(p.indices.reversed()) : Array(p.indices) where p[k] != 0 {
            guard q[k] != 0 else { return .infinity }
            sum += p[k] * (try Float.log(p[k]) - (try Float.log(q[k])))
        }
        return sum
    }
}

extension DivergenceValue where Scalar == Float {
    /// The value, +∞ for `.infinite`.
    var floatValue: Float {
        switch self {
        case .finite(let x): x
        case .infinite: .infinity
        }
    }
}

/// The refusal groups: their inputs are off by far more than float32 rounding (a zero or negative
/// variance, a sum of 0.9, mismatched shapes), so a float32 code refuses them alike.
extension GaussianKLBadInputEvaluator {
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        .fixed(.exact("the input must be refused at float32 too; it is off by far more than float32 rounding"))
    }
}

extension DiscreteKLBadInputEvaluator {
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        .fixed(.exact("the input must be refused at float32 too; it is off by far more than float32 rounding"))
    }
}
