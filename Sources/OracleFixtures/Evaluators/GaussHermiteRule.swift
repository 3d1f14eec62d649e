import Foundation

/// The n-node Gauss–Hermite rule for ε ~ N(0, 1): E[g(ε)] ≈ Σᵢ wᵢ g(εᵢ), exact for polynomials
/// of degree ≤ 2n − 1, with Σᵢ wᵢ = 1.
///
/// Nodes by Newton's method on the orthonormal Hermite recurrence for the weight e^{−x²}
/// (Press et al., Numerical Recipes, §4.6 `gauher`), from its asymptotic starting guesses;
/// then εᵢ = √2·xᵢ and wᵢ = 2/(√π·p′ₙ(xᵢ)²). The weights come from the recurrence, not from an
/// eigenvector, so even the tail weights (down to ~1e-140 at n = 160) have relative accuracy.
///
/// Used by the float32 routes of `gradient-estimators/gaussian` (rounded once to `Float`) and by the
/// tests that run the quadrature the float64 tolerance reasons name.
struct GaussHermiteRule: Sendable {
    struct NoConvergence: Error, CustomStringConvertible {
        let n: Int, root: Int
        var description: String { "Newton did not converge for root \(root) of the \(n)-node Gauss–Hermite rule" }
    }

    /// Nodes in decreasing order, and their weights.
    let nodes: [Double]
    let weights: [Double]

    init(_ n: Int) throws {
        precondition(n >= 1, "a rule needs a node")
        var x = [Double](repeating: 0, count: n), w = [Double](repeating: 0, count: n)
        let piToMinusQuarter = 1 / Foundation.pow(Double.pi, 0.25)
        var z = 0.0
        for i in 0..<((n + 1) / 2) {
            // Starting guesses for the largest roots, then extrapolation from the previous two.
            switch i {
            case 0: z = (Double(2 * n + 1)).squareRoot() - 1.85575 * Foundation.pow(Double(2 * n + 1), -0.16667)
            case 1: z -= 1.14 * Foundation.pow(Double(n), 0.426) / z
            case 2: z = 1.86 * z - 0.86 * x[0]
            case 3: z = 1.91 * z - 0.91 * x[1]
            default: z = 2 * z - x[i - 2]
            }
            var derivative = 0.0, converged = false
            for _ in 0..<100 {
                // p_{j+1} = x √(2/(j+1)) p_j − √(j/(j+1)) p_{j−1}, p_0 = π^{−1/4}; p′_n = √(2n)
                // p_{n−1}.
                var p = piToMinusQuarter, previous = 0.0
                for j in 0..<n {
                    let a = (2 / Double(j + 1)).squareRoot(), c = (Double(j) / Double(j + 1)).squareRoot()
                    let next = z * a * p - c * previous
                    previous = p
                    p = next
                }
                derivative = (2 * Double(n)).squareRoot() * previous
                let step = p / derivative
                z -= step
                if abs(step) <= 4 * Double.ulpOfOne * max(1, abs(z)) {
                    converged = true
                    break
                }
            }
            guard converged else { throw NoConvergence(n: n, root: i) }
            x[i] = z
            x[n - 1 - i] = -z
            w[i] = 2 / (derivative * derivative)
            w[n - 1 - i] = w[i]
        }
        let sqrtPi = Double.pi.squareRoot()
        nodes = x.map { $0 * 2.0.squareRoot() }
        weights = w.map { $0 / sqrtPi }
    }

    /// Σᵢ wᵢ g(εᵢ), summed in node order (as a dot product in NumPy would).
    func expectation(_ g: (Double) -> Double) -> Double {
        zip(nodes, weights).reduce(0) { $0 + $1.1 * g($1.0) }
    }

    /// The 160-node rule of the gradient estimators' tolerance reasons.
    static let nodes160 = Result { try GaussHermiteRule(160) }

    /// Σᵢ Float(wᵢ)·g(Float(εᵢ)) in float32, summed in node order: the rule as a float32 code holds
    /// it (nodes and weights rounded once) and applies it.
    func float32Expectation(_ g: (Float) throws -> Float) rethrows -> Float {
        var total: Float = 0
        for (node, weight) in zip(nodes, weights) { total += Float(weight) * (try g(Float(node))) }
        return total
    }
}
