import OracleArithmetic

/// A random quantity of the reparameterised Gaussian x = μ + σε written as Σₜ pₜ(ε) kₜ(x): a
/// polynomial in ε times a kernel (`Proofs/08-gradient-estimators.md`, GE-6, GE-7). Estimators,
/// their squares and fourth powers are all of this form, so their exact moments follow from
/// `KernelExpansion.expectation`.
public struct KernelExpansion<Scalar: FieldScalar>: Hashable, Sendable {
    /// The terms, one per distinct kernel.
    public private(set) var terms: [EstimatorKernel<Scalar>: EpsilonPolynomial<Scalar>]

    /// p(ε) · k(x).
    public init(_ polynomial: EpsilonPolynomial<Scalar>, _ kernel: EstimatorKernel<Scalar> = .one) {
        terms = [kernel: polynomial]
    }

    init(terms: [EstimatorKernel<Scalar>: EpsilonPolynomial<Scalar>]) { self.terms = terms }

    /// The constant c.
    public static func constant(_ c: Scalar) -> KernelExpansion { KernelExpansion(.constant(c)) }

    /// a + b, merging equal kernels.
    public static func + (a: KernelExpansion, b: KernelExpansion) -> KernelExpansion {
        var t = a.terms
        for (k, p) in b.terms { t[k] = (t[k] ?? EpsilonPolynomial([])) + p }
        return KernelExpansion(terms: t)
    }

    /// a − b.
    public static func - (a: KernelExpansion, b: KernelExpansion) -> KernelExpansion { a + b.scaled(by: -.one) }

    /// a · b: polynomials multiply and kernels multiply by `EstimatorKernel.product` (GE-7).
    public static func * (a: KernelExpansion, b: KernelExpansion) -> KernelExpansion {
        var t: [EstimatorKernel<Scalar>: EpsilonPolynomial<Scalar>] = [:]
        for (k1, p1) in a.terms {
            for (k2, p2) in b.terms {
                let p = p1 * p2
                for (c, k) in EstimatorKernel.product(k1, k2) {
                    t[k] = (t[k] ?? EpsilonPolynomial([])) + p.scaled(by: c)
                }
            }
        }
        return KernelExpansion(terms: t)
    }

    /// c · a.
    public func scaled(by c: Scalar) -> KernelExpansion { KernelExpansion(terms: terms.mapValues { $0.scaled(by: c) }) }

    /// aⁿ, n ≥ 0.
    public func power(_ n: Int) -> KernelExpansion {
        var r = KernelExpansion.constant(.one)
        for _ in 0..<Swift.max(n, 0) { r = r * self }
        return r
    }

    /// True when every kernel is the constant 1: the expansion is a polynomial in ε and its
    /// expectation needs only field operations (exact over `Rational`).
    public var isPolynomial: Bool { terms.keys.allSatisfy(\.isOne) }

    /// E[Σₜ pₜ(ε)] when every kernel is 1 (GE-6): exact over an exact field.
    /// - Throws: `ModelInputError.outOfDomain` when a kernel is transcendental (use the
    ///   `RealScalar` overload `expectation(mean:standardDeviation:)`).
    public func polynomialExpectation() throws(ModelInputError) -> Scalar {
        guard isPolynomial else {
            throw .outOfDomain(
                what: "kernel expansion", value: "a transcendental kernel",
                requirement: "only the kernel 1 has field-only expectations; use a RealScalar")
        }
        return terms.values.reduce(Scalar.zero) { $0 + $1.standardNormalExpectation }
    }
}

extension KernelExpansion where Scalar: RealScalar {
    /// E[Σₜ pₜ(ε) kₜ(μ + σε)] for ε ~ N(0, 1) in closed form (GE-7):
    ///
    /// 1. the Gaussian factor: −ε²/2 − c(μ + σε)² = −(A/2)(ε − m)² − cμ²/A with A = 1 + 2cσ²,
    ///    m = −2cμσ/A, so E[p(ε) e^{−cx²} t(x)] = A^{−1/2} e^{−cμ²/A} E[p(m + τη) t(μ' + σ'η)] with
    ///    τ = A^{−1/2}, μ' = μ + σm, σ' = στ;
    /// 2. the trigonometric factor: E[q(η) e^{id(μ'+σ'η)}] = e^{idμ'} e^{−(dσ')²/2} E[q(η + idσ')],
    ///    whose real part is the cosine kernel and imaginary part the sine kernel.
    ///
    /// **Accuracy:** at `BigFloat` precision p the relative error is a modest multiple of 2⁻ᵖ
    /// times the cancellation factor Σ|terms| / |result|; at `Double` use it only as a check.
    public func expectation(mean mu: Scalar, standardDeviation sigma: Scalar) throws -> Scalar {
        var total = Scalar.zero
        for (k, p) in terms {
            total += try Self.termExpectation(p, k, mu, sigma)
        }
        return total
    }

    static func termExpectation(
        _ p: EpsilonPolynomial<Scalar>, _ k: EstimatorKernel<Scalar>, _ mu: Scalar, _ sigma: Scalar
    ) throws -> Scalar {
        if k.isOne { return p.standardNormalExpectation }
        var q = p, factor = Scalar.one, muPrime = mu, sigmaPrime = sigma
        if !k.gaussianRate.isZero {
            let c = k.gaussianRate
            let a = Scalar.one + Scalar(2) * c * sigma * sigma
            let tau = try Scalar.sqrt(Scalar.one / a)
            let m = -(Scalar(2) * c * mu * sigma) / a
            factor = tau * Scalar.exp(-(c * mu * mu) / a)
            q = p.composed(shift: m, scale: tau)
            muPrime = mu + sigma * m
            sigmaPrime = sigma * tau
        }
        if k.frequency.isZero {
            // cos(0) = 1 (sin(0) kernels are never formed).
            return factor * q.standardNormalExpectation
        }
        let d = k.frequency
        let omega = d * sigmaPrime
        let shifted = q.expectation(imaginaryShift: omega)
        let damping = Scalar.exp(-(omega * omega) / Scalar(2))
        let (cosine, sine) = try TrigonometricSeries.cosineAndSine(d * muPrime)
        // e^{iθ}(R + iI) = (cos θ R − sin θ I) + i(sin θ R + cos θ I).
        let value =
            k.isSine
            ? sine * shifted.real + cosine * shifted.imaginary
            : cosine * shifted.real - sine * shifted.imaginary
        return factor * damping * value
    }
}
