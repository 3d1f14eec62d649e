import OracleArithmetic

/// A chain of dense layers, with the forward activations kept for backpropagation
/// (`Proofs/09-vae.md`, VAE-1, VAE-4).
///
/// **Edge Cases:** no layers, or a layer whose input count is not the previous layer's output
/// count, throws `ModelInputError.shapeMismatch`.
public struct MultilayerPerceptron<Scalar: RealScalar>: Hashable, Sendable {
    /// The layers, input first.
    public var layers: [DenseLayer<Scalar>]

    /// The network `layers[last] ∘ … ∘ layers[0]`.
    public init(layers: [DenseLayer<Scalar>]) throws(ModelInputError) {
        guard !layers.isEmpty else { throw .empty(what: "network layers") }
        for i in 1..<layers.count where layers[i].inputs != layers[i - 1].outputs {
            throw .shapeMismatch(
                what: "layer \(i) inputs", expected: [layers[i - 1].outputs], actual: [layers[i].inputs])
        }
        self.layers = layers
    }

    /// The input dimension.
    public var inputs: Int { layers[0].inputs }
    /// The output dimension.
    public var outputs: Int { layers[layers.count - 1].outputs }

    /// The activations [x, y₁, …, y_L] (the last is the output).
    public func forward(_ x: [Scalar]) throws(ModelInputError) -> [[Scalar]] {
        try Validate.count(x, inputs, "network input")
        var activations = [x]
        for layer in layers { activations.append(layer.forward(activations[activations.count - 1])) }
        return activations
    }

    /// Backpropagates ∂L/∂(output) through the stored activations: ∂L/∂(input) and each layer's
    /// gradient, input layer first (VAE-4).
    public func backward(activations: [[Scalar]], outputGradient: [Scalar]) -> (
        input: [Scalar], layers: [DenseLayerGradient<Scalar>]
    ) {
        var upstream = outputGradient
        var gradients: [DenseLayerGradient<Scalar>] = []
        for i in stride(from: layers.count - 1, through: 0, by: -1) {
            let (dx, g) = layers[i].backward(
                input: activations[i], output: activations[i + 1], outputGradient: upstream)
            gradients.append(g)
            upstream = dx
        }
        return (upstream, gradients.reversed())
    }

    /// Every weight and bias, layer by layer (weights row by row, then the bias).
    public var parameters: [Scalar] { layers.flatMap { $0.weights.flatMap { $0 } + $0.bias } }

    /// The same network with `parameters` replaced (in the order of `parameters`).
    public func replacing(parameters p: ArraySlice<Scalar>) throws(ModelInputError) -> MultilayerPerceptron {
        let expected = layers.reduce(0) { $0 + $1.outputs * ($1.inputs + 1) }
        guard p.count == expected else {
            throw .shapeMismatch(what: "parameters", expected: [expected], actual: [p.count])
        }
        var index = p.startIndex
        var out: [DenseLayer<Scalar>] = []
        for layer in layers {
            var w = layer.weights
            for i in 0..<w.count {
                for j in 0..<w[i].count {
                    w[i][j] = p[index]
                    index += 1
                }
            }
            let b = (0..<layer.bias.count).map { k in p[index + k] }
            index += layer.bias.count
            out.append(try DenseLayer(weights: w, bias: b, activation: layer.activation))
        }
        return try MultilayerPerceptron(layers: out)
    }
}
