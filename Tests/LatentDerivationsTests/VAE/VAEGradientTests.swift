import Foundation
import Testing
import LatentDerivations
import OracleArithmetic
import OracleTestSupport

/// Hand-written backpropagation of the single-sample ELBO (`Proofs/09-vae.md`, VAE-4, VAE-6):
/// against central finite differences at 256 bits, against the linear VAE's closed-form
/// gradient, and Double against BigFloat.
@Suite("VAE: gradients")
struct VAEGradientTests {
    static let x = [0.75, -0.5, 1.25]
    static let epsilon = [0.375, -1.125]

    @Test(
        "backprop equals central finite differences at 256 bits (|error| ≤ 1e-30)",
        arguments: ["gaussian", "bernoulli"])
    func backpropMatchesFiniteDifferences(decoder: String) throws {
        try BigFloat.withPrecision(256) {
            let likelihood: DecoderLikelihood<BigFloat> =
                decoder == "gaussian" ? .gaussian(noiseVariance: BigFloat(0.5)) : .bernoulli
            let x = decoder == "gaussian" ? Self.x : [1.0, 0.0, 1.0]
            let vae = try VAETestNetworks.mlp(BigFloat.self, likelihood: likelihood)
            let xs = x.map(BigFloat.init), es = Self.epsilon.map(BigFloat.init)
            let g = try vae.elboGradient(x: xs, epsilon: es).gradient.flattened
            let theta = vae.parameters
            #expect(g.count == theta.count)
            // Central difference with h = 2⁻⁶⁴: truncation h²/6·|f‴| ≈ 1e-39·|f‴| and rounding
            // 2⁻²⁵⁶/h·|f| ≈ 1e-58·|f|; 1e-30 leaves a margin of 10⁸ over both for |f‴| ≤ 1e3.
            let h = BigFloat(mantissa: BigInt(1), exponent: -64)
            for i in 0..<theta.count {
                var plus = theta, minus = theta
                plus[i] = plus[i] + h
                minus[i] = minus[i] - h
                let fPlus = try vae.replacing(parameters: plus).elbo(x: xs, epsilon: es).elbo
                let fMinus = try vae.replacing(parameters: minus).elbo(x: xs, epsilon: es).elbo
                let fd = (fPlus - fMinus) / (BigFloat(2) * h)
                expectWithin(
                    error: abs((fd - g[i]).doubleValue), bound: 1e-30,
                    "central difference at h = 2⁻⁶⁴: truncation h²/6·|f‴| ≈ 1e-39·|f‴| and rounding 2⁻²⁵⁶/h·|f| ≈ "
                        + "1e-58·|f|; 1e-30 leaves 10⁸ over both for |f‴| ≤ 1e3", "parameter \(i)")
            }
        }
    }

    @Test("Double backprop is within 1e-13 (relative to the largest entry) of the 256-bit gradient")
    func doubleMatchesBigFloat() throws {
        let d = try VAETestNetworks.mlp(Double.self, likelihood: .gaussian(noiseVariance: 0.5))
        let gd = try d.elboGradient(x: Self.x, epsilon: Self.epsilon).gradient.flattened
        let gb = try BigFloat.withPrecision(256) {
            try VAETestNetworks.mlp(BigFloat.self, likelihood: .gaussian(noiseVariance: BigFloat(0.5)))
                .elboGradient(x: Self.x.map(BigFloat.init), epsilon: Self.epsilon.map(BigFloat.init)).gradient.flattened
                .map(\.doubleValue)
        }
        // A few dozen rounded operations per entry, each ≤ u relative to the terms it combines,
        // on O(1) weights: 1e-13 of the scale is ~500u.
        let scale = gb.map(abs).max() ?? 1
        for (a, b) in zip(gd, gb) {
            expectClose(
                a, b,
                within: .absolute(
                    1e-13 * scale,
                    "a few dozen rounded operations per entry on O(1) weights, each ≤ u relative to what it combines: "
                        + "1e-13 of the largest entry is ~500u"))
        }
    }

    @Test("linear VAE: generic backprop equals the closed-form matrix gradient", arguments: [[0.5], [-1.75], [2.25]])
    func linearGradientMatchesAnalytical(epsilon: [Double]) throws {
        let linear = try VAETestNetworks.linear(Double.self)
        let x = [1.5, -0.25]
        let backprop = try linear.model.elboGradient(x: x, epsilon: epsilon).gradient.flattened
        let closed = try linear.analyticalGradient(x: x, epsilon: epsilon)
        #expect(backprop.count == closed.count)
        // Same quantities by different operation orders: ≤ 8u relative to the largest entry.
        let scale = closed.map(abs).max() ?? 1
        for (a, b) in zip(backprop, closed) {
            expectClose(
                a, b,
                within: .absolute(
                    8 * Double.ulpOfOne * scale,
                    "the same products and sums in two operation orders, a few roundings each: ≤ 8u of the "
                        + "largest entry"))
        }
        // And exactly the same at 256 bits to 1e-70.
        try BigFloat.withPrecision(256) {
            let l = try VAETestNetworks.linear(BigFloat.self)
            let xs = x.map(BigFloat.init), es = epsilon.map(BigFloat.init)
            let a = try l.model.elboGradient(x: xs, epsilon: es).gradient.flattened
            let b = try l.analyticalGradient(x: xs, epsilon: es)
            for (u, v) in zip(a, b) {
                expectWithin(
                    error: abs((u - v).doubleValue), bound: 1e-70,
                    "backprop and the closed form are the same gradient in exact arithmetic; at 256 bits "
                        + "(u ≈ 9e-78) 1e-70 leaves 10⁷ units of rounding for the entries' size and steps")
            }
        }
    }

    @Test("a detached reparameterization (encoder gradient from the KL alone) is caught by the finite differences")
    func detachedReparameterizationIsCaught() throws {
        let vae = try VAETestNetworks.mlp(Double.self, likelihood: .gaussian(noiseVariance: 0.5))
        let full = try vae.elboGradient(x: Self.x, epsilon: Self.epsilon).gradient
        // The encoder gradient of −KL alone: perturb the encoder and difference −KL only.
        let theta = vae.parameters
        let h = 1e-6
        var maxGap = 0.0
        for i in 0..<vae.encoder.parameters.count {
            var p = theta, m = theta
            p[i] += h
            m[i] -= h
            let klOnly =
                (-(try vae.replacing(parameters: p).elbo(x: Self.x, epsilon: Self.epsilon).kl)
                    + (try vae.replacing(parameters: m).elbo(x: Self.x, epsilon: Self.epsilon).kl)) / (2 * h)
            maxGap = max(maxGap, abs(klOnly - full.flattened[i]))
        }
        #expect(maxGap > 1e-3)
    }
}
