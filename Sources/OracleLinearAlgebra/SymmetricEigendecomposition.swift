import OracleArithmetic

/// The eigendecomposition A = V·diag(λ)·Vᵀ of a real symmetric matrix by the cyclic Jacobi method.
///
/// Goals, in priority order: 1. correctness at any precision (the same code runs over `BigFloat`
/// at hundreds of bits); 2. a deterministic output (order and signs); 3. simplicity. Jacobi is
/// O(n³) per sweep with a few sweeps; it is meant for the small matrices of the oracle.
///
/// **Postconditions:**
/// - `values` are sorted in non-increasing order (ties keep their index order);
/// - column k of `vectors` is a unit eigenvector for `values[k]`, and the columns are orthonormal
///   to working precision;
/// - sign convention: in each column, the first entry of largest magnitude is positive (the same
///   convention as `GSL.symmetricEigen`).
///
/// **Accuracy:** each rotation is applied backward stably, and iteration stops when the
/// off-diagonal Frobenius norm off(A⁽ᵏ⁾) ≤ tolerance·‖A‖_F. By Weyl's theorem the computed
/// eigenvalues then satisfy |λ̂ᵢ − λᵢ| ≤ (tolerance + c·n·s·u)·‖A‖_F, with s the number of sweeps
/// (typically ≤ 10) and u the unit roundoff; an eigenvector's angle to the true one is at most
/// that bound divided by the gap to the rest of the spectrum (Davis–Kahan). For a repeated or
/// nearly repeated eigenvalue the individual vectors are not determined; only the subspace is.
///
/// **Edge Cases:** a tolerance smaller than the machine epsilon ε of the type is raised to ε,
/// because rounding noise in the rotated entries can keep off(A) near ε·‖A‖_F.
public struct SymmetricEigendecomposition<S: RealScalar>: Sendable {
    /// The eigenvalues, non-increasing.
    public let values: [S]
    /// The orthogonal matrix whose column k is the eigenvector of `values[k]`.
    public let vectors: Matrix<S>
    /// The number of sweeps used.
    public let sweeps: Int

    /// Diagonalizes `a`. Throws `notSquare`, `emptyMatrix`, `nonFinite`, `notSymmetric`,
    /// `invalidArgument` (tolerance not positive and finite, or `maximumSweeps` < 1), or
    /// `noConvergence` after `maximumSweeps` sweeps.
    @inlinable
    public init(_ a: Matrix<S>, tolerance: S, maximumSweeps: Int = 100) throws(LinearAlgebraError) {
        try requireSymmetricFinite(a)
        guard tolerance > .zero, tolerance.isFinite else {
            throw .invalidArgument(name: "tolerance", requirement: "0 < tolerance < ∞")
        }
        guard maximumSweeps >= 1 else { throw .invalidArgument(name: "maximumSweeps", requirement: "≥ 1") }
        let n = a.rows
        // Work on entries scaled by 1/max|aᵢⱼ| so the squared norms below cannot overflow; the
        // eigenvalues are scaled back at the end (exact for powers of two, else one rounding).
        let scale = maximumMagnitude(a.entries)
        guard !scale.isZero else {
            self.init(
                sortedValues: [S](repeating: .zero, count: n), vectors: Matrix<S>.identity(n).entries, n: n, sweeps: 0)
            return
        }
        var m = a.entries.map { $0 / scale }
        var v = Matrix<S>.identity(n).entries
        let epsilon = machineEpsilon(S.self)
        let effectiveTolerance = tolerance < epsilon ? epsilon : tolerance
        let bound = effectiveTolerance.squared * normSquared(m)
        var sweep = 0
        while true {
            // off(A)² = Σ_{p≠q} a_pq² = 2 Σ_{p<q} a_pq².
            var off = NeumaierSum<S>()
            for p in 0..<n { for q in (p + 1)..<n { off.add(S(2) * m[p * n + q].squared) } }
            if off.value <= bound { break }
            guard sweep < maximumSweeps else {
                throw .noConvergence(algorithm: "cyclic Jacobi", iterations: maximumSweeps)
            }
            for p in 0..<n {
                for q in (p + 1)..<n where !m[p * n + q].isZero {
                    try Self.rotate(&m, &v, n: n, p: p, q: q)
                }
            }
            sweep += 1
        }
        // Sort by eigenvalue, descending; ties by index (a stable order).
        let order = (0..<n).sorted { i, j in
            let (x, y) = (m[i * n + i], m[j * n + j])
            return x != y ? y < x : i < j
        }
        var sortedVectors = [S](repeating: .zero, count: n * n)
        for (k, source) in order.enumerated() {
            // Sign: the first entry of largest magnitude is made positive.
            var largest = 0
            for i in 1..<n where v[largest * n + source].absoluteValue < v[i * n + source].absoluteValue {
                largest = i
            }
            let flip = v[largest * n + source] < .zero
            for i in 0..<n { sortedVectors[i * n + k] = flip ? -v[i * n + source] : v[i * n + source] }
        }
        self.init(sortedValues: order.map { m[$0 * n + $0] * scale }, vectors: sortedVectors, n: n, sweeps: sweep)
    }

    @inlinable
    init(sortedValues: [S], vectors: [S], n: Int, sweeps: Int) {
        values = sortedValues
        self.vectors = Matrix(uncheckedRows: n, columns: n, entries: vectors)
        self.sweeps = sweeps
    }

    /// One Jacobi rotation A ← JᵀAJ, V ← VJ in the (p, q) plane that zeroes a_pq.
    @inlinable
    static func rotate(_ m: inout [S], _ v: inout [S], n: Int, p: Int, q: Int) throws(LinearAlgebraError) {
        let apq = m[p * n + q]
        // With J = [[c, s], [−s, c]] in rows/columns p, q, the new a_pq is
        // (c² − s²)a_pq + cs(a_pp − a_qq); it vanishes when t = s/c solves t² + 2θt − 1 = 0,
        // θ = (a_qq − a_pp)/(2a_pq). Take the root of smaller magnitude, t = sgn θ/(|θ| + √(θ² + 1)),
        // so |t| ≤ 1 and the rotation angle is ≤ π/4 (Rutishauser), which is what makes the
        // method converge. For huge |θ|, θ² + 1 could overflow in Double; then t ≈ 1/(2θ) with
        // relative error 1/(4θ²) < 1e-300.
        let theta = (m[q * n + q] - m[p * n + p]) / (S(2) * apq)
        let t: S
        do {
            if theta.absoluteValue > S(1e150) {
                t = S.one / (S(2) * theta)
            } else {
                let root = theta.absoluteValue + (try S.sqrt(theta.squared + .one))
                t = theta < .zero ? -S.one / root : S.one / root
            }
            let c = S.one / (try S.sqrt(t.squared + .one))
            let s = t * c
            // Diagonal: a_pp ← a_pp − t·a_pq, a_qq ← a_qq + t·a_pq (exact consequences of t's equation).
            m[p * n + p] -= t * apq
            m[q * n + q] += t * apq
            m[p * n + q] = .zero
            m[q * n + p] = .zero
            for r in 0..<n where r != p && r != q {
                let (arp, arq) = (m[r * n + p], m[r * n + q])
                let newRP = c * arp - s * arq
                let newRQ = s * arp + c * arq
                m[r * n + p] = newRP
                m[p * n + r] = newRP
                m[r * n + q] = newRQ
                m[q * n + r] = newRQ
            }
            for r in 0..<n {
                let (vrp, vrq) = (v[r * n + p], v[r * n + q])
                v[r * n + p] = c * vrp - s * vrq
                v[r * n + q] = s * vrp + c * vrq
            }
        } catch {
            // √ of a number ≥ 1 cannot fail; a failure would mean a corrupted (non-finite) state.
            throw .nonFinite(row: p, column: q)
        }
    }
}
