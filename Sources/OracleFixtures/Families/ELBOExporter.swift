import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// `Fixtures/elbo/elbo-identity.json`: ln p(x) = ELBO(q) + KL(q ‖ p(z | x)) on three models
/// (`Proofs/05-elbo-identity.md`): a Gaussian mixture (discrete z, exact sums), the conjugate
/// linear-Gaussian latent model (closed form) and a non-conjugate logistic latent model
/// (integrals by a trapezoid rule with a stated error bound). Reference values are evaluated in
/// BigFloat at 256 bits and rounded once.
public struct ELBOExporter: FixtureFamilyExporter {
    public let family = "elbo"
    public let summary = "ln p(x) = ELBO(q) + KL(q ‖ p(z|x)): Gaussian mixture, linear-Gaussian (PPCA), logistic latent"

    public init() {}

    public func makeFiles() throws -> [FixtureFile] { [try identityFile()] }

    static let allNotes: OrderedMap<String> = [
        "kl-direction": "computing KL(p(z|x) ‖ q) instead of KL(q ‖ p(z|x)) for the gap",
        "elbo-entropy-omitted": "dropping the entropy H(q) (the −E_q[ln q] term) from the ELBO, i.e. reporting E_q[ln p(x, z)]",
        "sigma-vs-variance": "treating a given variance (σ² of the noise, s² of q) as a standard deviation",
    ]

    static let precision = 256
    static let u = 0x1p-53

    /// A 256-bit value rounded once to Double; |Double − true| ≤ ½ ulp + `absoluteError`, recorded as
    /// `bound:` 1 ulp when `absoluteError` ≤ ½ ulp, else as `bound:` ulp + absoluteError.
    static func bounded(_ x: BigFloat, absoluteError: Double) -> FixtureValue {
        let d = x.doubleValue
        let ulp = d == 0 ? Double.leastNonzeroMagnitude : d.ulp
        let bound = absoluteError <= ulp / 2 ? ulp : ulp + absoluteError * 2
        return .real(RealNumber(d, accuracy: .bound(bound)))
    }

    static func vectorValue(_ v: [Double]) -> FixtureValue { .vector(v.map { .exactReal($0) }) }
    static func matrixValue(_ m: [[Double]]) -> FixtureValue {
        .array(shape: [m.count, m.first?.count ?? 0], data: m.flatMap { $0.map { FixtureValue.exactReal($0) } })
    }
    static func big(_ v: [Double]) -> [BigFloat] { v.map { BigFloat($0) } }
    static func big(_ m: [[Double]]) throws -> Matrix<BigFloat> { try Matrix(m.map { $0.map { BigFloat($0) } }) }

    // MARK: - Gaussian mixture

    static let mixtureWeights = [0.5, 0.25, 0.25]
    static let mixtureMeans: [[Double]] = [[0, 0], [2, 1], [-1.5, 2]]
    static let mixtureCovariances: [[[Double]]] = [[[1, 0.25], [0.25, 0.5]], [[0.5, 0], [0, 0.5]], [[2, -0.5], [-0.5, 1]]]

    static func mixture(_ x: [Double]) throws -> DiscreteLatentELBO<BigFloat> {
        let components = try zip(mixtureMeans, mixtureCovariances).map { try MultivariateGaussian(mean: big($0.0), covariance: try big($0.1)) }
        return try DiscreteLatentELBO.gaussianMixture(observation: big(x), weights: big(mixtureWeights), components: components)
    }

    /// The posterior p(z | x) rounded onto the grid 2⁻⁵³ℤ so that the written Doubles sum to exactly 1.
    ///
    /// Every entry but the largest is `round(pₖ · 2⁵³) · 2⁻⁵³`; the largest takes the rest,
    /// 1 − Σ_{j≠k} q_j. Each n · 2⁻⁵³ with 0 ≤ n ≤ 2⁵³ is a Double, so the sum is exactly 1 and the
    /// identity's convention applies to the file's q with no renormalisation.
    /// Postconditions: |qₖ − pₖ| ≤ 2⁻⁵⁴ for the others and ≤ (K − 1)·2⁻⁵⁴ (+ the rounding of p) for the largest.
    static func simplexRounding(_ posterior: [BigFloat]) throws -> [Double] {
        let scale = 0x1p53
        guard let largest = posterior.indices.max(by: { posterior[$0] < posterior[$1] }) else { return [] }
        var counts = posterior.map { ($0.doubleValue * scale).rounded() }
        counts[largest] = 0
        counts[largest] = scale - counts.reduce(0, +)
        let q = counts.map { $0 / scale }
        // The counts are integers below 2⁵³, so their sum and every quotient above are exact.
        guard Self.big(q).reduce(BigFloat.zero, +) == BigFloat(1) else {
            throw FixtureExportInconsistency(reason: "the rounded posterior \(q) does not sum to exactly 1")
        }
        return q
    }

    func mixtureCase(_ name: String, x: [Double], q: [Double]?, flags: [String], comment: String) throws -> FixtureCase {
        try BigFloat.withPrecision(Self.precision) {
            let model = try Self.mixture(x)
            let posterior = try model.posterior()
            let qUsed = try q ?? Self.simplexRounding(posterior)
            // Every q is used exactly as written: no renormalisation, so the KL below is the convention
            // Σ qₖ ln(qₖ / p(z = k | x)) of the Doubles in the file.
            let bigQ = Self.big(qUsed)
            let evidence = try model.evidence()
            let elbo = try model.elbo(bigQ)
            let kl = try model.klToPosterior(bigQ)
            let scale = zip(qUsed, model.logJoint).reduce(abs(evidence.doubleValue) + 1) { $0 + $1.0 * (abs($1.1.doubleValue) + abs(Foundation.log(max($1.0, 1e-300)))) }
            let err = 0x1p-240 * scale
            return FixtureCase(
                id: "\(family)/elbo-identity/gaussian-mixture/\(name)", comment: comment, flags: flags,
                inputs: ["x": Self.vectorValue(x), "weights": Self.vectorValue(Self.mixtureWeights),
                         "means": Self.matrixValue(Self.mixtureMeans),
                         "covariances": .array(shape: [3, 2, 2], data: Self.mixtureCovariances.flatMap { $0.flatMap { $0.map { FixtureValue.exactReal($0) } } }),
                         "q": Self.vectorValue(qUsed)],
                expected: .values(["logEvidence": Self.bounded(evidence, absoluteError: err), "elbo": Self.bounded(elbo, absoluteError: err),
                                   "kl": Self.bounded(kl, absoluteError: err),
                                   "posterior": .vector(posterior.map { Self.bounded($0, absoluteError: err) })]),
                tolerance: .absolute(32 * Self.u * scale, "K = 3 log-densities (Cholesky, 2×2) and compensated sums of K terms qₖ(ℓₖ − ln qₖ): absolute error ≲ 32u·(|ln p| + Σ qₖ(|ℓₖ| + |ln qₖ|) + 1); the KL is a sum of such terms, so it gets the same absolute bound"))
        }
    }

    // MARK: - linear-Gaussian

    static let loading: [[Double]] = [[1, 0.5], [-0.5, 1], [0.25, -0.75]]
    static let linearMean = [0.5, -0.25, 1]
    static let noiseVariance = 0.5

    func linearCase(_ name: String, x: [Double], qMean: [Double]?, qCovariance: [[Double]]?, flags: [String], comment: String) throws -> FixtureCase {
        try BigFloat.withPrecision(Self.precision) {
            let model = try LinearGaussianELBO(loading: try Self.big(Self.loading), mean: Self.big(Self.linearMean), noiseVariance: BigFloat(Self.noiseVariance))
            let posterior = try model.posterior(Self.big(x))
            let m = qMean ?? posterior.mean.map { $0.doubleValue }
            let s = qCovariance ?? (0..<2).map { i in (0..<2).map { j in posterior.covariance[i, j].doubleValue } }
            let q = try MultivariateGaussian(mean: Self.big(m), covariance: try Self.big(s))
            let evidence = try model.evidence(Self.big(x))
            let elbo = try model.elbo(Self.big(x), q: q)
            let kl = try model.klToPosterior(Self.big(x), q: q)
            let scale = abs(evidence.doubleValue) + abs(elbo.doubleValue) + 10
            let err = 0x1p-240 * scale
            return FixtureCase(
                id: "\(family)/elbo-identity/linear-gaussian/\(name)", comment: comment, flags: flags,
                inputs: ["x": Self.vectorValue(x), "W": Self.matrixValue(Self.loading), "mu": Self.vectorValue(Self.linearMean),
                         "noiseVariance": .exactReal(Self.noiseVariance), "qMean": Self.vectorValue(m), "qCovariance": Self.matrixValue(s)],
                expected: .values(["logEvidence": Self.bounded(evidence, absoluteError: err), "elbo": Self.bounded(elbo, absoluteError: err),
                                   "kl": Self.bounded(kl, absoluteError: err)]),
                tolerance: .absolute(64 * Self.u * scale, "d = 3, k = 2 Cholesky factorisations of well-conditioned matrices (κ < 10) and O(d·k) sums of terms of size ≤ |ln p| + |ELBO| + 10: absolute error ≲ 64u times that"))
        }
    }

    // MARK: - logistic latent

    func logisticCase(_ name: String, ones: Int, zeros: Int, qMean: Double, qVariance: Double, flags: [String], comment: String) throws -> FixtureCase {
        try BigFloat.withPrecision(Self.precision) {
            let model = try LogisticLatentELBO<BigFloat>(ones: ones, zeros: zeros)
            let evidence = try model.evidence()
            let elbo = try model.elbo(mean: BigFloat(qMean), variance: BigFloat(qVariance))
            let kl = evidence - elbo
            let quadrature = model.quadratureErrorBound(mean: qMean, variance: qVariance)
            let err = quadrature + 0x1p-230
            let n = Double(ones + zeros)
            return FixtureCase(
                id: "\(family)/elbo-identity/logistic-latent/\(name)", comment: comment, flags: flags,
                inputs: ["ones": .integer(ones), "zeros": .integer(zeros), "qMean": .exactReal(qMean), "qVariance": .exactReal(qVariance)],
                expected: .values(["logEvidence": Self.bounded(evidence, absoluteError: 2 * err), "elbo": Self.bounded(elbo, absoluteError: err),
                                   "kl": Self.bounded(kl, absoluteError: 3 * err)]),
                tolerance: .absolute(1e-12 * (n + 1) * (abs(qMean) + 3), "float64 quadrature of integrands of size ≲ (n + 1)(|m| + s + 1) with relative accuracy ~1e-13 (adaptive Gauss–Kronrod or ≥ 100-point Gauss–Hermite); KL = ln p − ELBO doubles it"))
        }
    }

    func identityFile() throws -> FixtureFile {
        let xs: [(String, [Double])] = [("x-near-first", [0.25, -0.5]), ("x-between", [1, 1.5]), ("x-far", [6, -3])]
        var mixture: [FixtureCase] = []
        for (xn, x) in xs {
            mixture.append(try mixtureCase("\(xn)-uniform-q", x: x, q: [0.375, 0.3125, 0.3125], flags: ["kl-direction", "elbo-entropy-omitted"], comment: "a nearly uniform q: ELBO < ln p(x), gap = KL"))
            mixture.append(try mixtureCase("\(xn)-point-mass-q", x: x, q: [0, 1, 0], flags: [], comment: "q = δ₁: ELBO = ℓ₁, 0·ln 0 terms vanish, KL = −ln p(z=1|x)"))
            mixture.append(try mixtureCase("\(xn)-prior-q", x: x, q: Self.mixtureWeights, flags: ["kl-direction", "elbo-entropy-omitted"], comment: "q = π, the prior"))
            mixture.append(try mixtureCase("\(xn)-posterior-q", x: x, q: nil, flags: ["elbo-entropy-omitted"], comment: "q = the responsibilities rounded onto 2⁻⁵³ℤ so that Σq = 1 exactly: ELBO = ln p(x) and KL = 0 up to that rounding (KL ≥ 0 and second order in it)"))
        }
        let linear = [
            try linearCase("posterior-q", x: [1, 0.5, -1], qMean: nil, qCovariance: nil, flags: ["sigma-vs-variance", "elbo-entropy-omitted"], comment: "q = the posterior (rounded): KL ≈ 0, ELBO ≈ ln p(x)"),
            try linearCase("prior-q", x: [1, 0.5, -1], qMean: [0, 0], qCovariance: [[1, 0], [0, 1]], flags: ["sigma-vs-variance", "kl-direction", "elbo-entropy-omitted"], comment: "q = N(0, I), the prior"),
            try linearCase("narrow-q", x: [2, -1, 0.5], qMean: [0.5, -0.25], qCovariance: [[0.0625, 0.015625], [0.015625, 0.125]], flags: ["sigma-vs-variance", "kl-direction", "elbo-entropy-omitted"], comment: "a correlated narrow q"),
            try linearCase("wide-q", x: [-1.5, 2, 0.25], qMean: [1, 1], qCovariance: [[4, 0], [0, 2]], flags: ["sigma-vs-variance", "kl-direction", "elbo-entropy-omitted"], comment: "a wide q"),
        ]
        let logistic = [
            try logisticCase("one-one-standard-q", ones: 1, zeros: 0, qMean: 0, qVariance: 1, flags: ["elbo-entropy-omitted"], comment: "a single 1: p(x) = 1/2 exactly by symmetry"),
            try logisticCase("three-ones-one-zero", ones: 3, zeros: 1, qMean: 0.5, qVariance: 0.5, flags: ["elbo-entropy-omitted", "sigma-vs-variance"], comment: "n = 4 observations"),
            try logisticCase("seven-ones-two-zeros", ones: 7, zeros: 2, qMean: 1, qVariance: 0.25, flags: ["elbo-entropy-omitted", "sigma-vs-variance"], comment: "n = 9"),
            try logisticCase("zeros-only-wide-q", ones: 0, zeros: 5, qMean: -1.5, qVariance: 2, flags: ["elbo-entropy-omitted", "sigma-vs-variance"], comment: "five 0s with a wide q"),
        ]
        let bad: [(String, OrderedMap<FixtureValue>, String, String)] = [
            ("mixture-q-off-simplex", ["x": Self.vectorValue([0, 0]), "weights": Self.vectorValue(Self.mixtureWeights), "means": Self.matrixValue(Self.mixtureMeans),
                                       "covariances": .array(shape: [3, 2, 2], data: Self.mixtureCovariances.flatMap { $0.flatMap { $0.map { FixtureValue.exactReal($0) } } }),
                                       "q": Self.vectorValue([0.5, 0.5, 0.5])], "not-a-probability", "Σ q = 1.5"),
            ("linear-zero-noise", ["x": Self.vectorValue([1, 0.5, -1]), "W": Self.matrixValue(Self.loading), "mu": Self.vectorValue(Self.linearMean),
                                   "noiseVariance": .exactReal(0), "qMean": Self.vectorValue([0, 0]), "qCovariance": Self.matrixValue([[1, 0], [0, 1]])], "not-positive", "σ² = 0"),
            ("linear-q-not-positive-definite", ["x": Self.vectorValue([1, 0.5, -1]), "W": Self.matrixValue(Self.loading), "mu": Self.vectorValue(Self.linearMean),
                                                "noiseVariance": .exactReal(0.5), "qMean": Self.vectorValue([0, 0]), "qCovariance": Self.matrixValue([[1, 2], [2, 1]])], "not-positive-definite", "q's covariance has eigenvalue −1"),
            ("logistic-zero-variance-q", ["ones": .integer(1), "zeros": .integer(1), "qMean": .exactReal(0), "qVariance": .exactReal(0)], "not-positive", "s² = 0"),
        ]
        let badCases = bad.map { b in
            FixtureCase(id: "\(family)/elbo-identity/elbo-bad-input/\(b.0)", comment: b.3, flags: [], inputs: b.1,
                        expected: .error(kind: b.2), tolerance: .exact("the input must be refused; there is no output to compare"))
        }
        return FixtureFile(
            family: family, variant: "elbo-identity",
            description: "ln p(x) = ELBO(q) + KL(q ‖ p(z|x)) on a Gaussian mixture (discrete z), the linear-Gaussian latent model z ~ N(0, I), x | z ~ N(Wz + mu, noiseVariance·I), and the logistic latent model z ~ N(0,1), x_i | z ~ Bernoulli(sigmoid z) i.i.d. (ones 1s and zeros 0s). Reference: BigFloat at 256 bits (the logistic integrals by the trapezoid rule on the standardised variable with the stated error bound).",
            proof: ProofReference(file: "Proofs/05-elbo-identity.md", steps: ["ELBO-1", "ELBO-2", "ELBO-3", "ELBO-4", "ELBO-5", "ELBO-6", "ELBO-7", "ELBO-8", "ELBO-9"]),
            conventions: [
                "kl-direction": "kl is KL(q ‖ p(z|x)) = E_q[ln q − ln p(z|x)]: the variational distribution first",
                "elbo": "elbo = E_q[ln p(x, z)] + H(q) = E_q[ln p(x, z) − ln q(z)] for ONE observation x (not averaged, not negated: loss = −elbo)",
                "logEvidence": "logEvidence = ln p(x) in nats; for the logistic model p(x) is the probability of the given ordered sequence of ones 1s and zeros 0s (no binomial coefficient)",
                "variance": "noiseVariance and qVariance are variances (σ², s²); qCovariance, covariances are covariance matrices",
                "mixture": "weights π_k, means [K, d], covariances [K, d, d]; posterior = responsibilities p(z = k | x); q is used exactly as written, never renormalised: every q in this file sums to exactly 1 as Doubles (the posterior-q entries are multiples of 2⁻⁵³); an implementation refuses Σq off 1 by more than 1e-12",
                "zero-terms": "q_k = 0 contributes 0 to the ELBO and the KL (0·ln 0 = 0)",
                "errors": "q off the simplex: not-a-probability; a non-positive variance: not-positive; a covariance that is not positive definite: not-positive-definite",
            ],
            notes: Self.allNotes,
            testGroups: [
                TestGroup(id: "gaussian-mixture", description: "Discrete z: a 3-component mixture in 2-D; several q including the posterior.", cases: mixture),
                TestGroup(id: "linear-gaussian", description: "Conjugate continuous z (PPCA): closed-form ELBO for Gaussian q.", cases: linear),
                TestGroup(id: "logistic-latent", description: "Non-conjugate 1-D z: ln p(x) and ELBO as integrals.", cases: logistic),
                TestGroup(id: "elbo-bad-input", description: "Refused inputs.", cases: badCases),
            ])
    }
}
