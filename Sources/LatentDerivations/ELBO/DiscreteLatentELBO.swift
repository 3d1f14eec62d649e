import OracleArithmetic
import OracleLinearAlgebra

/// The ELBO identity for one observation x and a discrete latent z ∈ {0, …, K−1}, given the
/// log joints ℓₖ = ln p(x, z = k) (`Proofs/05-elbo-identity.md`, ELBO-1 … ELBO-4):
///
///     ln p(x)      = ln Σₖ exp ℓₖ                       (`evidence`)
///     p(z = k | x) = exp(ℓₖ − ln p(x))                  (`posterior`, a softmax)
///     ELBO(q)      = Σₖ qₖ (ℓₖ − ln qₖ)                 (`elbo`, with 0·ln 0 = 0)
///     KL(q ‖ p(z|x)) = Σₖ qₖ (ln qₖ − ln p(z = k | x))   (`klToPosterior`)
///     ln p(x)      = ELBO(q) + KL(q ‖ p(z|x))  for every q on the simplex.
///
/// This is the EM bound F(q, λ) of a mixture when ℓₖ = ln πₖ + ln p(x | z = k, λ).
///
/// **Accuracy (`Double`):** `evidence` as `logSumExp`; `elbo` and `klToPosterior` are compensated
/// sums of K products, each with relative error ≲ 3u plus 1 ulp of `log`, so their absolute
/// error is ≲ 4u·Σₖ qₖ(|ℓₖ| + |ln qₖ|) + O(K u²)·that. The KL is computed directly from
/// ln qₖ − (ℓₖ − ln p(x)), never as ln p(x) − ELBO, so it is ≥ 0 up to that bound and does
/// not suffer the cancellation of the difference when the gap is tiny.
///
/// **Edge Cases:** qₖ = 0 contributes exactly 0 (the limit q ln q → 0), whatever ℓₖ is.
/// `posterior` entries may underflow to 0 in `Double` when ℓₖ ≪ max ℓ; `klToPosterior` uses the
/// log posterior, so it stays finite.
public struct DiscreteLatentELBO<Scalar: RealScalar>: Sendable {
    /// ℓₖ = ln p(x, z = k), k = 0 … K−1.
    public let logJoint: [Scalar]

    /// - Throws: `ModelInputError.empty` for K = 0, `.nonFinite` for a NaN or infinite ℓₖ.
    public init(logJoint: [Scalar]) throws(ModelInputError) {
        guard !logJoint.isEmpty else { throw .empty(what: "log joint ℓ") }
        for (k, l) in logJoint.enumerated() where !l.isFinite {
            throw .nonFinite(what: "log joint ℓ", index: k)
        }
        self.logJoint = logJoint
    }

    /// K, the number of latent states.
    public var stateCount: Int { logJoint.count }

    /// ln p(x) = ln Σₖ p(x, z = k) = logSumExp(ℓ) (ELBO-1).
    public func evidence() throws -> Scalar {
        try logSumExp(logJoint)
    }

    /// ln p(z = k | x) = ℓₖ − ln p(x) for every k (ELBO-1).
    public func logPosterior() throws -> [Scalar] {
        let logEvidence = try evidence()
        return logJoint.map { $0 - logEvidence }
    }

    /// p(z = k | x) = softmax(ℓ)ₖ, the responsibilities (ELBO-1, ELBO-4).
    public func posterior() throws -> [Scalar] {
        try logPosterior().map { Scalar.exp($0) }
    }

    /// ELBO(q) = Σₖ qₖ (ℓₖ − ln qₖ) = E_q[ln p(x, z)] + H(q) (ELBO-2), with 0·ln 0 = 0.
    ///
    /// - Throws: `ModelInputError` unless q has K entries and lies on the simplex
    ///   (see `probabilitySumTolerance`).
    public func elbo(_ q: [Scalar]) throws -> Scalar {
        try validate(q)
        var sum = NeumaierSum<Scalar>()
        for (qk, lk) in zip(q, logJoint) where !qk.isZero {
            sum.add(qk * (lk - (try Scalar.log(qk))))
        }
        return sum.value
    }

    /// KL(q ‖ p(z | x)) = Σₖ qₖ (ln qₖ − ln p(z = k | x)) ≥ 0 (ELBO-3), with 0·ln 0 = 0.
    ///
    /// - Throws: `ModelInputError` unless q has K entries and lies on the simplex.
    public func klToPosterior(_ q: [Scalar]) throws -> Scalar {
        try validate(q)
        let logPost = try logPosterior()
        var sum = NeumaierSum<Scalar>()
        for (qk, lp) in zip(q, logPost) where !qk.isZero {
            sum.add(qk * ((try Scalar.log(qk)) - lp))
        }
        return sum.value
    }

    private func validate(_ q: [Scalar]) throws(ModelInputError) {
        try Validate.count(q, stateCount, "q")
        try Validate.probabilityVector(q, "q")
    }
}
