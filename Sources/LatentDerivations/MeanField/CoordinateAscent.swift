import OracleArithmetic

/// A model whose variational posterior factorises as q(θ) = Πⱼ qⱼ(θⱼ) and whose optimal factor
/// ln qⱼ* = E_{i≠j}[ln p(X, θ)] + const is available in closed form (MF-1, MF-2).
///
/// `Factors` holds the parameters of every qⱼ. `update(_:of:)` returns the factors with qⱼ
/// replaced by its optimum given the others; it is pure, so a driver can keep every iterate.
public protocol MeanFieldModel: Sendable {
    associatedtype Scalar: FieldScalar
    associatedtype Factors: Sendable, Equatable
    /// The number J of factors.
    var factorCount: Int { get }
    /// The factors with qⱼ set to exp(E_{−j}[ln p]) / Z (MF-2). `j` is in 0..<factorCount.
    func update(_ j: Int, of factors: Factors) throws -> Factors
}

/// A mean-field model whose ELBO L(q) = E_q[ln p(X, θ)] − E_q[ln q(θ)] can be evaluated.
public protocol MeanFieldELBO: MeanFieldModel where Scalar: RealScalar {
    /// L(q) at `factors`.
    func elbo(_ factors: Factors) throws -> Scalar
}

/// One entry of a CAVI trace: the factors after updating factor `coordinate` in sweep `sweep`
/// (coordinate −1 and sweep 0 for the initial factors).
public struct CoordinateAscentStep<Factors: Sendable & Equatable>: Sendable, Equatable {
    public let sweep: Int
    public let coordinate: Int
    public let factors: Factors
}

/// Coordinate-ascent variational inference (CAVI, MF-3): sweep j = 0, 1, …, J−1, replacing one
/// factor at a time by its optimum given the others, and record every iterate.
///
/// Each update maximises the ELBO over qⱼ with the other factors fixed, so the ELBO never
/// decreases along the trace (MF-3); `elboTrace` evaluates it after every coordinate update.
///
/// **Edge Cases:** `sweeps < 1` throws `ModelInputError.notPositive`.
public enum CoordinateAscent {
    /// The initial factors followed by the factors after each of `sweeps · J` coordinate updates.
    public static func run<M: MeanFieldModel>(
        _ model: M, from initial: M.Factors, sweeps: Int
    ) throws -> [CoordinateAscentStep<M.Factors>] {
        guard sweeps >= 1 else { throw ModelInputError.notPositive(what: "sweeps", value: "\(sweeps)") }
        var trace = [CoordinateAscentStep(sweep: 0, coordinate: -1, factors: initial)]
        var current = initial
        for sweep in 1...sweeps {
            for j in 0..<model.factorCount {
                // MF-2: ln qⱼ ← E_{i≠j}[ln p(X, θ)] + const, the others held fixed.
                current = try model.update(j, of: current)
                trace.append(CoordinateAscentStep(sweep: sweep, coordinate: j, factors: current))
            }
        }
        return trace
    }

    /// The ELBO at every entry of `trace` (MF-3: a non-decreasing sequence).
    public static func elboTrace<M: MeanFieldELBO>(
        _ model: M, _ trace: [CoordinateAscentStep<M.Factors>]
    ) throws -> [M.Scalar] {
        try trace.map { try model.elbo($0.factors) }
    }
}
