import OracleArithmetic

/// A dense matrix over a field, stored row-major in one flat array.
///
/// `Matrix` is a value type: every operation returns a new matrix. Its algorithms are written
/// once, generically over `FieldScalar` (exact elimination) or `RealScalar` (square roots,
/// logarithms), and run unchanged over `Rational` (exact), `BigFloat` and `Double`.
///
/// **Edge Cases:**
/// - Matrices with zero rows or columns can be built and combined; the factorizations refuse
///   them with `LinearAlgebraError.emptyMatrix`.
/// - Subscripts out of range trap, like `Array`'s: they are programming errors, not user input.
public struct Matrix<Scalar: FieldScalar>: Hashable, Sendable, CustomStringConvertible {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// The entries in row-major order: entry (i, j) is `entries[i * columns + j]`.
    @inlinable public var entries: [Scalar] { storage }
    /// The row-major storage (mutable only inside the module, through the subscript).
    @usableFromInline var storage: [Scalar]

    /// Builds a matrix from its row-major entries without checking them (internal fast path).
    @inlinable
    init(uncheckedRows rows: Int, columns: Int, entries: [Scalar]) {
        self.rows = rows
        self.columns = columns
        self.storage = entries
    }

    /// A `rows × columns` matrix with the given row-major entries.
    ///
    /// Throws `shapeMismatch` when a dimension is negative or `entries.count != rows * columns`.
    @inlinable
    public init(rows: Int, columns: Int, entries: [Scalar]) throws(LinearAlgebraError) {
        guard rows >= 0, columns >= 0,
            rows.multipliedReportingOverflow(by: columns) == (entries.count, false)
        else {
            throw .shapeMismatch(
                operation: "init(rows:columns:entries:)", left: [rows, columns], right: [entries.count])
        }
        self.init(uncheckedRows: rows, columns: columns, entries: entries)
    }

    /// A matrix from an array of rows. Throws `shapeMismatch` when the rows differ in length
    /// (`left` is `[0, firstLength]`, `right` is `[i, length of row i]`).
    ///
    /// An empty array gives the 0×0 matrix.
    @inlinable
    public init(_ rowArrays: [[Scalar]]) throws(LinearAlgebraError) {
        let width = rowArrays.first?.count ?? 0
        var flat: [Scalar] = []
        flat.reserveCapacity(rowArrays.count * width)
        for (i, row) in rowArrays.enumerated() {
            guard row.count == width else {
                throw .shapeMismatch(operation: "init(_:) ragged rows", left: [0, width], right: [i, row.count])
            }
            flat.append(contentsOf: row)
        }
        self.init(uncheckedRows: rowArrays.count, columns: width, entries: flat)
    }

    /// The matrix whose (i, j) entry is `generator(i, j)`. Negative dimensions count as 0.
    @inlinable
    public init(rows: Int, columns: Int, generator: (Int, Int) -> Scalar) {
        let m = Swift.max(rows, 0), n = Swift.max(columns, 0)
        var flat: [Scalar] = []
        flat.reserveCapacity(m * n)
        for i in 0..<m {
            for j in 0..<n { flat.append(generator(i, j)) }
        }
        self.init(uncheckedRows: m, columns: n, entries: flat)
    }

    /// The n×n identity matrix (negative n counts as 0).
    @inlinable
    public static func identity(_ n: Int) -> Matrix {
        Matrix(rows: n, columns: n) { i, j in i == j ? .one : .zero }
    }

    /// The `rows × columns` zero matrix (negative dimensions count as 0).
    @inlinable
    public static func zeros(rows: Int, columns: Int) -> Matrix {
        let m = Swift.max(rows, 0), n = Swift.max(columns, 0)
        return Matrix(uncheckedRows: m, columns: n, entries: Array(repeating: .zero, count: m * n))
    }

    /// The square matrix with `d` on its diagonal and zeros elsewhere.
    @inlinable
    public static func diagonal(_ d: [Scalar]) -> Matrix {
        Matrix(rows: d.count, columns: d.count) { i, j in i == j ? d[i] : .zero }
    }

    /// Entry (row, column). Precondition: both indices are in range.
    @inlinable
    public subscript(row: Int, column: Int) -> Scalar {
        get { entries[row * columns + column] }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            storage[row * columns + column] = newValue
        }
    }

    /// The transpose Aᵀ.
    @inlinable
    public var transposed: Matrix {
        Matrix(rows: columns, columns: rows) { i, j in entries[j * columns + i] }
    }

    /// Row `i` as an array. Precondition: `0 ≤ i < rows`.
    @inlinable
    public func row(_ i: Int) -> [Scalar] {
        Array(entries[(i * columns)..<((i + 1) * columns)])
    }

    /// The rows as arrays: the inverse of `init(_ rowArrays:)`.
    @inlinable
    public var rowArrays: [[Scalar]] {
        (0..<rows).map(row)
    }

    /// Column `j` as an array. Precondition: `0 ≤ j < columns`.
    @inlinable
    public func column(_ j: Int) -> [Scalar] {
        (0..<rows).map { entries[$0 * columns + j] }
    }

    /// The main diagonal (length min(rows, columns)).
    @inlinable
    public var diagonal: [Scalar] {
        (0..<Swift.min(rows, columns)).map { entries[$0 * columns + $0] }
    }

    /// Σ aᵢᵢ. Throws `notSquare` for a non-square matrix.
    @inlinable
    public var trace: Scalar {
        get throws(LinearAlgebraError) {
            try requireSquare(self)
            var sum = NeumaierSum<Scalar>()
            for i in 0..<rows { sum.add(entries[i * columns + i]) }
            return sum.value
        }
    }

    /// `true` when the matrix is square and aᵢⱼ == aⱼᵢ exactly for all i, j.
    ///
    /// Symmetry is exact for every scalar type, `Double` included: the symmetric algorithms read
    /// one triangle, so a matrix that is symmetric only up to rounding is refused rather than
    /// silently half-ignored. Use `symmetrized` to accept rounding-level asymmetry on purpose.
    @inlinable
    public var isSymmetric: Bool { firstAsymmetry(self) == nil }

    /// (A + Aᵀ)/2, the nearest symmetric matrix in the Frobenius norm. Throws `notSquare`.
    @inlinable
    public var symmetrized: Matrix {
        get throws(LinearAlgebraError) {
            try requireSquare(self)
            let two = Scalar(2)
            return Matrix(rows: rows, columns: columns) { i, j in
                i == j ? entries[i * columns + i] : (entries[i * columns + j] + entries[j * columns + i]) / two
            }
        }
    }

    /// The matrix with `f` applied to every entry, e.g. `Rational` → `Double` by `\.doubleValue`.
    @inlinable
    public func map<T: FieldScalar>(_ f: (Scalar) throws -> T) rethrows -> Matrix<T> {
        Matrix<T>(uncheckedRows: rows, columns: columns, entries: try entries.map(f))
    }

    /// The rows, each in brackets, one per line.
    public var description: String {
        (0..<rows).map { i in "[" + row(i).map(\.description).joined(separator: ", ") + "]" }
            .joined(separator: "\n")
    }
}
