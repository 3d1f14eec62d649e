import OracleArithmetic

/// The elementwise nonlinearity of a `DenseLayer`.
public enum Activation: String, Hashable, Sendable {
    /// a ↦ a.
    case identity
    /// a ↦ tanh a, evaluated as −t/(t + 2) with t = expm1(−2|a|) and the sign restored (no
    /// overflow, no cancellation); derivative 1 − tanh² a.
    case tanh

    func apply<S: RealScalar>(_ a: S) -> S {
        switch self {
        case .identity: return a
        case .tanh:
            let t = S.expm1(-(S(2) * a.absoluteValue))
            let y = -t / (t + S(2))
            return a < .zero ? -y : y
        }
    }

    func derivative<S: RealScalar>(output y: S) -> S {
        switch self {
        case .identity: return .one
        case .tanh: return .one - y * y
        }
    }
}

/// y = act(W x + b): one layer of the VAE's encoder or decoder (`Proofs/09-vae.md`, VAE-1, VAE-4).
///
/// **Edge Cases:** ragged or empty weights, a bias of the wrong length, or a NaN/∞ entry throws
/// `ModelInputError`.
public struct DenseLayer<Scalar: RealScalar>: Hashable, Sendable {
    /// W, `outputs` rows of `inputs` entries.
    public var weights: [[Scalar]]
    /// b, `outputs` entries.
    public var bias: [Scalar]
    /// act.
    public let activation: Activation

    /// The layer act(W x + b).
    public init(weights: [[Scalar]], bias: [Scalar], activation: Activation) throws(ModelInputError) {
        guard let first = weights.first, !first.isEmpty else { throw .empty(what: "layer weights") }
        for (i, row) in weights.enumerated() {
            guard row.count == first.count else {
                throw .shapeMismatch(what: "layer weights row \(i)", expected: [first.count], actual: [row.count])
            }
            try Validate.finite(row, "layer weights row \(i)")
        }
        try Validate.count(bias, weights.count, "layer bias")
        try Validate.finite(bias, "layer bias")
        self.weights = weights
        self.bias = bias
        self.activation = activation
    }

    /// The number of inputs.
    public var inputs: Int { weights[0].count }
    /// The number of outputs.
    public var outputs: Int { weights.count }

    /// act(W x + b). The caller guarantees x.count == inputs (checked by `MultilayerPerceptron`).
    func forward(_ x: [Scalar]) -> [Scalar] {
        zip(weights, bias).map { row, b in activation.apply(zip(row, x).reduce(b) { $0 + $1.0 * $1.1 }) }
    }

    /// Backpropagation through the layer (VAE-4): with δ = ∂L/∂y ⊙ act′, ∂L/∂W = δ xᵀ,
    /// ∂L/∂b = δ, ∂L/∂x = Wᵀ δ.
    func backward(input x: [Scalar], output y: [Scalar], outputGradient dy: [Scalar]) -> (
        input: [Scalar], gradient: DenseLayerGradient<Scalar>
    ) {
        let delta = zip(dy, y).map { $0 * activation.derivative(output: $1) }
        let dW = delta.map { d in x.map { d * $0 } }
        var dx = [Scalar](repeating: .zero, count: x.count)
        for (row, d) in zip(weights, delta) {
            for j in 0..<x.count { dx[j] += row[j] * d }
        }
        return (dx, DenseLayerGradient(weights: dW, bias: delta))
    }
}

/// ∂L/∂W and ∂L/∂b of one layer, in the layer's shapes.
public struct DenseLayerGradient<Scalar: RealScalar>: Hashable, Sendable {
    /// ∂L/∂W.
    public var weights: [[Scalar]]
    /// ∂L/∂b.
    public var bias: [Scalar]

    /// Every entry, weights row by row then the bias: the order of
    /// `VariationalAutoencoder.parameters`.
    public var flattened: [Scalar] { weights.flatMap { $0 } + bias }
}
