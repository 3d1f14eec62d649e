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
        var terms: [S] = []
        for (n, row) in q.enumerated() {
            guard logQ[n].count == row.count else {
                throw ModelInputError.shapeMismatch(what: "logQ[\(n)]", expected: [row.count], actual: [logQ[n].count])
            }
            for (k, qnk) in row.enumerated() where !qnk.isZero { terms.append(-qnk * logQ[n][k]) }
        }
        return compensatedSum(terms)
    }

    /// ln q_nk (0 where q_nk = 0, never used).
    @inlinable
    static func logarithms<S: RealScalar>(_ q: [[S]]) throws -> [[S]] {
        try q.map { row in try row.map { $0.isZero ? .zero : try S.log($0) } }
    }
}
