import OracleArithmetic

// The rational fast path of `Bareiss`: clear denominators row by row, eliminate over the
// integers, and divide once at the end.
//
// Why: over `Rational`, every field operation reduces its result by a gcd, and Bareiss's
// products of rationals have large unreduced intermediates. Scaling row i of [A | B] by the lcm
// of its denominators leaves the solution unchanged and makes every entry an integer; then every
// Bareiss division is exact (Sylvester's identity), so the elimination runs on `BigInt` with no
// gcd at all until the n final reductions xᵢ = x̃ᵢ/d.
//
// The solve itself goes through p-adic lifting (`DixonSolve`) for one right-hand side and
// per-prime elimination with Chinese remaindering (`MultimodularSolve`) otherwise, both checked
// exactly (AR-5 of Proofs/00-arithmetic.md), and the determinant through the divisor method
// (`MultimodularDeterminant`); this integer Bareiss elimination (AR-4) remains the fallback when
// det A vanishes modulo the first primes (singular A, or unlucky primes) and the independent
// route the tests compare with. Timings against FLINT: `scripts/bench solve`.

extension Bareiss {
    /// Solves A·X = B for rational A, B with integer rows: p-adic lifting (`DixonSolve`, one
    /// right-hand side and n ≥ `dixonFrom`) or the multi-modular solver (`MultimodularSolve`), both
    /// verified exactly, or integer Bareiss elimination when det A vanishes modulo their first
    /// primes. A is square, B has A's row count (validated by the caller).
    ///
    /// **Postconditions:** X is exact; throws `singular(rank:size:)` with A's exact rank.
    @usableFromInline
    static func solveOverIntegers(
        _ a: Matrix<Rational>, _ b: Matrix<Rational>, dixonFrom: Int = dixonMinimumSize
    ) throws(LinearAlgebraError) -> Matrix<Rational> {
        let n = a.rows, k = b.columns
        var m = clearedAugmentedRows(a, b)
        // The multi-modular solver finds A·X̃ = d·B with an exact check (the common case); when
        // det A vanishes modulo its first primes it defers to elimination, which decides exactly.
        // Columns are divided by their contents first: with [A | B] = [A′·diag(c) | B′·diag(c′)],
        // X = diag(c)⁻¹·Y·diag(c′) where A′·Y = B′, and the primes needed shrink by Σ log₂ cⱼ bits
        // (decimal data put large powers of ten there: in the benchmark 2 990 bits of contents, and 83
        // instead of 124 primes).
        var reduced = m
        let contents = removeColumnContents(&reduced, rows: n, width: n + k)
        // One right-hand side and n from `dixonFrom` on: p-adic lifting (`DixonSolve`);
        // otherwise, or when it gives up, per-prime elimination with Chinese remaindering.
        let dixon = k == 1 && n >= dixonFrom ? DixonSolve.solve(reduced, n: n) : nil
        if let (d, yTilde) = dixon ?? MultimodularSolve.solve(reduced, n: n, k: k) {
            // x_{j,l} = (ỹ_{j,l}/d)·(c′_l/c_j): one large gcd per entry, and the contents cancel
            // against the reduced quotient by the small cross gcds of Rational's product. d ≠ 0
            // (postcondition) and c_j ≠ 0, so every denominator is non-zero.
            var x = [Rational]()
            x.reserveCapacity(n * k)
            for j in 0..<n {
                for l in 0..<k {
                    let y = Rational(numerator: yTilde[j * k + l], nonzeroDenominator: d)
                    let scale = Rational(numerator: contents[n + l], nonzeroDenominator: contents[j])
                    x.append(y * scale)
                }
            }
            return Matrix(uncheckedRows: n, columns: k, entries: x)
        }
        return try solveByElimination(clearedRows: &m, n: n, k: k)
    }

    /// Solves A·X = B for rational A, B through integer Bareiss elimination alone (the fallback of
    /// `solveOverIntegers`, and an independent route for tests).
    public static func solveByIntegerElimination(_ a: Matrix<Rational>, _ b: Matrix<Rational>)
        throws(LinearAlgebraError) -> Matrix<Rational>
    {
        try requireSquareFinite(a)
        guard b.rows == a.rows else {
            throw .shapeMismatch(operation: "Bareiss.solve", left: [a.rows, a.rows], right: [b.rows, b.columns])
        }
        var m = clearedAugmentedRows(a, b)
        return try solveByElimination(clearedRows: &m, n: a.rows, k: b.columns)
    }

    /// The rows of [A | B], each scaled by the lcm of its denominators, as integers (row-major).
    static func clearedAugmentedRows(_ a: Matrix<Rational>, _ b: Matrix<Rational>) -> [BigInt] {
        let n = a.rows, k = b.columns
        var m = [BigInt]()
        m.reserveCapacity(n * (n + k))
        for i in 0..<n {
            let row = Array(a.entries[(i * n)..<((i + 1) * n)]) + Array(b.entries[(i * k)..<((i + 1) * k)])
            appendCleared(row, to: &m)
        }
        return m
    }

    /// Fraction-free elimination and back substitution on the cleared rows [A | B] (n×(n + k)).
    static func solveByElimination(clearedRows m: inout [BigInt], n: Int, k: Int) throws(LinearAlgebraError) -> Matrix<
        Rational
    > {
        let width = n + k
        let rank = eliminateIntegers(&m, rows: n, width: width, pivotColumns: n)
        guard rank == n else { throw .singular(rank: rank, size: n) }
        // U·X = B' with U the fraction-free upper triangle and d = u_{n−1,n−1} = ±det(scaled A).
        // By Cramer's rule X̃ = d·X is an integer matrix, and U·X̃ = d·B', so back substitution
        //   x̃ᵢ = (d·b'ᵢ − Σ_{j>i} uᵢⱼ x̃ⱼ) / uᵢᵢ
        // divides exactly. One reduction per entry, x = x̃/d, ends the computation.
        let d = m[(n - 1) * width + (n - 1)]
        var x = [Rational](repeating: .zero, count: n * k)
        var xTilde = [BigInt](repeating: .zero, count: n)
        for column in 0..<k {
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = d * m[i * width + n + column]
                for j in (i + 1)..<n where !m[i * width + j].isZero { s -= m[i * width + j] * xTilde[j] }
                xTilde[i] = s / m[i * width + i]
            }
            for i in 0..<n {
                // d ≠ 0 (full rank), so the initializer cannot throw.
                x[i * k + column] = Rational(numerator: xTilde[i], nonzeroDenominator: d)
            }
        }
        return Matrix(uncheckedRows: n, columns: k, entries: x)
    }

    /// The size from which `solveOverIntegers` lifts p-adically (`DixonSolve`) for one
    /// right-hand side, and `MultimodularDeterminant` solves by lifting. Measured (release, same
    /// load, `scripts/bench solve` systems): per-prime elimination wins at n = 11 (integer 52 µs
    /// against 99 µs, polynomial 125 µs against 157 µs) and for integer data at n = 20 (204 µs
    /// against 270 µs), lifting wins for the polynomial normal equations at n = 20 (450 µs against
    /// 750 µs) and everywhere at n = 40 (integer 1.2 ms against 1.4 ms, polynomial 2.6 ms against
    /// 19 ms). FLINT switches at 16 as well.
    @usableFromInline static let dixonMinimumSize = 16

    /// The size from which `determinantOverIntegers` goes multi-modular. 1, every size: at n = 11
    /// the divisor method takes 0.12 ms against 0.23 ms for integer elimination.
    static let multimodularDeterminantMinimumSize = 1

    /// det A for rational A: det(scaled A) / Π(row scales), multi-modular
    /// (`MultimodularDeterminant`) from `multimodularDeterminantMinimumSize` on, with the integer
    /// elimination as the fallback when det A vanishes modulo the first primes.
    @usableFromInline
    static func determinantOverIntegers(_ a: Matrix<Rational>) -> Rational {
        determinantOverIntegers(a, multimodular: a.rows >= multimodularDeterminantMinimumSize)
    }

    /// det A for rational A through integer Bareiss elimination alone (an independent route for
    /// tests).
    static func determinantByIntegerElimination(_ a: Matrix<Rational>) -> Rational {
        determinantOverIntegers(a, multimodular: false)
    }

    static func determinantOverIntegers(_ a: Matrix<Rational>, multimodular: Bool) -> Rational {
        let n = a.rows
        var m = [BigInt]()
        m.reserveCapacity(n * n)
        var scale = BigInt.one
        for i in 0..<n { scale *= appendCleared(Array(a.entries[(i * n)..<((i + 1) * n)]), to: &m) }
        if multimodular {
            // det(A′·diag(c)) = det A′ · Πcⱼ with the column contents cⱼ divided out first (fewer
            // primes, as for the solve).
            var reduced = m
            let contents = removeColumnContents(&reduced, rows: n, width: n)
            if let det = MultimodularDeterminant.determinant(reduced, n: n) {
                let numerator = contents.reduce(det) { $0 * $1 }
                return Rational(numerator: numerator, nonzeroDenominator: scale)
            }
        }
        var odd = false
        let rank = eliminateIntegers(&m, rows: n, width: n, pivotColumns: n, odd: &odd)
        guard rank == n else { return .zero }
        let last = m[n * n - 1]
        return Rational(numerator: odd ? -last : last, nonzeroDenominator: scale)
    }

    /// Divides each column of the row-major integer matrix by its content (the gcd of its
    /// entries) and returns the contents (1 for a zero column). The gcd chain stops at 1.
    static func removeColumnContents(_ m: inout [BigInt], rows: Int, width: Int) -> [BigInt] {
        (0..<width).map { j in
            var g = BigInt.zero
            for i in 0..<rows where !m[i * width + j].isZero {
                g = BigInt.gcd(g, m[i * width + j])
                if g == .one { return .one }
            }
            if g.isZero { return .one }
            for i in 0..<rows { m[i * width + j] = m[i * width + j] / g }
            return g
        }
    }

    /// Appends `row` multiplied by the lcm of its denominators (as integers); returns that lcm.
    @discardableResult
    @usableFromInline
    static func appendCleared(_ row: [Rational], to m: inout [BigInt]) -> BigInt {
        let lcm = commonDenominator(row)
        for x in row {
            m.append(x.denominator == lcm ? x.numerator : x.numerator * (lcm / x.denominator))
        }
        return lcm
    }

    /// The lcm of the denominators of `values`. Divisibility is tested first (one short division),
    /// because the gcd is the expensive operation and denominators of a row often divide each other.
    @usableFromInline
    static func commonDenominator<C: Collection>(_ values: C) -> BigInt where C.Element == Rational {
        var lcm = BigInt.one
        for x in values where x.denominator != lcm && x.denominator != .one {
            let d = x.denominator
            if (lcm % d).isZero { continue }
            if (d % lcm).isZero {
                lcm = d
                continue
            }
            lcm = lcm * (d / BigInt.gcd(lcm, d))
        }
        return lcm
    }

    /// Integer Bareiss elimination (first non-zero pivot), in place; returns the rank.
    @usableFromInline
    static func eliminateIntegers(_ m: inout [BigInt], rows: Int, width: Int, pivotColumns: Int) -> Int {
        var odd = false
        return eliminateIntegers(&m, rows: rows, width: width, pivotColumns: pivotColumns, odd: &odd)
    }

    @usableFromInline
    static func eliminateIntegers(
        _ m: inout [BigInt], rows: Int, width: Int, pivotColumns: Int, odd: inout Bool
    ) -> Int {
        var r = 0
        var previous = BigInt.one
        for c in 0..<pivotColumns where r < rows {
            guard let p = (r..<rows).first(where: { !m[$0 * width + c].isZero }) else { continue }
            if p != r {
                for j in 0..<width { m.swapAt(p * width + j, r * width + j) }
                odd.toggle()
            }
            let pivot = m[r * width + c]
            eliminateBelow(&m, row: r, column: c, rows: rows, width: width, previous: previous)
            previous = pivot
            r += 1
        }
        return r
    }

    /// One step of integer Bareiss elimination with the pivot a_rc (non-zero) and the previous
    /// step's pivot `previous` (1 at the first step): every row i below r becomes
    /// aᵢⱼ ← (a_rc·aᵢⱼ − aᵢc·a_rj) / previous for the columns j after c, an exact division
    /// (Sylvester's identity), and aᵢc ← 0.
    @usableFromInline
    static func eliminateBelow(
        _ m: inout [BigInt], row r: Int, column c: Int, rows: Int, width: Int, previous: BigInt
    ) {
        let pivot = m[r * width + c]
        for i in (r + 1)..<rows {
            let factor = m[i * width + c]
            for j in (c + 1)..<width {
                let ij = i * width + j
                var t = pivot * m[ij]
                if !factor.isZero, !m[r * width + j].isZero { t -= factor * m[r * width + j] }
                m[ij] = previous == .one ? t : t / previous
            }
            m[i * width + c] = .zero
        }
    }
}
