import OracleArithmetic
import OracleLinearAlgebra

/// The variational lower bound for a discrete latent per point, and the entropy of q
/// (`Proofs/06-gmm-em.md`, EM-6):
/// F(q, λ) = Σ_n Σ_k q_nk (ℓ_nk − ln q_nk) = Σ_n Σ_k q_nk ℓ_nk + H(q),
/// where ℓ_nk = ln p(x_n, z_n = k; λ), with 0·ln 0 = 0.
///
/// F(q, λ) = L(λ) − Σ_n KL(q_n ‖ p(z_n | x_n; λ)) ≤ L(λ), with equality iff q is the posterior.
///
/// Minimal local computation: the generic discrete-latent ELBO of the divergences family was
/// not yet on `main` when this was written; the two should be deduplicated when both are.
public enum MixtureBound {
    /// F(q, λ) from the log joints ℓ_nk under λ and the table q_nk (rows on the simplex).
    /// Throws `shapeMismatch` when the tables differ in shape.
    public static func value<S: RealScalar>(logJoints: [[S]], q: [[S]]) throws -> S {
        try value(logJoints: logJoints, q: q, logQ: try logarithms(q))
    }

    /// F(q, λ) with ln q_nk given (e.g. from `GMMEStep.posterior`, accurate when q_nk ≈ 1);
    /// entries with q_nk = 0 are skipped whatever logQ holds there.
    public static func value<S: RealScalar>(logJoints: [[S]], q: [[S]], logQ: [[S]]) throws -> S {
        guard logJoints.count == q.count, logQ.count == q.count else {
            throw ModelInputError.shapeMismatch(what: "q", expected: [logJoints.count], actual: [q.count])
        }
        var terms: [S] = []
        for (n, row) in q.enumerated() {
            try Validate.count(row, logJoints[n].count, "q[\(n)]")
            try Validate.count(logQ[n], row.count, "logQ[\(n)]")
            for (k, qnk) in row.enumerated() where !qnk.isZero {
                terms.append(qnk * (logJoints[n][k] - logQ[n][k]))
            }
        }
        return compensatedSum(terms)
    }

    /// H(q) = −Σ_n Σ_k q_nk ln q_nk ≥ 0, with 0·ln 0 = 0.
    public static func entropy<S: RealScalar>(_ q: [[S]]) throws -> S {
        try entropy(q, logQ: try logarithms(q))
    }

    /// H(q) with ln q_nk given.
    public static func entropy<S: RealScalar>(_ q: [[S]], logQ: [[S]]) throws -> S {
        var terms: [S] = []
        for (n, row) in q.enumerated() {
            try Validate.count(logQ[n], row.count, "logQ[\(n)]")
            for (k, qnk) in row.enumerated() where !qnk.isZero { terms.append(-qnk * logQ[n][k]) }
        }
        return compensatedSum(terms)
    }

    /// ln q_nk (0 where q_nk = 0, never used).
    static func logarithms<S: RealScalar>(_ q: [[S]]) throws -> [[S]] {
        try q.map { row in try row.map { $0.isZero ? .zero : try S.log($0) } }
    }
}
