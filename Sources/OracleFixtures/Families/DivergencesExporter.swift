import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleRandom

/// `Fixtures/divergences/`: KL(p ‖ q) in closed form (`Proofs/02-gaussian-kl.md`).
///
/// - `gaussian-kl.json`: univariate, diagonal and full-covariance Gaussians (dimensions 1 … 10),
///   near-equal pairs, widely different scales, ill-conditioned covariances, bad input. Inputs are
///   dyadic Doubles, so the exact split KL = rationalPart + ½·ln(logArgument) is computed over ℚ
///   (LDLᵀ, `MultivariateGaussianKL.decomposition`) and the total is correctly rounded (Ziv).
/// - `discrete-kl.json`: Bernoulli and categorical KL, correctly rounded from BigFloat, including
///   KL = +∞ when p has mass where q has none, and refused inputs.
public struct DivergencesExporter: FixtureFamilyExporter {
    public let family = "divergences"
    public let summary = "KL(p ‖ q): Gaussians (univariate, diagonal, full; exact rational part + ½ ln of an exact rational), Bernoulli, categorical, +∞"

    public init() {}

    public func makeFiles() throws -> [FixtureFile] {
        [try gaussianFile(), try discreteFile()]
    }

    static let allNotes: OrderedMap<String> = [
        "kl-direction": "computing KL(q ‖ p) instead of KL(p ‖ q): the divergence is not symmetric",
        "missing-half": "dropping the factor 1/2 in front of the Gaussian closed form",
        "logdet-sign": "using ln(|Σ1|/|Σ2|) instead of ln(|Σ2|/|Σ1|) in the log-determinant term",
        "sigma-vs-variance": "treating the given variances σ² as standard deviations σ (squaring them again)",
        "trace-term-transposed": "using tr(Σ1⁻¹Σ2) instead of tr(Σ2⁻¹Σ1) in the trace term",
        "cancellation-near-equal": "evaluating tr − k + Mahalanobis + ln|Σ2| − ln|Σ1| term by term for nearly equal distributions: terms of size k cancel to a KL of size 1e-12 and the relative error is ~1e-4 or worse",
        "infinite-support": "returning a finite number, NaN or an error instead of +∞ when p has mass on a state where q has none",
        "zero-times-log-zero": "letting a term with p_k = 0 produce NaN (0·ln 0) instead of 0",
    ]

    static func notes(_ flags: [String]) -> OrderedMap<String> {
        var selected = OrderedMap<String>()
        for flag in flags { selected[flag] = allNotes[flag] }
        return selected
    }

    static let u = 0x1p-53

    // MARK: - shared value helpers

    static func exact(_ x: Double) -> Rational { Rational(exactly: x)! }

    /// A rational as a fixture real: exact when it is a Double, otherwise correctly rounded with
    /// its exact spelling.
    static func realValue(_ r: Rational) -> FixtureValue {
        let d = r.doubleValue
        if d.isFinite, Rational(exactly: d) == r { return .real(RealNumber(d, exact: r.description, accuracy: .exact)) }
        return .real(RealNumber(d, exact: r.description, accuracy: .correctlyRounded))
    }

    static func vectorValue(_ v: [Double]) -> FixtureValue { .vector(v.map { .exactReal($0) }) }

    static func matrixValue(_ m: [[Double]]) -> FixtureValue {
        .array(shape: [m.count, m.first?.count ?? 0], data: m.flatMap { $0.map { FixtureValue.exactReal($0) } })
    }

    /// The correctly rounded R + ½·ln A (Ziv): computed with 64 guard bits, so the error is below
    /// 1 ulp at precision p unless R and ½ ln A cancel by more than 60 bits.
    static func correctlyRoundedKL(_ parts: GaussianKLDecomposition<Rational>) throws -> Double {
        if parts.logArgument == .one { return parts.rationalPart.doubleValue }
        return try BigFloat.correctlyRoundedDouble(errorBoundUlps: 2) { p in
            let wide = try BigFloat.withPrecision(p + 64) {
                BigFloat(parts.rationalPart, precision: p + 64) + (try BigFloat.log(BigFloat(parts.logArgument, precision: p + 64))) / BigFloat(2)
            }
            return wide + BigFloat.zero
        }
    }

    // MARK: - gaussian-kl

    /// A pair of Gaussians: diagonal (variances) or full (covariance matrices).
    struct GaussianPair {
        var mean1: [Double]
        var sigma1: [[Double]]
        var mean2: [Double]
        var sigma2: [[Double]]
        var diagonal: Bool
        var k: Int { mean1.count }

        static func diagonal(_ m1: [Double], _ v1: [Double], _ m2: [Double], _ v2: [Double]) -> GaussianPair {
            func diag(_ v: [Double]) -> [[Double]] { v.indices.map { i in v.indices.map { j in i == j ? v[i] : 0 } } }
            return GaussianPair(mean1: m1, sigma1: diag(v1), mean2: m2, sigma2: diag(v2), diagonal: true)
        }

        var inputs: OrderedMap<FixtureValue> {
            if diagonal {
                return ["mean1": vectorValue(mean1), "variance1": vectorValue(sigma1.indices.map { sigma1[$0][$0] }),
                        "mean2": vectorValue(mean2), "variance2": vectorValue(sigma2.indices.map { sigma2[$0][$0] })]
            }
            return ["mean1": vectorValue(mean1), "covariance1": matrixValue(sigma1),
                    "mean2": vectorValue(mean2), "covariance2": matrixValue(sigma2)]
        }

        func decomposition() throws -> GaussianKLDecomposition<Rational> {
            let m1 = mean1.map(exact), m2 = mean2.map(exact)
            if diagonal {
                return try DiagonalGaussianKL.decomposition(
                    mean1: m1, variance1: sigma1.indices.map { exact(sigma1[$0][$0]) },
                    mean2: m2, variance2: sigma2.indices.map { exact(sigma2[$0][$0]) })
            }
            return try MultivariateGaussianKL.decomposition(
                mean1: m1, covariance1: try Matrix(sigma1.map { $0.map(exact) }),
                mean2: m2, covariance2: try Matrix(sigma2.map { $0.map(exact) }))
        }

        /// κ₂ of a covariance, from its eigenvalues (Jacobi in Double; only sizes a tolerance).
        static func condition(_ s: [[Double]]) throws -> Double {
            let e = try SymmetricEigendecomposition(try Matrix(s), tolerance: 1e-15)
            return e.values.max()! / e.values.min()!
        }

        /// The relative tolerance of a backward-stable float64 evaluation by Cholesky (KL-11):
        /// ≲ 16·k·u·κ·(scale/KL), scale = tr(Σ2⁻¹Σ1) + k + Mahalanobis + |ln A| (the sizes of the terms
        /// that the Gibbs-grouped sum adds), κ the larger condition number. For `nearEqual`
        /// (Σ1 = Σ2 + εE, μ1 − μ2 = O(ε)) the grouped sum's error is instead ≲ 16·k·u·κ/ε relative.
        func tolerance(kl: Double, parts: GaussianKLDecomposition<Rational>, nearEqual epsilon: Double?) throws -> ToleranceSpec {
            if kl == 0 {
                return .exact("p = q: every term of the Gibbs-grouped sum is exactly 0 (M = I, δ = 0, Δμ = 0), so a careful float64 code returns 0 exactly")
            }
            let kappa = max(try Self.condition(sigma1), try Self.condition(sigma2))
            let kd = Double(k)
            if let epsilon {
                let r = 16 * kd * u * kappa / epsilon
                return .relative(r, "near-equal pair (perturbation ε = \(epsilon)): the Gibbs-grouped Cholesky sum Σ(δᵢ − log1p δᵢ) + Σ M²ᵢⱼ + ‖L2⁻¹Δμ‖² loses only ≈ 16·k·u·κ/ε relative (κ = \(kappa)); the term-by-term sum loses ≈ u·k/KL")
            }
            let scale = 2 * parts.rationalPart.doubleValue.magnitude + 2 * kd + Swift.abs(Foundation.log(parts.logArgument.doubleValue))
            let r = max(16 * kd * u * kappa * max(1, scale / Swift.abs(kl)), 8 * u)
            return .relative(r, "Cholesky of both covariances, one triangular solve L2⁻¹L1 and a sum of non-negative terms: relative error ≲ 16·k·u·κ·(term sizes / KL), κ = \(kappa), k = \(k)")
        }
    }

    func gaussianCase(_ group: String, _ name: String, _ pair: GaussianPair, flags: [String], comment: String, nearEqual: Double? = nil) throws -> FixtureCase {
        let parts = try pair.decomposition()
        let kl = try Self.correctlyRoundedKL(parts)
        let klReal = RealNumber(kl, accuracy: parts.logArgument == .one && Rational(exactly: kl) == parts.rationalPart ? .exact : .correctlyRounded)
        return FixtureCase(
            id: "\(family)/gaussian-kl/\(group)/\(name)", comment: comment, flags: flags, inputs: pair.inputs,
            expected: .values(["kl": .real(klReal), "rationalPart": Self.realValue(parts.rationalPart), "logArgument": Self.realValue(parts.logArgument)]),
            tolerance: try pair.tolerance(kl: kl, parts: parts, nearEqual: nearEqual))
    }

    /// Σ = BBᵀ + c·I with B a `rank`-column matrix of small dyadic entries (exact in Double).
    static func randomCovariance(_ k: Int, rank: Int, ridge: Double, _ g: inout SplitMix64) -> [[Double]] {
        let b = (0..<k).map { _ in (0..<rank).map { _ in Double(Int(g.next() % 7) - 3) / 4 } }
        return (0..<k).map { i in (0..<k).map { j in
            (0..<rank).reduce(0.0) { $0 + b[i][$1] * b[j][$1] } + (i == j ? ridge : 0)
        } }
    }

    static func randomMean(_ k: Int, _ g: inout SplitMix64) -> [Double] {
        (0..<k).map { _ in Double(Int(g.next() % 33) - 16) / 8 }
    }

    func gaussianFile() throws -> FixtureFile {
        let allFlags = ["kl-direction", "missing-half", "logdet-sign", "trace-term-transposed"]
        var shift: [FixtureCase] = []
        for j in -12...12 {
            let mu = Double(j) / 4
            shift.append(try gaussianCase("unit-shift", "mu-\(j < 0 ? "minus-" : "")\(Swift.abs(j))-quarters",
                                          .diagonal([0], [1], [mu], [1]),
                                          flags: j == 0 ? [] : ["missing-half"],
                                          comment: "p = N(0,1), q = N(\(mu),1): KL = μ²/2 exactly (the figure's series)"))
        }
        let univariate: [(String, GaussianPair, [String], String)] = [
            ("narrow-vs-wide", .diagonal([0], [1], [0], [4]), ["kl-direction", "logdet-sign", "sigma-vs-variance", "trace-term-transposed"], "KL(N(0,1) ‖ N(0,4)) = ln 2 − 3/8"),
            ("wide-vs-narrow", .diagonal([0], [4], [0], [1]), ["kl-direction", "logdet-sign", "sigma-vs-variance", "trace-term-transposed"], "KL(N(0,4) ‖ N(0,1)) = 3/2 − ln 2"),
            ("shift-and-scale", .diagonal([0.5], [0.25], [-1.25], [2.5]), allFlags + ["sigma-vs-variance"], "both mean and variance differ"),
            ("tiny-vs-huge-variance", .diagonal([1024], [0x1p-40], [-1024], [0x1p40]), ["missing-half", "logdet-sign", "sigma-vs-variance"], "variances 2^-40 and 2^40: widely different scales"),
            ("huge-vs-tiny-variance", .diagonal([3], [0x1p30], [3], [0x1p-30]), ["kl-direction", "missing-half", "sigma-vs-variance", "trace-term-transposed"], "KL ≈ 2^59: q is far narrower than p"),
            ("identical", .diagonal([0.375], [1.5], [0.375], [1.5]), [], "KL(p ‖ p) = 0 exactly"),
        ]
        var g = SplitMix64(seed: 0xD1_7E_46)
        var diagonal: [FixtureCase] = []
        for k in [2, 3, 5, 8, 10] {
            let v1 = (0..<k).map { _ in Double(1 + Int(g.next() % 32)) / 8 }
            let v2 = (0..<k).map { _ in Double(1 + Int(g.next() % 32)) / 8 }
            diagonal.append(try gaussianCase("diagonal", "dimension-\(k)", .diagonal(Self.randomMean(k, &g), v1, Self.randomMean(k, &g), v2),
                                             flags: allFlags + ["sigma-vs-variance"], comment: "diagonal covariances in dimension \(k): the sum of \(k) univariate KLs"))
        }
        var full: [FixtureCase] = []
        for k in 1...10 {
            let pair = GaussianPair(mean1: Self.randomMean(k, &g), sigma1: Self.randomCovariance(k, rank: k, ridge: 0.25, &g),
                                    mean2: Self.randomMean(k, &g), sigma2: Self.randomCovariance(k, rank: k, ridge: 0.5, &g), diagonal: false)
            full.append(try gaussianCase("full", "dimension-\(k)", pair, flags: allFlags,
                                         comment: "full covariances BBᵀ + cI with dyadic B in dimension \(k)"))
        }
        var near: [FixtureCase] = []
        for (k, e) in [(2, 20), (4, 24), (6, 22)] {
            let epsilon = Double.ulpOfOne * 0 + 1 / Double(1 << e)
            let sigma2 = Self.randomCovariance(k, rank: k, ridge: 1, &g)
            let perturbation = Self.randomCovariance(k, rank: 1, ridge: 0.25, &g)
            let sigma1 = (0..<k).map { i in (0..<k).map { j in sigma2[i][j] + epsilon * perturbation[i][j] } }
            let mean2 = Self.randomMean(k, &g)
            let mean1 = mean2.enumerated().map { $0.element + epsilon * Double($0.offset % 3 - 1) }
            near.append(try gaussianCase("near-equal", "dimension-\(k)-epsilon-2-minus-\(e)",
                                         GaussianPair(mean1: mean1, sigma1: sigma1, mean2: mean2, sigma2: sigma2, diagonal: false),
                                         flags: ["cancellation-near-equal", "missing-half"],
                                         comment: "Σ1 = Σ2 + 2^-\(e)·E, μ1 − μ2 = O(2^-\(e)): KL ≈ 1e-\(e * 3 / 5 * 1)-ish, far below the size k of the terms", nearEqual: epsilon))
        }
        var ill: [FixtureCase] = []
        for (k, r) in [(2, 24), (3, 20), (5, 18)] {
            let ridge = 1 / Double(1 << r)
            let pair = GaussianPair(mean1: Self.randomMean(k, &g), sigma1: Self.randomCovariance(k, rank: k, ridge: 0.5, &g),
                                    mean2: Self.randomMean(k, &g), sigma2: Self.randomCovariance(k, rank: k - 1, ridge: ridge, &g), diagonal: false)
            ill.append(try gaussianCase("ill-conditioned", "dimension-\(k)-ridge-2-minus-\(r)", pair, flags: allFlags,
                                        comment: "Σ2 = BBᵀ + 2^-\(r)·I with B of rank \(k - 1): κ(Σ2) ~ 2^\(r)"))
        }
        let bad: [(String, OrderedMap<FixtureValue>, String, String)] = [
            ("singular-covariance", ["mean1": Self.vectorValue([0, 0]), "covariance1": Self.matrixValue([[1, 0], [0, 1]]),
                                     "mean2": Self.vectorValue([0, 0]), "covariance2": Self.matrixValue([[1, 1], [1, 1]])],
             "not-positive-definite", "Σ2 = [[1,1],[1,1]] is singular"),
            ("indefinite-covariance", ["mean1": Self.vectorValue([0, 0]), "covariance1": Self.matrixValue([[1, 2], [2, 1]]),
                                       "mean2": Self.vectorValue([0, 0]), "covariance2": Self.matrixValue([[1, 0], [0, 1]])],
             "not-positive-definite", "Σ1 = [[1,2],[2,1]] has eigenvalue −1"),
            ("dimension-mismatch", ["mean1": Self.vectorValue([0, 0]), "covariance1": Self.matrixValue([[1, 0], [0, 1]]),
                                    "mean2": Self.vectorValue([0, 0, 0]), "covariance2": Self.matrixValue([[1, 0, 0], [0, 1, 0], [0, 0, 1]])],
             "shape-mismatch", "p on ℝ², q on ℝ³"),
            ("zero-variance", ["mean1": Self.vectorValue([0]), "variance1": Self.vectorValue([0]), "mean2": Self.vectorValue([0]), "variance2": Self.vectorValue([1])],
             "not-positive-definite", "σ1² = 0: a point mass has no density"),
            ("negative-variance", ["mean1": Self.vectorValue([0]), "variance1": Self.vectorValue([1]), "mean2": Self.vectorValue([0]), "variance2": Self.vectorValue([-2])],
             "not-positive-definite", "σ2² = −2"),
        ]
        let badCases = bad.map { b in
            FixtureCase(id: "\(family)/gaussian-kl/gaussian-bad-input/\(b.0)", comment: b.3, flags: [], inputs: b.1,
                        expected: .error(kind: b.2), tolerance: .exact("the input must be refused; there is no output to compare"))
        }
        return FixtureFile(
            family: family, variant: "gaussian-kl",
            description: "KL(p ‖ q) for p = N(mean1, Σ1), q = N(mean2, Σ2): expected kl correctly rounded from the exact split kl = rationalPart + ½·ln(logArgument), both parts exact rationals computed over ℚ by LDLᵀ (rationalPart = ½[tr(Σ2⁻¹Σ1) − k + (μ2−μ1)ᵀΣ2⁻¹(μ2−μ1)], logArgument = |Σ2|/|Σ1|).",
            proof: ProofReference(file: "Proofs/02-gaussian-kl.md", steps: ["KL-4", "KL-6", "KL-8", "KL-9", "KL-10", "KL-11", "KL-12", "KL-13"]),
            conventions: [
                "kl-direction": "kl is KL(p ‖ q) = E_p[ln p − ln q] with p = N(mean1, ·1) the first distribution and q = N(mean2, ·2) the second",
                "variance": "variance1/variance2 are variances σ² (diagonal covariance entries), not standard deviations",
                "covariance": "covariance1/covariance2 are full symmetric k×k covariance matrices, row-major",
                "units": "nats (natural logarithm)",
                "parts": "rationalPart and logArgument are exact rationals (their 'exact' field) rounded to Double; kl = rationalPart + ln(logArgument)/2",
                "errors": "a covariance or variance that is not positive definite is refused with not-positive-definite; mismatched dimensions with shape-mismatch",
            ],
            notes: Self.notes(allFlags + ["sigma-vs-variance", "cancellation-near-equal"]),
            testGroups: [
                TestGroup(id: "unit-shift", description: "KL(N(0,1) ‖ N(μ,1)) = μ²/2 at μ = k/4, the series of the figure kl-unit-gaussian-shift.", cases: shift),
                TestGroup(id: "univariate", description: "One-dimensional pairs: asymmetry, widely different scales, identity.",
                          cases: try univariate.map { try gaussianCase("univariate", $0.0, $0.1, flags: $0.2, comment: $0.3) }),
                TestGroup(id: "diagonal", description: "Diagonal covariances in dimensions 2 to 10.", cases: diagonal),
                TestGroup(id: "full", description: "Full covariances in dimensions 1 to 10.", cases: full),
                TestGroup(id: "near-equal", description: "Nearly equal distributions where term-by-term evaluation cancels.", cases: near),
                TestGroup(id: "ill-conditioned", description: "A nearly singular Σ2.", cases: ill),
                TestGroup(id: "gaussian-bad-input", description: "Singular, indefinite, mismatched: refused.", cases: badCases),
            ])
    }

    // MARK: - discrete-kl

    /// The correctly rounded Σ pₖ(ln pₖ − ln qₖ) from BigFloat with 96 guard bits, or +∞.
    static func discreteKL(_ p: [Double], _ q: [Double]) throws -> RealNumber {
        if zip(p, q).contains(where: { $0.0 > 0 && $0.1 == 0 }) { return RealNumber(.infinity) }
        if p == q { return RealNumber(0) }
        let value = try BigFloat.correctlyRoundedDouble(errorBoundUlps: 2) { prec in
            let wide = try BigFloat.withPrecision(prec + 96) { () throws -> BigFloat in
                var s = BigFloat.zero
                for (pk, qk) in zip(p, q) where pk > 0 {
                    s = s + BigFloat(pk) * ((try BigFloat.log(BigFloat(pk))) - (try BigFloat.log(BigFloat(qk))))
                }
                return s
            }
            return wide + BigFloat.zero
        }
        return RealNumber(value, accuracy: .correctlyRounded)
    }

    func discreteCase(_ group: String, _ name: String, p: [Double], q: [Double], bernoulli: Bool, flags: [String], comment: String) throws -> FixtureCase {
        let inputs: OrderedMap<FixtureValue> = bernoulli ? ["p": .exactReal(p[1]), "q": .exactReal(q[1])] : ["p": Self.vectorValue(p), "q": Self.vectorValue(q)]
        let kl = try Self.discreteKL(p, q)
        // |error| ≲ 4u·Σ pₖ(|ln pₖ| + |ln qₖ|) + u·|KL| for a direct float64 sum of K terms.
        let scale = zip(p, q).reduce(0.0) { $0 + ($1.0 > 0 && $1.1 > 0 ? $1.0 * (Swift.abs(Foundation.log($1.0)) + Swift.abs(Foundation.log($1.1))) : 0) }
        let tolerance: ToleranceSpec = kl.value.isFinite
            ? .absolute(max(8 * Double(p.count) * Self.u * scale, 4 * Self.u * kl.value), "K terms pₖ(ln pₖ − ln qₖ), each with ≤ 4 roundings: |error| ≲ 8·K·u·Σ pₖ(|ln pₖ| + |ln qₖ|)")
            : .exact("+∞ is exact: p has mass where q has none")
        return FixtureCase(id: "\(family)/discrete-kl/\(group)/\(name)", comment: comment, flags: flags, inputs: inputs,
                           expected: .values(["kl": .real(kl)]), tolerance: tolerance)
    }

    func discreteFile() throws -> FixtureFile {
        func b(_ x: Double) -> [Double] { [1 - x, x] }
        let bernoulli = [
            try discreteCase("bernoulli", "quarter-vs-half", p: b(0.25), q: b(0.5), bernoulli: true, flags: ["kl-direction"], comment: "KL(Bern(1/4) ‖ Bern(1/2))"),
            try discreteCase("bernoulli", "half-vs-quarter", p: b(0.5), q: b(0.25), bernoulli: true, flags: ["kl-direction"], comment: "the other direction"),
            try discreteCase("bernoulli", "near-one", p: b(0.999755859375), q: b(0.875), bernoulli: true, flags: ["kl-direction"], comment: "p = 1 − 2^-12"),
            try discreteCase("bernoulli", "p-zero", p: b(0), q: b(0.125), bernoulli: true, flags: ["zero-times-log-zero", "kl-direction"], comment: "p = 0: the 0·ln 0 term is 0, KL = −ln(7/8)"),
            try discreteCase("bernoulli", "q-zero", p: b(0.5), q: b(0), bernoulli: true, flags: ["infinite-support"], comment: "q = 0 but p(1) = 1/2 > 0: KL = +∞"),
            try discreteCase("bernoulli", "identical", p: b(0.375), q: b(0.375), bernoulli: true, flags: [], comment: "KL(p ‖ p) = 0"),
        ]
        var g = SplitMix64(seed: 0xCA7E)
        func simplex(_ k: Int, zeros: Int = 0) -> [Double] {
            // Dyadic weights w/2^m that sum to exactly 1.
            var w = (0..<k).map { _ in Double(1 + Int(g.next() % 64)) }
            for i in 0..<zeros { w[i] = 0 }
            let total = w.reduce(0, +)
            var p = w.map { ($0 / total * 1024).rounded() / 1024 }
            let excess = p.reduce(0, +) - 1
            let j = p.indices.max { p[$0] < p[$1] }!
            p[j] -= excess
            return p
        }
        var categorical: [FixtureCase] = []
        for k in [3, 5, 10] {
            categorical.append(try discreteCase("categorical", "random-\(k)", p: simplex(k), q: simplex(k), bernoulli: false, flags: ["kl-direction"], comment: "random dyadic p, q on \(k) states"))
        }
        categorical.append(try discreteCase("categorical", "p-with-zeros", p: simplex(6, zeros: 2), q: simplex(6), bernoulli: false,
                                            flags: ["zero-times-log-zero", "kl-direction"], comment: "p has two zero entries: those terms are 0"))
        let base = [0.25, 0.25, 0.5]
        categorical.append(try discreteCase("categorical", "near-equal", p: [0.25 + 0x1p-30, 0.25 - 0x1p-30, 0.5], q: base, bernoulli: false,
                                            flags: [], comment: "p − q = ±2^-30: KL ≈ 2^-60·4 ≈ 3.5e-18, with an absolute tolerance from the term sizes"))
        let infinite = [
            try discreteCase("categorical-infinite", "q-misses-support", p: [0.5, 0.25, 0.25], q: [0.5, 0.5, 0], bernoulli: false,
                             flags: ["infinite-support"], comment: "q₂ = 0 < p₂: KL(p ‖ q) = +∞"),
            try discreteCase("categorical-infinite", "reverse-is-finite", p: [0.5, 0.5, 0], q: [0.5, 0.25, 0.25], bernoulli: false,
                             flags: ["zero-times-log-zero", "kl-direction"], comment: "the reverse direction of the case above is finite: ln 2 − ½ ln 2 … = ½ ln 2"),
        ]
        let bad: [(String, OrderedMap<FixtureValue>, String)] = [
            ("p-sums-to-0.9", ["p": Self.vectorValue([0.5, 0.25, 0.15]), "q": Self.vectorValue([0.5, 0.25, 0.25])], "Σ p = 0.9 ≠ 1"),
            ("negative-entry", ["p": Self.vectorValue([1.25, -0.25]), "q": Self.vectorValue([0.5, 0.5])], "p₁ = −0.25 < 0"),
            ("length-mismatch", ["p": Self.vectorValue([0.5, 0.5]), "q": Self.vectorValue([0.25, 0.25, 0.5])], "2 states against 3"),
            ("bernoulli-out-of-range", ["p": .exactReal(1.5), "q": .exactReal(0.5)], "p = 1.5 is not a probability"),
        ]
        let badCases = bad.map { c in
            FixtureCase(id: "\(family)/discrete-kl/discrete-bad-input/\(c.0)", comment: c.2, flags: [], inputs: c.1,
                        expected: .error(kind: c.0 == "length-mismatch" ? "shape-mismatch" : "not-a-probability"),
                        tolerance: .exact("the input must be refused; there is no output to compare"))
        }
        return FixtureFile(
            family: family, variant: "discrete-kl",
            description: "KL(p ‖ q) = Σ pₖ ln(pₖ/qₖ) for Bernoulli and categorical distributions, correctly rounded from BigFloat (Ziv); +∞ when p has mass where q has none.",
            proof: ProofReference(file: "Proofs/02-gaussian-kl.md", steps: ["KL-14", "KL-15"]),
            conventions: [
                "kl-direction": "kl is KL(p ‖ q) = Σ pₖ ln(pₖ/qₖ): p is the first input",
                "bernoulli": "scalar p and q are the probabilities of the outcome 1",
                "zero-terms": "a term with pₖ = 0 is 0 (0·ln 0 = 0)",
                "infinity": "kl is +∞ (spelled Infinity) when some pₖ > 0 has qₖ = 0; this is a value, not an error",
                "simplex": "p and q must have entries ≥ 0 summing to 1 within 1e-12; otherwise refused with not-a-probability; different lengths with shape-mismatch",
                "units": "nats",
            ],
            notes: Self.notes(["kl-direction", "zero-times-log-zero", "infinite-support"]),
            testGroups: [
                TestGroup(id: "bernoulli", description: "Bernoulli pairs, including 0·ln 0 and +∞.", cases: bernoulli),
                TestGroup(id: "categorical", description: "Categorical pairs on 3 to 10 states.", cases: categorical),
                TestGroup(id: "categorical-infinite", description: "Support mismatch: +∞ in one direction, finite in the other.", cases: infinite),
                TestGroup(id: "discrete-bad-input", description: "Not probability vectors: refused.", cases: badCases),
            ])
    }
}
