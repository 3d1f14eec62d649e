import LatentDerivations
import OracleArithmetic

/// One dense layer of a VAE network as the fixture inputs give it: W (rows = outputs), b, act.
struct VAELayerSpec: Sendable {
    let weights: [[Double]]
    let bias: [Double]
    let activation: Activation
}

/// The encoder and decoder of a VAE request and its likelihood.
struct VAENetworks: Sendable {
    var encoder: [VAELayerSpec]
    var decoder: [VAELayerSpec]
    var bernoulli: Bool
    var noiseVariance: Double

    /// The networks at scalar type S.
    func vae<S: RealScalar>(_: S.Type) throws -> VariationalAutoencoder<S> {
        func network(_ specs: [VAELayerSpec]) throws -> MultilayerPerceptron<S> {
            try MultilayerPerceptron(
                layers: specs.map {
                    try DenseLayer(
                        weights: $0.weights.map { $0.map { S($0) } }, bias: $0.bias.map { S($0) },
                        activation: $0.activation)
                })
        }
        let likelihood: DecoderLikelihood<S> = bernoulli ? .bernoulli : .gaussian(noiseVariance: S(noiseVariance))
        return try VariationalAutoencoder(encoder: network(encoder), decoder: network(decoder), likelihood: likelihood)
    }

    /// One identity layer in each network and a Gaussian decoder: the linear VAE of VAE-6.
    var isLinear: Bool {
        encoder.count == 1 && decoder.count == 1 && !bernoulli
            && encoder[0].activation == .identity && decoder[0].activation == .identity
    }
}

extension VAEEvaluators {
    /// The most layers a network of a request may have.
    static let layerLimit = 4

    static let networkNames = [("encoder", "e"), ("decoder", "h")]

    /// The inputs that give the two networks and the likelihood: `<network>-layers` = L and, for
    /// l < L, `<network>-W<l>` (shape [n_{l+1}, n_l]), `<network>-b<l>`, `<network>-act<l>`.
    static let networkDeclarations: [FieldDeclaration] =
        networkNames.flatMap { name, symbol in
            [FieldDeclaration("\(name)-layers", .integer, "the number L of \(name) layers, 1 … \(layerLimit)")]
                + (0..<layerLimit).flatMap { l in
                    [
                        FieldDeclaration(
                            "\(name)-W\(l)", .real, shape: ["\(symbol)\(l + 1)", "\(symbol)\(l)"],
                            "layer \(l) weights, rows = outputs (for l < L)", isRequired: false),
                        FieldDeclaration(
                            "\(name)-b\(l)", .real, shape: ["\(symbol)\(l + 1)"], "layer \(l) bias (for l < L)",
                            isRequired: false),
                        FieldDeclaration(
                            "\(name)-act\(l)", .string, "layer \(l) activation: identity or tanh (for l < L)",
                            isRequired: false),
                    ]
                }
        } + [
            FieldDeclaration(
                "likelihood", .string,
                "gaussian N(x; a, s² I) or bernoulli ∏ Bernoulli(xᵢ; sigmoid aᵢ)"),
            FieldDeclaration(
                "s2", .real, "the Gaussian decoder's noise VARIANCE s² > 0 (given, unused, for bernoulli)"),
        ]

    /// The networks of `read`, checked: the layers present are exactly 0 … L − 1, finite, with
    /// known activations; the encoder maps D to 2d numbers and the decoder d to D.
    static func networks(
        _ read: EvaluationInputs, _ path: GroupPath, dataDimension: Int,
        latentDimension: Int
    ) throws(EvaluationError) -> VAENetworks {
        func error(_ kind: EvaluationError.Kind, _ field: String, _ problem: String, _ remedy: String)
            -> EvaluationError
        {
            EvaluationError(kind, group: path.description, field: field, problem: problem, remedy: remedy)
        }
        var layers: [[VAELayerSpec]] = []
        for (name, _) in networkNames {
            let count = read.integer("\(name)-layers")
            guard (1...layerLimit).contains(count) else {
                throw error(
                    .sizeLimit, "\(name)-layers", "\(count) layers, not 1 … \(layerLimit)",
                    "give 1 … \(layerLimit) layers")
            }
            var specs: [VAELayerSpec] = []
            for l in 0..<layerLimit {
                let fields = ["\(name)-W\(l)", "\(name)-b\(l)", "\(name)-act\(l)"]
                for field in fields {
                    if l < count && read.values[field] == nil {
                        throw error(.missingInput, field, "the input is missing", "give layer \(l) of \(count)")
                    }
                    if l >= count && read.values[field] != nil {
                        throw error(.extraInput, field, "\(name)-layers is \(count)", "remove it or add the layer")
                    }
                }
                guard l < count else { continue }
                try read.requireFinite(fields[0], fields[1])
                guard case .string(let act)? = read.values[fields[2]], let activation = Activation(rawValue: act) else {
                    throw error(.mistypedInput, fields[2], "not an activation", "write identity or tanh")
                }
                specs.append(
                    VAELayerSpec(
                        weights: read.matrix(fields[0]), bias: read.reals(fields[1]),
                        activation: activation))
            }
            layers.append(specs)
        }
        let (encoder, decoder) = (layers[0], layers[1])
        let ends: [(String, Int, Int, String)] = [
            ("encoder-W0", encoder[0].weights.first?.count ?? 0, dataDimension, "columns, the data dimension D"),
            (
                "encoder-W\(encoder.count - 1)", encoder[encoder.count - 1].weights.count, 2 * latentDimension,
                "rows, 2d: μ and ρ = ln σ"
            ),
            ("decoder-W0", decoder[0].weights.first?.count ?? 0, latentDimension, "columns, the latent dimension d"),
            (
                "decoder-W\(decoder.count - 1)", decoder[decoder.count - 1].weights.count, dataDimension,
                "rows, the data dimension D"
            ),
        ]
        for (field, size, wanted, what) in ends where size != wanted {
            throw error(
                .shapeMismatch, field, "\(size) \(what.split(separator: ",")[0]), not \(wanted)",
                "give \(wanted) \(what)")
        }
        guard case .string(let likelihood)? = read.values["likelihood"], ["gaussian", "bernoulli"].contains(likelihood)
        else {
            throw error(.mistypedInput, "likelihood", "not a decoder likelihood", "write gaussian or bernoulli")
        }
        try read.requireFinite("s2")
        return VAENetworks(
            encoder: encoder, decoder: decoder, bernoulli: likelihood == "bernoulli",
            noiseVariance: read.real("s2"))
    }

    /// The networks of `read`, which must be the linear VAE (one identity layer each, Gaussian).
    static func linearNetworks(
        _ read: EvaluationInputs, _ path: GroupPath, dataDimension: Int,
        latentDimension: Int
    ) throws(EvaluationError) -> VAENetworks {
        let networks = try networks(read, path, dataDimension: dataDimension, latentDimension: latentDimension)
        guard networks.isLinear else {
            throw EvaluationError(
                .mistypedInput, group: path.description, field: "encoder-layers",
                problem: "this group takes the linear VAE",
                remedy: "give one identity layer in each network and a gaussian likelihood")
        }
        return networks
    }
}
