import OracleArithmetic
import OracleLinearAlgebra

/// A non-conjugate 1-D model: z ~ N(0, 1) and n i.i.d. observations xᵢ | z ~ Bernoulli(sigmoid z),
/// of which `ones` are 1 and `zeros` are 0 (`Proofs/05-elbo-identity.md`, ELBO-8, ELBO-9). The
/// evidence and the ELBO of q = N(m, s²) exist only as integrals:
///
///     p(x)    = ∫ φ(z) σ(z)^{n₁} σ(−z)^{n₀} dz,
///     ELBO(q) = E_{t~N(0,1)}[n₁ ln σ(m + s t) + n₀ ln σ(−m − s t)] − KL(N(m, s²) ‖ N(0, 1)),
///     KL(q ‖ p(z | x)) = ln p(x) − ELBO(q).
///
/// Both integrals are taken on the standardised variable by the truncated trapezoid rule
/// t_j = j·h, |t_j| ≤ T, which converges geometrically for integrands analytic in a strip
/// (Trefethen & Weideman, SIAM Review 56, 2014, Thm 5.1); `quadratureErrorBound` states the bound.
public struct LogisticLatentELBO<Scalar: RealScalar>: Sendable {
    /// n₁, the number of observations equal to 1.
    public let ones: Int
    /// n₀, the number of observations equal to 0.
    public let zeros: Int
    /// The trapezoid step h (default 1/16).
    public let step: Scalar
    /// The truncation |t| ≤ T (default 24).
    public let halfWidth: Int

    /// - Throws: `ModelInputError.outOfDomain` for negative counts, a step outside (0, 1/4] or a
    ///   half-width below 12.
    public init(ones: Int, zeros: Int, step: Scalar = Scalar(1) / Scalar(16), halfWidth: Int = 24)
        throws(ModelInputError)
    {
        guard ones >= 0, zeros >= 0 else {
            throw .outOfDomain(what: "counts", value: "(\(ones), \(zeros))", requirement: "≥ 0")
        }
        guard step > .zero, step <= Scalar(1) / Scalar(4) else {
            throw .outOfDomain(what: "h", value: step.description, requirement: "0 < h ≤ 1/4")
        }
        guard halfWidth >= 12 else { throw .outOfDomain(what: "T", value: "\(halfWidth)", requirement: "T ≥ 12") }
        self.ones = ones
        self.zeros = zeros
        self.step = step
        self.halfWidth = halfWidth
    }

    /// ln σ(z) = −ln(1 + e^{−z}), evaluated without overflow on either side.
    static func logSigmoid(_ z: Scalar) throws -> Scalar {
        z >= .zero ? -(try Scalar.log1p(Scalar.exp(-z))) : z - (try Scalar.log1p(Scalar.exp(z)))
    }

    /// ln p(x | z) = n₁ ln σ(z) + n₀ ln σ(−z), with ln σ(−z) = ln σ(z) − z.
    public func logLikelihood(_ z: Scalar) throws -> Scalar {
        let l = try Self.logSigmoid(z)
        return Scalar(ones) * l + Scalar(zeros) * (l - z)
    }

    /// The nodes t_j = j·h, |j| ≤ T/h, with weights h·φ(t_j) in log form.
    func nodes() throws -> [(t: Scalar, logWeight: Scalar)] {
        let count = Int((Scalar(halfWidth) / step).doubleValue.rounded(.down))
        let logNormalizer = (try Scalar.log(Scalar(2) * Scalar.pi)) / Scalar(2)
        let logStep = try Scalar.log(step)
        return (-count...count).map { j in
            let t = Scalar(j) * step
            return (t, logStep - logNormalizer - t.squared / Scalar(2))
        }
    }

    /// ln p(x) = ln ∫ φ(z) p(x | z) dz, a log-sum-exp over the trapezoid nodes (ELBO-8).
    public func evidence() throws -> Scalar {
        try logSumExp(try nodes().map { $0.logWeight + (try logLikelihood($0.t)) })
    }

    /// ELBO(N(m, s²)) = E_q[ln p(x | z)] − KL(q ‖ N(0, 1)) (ELBO-8).
    /// - Throws: `ModelInputError.outOfDomain` unless 0 < s² ≤ 4 (the range of the error bound).
    public func elbo(mean m: Scalar, variance s2: Scalar) throws -> Scalar {
        guard m.isFinite, s2 > .zero, s2 <= Scalar(4) else {
            throw ModelInputError.outOfDomain(
                what: "q = N(m, s²)", value: "(\(m), \(s2))", requirement: "m finite, 0 < s² ≤ 4")
        }
        let s = try Scalar.sqrt(s2)
        var expectation = NeumaierSum<Scalar>()
        for node in try nodes() {
            expectation.add(Scalar.exp(node.logWeight) * (try logLikelihood(m + s * node.t)))
        }
        let q = try UnivariateGaussian(mean: m, variance: s2)
        let prior = try UnivariateGaussian(mean: Scalar.zero, variance: .one)
        return expectation.value - (try q.klDivergence(to: prior))
    }

    /// KL(q ‖ p(z | x)) = ln p(x) − ELBO(q) (ELBO-3), both by the trapezoid rule.
    public func klToPosterior(mean m: Scalar, variance s2: Scalar) throws -> Scalar {
        try evidence() - elbo(mean: m, variance: s2)
    }

    /// An upper bound on the quadrature error of `elbo` and `evidence` (ELBO-9), as a `Double`:
    /// 2M/(e^{2πa/h} − 1) with a = π/(2s) (a = π/2 for the evidence) and
    /// M = e^{a²/2}·n·(|m| + s + 2.3) (M = e^{π²/8} for the evidence), plus the truncation tail
    /// ≤ 4·n·(|m| + s·T + 3)·φ(T)/T. Rounding at the working precision is not included.
    public func quadratureErrorBound(mean m: Double, variance s2: Double) -> Double {
        let h = step.doubleValue
        let s = s2.squareRoot()
        let n = Double(ones + zeros)
        let T = Double(halfWidth)
        let a = Double.pi / (2 * s)
        let strip = Double.exp(a * a / 2)
        let elboM: Double = strip * n * (Swift.abs(m) + s + 2.3)
        let elboBound: Double = 2 * elboM / Double.expm1(2 * Double.pi * a / h)
        let evidenceM: Double = Double.exp(Double.pi * Double.pi / 8)
        let evidenceBound: Double = 2 * evidenceM / Double.expm1(Double.pi * Double.pi / h)
        let tailSize: Double = (n + 1) * (Swift.abs(m) + s * T + 3)
        let tail: Double = 4 * tailSize * Double.exp(-T * T / 2) / T
        return max(elboBound, evidenceBound) + tail
    }
}
