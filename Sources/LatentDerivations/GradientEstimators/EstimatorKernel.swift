import OracleArithmetic

/// A kernel k(x) = exp(−c x²) · cos(d x) or exp(−c x²) · sin(d x) of the Gaussian variable
/// x = μ + σε, with c ≥ 0 (`Proofs/08-gradient-estimators.md`, GE-7). With c = d = 0 and cosine it
/// is the constant 1. Products of kernels are sums of kernels (GE-7), so every power of a test
/// function, its derivative and the score stays in this family.
public struct EstimatorKernel<Scalar: FieldScalar>: Hashable, Sendable {
    /// c ≥ 0 in exp(−c x²).
    public let gaussianRate: Scalar
    /// d ≥ 0 in cos(d x) or sin(d x) (normalised by the parity of cos and sin).
    public let frequency: Scalar
    /// sin(d x) when true, cos(d x) when false.
    public let isSine: Bool

    /// The constant kernel 1.
    public static var one: EstimatorKernel { EstimatorKernel(gaussianRate: .zero, frequency: .zero, isSine: false) }

    /// True when the kernel is the constant 1 (its expectations need only field operations).
    public var isOne: Bool { gaussianRate.isZero && frequency.isZero && !isSine }

    /// The kernel with the given parameters; a negative frequency is folded to a positive one with
    /// the sign returned separately (cos(−dx) = cos(dx), sin(−dx) = −sin(dx)).
    static func normalized(rate: Scalar, frequency d: Scalar, sine: Bool) -> (kernel: EstimatorKernel, sign: Scalar) {
        if d < .zero {
            return (EstimatorKernel(gaussianRate: rate, frequency: -d, isSine: sine), sine ? -.one : .one)
        }
        return (EstimatorKernel(gaussianRate: rate, frequency: d, isSine: sine), .one)
    }

    /// k₁(x) k₂(x) as a sum of kernels with coefficients: the Gaussian rates add, and the
    /// trigonometric parts follow the product-to-sum identities (GE-7):
    /// cos a cos b = ½[cos(a−b) + cos(a+b)], sin a sin b = ½[cos(a−b) − cos(a+b)],
    /// sin a cos b = ½[sin(a+b) + sin(a−b)].
    static func product(_ k1: EstimatorKernel, _ k2: EstimatorKernel) -> [(
        coefficient: Scalar, kernel: EstimatorKernel
    )] {
        let rate = k1.gaussianRate + k2.gaussianRate
        let half = Scalar.one / Scalar(2)
        let a = k1.frequency, b = k2.frequency
        if a.isZero && !k1.isSine {
            return [(.one, EstimatorKernel(gaussianRate: rate, frequency: b, isSine: k2.isSine))]
        }
        if b.isZero && !k2.isSine {
            return [(.one, EstimatorKernel(gaussianRate: rate, frequency: a, isSine: k1.isSine))]
        }
        let parts: [(Scalar, Scalar, Bool)]
        switch (k1.isSine, k2.isSine) {
        case (false, false): parts = [(half, a - b, false), (half, a + b, false)]
        case (true, true): parts = [(half, a - b, false), (-half, a + b, false)]
        case (true, false): parts = [(half, a + b, true), (half, a - b, true)]
        case (false, true): parts = [(half, a + b, true), (half, b - a, true)]
        }
        return parts.compactMap { coefficient, d, sine in
            // sin(0·x) = 0: the term vanishes.
            if sine && d.isZero { return nil }
            let n = normalized(rate: rate, frequency: d, sine: sine)
            return (coefficient * n.sign, n.kernel)
        }
    }
}
