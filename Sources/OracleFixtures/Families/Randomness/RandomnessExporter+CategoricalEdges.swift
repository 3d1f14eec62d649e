import OracleRandom

/// `Fixtures/randomness/categorical-edges.json`: a uniform exactly on a cumulative boundary, and
/// probability vectors the sampler must refuse.
extension RandomnessExporter {
    /// Categorical edge cases: a uniform exactly on a cumulative boundary, and vectors that
    /// must be refused. A separate file, so that `splitmix64.json` keeps its four groups.
    func edgeFile() throws -> FixtureFile {
        file(
            "categorical-edges",
            description: """
                Edge cases of the specified categorical sampler: draws where the uniform equals a cumulative \
                probability exactly (the strict comparison u < c decides), and probability vectors that must be \
                refused with an error.
                """,
            proof: "Proofs/01-randomness.md", steps: ["RNG-3", "RNG-5"],
            conventions: Self.conventions,
            notes: Self.notes(for: ["categorical-boundary", "categorical-validation"]),
            groups: [try boundaryGroup(), try invalidGroup()])
    }

    /// Vectors whose first cumulative probability equals the first uniform drawn exactly:
    /// p = [u₀, 1 − u₀] (1 − u₀ is exact, so the sum is exactly 1). The first draw must be 1.
    func boundaryGroup() throws -> TestGroup {
        var entries: [CatalogueEntry] = []
        for seed in Self.categoricalSeeds {
            var probe = SplitMix64(seed: seed)
            let u0 = probe.uniform()
            let p = [u0, 1 - u0]
            guard u0 > 0, p[0] + p[1] == 1 else {
                throw FixtureError(
                    .invalidValue, location: "RandomnessExporter",
                    problem: "the boundary vector for seed \(seed) is not exact",
                    remedy: "pick another seed")
            }
            entries.append(
                Self.categoricalEntry(
                    seed, p, flags: ["categorical-boundary"],
                    comment: """
                        p[0] is the first uniform drawn, so the first draw sits exactly on the boundary c = u and must \
                        return 1
                        """))
        }
        let group = try CategoricalDrawEvaluator(GroupPath(family, "categorical-edges", "boundary")).testGroup(
            description: """
                Draws where a uniform equals a cumulative probability exactly: the strict comparison u < c decides \
                (RNG-5).
                """,
            entries)
        for built in group.cases {
            guard case .values(let expected) = built.expected, case .array(_, let data)? = expected["indices"],
                data.first == .integer(1)
            else {
                throw FixtureError(
                    .invalidValue, location: "RandomnessExporter",
                    problem: "the boundary case does not start with index 1", remedy: "check RNG-5")
            }
        }
        return group
    }

    func invalidGroup() throws -> TestGroup {
        let vectors: [(String, [Double], String)] = [
            ("empty", [], "an empty vector"),
            ("negative", [0.5, -0.25, 0.75], "a negative entry (the sum is 1)"),
            ("nan", [0.5, .nan, 0.5], "a NaN entry"),
            ("infinite", [0.5, .infinity], "an infinite entry"),
            ("sum-not-one", [0.5, 0.6], "entries summing to 1.1"),
        ]
        let refusals = CategoricalDrawEvaluator(GroupPath(family, "categorical-edges", "invalid"))
        return try refusals.testGroup(
            description: "Probability vectors the sampler must refuse with error invalid-probabilities (RNG-5).",
            vectors.map { name, p, comment in
                try Self.refusedCase(
                    refusals, name, comment: "must be refused: \(comment)", flags: ["categorical-validation"],
                    inputs: Self.categoricalInputs(0, p, count: 1), kind: "invalid-probabilities")
            })
    }
}
