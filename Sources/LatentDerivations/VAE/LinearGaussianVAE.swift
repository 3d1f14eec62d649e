import OracleArithmetic
import OracleLinearAlgebra

/// The linear Gaussian VAE (`Proofs/09-vae.md`, VAE-6): decoder x = W z + b + noise, noise
/// N(0, s² I), prior z ~ N(0, I), so p(x) = N(x; b, WWᵀ + s² I) is the PPCA marginal (M. Gales,
/// 4F10, Cambridge 2018, § "Probabilistic PCA"; Tipping & Bishop 1999); encoder (μ, ρ) = A x + c,
/// linear.
public struct LinearGaussianVAE<Scalar: RealScalar>: Hashable, Sendable {
    /// The VAE with one identity layer in each network.
    public let model: VariationalAutoencoder<Scalar>

    /// W (D × d), b (D), s², A (2d × D), c (2d).
    public init(
        decoderWeights w: [[Scalar]], decoderBias b: [Scalar], noiseVariance s2: Scalar,
        encoderWeights a: [[Scalar]], encoderBias c: [Scalar]
    ) throws(ModelInputError) {
        let encoder = try MultilayerPerceptron(layers: [DenseLayer(weights: a, bias: c, activation: .identity)])
        let decoder = try MultilayerPerceptron(layers: [DenseLayer(weights: w, bias: b, activation: .identity)])
        model = try VariationalAutoencoder(encoder: encoder, decoder: decoder, likelihood: .gaussian(noiseVariance: s2))
    }

    var w: [[Scalar]] { model.decoder.layers[0].weights }
    var b: [Scalar] { model.decoder.layers[0].bias }
    var s2: Scalar {
        if case .gaussian(let v) = model.likelihood { return v }
        return .one
    }

    /// The PPCA marginal N(b, WWᵀ + s² I) (VAE-6).
    public func marginal() throws -> MultivariateGaussian<Scalar> {
        let dim = model.dataDimension
        let c = Matrix(rows: dim, columns: dim) { i, j in
            zip(w[i], w[j]).reduce(i == j ? s2 : .zero) { $0 + $1.0 * $1.1 }
        }
        return try MultivariateGaussian(mean: b, covariance: c)
    }

    /// ln p(x), exact (VAE-6).
    public func logMarginal(_ x: [Scalar]) throws -> Scalar { try marginal().logDensity(x) }

    /// E_q[ELBO] in closed form (VAE-6): ln N(x; Wμ + b, s² I) − Σⱼ σⱼ² ‖W₍:,ⱼ₎‖²/(2s²) − KL,
    /// since E‖x − Wz − b‖² = ‖x − Wμ − b‖² + tr(W diag σ² Wᵀ).
    public func expectedELBO(_ x: [Scalar]) throws -> Scalar {
        let d = model.latentDimension
        let zeroEps = [Scalar](repeating: .zero, count: d)
        // At ε = 0, z = μ: the reconstruction term is ln N(x; Wμ + b, s² I).
        let atMean = try model.elbo(x: x, epsilon: zeroEps)
        var trace = Scalar.zero
        for j in 0..<d {
            let column = w.reduce(Scalar.zero) { $0 + $1[j] * $1[j] }
            trace += atMean.standardDeviation[j] * atMean.standardDeviation[j] * column
        }
        return atMean.elbo - trace / (Scalar(2) * s2)
    }

    /// KL(q(z|x) ‖ p(z|x)) in closed form (VAE-6), the gap ln p(x) − E_q[ELBO]. The exact posterior
    /// is N(m, s²M⁻¹), M = WᵀW + s²I, m = M⁻¹Wᵀ(x − b); q = N(μ, diag e^{2ρ}) is the encoder's.
    ///
    /// Accuracy: written as ½[Σⱼ φ(ℓⱼ) + δᵀMδ/s² + h] with three parts ≥ 0 and no cancellation
    /// between them, so near q = p(z|x), where the KL is ≈ Σⱼ ℓⱼ²/4 + δᵀMδ/(2s²), a `Double` evaluation
    /// loses only the rounding of ℓⱼ and δ (relative ≈ 2u·S/|ℓ| for terms of size S), where the difference
    /// of the two bounds loses u·|ln p(x)|/KL.
    public func posteriorKL(_ x: [Scalar]) throws -> Scalar {
        let d = model.latentDimension, dim = model.dataDimension
        let out = try model.encoder.forward(x).last ?? []
        guard x.count == dim, out.count == 2 * d else {
            throw ModelInputError.shapeMismatch(what: "x", expected: [dim], actual: [x.count])
        }
        let weights = w, bias = b, noise = s2
        let m = Matrix(rows: d, columns: d) { j, k in
            (0..<dim).reduce(j == k ? noise : .zero) { $0 + weights[$1][j] * weights[$1][k] }
        }
        let factor = try CholeskyFactorization(m)
        let projected = (0..<d).map { j in
            (0..<dim).reduce(Scalar.zero) { $0 + weights[$1][j] * (x[$1] - bias[$1]) }
        }
        let mean = try factor.solve(projected)
        // ln|Σ_p⁻¹Σ_q| splits as Σⱼ ℓⱼ − h with ℓⱼ = ln Mⱼⱼ + 2ρⱼ − ln s² and h = Σⱼ ln Mⱼⱼ − ln|M| ≥ 0
        // (Hadamard), and tr(Σ_p⁻¹Σ_q) = Σⱼ e^{ℓⱼ}, so tr − d − ln|Σ_p⁻¹Σ_q| = Σⱼ φ(ℓⱼ) + h with
        // φ(ℓ) = eˡ − 1 − ℓ ≥ 0. h = −ln|R| for the correlation matrix R of M (exactly 0 when d = 1).
        let logNoise = try Scalar.log(noise)
        var total = Scalar.zero
        for j in 0..<d {
            total += Self.expm1MinusIdentity(try Scalar.log(m[j, j]) + Scalar(2) * out[d + j] - logNoise)
        }
        if d > 1 {
            let scale = try (0..<d).map { try Scalar.sqrt(m[$0, $0]) }
            let r = Matrix(rows: d, columns: d) { j, k in j == k ? Scalar.one : m[j, k] / (scale[j] * scale[k]) }
            total -= try CholeskyFactorization(r).logDeterminant
        }
        // The mean part δᵀMδ/s², δ = μ − m (one difference per coordinate).
        let delta = (0..<d).map { out[$0] - mean[$0] }
        var quadratic = Scalar.zero
        for j in 0..<d { for k in 0..<d { quadratic += delta[j] * m[j, k] * delta[k] } }
        return (total + quadratic / noise) / Scalar(2)
    }

    /// φ(ℓ) = eˡ − 1 − ℓ: the series Σ_{k≥2} ℓᵏ/k! for |ℓ| ≤ ½ (no cancellation; it stops when a term
    /// no longer changes the sum at the scalar's precision), else expm1(ℓ) − ℓ.
    static func expm1MinusIdentity(_ l: Scalar) -> Scalar {
        let half = Scalar(1) / Scalar(2)
        guard l <= half, l >= -half else { return Scalar.expm1(l) - l }
        var term = l * l / Scalar(2), sum = Scalar.zero, k = 2
        while sum + term != sum {
            sum += term
            k += 1
            term = term * l / Scalar(k)
        }
        return sum
    }

    /// The single-sample ELBO gradient in closed matrix form (VAE-6), independent of the generic
    /// backpropagation: r = (x − Wz − b)/s²; ∂W = r zᵀ, ∂b = r; g_z = Wᵀr; g_μ = g_z − μ;
    /// g_ρ = g_z ⊙ ε ⊙ σ − (σ² − 1); ∂A = [g_μ; g_ρ] xᵀ, ∂c = [g_μ; g_ρ].
    /// Returned in the order of `VariationalAutoencoder.parameters`.
    public func analyticalGradient(x: [Scalar], epsilon: [Scalar]) throws -> [Scalar] {
        let e = try model.elbo(x: x, epsilon: epsilon)
        let d = model.latentDimension
        let weights = w, bias = b, noise = s2
        var r: [Scalar] = []
        for i in 0..<model.dataDimension {
            var wz = Scalar.zero
            for j in 0..<d { wz += weights[i][j] * e.z[j] }
            r.append((x[i] - bias[i] - wz) / noise)
        }
        var gMu: [Scalar] = [], gRho: [Scalar] = []
        for j in 0..<d {
            var gz = Scalar.zero
            for i in 0..<r.count { gz += weights[i][j] * r[i] }
            let sigma = e.standardDeviation[j]
            gMu.append(gz - e.mean[j])
            gRho.append(gz * epsilon[j] * sigma - (sigma * sigma - .one))
        }
        let gOut = gMu + gRho
        let encoderPart = gOut.flatMap { g in x.map { g * $0 } } + gOut
        let decoderPart = r.flatMap { ri in e.z.map { ri * $0 } } + r
        return encoderPart + decoderPart
    }
}
