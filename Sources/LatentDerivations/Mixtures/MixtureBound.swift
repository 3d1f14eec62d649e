import OracleArithmetic
import OracleLinearAlgebra

/// The variational lower bound for a discrete latent per point, and the entropy of q
/// (`Proofs/06-gmm-em.md`, EM-6):
/// F(q, λ) = Σ_n Σ_k q_nk (ℓ_nk − ln q_nk) = Σ_n Σ_k q_nk ℓ_nk + H(q),
/// where ℓ_nk = ln p(x_n, z_n = k; λ), with 0·ln 0 = 0.
///
/// F(q, λ) = L(λ) − Σ_n KL(q_n ‖ p(z_n | x_n; λ)) ≤ L(λ), with equality iff q is the posterior.
///
/// F is the divergences family's per-point `DiscreteLatentELBO.elbo`, summed over points; the
/// entropy takes ln q from the E-step, accurate when q is nearly one-hot.
public enum MixtureBound {
    /// F(q, λ) = Σ_n ELBO_n(q_n) from the log joints ℓ_nk under λ and the table q_nk (each row
    /// on the simplex), through the divergences family's `DiscreteLatentELBO` per point, summed
    /// with compensation. Throws `shapeMismatch` when the tables differ in shape, and
    /// `ModelInputError` when a row of q is not a probability vector.
    @inlinable
    public static func value<S: RealScalar>(logJoints: [[S]], q: [[S]]) throws -> S {
        guard logJoints.count == q.count else {
            throw ModelInputError.shapeMismatch(what: "q", expected: [logJoints.count], actual: [q.count])
        }
        return compensatedSum(try zip(logJoints, q).map { try DiscreteLatentELBO(logJoint: $0).elbo($1) })
    }

    /// H(q) = −Σ_n Σ_k q_nk ln q_nk ≥ 0, with 0·ln 0 = 0.
    @inlinable
    public static func entropy<S: RealScalar>(_ q: [[S]]) throws -> S {
        try entropy(q, logQ: try logarithms(q))
    }

    /// H(q) with ln q_nk given.
    @inlinable
    public static func entropy<S: RealScalar>(_ q: [[S]], logQ: [[S]]) throws -> S {
        guard logQ.count == q.count else {
            throw ModelInputError.shapeMismatch(what: "logQ", expected: [q.count], actual: [logQ.count])
        }
        for (n, row) in q.enumerated() where logQ[n].count != row.count || row.count != q[0].count {
            throw ModelInputError.shapeMismatch(
                what: "q[\(n)] or logQ[\(n)]", expected: [q[0].count], actual: [row.count, logQ[n].count])
        }
        return entropy(table: try Matrix(q), logQ: try Matrix(logQ))
    }

    /// H(q) = −Σ_n Σ_k q_nk ln q_nk for N × K tables of q_nk and ln q_nk of the same shape,
    /// summed with compensation in row-major order.
    @inlinable
    static func entropy<S: RealScalar>(table q: Matrix<S>, logQ: Matrix<S>) -> S {
        let qs = q.entries, logs = logQ.entries
        var sum = NeumaierSum<S>()
        for i in qs.indices where !qs[i].isZero { sum.add(-qs[i] * logs[i]) }
        return sum.value
    }

    /// F(q, λ) = Σ_n Σ_k q_nk (ℓ_nk − ln q_nk) for N × K tables of the log joints under λ, q and
    /// ln q (as the E-step returns them), with 0·ln 0 = 0: the driver's form of `value`, which
    /// takes ln q from the E-step instead of the logarithm of a rounded q, and allocates nothing
    /// per point. Summed with compensation in row-major order.
    @inlinable
    static func value<S: RealScalar>(logJointTable l: Matrix<S>, q: Matrix<S>, logQ: Matrix<S>) -> S {
        let ls = l.entries, qs = q.entries, logs = logQ.entries
        var sum = NeumaierSum<S>()
        for i in qs.indices where !qs[i].isZero { sum.add(qs[i] * (ls[i] - logs[i])) }
        return sum.value
    }

    /// ln q_nk (0 where q_nk = 0, never used).
    @inlinable
    static func logarithms<S: RealScalar>(_ q: [[S]]) throws -> [[S]] {
        try q.map { row in try row.map { $0.isZero ? .zero : try S.log($0) } }
    }
}
