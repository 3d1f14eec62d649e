import OracleRandom

/// `Fixtures/randomness/splitmix64.json`: SplitMix64 words, uniforms, polar normals and categorical
/// draws for fixed seeds.
extension RandomnessExporter {
    /// The stream vectors: exactly the groups words, uniform, normal, categorical.
    func streamFile() throws -> FixtureFile {
        file(
            "splitmix64",
            description: """
                Test vectors for LatentOracle's specified pseudo-random generator SplitMix64 and its samplers: raw \
                64-bit words, uniform doubles in [0,1), standard normals by Marsaglia's polar method, and categorical \
                draws. Every Monte Carlo fixture writes its draws out, so reproducing this stream is optional; these \
                vectors are for implementations that want the same stream.
                """,
            proof: "Proofs/01-randomness.md", steps: ["RNG-1", "RNG-2", "RNG-3", "RNG-4", "RNG-5"],
            conventions: Self.conventions,
            notes: Self.notes(for: [
                "state-advance-order", "arithmetic-shift", "uniform-mapping",
                "polar-partner-reuse", "categorical-one-draw",
            ]),
            groups: [try wordsGroup(), try uniformGroup(), try normalGroup(), try categoricalGroup()])
    }

    func wordsGroup() throws -> TestGroup {
        try SplitMix64StreamEvaluator(.words).testGroup(
            description: "The first 16 words next() returns from each seed (RNG-1 state step, RNG-2 mix).",
            Self.seeds.map { seed in
                Self.streamEntry(
                    seed, flags: ["state-advance-order", "arithmetic-shift"],
                    comment: "16 words from seed \(FixtureValue.wordSpelling(seed))")
            })
    }

    func uniformGroup() throws -> TestGroup {
        try SplitMix64StreamEvaluator(.uniforms).testGroup(
            description: "The first 16 uniforms in [0,1) from each seed: (word >> 11) * 2^-53 (RNG-3).",
            Self.seeds.map { seed in
                Self.streamEntry(
                    seed, flags: ["uniform-mapping"],
                    comment: "16 uniforms from seed \(FixtureValue.wordSpelling(seed))")
            })
    }

    func normalGroup() throws -> TestGroup {
        try SplitMix64StreamEvaluator(.normals).testGroup(
            description: "The first 16 standard normals from each seed by Marsaglia's polar method (RNG-4).",
            Self.seeds.map { seed in
                Self.streamEntry(
                    seed, flags: ["polar-partner-reuse"],
                    comment: """
                        16 polar normals from seed \(FixtureValue.wordSpelling(seed)); \
                        each consumes an even number of words
                        """)
            })
    }

    func categoricalGroup() throws -> TestGroup {
        var entries: [CatalogueEntry] = []
        for seed in Self.categoricalSeeds {
            for p in Self.categoricalVectors {
                let zero = p.contains(0) ? "; category 1 has probability 0 and never appears" : ""
                entries.append(
                    Self.categoricalEntry(
                        seed, p, flags: ["categorical-one-draw"],
                        comment: "32 draws from \(p) (one word each)" + zero))
            }
        }
        return try CategoricalDrawEvaluator(GroupPath(family, "splitmix64", "categorical")).testGroup(
            description: "32 categorical draws from each seed and probability vector (RNG-5).", entries)
    }
}
