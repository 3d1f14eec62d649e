import OracleArithmetic

// Vector helpers over plain `[Scalar]` arrays.

/// The inner product Σ uᵢvᵢ, compensated (`NeumaierSum`): exact for exact types; for `Double`,
/// |error| ≤ 2u·Σ|uᵢvᵢ| + O(n u²)·Σ|uᵢvᵢ|. Throws `shapeMismatch` when the lengths differ.
@inlinable
public func dot<S: FieldScalar>(_ u: [S], _ v: [S]) throws(LinearAlgebraError) -> S {
    guard u.count == v.count else { throw .shapeMismatch(operation: "dot", left: [u.count], right: [v.count]) }
    var sum = NeumaierSum<S>()
    for i in u.indices { sum.add(u[i] * v[i]) }
    return sum.value
}

/// The element-wise sum u + v. Throws `shapeMismatch` when the lengths differ.
@inlinable
public func add<S: FieldScalar>(_ u: [S], _ v: [S]) throws(LinearAlgebraError) -> [S] {
    guard u.count == v.count else { throw .shapeMismatch(operation: "add", left: [u.count], right: [v.count]) }
    return zip(u, v).map(+)
}

/// The element-wise difference u − v. Throws `shapeMismatch` when the lengths differ.
@inlinable
public func subtract<S: FieldScalar>(_ u: [S], _ v: [S]) throws(LinearAlgebraError) -> [S] {
    guard u.count == v.count else { throw .shapeMismatch(operation: "subtract", left: [u.count], right: [v.count]) }
    return zip(u, v).map(-)
}

/// The scalar multiple s·v.
@inlinable
public func scale<S: FieldScalar>(_ s: S, _ v: [S]) -> [S] { v.map { s * $0 } }

/// The squared Euclidean norm Σ vᵢ², compensated.
@inlinable
public func normSquared<S: FieldScalar, V: Sequence<S>>(_ v: V) -> S {
    var sum = NeumaierSum<S>()
    for x in v { sum.add(x * x) }
    return sum.value
}
