import Foundation
import OracleArithmetic
import Testing
import OracleTestSupport
@testable import OracleFixtures

/// The tolerance reasons of `gradient-estimators/gaussian` (exact-moments and per-sample) name a
/// method: float64 quadrature of each estimator over ε ~ N(0, 1) with an n-node Gauss–Hermite
/// rule. These tests run that method, written here from the file's conventions alone, on the
/// committed cases, and check each node count the reasons state.
struct GaussianEstimatorQuadratureTests {
    static let file = Computed {
        try TestFixtures.repositoryFixtures.load(family: "gradient-estimators", variant: "gaussian")
    }

    static func real(_ value: FixtureValue?) -> Double? { value?.reals.first?.value }

    /// (f, f′) of the case's test function.
    typealias RealFunction = (Double) -> Double

    static func function(_ inputs: OrderedMap<FixtureValue>) throws -> (f: RealFunction, fPrime: RealFunction) {
        guard case .string(let name)? = inputs["function"] else { throw QuadratureCaseError.input("function") }
        if name == "gaussian-log-likelihood" {
            guard let y = real(inputs["y"]), let w = real(inputs["w"]), let b = real(inputs["b"]),
                let s2 = real(inputs["s2"])
            else { throw QuadratureCaseError.input("y, w, b, s2") }
            let c = -0.5 * Foundation.log(2 * Double.pi * s2)
            return ({ z in c - (y - b - w * z) * (y - b - w * z) / (2 * s2) }, { z in w * (y - b - w * z) / s2 })
        }
        guard let k = real(inputs["k"]) else { throw QuadratureCaseError.input("k") }
        switch name {
        case "squared-distance": return ({ ($0 - k) * ($0 - k) }, { 2 * ($0 - k) })
        case "gaussian-bump": return ({ Foundation.exp(-k * $0 * $0) }, { -2 * k * $0 * Foundation.exp(-k * $0 * $0) })
        case "cosine": return ({ Foundation.cos(k * $0) }, { -k * Foundation.sin(k * $0) })
        default: throw QuadratureCaseError.input("function \(name)")
        }
    }

    enum QuadratureCaseError: Error { case input(String) }

    /// The case's outputs computed with `rule`: every expectation over ε is Σ wᵢ g(εᵢ)
    /// (conventions: scores ε/σ, (ε² − 1)/σ, ε² − 1; ∂x/∂φ = 1, ε, σε; b* = E[f s²]/E[s²]).
    static func outputs(_ fixtureCase: FixtureCase, rule: GaussHermiteRule) throws -> [String: [Double]] {
        let inputs = fixtureCase.inputs
        let (f, fPrime) = try function(inputs)
        guard let mu = real(inputs["mean"]), let sigma = real(inputs["sigma"]), let c = real(inputs["baseline"])
        else { throw QuadratureCaseError.input("mean, sigma, baseline") }
        let E = rule.expectation
        let estimators = GaussianEstimatorConventions(
            f: f, fPrime: fPrime, mean: mu, sigma: sigma, baseline: c, rule: rule)
        let estimate = estimators.estimate
        let names = GaussianEstimatorConventions.names
        var out: [String: [Double]] = [
            "objective": [E { f(mu + sigma * $0) }],
            // The gradient as the pathwise mean, the route the reasons name: E[f s] cancels f(μ)E[s] = 0.
            "gradient": (0..<3).map { p in E { estimate(3, p, $0) } },
            "optimal-baseline": estimators.optimalBaselines,
        ]
        for (e, name) in names.enumerated() {
            out["variance-" + name] = (0..<3).map { p in
                let m = E { estimate(e, p, $0) }
                return E { (estimate(e, p, $0) - m) * (estimate(e, p, $0) - m) }
            }
        }
        if case .array(_, let data)? = inputs["epsilon"] {
            let draws = data.flatMap(\.reals).map(\.value)
            for (e, name) in names.enumerated() {
                // Samples first: row i holds the estimates for [μ, σ, ln σ] at the draw ε[i].
                out[name] = draws.flatMap { eps in (0..<3).map { p in estimate(e, p, eps) } }
            }
        }
        return out
    }

    /// The worst error over the case's expected reals, in units of its tolerance (≤ 1 passes).
    static func worstFraction(_ fixtureCase: FixtureCase, nodes: Int) throws -> Double {
        let computed = try outputs(fixtureCase, rule: GaussHermiteRule(nodes))
        guard case .values(let expected) = fixtureCase.expected else { return .infinity }
        let tolerance = fixtureCase.tolerance
        var worst = 0.0
        for entry in expected.entries {
            let want = entry.value.reals.map(\.value)
            guard let got = computed[entry.key], got.count == want.count else { return .infinity }
            for (o, e) in zip(got, want) {
                let bound = tolerance.kind == .relative ? tolerance.value * abs(e) : tolerance.value
                worst = max(worst, abs(o - e) / bound)
            }
        }
        return worst
    }

    static func cases(_ phrase: String) throws -> [FixtureCase] {
        try file.get().cases.filter { $0.tolerance.reason.contains(phrase) }
    }

    @Test(
        "the Gauss–Hermite rule is right: nodes distinct, weights sum to 1, E ε^2k = (2k − 1)!! for k ≤ 12",
        arguments: [20, 100, 114, 130, 160])
    func ruleIsRight(n: Int) throws {
        let rule = try GaussHermiteRule(n)
        #expect(zip(rule.nodes, rule.nodes.dropFirst()).allSatisfy { $0 > $1 })
        expectClose(
            rule.weights.reduce(0, +), 1,
            within: .absolute(
                1e-14, "n ≤ 160 positive weights summing to 1 in exact arithmetic: ≤ n·u ≈ 1.8e-14 worst, ~√n·u typical"
            ))
        var doubleFactorial = 1.0
        for k in 1...12 {
            doubleFactorial *= Double(2 * k - 1)
            // Exact for degree ≤ 2n − 1 ≥ 24; n terms of size ≤ (2k − 1)!!: ~n·u relative.
            let moment = rule.expectation { Foundation.pow($0, Double(2 * k)) }
            expectClose(
                moment, doubleFactorial,
                within: .absolute(
                    1e-12 * doubleFactorial,
                    "the rule is exact for degree ≤ 2n − 1 ≥ 24; n terms of size ≤ (2k − 1)!!: ~n·u ≤ 3.6e-14 "
                        + "relative"),
                "n = \(n), k = \(k): \(moment)")
        }
    }

    @Test("the 160-node rule the reasons name reaches 1/100 of the tolerance on every case they cover")
    func statedRuleReachesTolerance() throws {
        let covered = try Self.cases("a 160-node Gauss–Hermite rule reaches 1/100 of this bound on every case")
        #expect(covered.count == 34)
        for fixtureCase in covered {
            let worst = try Self.worstFraction(fixtureCase, nodes: 160)
            expectWithin(
                error: worst, bound: 0.01,
                "these cases' tolerance reasons state that a 160-node Gauss–Hermite rule reaches 1/100 of the bound",
                "\(fixtureCase.id): \(worst) of the tolerance")
        }
    }

    @Test(
        "exp(−x²/2) at σ = 2: 100 nodes miss by the stated amount; the stated least count passes, one fewer fails",
        arguments: [("exact-moments", 130, "3e-7"), ("per-sample", 114, "1.3e-8")])
    func fewerNodesFail(group: String, least: Int, stated: String) throws {
        let miss = try #require(Double(stated))
        let id = "gradient-estimators/gaussian/\(group)/gaussian-bump-mu0.25-sigma2.0"
        let fixtureCase = try #require(try Self.file.get().cases.first { $0.id == id })
        #expect(fixtureCase.tolerance.reason.contains("needs at least \(least)"))
        let reason = fixtureCase.tolerance.reason
        #expect(reason.contains("100 miss its variance-pw[") && reason.contains("by \(stated)"))
        // The miss in the measure of the reason (relative, or absolute / scale), to its one or two stated digits.
        let missed = try Self.worstFraction(fixtureCase, nodes: 100) * 1e-9
        expectClose(
            missed, miss,
            within: .absolute(
                0.05 * miss,
                "the reason prints the measured miss rounded to one or two digits (3e-7, 1.3e-8); rerunning the "
                    + "same quadrature must give the printed value within 5%"),
            "100 nodes miss by \(missed)")
        #expect(try Self.worstFraction(fixtureCase, nodes: least - 1) > 1)
        try expectWithin(
            error: Self.worstFraction(fixtureCase, nodes: least), bound: 1,
            "the reason names \(least) nodes as the least count that meets the tolerance")
    }

    /// The least relative miss of any float64 one pass E ĝ² − (E ĝ)² on Var ĝ = `variance`: when (E ĝ)² = `mean2`
    /// and E ĝ² share the binade [2ᵏ, 2ᵏ⁺¹), both rounded terms are doubles there and their difference is a multiple
    /// of 2ᵏ⁻⁵²; Var ĝ lies this far (relative) from the nearest multiple.
    static func onePassGap(mean2: Double, variance: Double) -> Double {
        let step = mean2.ulp, q = variance / step
        return abs(q - q.rounded()) * step / variance
    }

    /// Expects the one pass from running sums (`m`, `square`) and from correctly rounded sums of the same terms
    /// (`mExact`, `squareExact`) each to miss `variance` by at least `gap` (relative).
    static func expectEveryOnePassMisses(
        _ id: String, variance: Double, gap: Double, running: (m: Double, square: Double),
        exact: (m: Double, square: Double)
    ) {
        for (route, onePass) in [
            ("running sums", running.square - running.m * running.m),
            ("correctly rounded sums", exact.square - exact.m * exact.m),
        ] {
            let relative = abs(onePass - variance) / variance
            #expect(relative >= gap * (1 - 1e-6), "\(id): one pass by \(route) misses by \(relative)")
        }
    }

    /// Calls `body` with (case id, estimator, E ĝᵢ, Var ĝᵢ) for every coordinate i of every
    /// estimator's exact variance in `cases`.
    static func forEachMoment(
        of cases: [FixtureCase], _ body: (String, String, Double, Double) -> Void
    ) throws {
        for fixtureCase in cases {
            guard case .values(let expected) = fixtureCase.expected else { continue }
            let gradient = try #require(expected["gradient"]).reals.map(\.value)
            for name in ["sf", "sf-baseline", "sf-optimal-baseline", "pw"] {
                let variance = try #require(expected["variance-" + name]).reals.map(\.value)
                for (g, v) in zip(gradient, variance) { body(fixtureCase.id, name, g, v) }
            }
        }
    }

    @Test("at σ = 2⁻¹³ the centred variances lose log10(|E ĝ|/sd ĝ) ≤ 4 digits, and E[f s] would miss ∇_σ E f")
    func smallSigmaReason() throws {
        let covered = try Self.cases("loses log10(|E ĝ|/sd ĝ) ≤ 4 digits")
        #expect(covered.count == 4)
        try Self.forEachMoment(of: covered) { id, name, g, v in
            expectWithin(
                error: Foundation.log10(abs(g) / v.squareRoot()), bound: 4,
                "these cases' reasons claim at most 4 digits lost to |E ĝ|/sd ĝ", "\(id) \(name)")
        }
        for fixtureCase in covered {
            guard case .values(let expected) = fixtureCase.expected else { continue }
            let gradient = try #require(expected["gradient"]).reals.map(\.value)
            // The score-function mean the reason says misses: worse than the tolerance on ∇_σ E f.
            let rule = try GaussHermiteRule(160)
            let inputs = fixtureCase.inputs
            let (f, _) = try Self.function(inputs)
            let mu = try #require(Self.real(inputs["mean"])), sigma = try #require(Self.real(inputs["sigma"]))
            let sf = rule.expectation { f(mu + sigma * $0) * ($0 * $0 - 1) / sigma }
            let relative = abs(sf - gradient[1]) / abs(gradient[1])
            #expect(relative > 1e-9 && relative <= 8.15e-8, "\(fixtureCase.id): E[f s_σ] misses by \(relative)")
        }
    }

    @Test("uncentred variances would lose at most 3 digits: log10(E ĝ²/Var ĝ) ≤ 3 on every exact-moments case")
    func varianceCancellation() throws {
        let covered = try Self.cases("losing at most log10(E ĝ²/Var ĝ) ≤ 3 digits")
        #expect(covered.count == 14)
        try Self.forEachMoment(of: covered) { id, name, g, v in
            expectWithin(
                error: Foundation.log10(1 + g * g / v), bound: 3,
                "E ĝ² − (E ĝ)² cancels log10(E ĝ²/Var ĝ) digits, and these cases' reasons claim at most 3",
                "\(id) \(name)")
        }
    }

    @Test("at |μ|/σ = κ ≤ 2·10⁴ Var ĝ of the pathwise μ-estimate is off the one-pass grid, and every one pass misses")
    func offsetReason() throws {
        let covered = try Self.cases("E ĝ² − (E ĝ)² in one pass cancels (E ĝ)²/Var ĝ ≈ κ² of E ĝ²")
        #expect(covered.count == 4)
        let rule = try GaussHermiteRule(160)
        for fixtureCase in covered {
            let inputs = fixtureCase.inputs
            let (f, fPrime) = try Self.function(inputs)
            let mu = try #require(Self.real(inputs["mean"])), sigma = try #require(Self.real(inputs["sigma"]))
            let c = try #require(Self.real(inputs["baseline"]))
            #expect(abs(mu) / sigma >= 0x1p10 && abs(mu) / sigma <= 2e4, "\(fixtureCase.id): κ = \(abs(mu) / sigma)")
            guard case .values(let expected) = fixtureCase.expected else { continue }
            let gradient = try #require(expected["gradient"]).reals.map(\.value)[0]
            let want = try #require(expected["variance-pw"]).reals.map(\.value)[0]
            // The pathwise μ-estimate f′(x) has E ĝ = ∇_μ E f and E ĝ² = (E ĝ)² + Var ĝ ≈ κ² Var ĝ. Both terms of a
            // float64 one pass are doubles in the binade [2ᵏ, 2ᵏ⁺¹) of (E ĝ)² (each at least 1e-3 inside it, so any
            // route accurate to 1e-3 stays there): their difference is a multiple of 2ᵏ⁻⁵², and Var ĝ lies `gap`
            // (relative) from the nearest multiple, the least miss of any summation order.
            let mean2 = gradient * gradient
            let low = Double(sign: .plus, exponent: mean2.exponent, significand: 1)
            #expect(
                mean2 >= low * (1 + 1e-3) && mean2 + want <= 2 * low * (1 - 1e-3),
                "\(fixtureCase.id): (E ĝ)² = \(mean2) and E ĝ² share no binade with room")
            let gap = Self.onePassGap(mean2: mean2, variance: want)
            #expect(
                gap >= 1.4e-8 && fixtureCase.tolerance.kind == .relative && gap >= 14 * fixtureCase.tolerance.value,
                "\(fixtureCase.id): Var ĝ is \(gap) (relative) from the grid, \(gap * want / mean2.ulp) of its step")
            let estimators = GaussianEstimatorConventions(
                f: f, fPrime: fPrime, mean: mu, sigma: sigma, baseline: c, rule: rule)
            let g = { estimators.estimate(3, 0, $0) }
            let (m, square) = (rule.expectation(g), rule.expectation { g($0) * g($0) })
            // The same rounded terms wᵢ ĝᵢ and wᵢ ĝᵢ² added exactly and rounded once.
            func exactSum(_ h: (Double) -> Double) throws -> Double {
                try zip(rule.nodes, rule.weights).reduce(Rational.zero) { total, point in
                    total + (try #require(Rational(exactly: point.1 * h(point.0))))
                }.doubleValue
            }
            Self.expectEveryOnePassMisses(
                fixtureCase.id, variance: want, gap: gap, running: (m, square),
                exact: (try exactSum(g), try exactSum { g($0) * g($0) }))
        }
    }

    /// A diagonal case's tensor Gauss–Hermite rule written from the conventions: fⱼ and fⱼ′ at the nodes of each
    /// coordinate, and the terms Πⱼ wⱼ · g over every multi-index, summed in a running sum or exactly.
    struct DiagonalTensor {
        let rule: GaussHermiteRule
        let mean: [Double], sigma: [Double]
        var functions: [RealFunction] = [], values: [[Double]] = [], slopes: [[Double]] = []
        var d: Int { mean.count }

        init(_ fixtureCase: FixtureCase, rule: GaussHermiteRule) throws {
            let inputs = fixtureCase.inputs
            guard case .array(_, let data)? = inputs["functions"] else { throw QuadratureCaseError.input("functions") }
            let names = data.compactMap { value -> String? in
                if case .string(let name) = value { return name }
                return nil
            }
            let k = try #require(inputs["k"]).reals.map(\.value)
            (self.rule, mean, sigma) = (
                rule, try #require(inputs["mean"]).reals.map(\.value), try #require(inputs["sigma"]).reals.map(\.value)
            )
            for j in names.indices {
                let (f, fPrime) = try GaussianEstimatorQuadratureTests.function(
                    ["function": .string(names[j]), "k": .exactReal(k[j])])
                functions.append(f)
                values.append(rule.nodes.map { f(mean[j] + sigma[j] * $0) })
                slopes.append(rule.nodes.map { fPrime(mean[j] + sigma[j] * $0) })
            }
        }

        /// The rounded terms Πⱼ wⱼ · g of every multi-index, the first coordinate's index varying fastest.
        func terms(_ g: ([Int]) -> Double) -> [Double] {
            let n = rule.nodes.count
            var index = [Int](repeating: 0, count: d)
            return (0..<Int(pow(Double(n), Double(d)))).map { flat in
                var rest = flat
                for j in 0..<d { (index[j], rest) = (rest % n, rest / n) }
                return index.indices.reduce(1.0) { $0 * rule.weights[index[$1]] } * g(index)
            }
        }

        /// The terms in one running sum.
        func sum(_ g: ([Int]) -> Double) -> Double { terms(g).reduce(0, +) }

        /// The same rounded terms added exactly and rounded once: a correctly rounded sum.
        func exactSum(_ g: ([Int]) -> Double) throws -> Double {
            try terms(g).reduce(Rational.zero) { $0 + (try #require(Rational(exactly: $1))) }.doubleValue
        }

        /// The pathwise estimate f′ᵢ(xᵢ) ∂xᵢ/∂φ of coordinate i and parameter p (∂x/∂φ = 1, ε, σε) at a multi-index.
        func pathwise(_ i: Int, _ p: Int) -> ([Int]) -> Double {
            let e = rule.nodes, s = sigma[i]
            return { ix in slopes[i][ix[i]] * [1, e[ix[i]], s * e[ix[i]]][p] }
        }

        /// f(x) = Σⱼ fⱼ(xⱼ) at a multi-index.
        func total(_ ix: [Int]) -> Double { (0..<d).reduce(0.0) { $0 + values[$1][ix[$1]] } }

        /// The score-function estimate f(x) sᵢ of coordinate i and parameter p at a multi-index.
        func scoreFunction(_ i: Int, _ p: Int) -> ([Int]) -> Double {
            let e = rule.nodes, s = sigma[i]
            return { ix in
                let eps = e[ix[i]]
                return total(ix) * [eps / s, (eps * eps - 1) / s, eps * eps - 1][p]
            }
        }

        /// The worst relative error of the pathwise gradient and the centred variance-pw over every (i, p), and of
        /// the score-function mean E[f sᵢ] as the gradient.
        func worst(gradient: [Double], variance: [Double]) -> (pathwise: Double, score: Double) {
            var worstPathwise = 0.0, worstScore = 0.0
            for i in 0..<d {
                for p in 0..<3 {
                    let pw = pathwise(i, p)
                    let mean = sum(pw)
                    let centred = sum { (pw($0) - mean) * (pw($0) - mean) }
                    let sf = sum(scoreFunction(i, p))
                    let (g, v) = (gradient[3 * i + p], variance[3 * i + p])
                    worstPathwise = max(worstPathwise, abs(mean - g) / abs(g), abs(centred - v) / abs(v))
                    worstScore = max(worstScore, abs(sf - g) / abs(g))
                }
            }
            return (worstPathwise, worstScore)
        }
    }

    @Test("diagonal at σ = 2¹³, 2⁻¹³: the pathwise route is inside 1e-9, E[f s] is not, the floor loosens none")
    func diagonalScaleReason() throws {
        let covered = try Self.cases("relative 1e-9 per output: with σᵢ = 2¹³ or 2⁻¹³")
        #expect(covered.count == 2)
        let rule = try GaussHermiteRule(40)
        for fixtureCase in covered {
            guard case .values(let expected) = fixtureCase.expected else { continue }
            let tensor = try DiagonalTensor(fixtureCase, rule: rule)
            let (worstPathwise, worstScore) = tensor.worst(
                gradient: try #require(expected["gradient"]).reals.map(\.value),
                variance: try #require(expected["variance-pw"]).reals.map(\.value))
            expectWithin(
                error: worstPathwise, bound: 1e-11,
                "1/100 of the tolerance (NumPy's pairwise sums reach 1.5e-13, this running sum 1.2e-12)", fixtureCase.id
            )
            #expect(worstScore > 1e-9, "\(fixtureCase.id): E[f s] misses by only \(worstScore)")
            let smallest = expected.entries.flatMap { $0.value.reals.map { abs($0.value) } }.min() ?? 0
            let floor = try #require(fixtureCase.tolerance.absoluteFloor)
            #expect(floor <= 1e-9 * smallest, "\(fixtureCase.id): the floor \(floor) would loosen an output")
        }
    }

    @Test("diagonal at |μ₀|/σ₀ = 2·10⁴: the centred route is inside 1e-9, any one-pass variance-pw[0] is not")
    func diagonalOffsetReason() throws {
        let covered = try Self.cases("relative 1e-9 per output at |μᵢ|/σᵢ = κ ≥ 2¹⁰")
        #expect(covered.count == 2)
        let rule = try GaussHermiteRule(40)
        for fixtureCase in covered {
            guard case .values(let expected) = fixtureCase.expected else { continue }
            let tensor = try DiagonalTensor(fixtureCase, rule: rule)
            let kappa = zip(tensor.mean, tensor.sigma).map { abs($0) / $1 }.max() ?? 0
            #expect(kappa >= 0x1p10 && kappa <= 2e4, "\(fixtureCase.id): κ = \(kappa)")
            let variance = try #require(expected["variance-pw"]).reals.map(\.value)
            let gradient = try #require(expected["gradient"]).reals.map(\.value)
            let (worstPathwise, _) = tensor.worst(gradient: gradient, variance: variance)
            expectWithin(
                error: worstPathwise, bound: 1e-11,
                "1/100 of the tolerance (NumPy's pairwise sums reach 9.3e-13, this running sum 6.4e-13)", fixtureCase.id
            )
            // The pathwise μ₀-estimate 2(x₀ − 1): E ĝ² = (E ĝ)² + Var ĝ ≈ κ² Var ĝ. Both terms of a float64 one pass
            // are doubles in the binade of (E ĝ)², so it returns a multiple of that binade's ulp; Var ĝ = 4σ₀² lies
            // `gap` (relative) from the nearest multiple, the least miss of any summation order.
            let floor = fixtureCase.tolerance.absoluteFloor ?? 0
            let mean2 = gradient[0] * gradient[0]
            #expect(mean2.exponent == (mean2 + variance[0]).exponent, "\(fixtureCase.id): one binade")
            let gap = Self.onePassGap(mean2: mean2, variance: variance[0])
            #expect(
                gap >= 3.9e-8 && gap * variance[0] > 3 * max(1e-9 * variance[0], floor),
                "\(fixtureCase.id): Var ĝ is \(gap) from the grid (floor \(floor))")
            let pw = tensor.pathwise(0, 0)
            Self.expectEveryOnePassMisses(
                fixtureCase.id, variance: variance[0], gap: gap,
                running: (tensor.sum(pw), tensor.sum { pw($0) * pw($0) }),
                exact: (try tensor.exactSum(pw), try tensor.exactSum { pw($0) * pw($0) }))
            // The floor's route: (f(x) − b*ᵢ)εᵢ/σᵢ at the draws, with b*ᵢ = E[f sᵢ²]/E[sᵢ²] by the same rule.
            let draws = try #require(fixtureCase.inputs["epsilon"]).reals.map(\.value)
            let estimates = try #require(expected["sf-optimal-baseline-mean"]).reals.map(\.value)
            let d = tensor.d
            var worstEstimate = 0.0
            for i in 0..<d {
                let s2: ([Int]) -> Double = { ix in
                    let e = rule.nodes[ix[i]] / tensor.sigma[i]
                    return e * e
                }
                let b = tensor.sum { tensor.total($0) * s2($0) } / tensor.sum(s2)
                for n in 0..<(draws.count / d) {
                    let x = (0..<d).map { tensor.mean[$0] + tensor.sigma[$0] * draws[n * d + $0] }
                    let f = (0..<d).reduce(0.0) { $0 + tensor.functions[$1](x[$1]) }
                    let (g, want) = ((f - b) * draws[n * d + i] / tensor.sigma[i], estimates[n * d + i])
                    worstEstimate = max(worstEstimate, abs(g - want) / max(1e-9 * abs(want), floor))
                }
            }
            expectWithin(
                error: worstEstimate, bound: 1,
                "the floor admits a correct route whose b*ᵢ comes from running sums over the 1600 nodes (measured 0.73 "
                    + "of the tolerance on the case with a floor; NumPy's pairwise b*ᵢ 0.1)", fixtureCase.id)
        }
    }
}
