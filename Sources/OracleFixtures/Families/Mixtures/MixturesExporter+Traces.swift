import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleRandom

extension MixturesExporter {
    /// A golden-trace problem: data, λ⁰, the type, ε and the number of M-steps T.
    struct TraceProblem {
        let group: String
        let name: String
        let comment: String
        let data: [[Double]]
        let initial: MixtureParameters<Double>
        let type: CovarianceType
        let epsilon: Double
        let iterations: Int
        let extraFlags: [String]
    }

    /// Points drawn from N(centre, diag(scale²)) with SplitMix64 normals, rounded to multiples
    /// of 1/256 (so every input is exact in any arithmetic). Provenance is in each case comment.
    static func synthetic(seed: UInt64, clusters: [(count: Int, centre: [Double], scale: [Double])]) -> [[Double]] {
        var generator = SplitMix64(seed: seed)
        return clusters.flatMap { cluster in
            (0..<cluster.count).map { _ in
                zip(cluster.centre, cluster.scale).map { c, s in
                    ((c + s * generator.standardNormal()) * 256).rounded() / 256
                }
            }
        }
    }

    static func diagonalParameters(weights: [Double], means: [[Double]], variances: [[Double]]) -> MixtureParameters<
        Double
    > {
        MixtureParameters(weights: weights, means: means, covariances: variances.map { Matrix.diagonal($0) })
    }

    /// The Old Faithful data, read at export time from `../shared/data/old-faithful.csv`
    /// (relative to the repository root): 272 rows (eruption minutes, waiting minutes).
    static func oldFaithful() throws -> [[Double]] {
        let data = DataDirectory.current
        let path = data.path + "/old-faithful.csv"
        let text = try data.text("old-faithful.csv", what: "the Old Faithful data")
        let rows = text.split(separator: "\n").dropFirst().map { line in
            line.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        }
        guard rows.count == 272, rows.allSatisfy({ $0.count == 2 }) else {
            throw FixtureError(
                .invalidValue, location: path, problem: "expected 272 rows of 2 numbers", remedy: "check the data file")
        }
        return rows
    }

    static func traceProblems() throws -> [TraceProblem] {
        let faithful = try oldFaithful()
        let provenance =
            """
            Old Faithful (R `faithful`, 272 eruptions: duration, waiting; Härdle 1991, Azzalini & Bowman 1990), each \
            CSV decimal read as the nearest binary64
            """
        return [
            TraceProblem(
                group: "synthetic", name: "1d-well-separated-k2",
                comment:
                    """
                    1-D, 12 points from N(−3, 0.5²) and 12 from N(4, 1) (SplitMix64 seed 0x11, rounded to 1/256); \
                    full
                    """,
                data: synthetic(seed: 0x11, clusters: [(12, [-3], [0.5]), (12, [4], [1])]),
                initial: diagonalParameters(weights: [0.5, 0.5], means: [[-1], [1]], variances: [[4], [4]]),
                type: .full, epsilon: 0, iterations: 8, extraFlags: []),
            TraceProblem(
                group: "synthetic", name: "1d-overlapping-k3",
                comment: "1-D, 10 points each from N(1, 1), N(2.5, 1), N(4, 1) (seed 0x12, rounded to 1/256); full",
                data: synthetic(seed: 0x12, clusters: [(10, [1], [1]), (10, [2.5], [1]), (10, [4], [1])]),
                initial: diagonalParameters(
                    weights: [0.25, 0.5, 0.25], means: [[0.5], [2], [5]], variances: [[1], [2], [1]]),
                type: .full, epsilon: 0, iterations: 10, extraFlags: []),
            TraceProblem(
                group: "synthetic", name: "2d-anisotropic-k2-full",
                comment:
                    """
                    2-D, 15 points from N((2, 10), diag(5², 0.2²)) and 15 from N((6, 3), diag(0.2², 4²)) (seed \
                    0x13); full
                    """,
                data: synthetic(seed: 0x13, clusters: [(15, [2, 10], [5, 0.2]), (15, [6, 3], [0.2, 4])]),
                initial: diagonalParameters(
                    weights: [0.5, 0.5], means: [[1, 8], [5, 4]], variances: [[9, 9], [9, 9]]),
                type: .full, epsilon: 0, iterations: 8, extraFlags: []),
            TraceProblem(
                group: "synthetic", name: "2d-k3-diagonal",
                comment: "2-D, 10 points each from three clusters (seed 0x14); diagonal",
                data: synthetic(
                    seed: 0x14,
                    clusters: [(10, [1, 1], [0.5, 1]), (10, [4, 2], [1, 0.5]), (10, [2, 5], [0.7, 0.7])]),
                initial: diagonalParameters(
                    weights: [0.25, 0.25, 0.5], means: [[1.5, 1.5], [3.5, 2.5], [2.5, 4]],
                    variances: [[1, 1], [1, 1], [1, 1]]),
                type: .diagonal, epsilon: 0, iterations: 8, extraFlags: []),
            TraceProblem(
                group: "synthetic", name: "2d-k2-spherical-regularised",
                comment: "2-D, 12 points each from two clusters (seed 0x15); spherical, ε = 1/64",
                data: synthetic(seed: 0x15, clusters: [(12, [1, 2], [1, 1]), (12, [4, 5], [0.5, 0.5])]),
                initial: diagonalParameters(
                    weights: [0.5, 0.5], means: [[2, 2], [3, 3]], variances: [[2, 2], [2, 2]]),
                type: .spherical, epsilon: 0.015625, iterations: 8, extraFlags: ["regulariser-omitted"]),
            TraceProblem(
                group: "synthetic", name: "1d-far-point-log-sum-exp",
                comment:
                    """
                    1-D: a point at 40 while λ⁰ has variances 1/100 near 0 and 1, so ℓ ≈ −7·10⁴ for every \
                    component there: without the max shift exp underflows to 0
                    """,
                data: [[0.25], [0.5], [0.75], [1.25], [1.5], [40]],
                initial: diagonalParameters(
                    weights: [0.5, 0.5], means: [[0.5], [1.25]], variances: [[0.01], [0.01]]),
                type: .full, epsilon: 0, iterations: 4, extraFlags: ["no-logsumexp-shift"]),
            TraceProblem(
                group: "old-faithful", name: "k2-full", comment: provenance + "; K = 2, full",
                data: faithful,
                initial: MixtureParameters(
                    weights: [0.5, 0.5], means: [[2.5, 60], [3.5, 75]],
                    covariances: [Matrix.diagonal([1, 100]), Matrix.diagonal([1, 100])]),
                type: .full, epsilon: 0, iterations: 15, extraFlags: []),
            TraceProblem(
                group: "old-faithful", name: "k3-full", comment: provenance + "; K = 3, full",
                data: faithful,
                initial: MixtureParameters(
                    weights: [0.25, 0.25, 0.5], means: [[2, 55], [3.5, 70], [4.5, 82]],
                    covariances: [
                        Matrix.diagonal([0.5, 50]), Matrix.diagonal([0.5, 50]), Matrix.diagonal([0.5, 50]),
                    ]),
                type: .full, epsilon: 0, iterations: 8, extraFlags: []),
        ] + regimeTraceProblems()
    }

    /// The trace as Doubles in the exported order: L (T+1), F (T), H (T+1), π, μ, Σ.
    static func traceValues<S: RealScalar>(_ trace: EMTrace<S>) -> [[Double]] { EMTraceEvaluator.values(trace) }

    static func run<S: RealScalar>(_ p: TraceProblem, as: S.Type) throws -> EMTrace<S> {
        try EMTraceEvaluator.run(p.data, p.initial, p.type, p.epsilon, p.iterations, as: S.self)
    }

    /// The trace catalogue, evaluated by `EMTraceEvaluator`. The flag
    /// `log-responsibility-cancellation` goes exactly on the cases whose tolerance the naive ln r
    /// route exceeds, measured on the evaluated trace.
    func traceGroups() throws -> [TestGroup] {
        var groups: OrderedMap<[FixtureCase]> = [:]
        for p in try Self.traceProblems() {
            let k = p.initial.componentCount
            var inputs = Self.inputs(data: p.data, initial: p.initial, type: p.type, epsilon: p.epsilon)
            inputs["iterations"] = .integer(p.iterations)
            var flags = ["unnormalised-responsibilities", "covariance-n-minus-one", "label-permutation"]
            flags += ["n-instead-of-nk"] + p.extraFlags
            // K = 1: every N_k is N and there is no other label, so neither bug changes anything.
            if k == 1 { flags.removeAll { $0 == "label-permutation" || $0 == "n-instead-of-nk" } }
            // T = 0: no M-step runs, so neither M-step bug changes anything.
            if p.iterations == 0 { flags.removeAll { $0 == "covariance-n-minus-one" || $0 == "n-instead-of-nk" } }
            var newCase = try EMTraceEvaluator(group: p.group).fixtureCase(
                CatalogueEntry(p.name, comment: p.comment, flags: flags, inputs: inputs))
            guard case .values(let expected) = newCase.expected else { continue }
            let values = ["logLikelihood", "bound", "entropy", "weights", "means", "covariances"].map { name in
                expected[name]?.reals.map(\.value) ?? []
            }
            if try Self.naiveEntropyError(p, values: values) > newCase.tolerance.value {
                newCase.flags.append("log-responsibility-cancellation")
            }
            groups[p.group] = (groups[p.group] ?? []) + [newCase]
        }
        return groups.keys.map { key in
            TestGroup(
                id: key,
                description: key == "synthetic"
                    ? """
                    Small synthetic sets: well separated, overlapping, anisotropic, 1-D and 2-D, every covariance \
                    type; one forces the log-sum-exp shift (EM-2, EM-3, EM-4, EM-7).
                    """
                    : key == "regimes"
                        ? """
                        Hostile regimes (EM-2, EM-3, EM-4, EM-7): data offset by 10⁶, 10⁷ and 10⁸, \
                        variances near 10⁻²⁸⁹ and 10²⁸⁹, every log joint near −10³ or −10⁵, \
                        one-hot posteriors, K = 10 with a weight near 0, d = 30 with N = d + 1, K = 1 with \
                        repeated points, a fitted covariance with κ ≈ 10⁸ and points on the major axis of a \
                        λ⁰ covariance with κ ≈ 2.4·10¹¹.
                        """
                        : "The Old Faithful data, K = 2 and K = 3, full covariances (EM-7).",
                cases: groups[key]!)
        }
    }
}
