import LatentDerivations
import OracleArithmetic
import OracleTestSupport
import OracleRandom

/// Small fixed VAEs shared by the VAE tests; every weight is a dyadic Double, so the same network
/// is built exactly over Double and BigFloat.
enum VAETestNetworks {
    /// A weight matrix of `rows` × `columns` with entries k/16, k ∈ [−12, 12], from a seeded stream.
    static func matrix(_ rows: Int, _ columns: Int, _ random: inout SplitMix64) -> [[Double]] {
        (0..<rows).map { _ in (0..<columns).map { _ in Double(Int.random(in: -12...12, using: &random)) / 16 } }
    }

    /// D = 3, encoder 3 → 4 (tanh) → 4 (= 2d), decoder 2 → 3 (tanh) → 3.
    static func mlp<S: RealScalar>(_: S.Type, likelihood: DecoderLikelihood<S>, seed: UInt64 = 0x7AE) throws
        -> VariationalAutoencoder<S>
    {
        var random = SplitMix64(seed: seed)
        func layer(_ o: Int, _ i: Int, _ act: Activation) throws -> DenseLayer<S> {
            let w = matrix(o, i, &random).map { $0.map { S($0) } }
            let b = matrix(1, o, &random)[0].map { S($0) }
            return try DenseLayer(weights: w, bias: b, activation: act)
        }
        let encoder = try MultilayerPerceptron(layers: [layer(4, 3, .tanh), layer(4, 4, .identity)])
        let decoder = try MultilayerPerceptron(layers: [layer(3, 2, .tanh), layer(3, 3, .identity)])
        return try VariationalAutoencoder(encoder: encoder, decoder: decoder, likelihood: likelihood)
    }

    /// D = 2, d = 1 linear VAE.
    static func linear<S: RealScalar>(_: S.Type) throws -> LinearGaussianVAE<S> {
        try LinearGaussianVAE(
            decoderWeights: [[S(1.25)], [S(-0.5)]], decoderBias: [S(0.25), S(-0.125)], noiseVariance: S(0.5),
            encoderWeights: [[S(0.5), S(-0.25)], [S(0.125), S(0.0625)]], encoderBias: [S(0.0625), S(-0.75)])
    }
}
