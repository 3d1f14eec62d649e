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
        try streamGroup(
            .words, "The first 16 words next() returns from each seed (RNG-1 state step, RNG-2 mix).",
            flags: ["state-advance-order", "arithmetic-shift"]
        ) { "16 words from seed \($0)" }
    }

    func uniformGroup() throws -> TestGroup {
        try streamGroup(
            .uniforms, "The first 16 uniforms in [0,1) from each seed: (word >> 11) * 2^-53 (RNG-3).",
            flags: ["uniform-mapping"]
        ) { "16 uniforms from seed \($0)" }
    }

    func normalGroup() throws -> TestGroup {
        try streamGroup(
            .normals, "The first 16 standard normals from each seed by Marsaglia's polar method (RNG-4).",
            flags: ["polar-partner-reuse"]
        ) { "16 polar normals from seed \($0); each consumes an even number of words" }
    }

    /// The group of one stream: a case per seed, each carrying `flags`, with the comment `comment`
    /// gives for the seed's spelling.
    func streamGroup(
        _ stream: SplitMix64StreamEvaluator.Stream, _ description: String, flags: [String],
        comment: (String) -> String
    ) throws -> TestGroup {
        try SplitMix64StreamEvaluator(stream).testGroup(
            description: description,
            Self.seeds.map { seed in
                Self.streamEntry(seed, flags: flags, comment: comment(FixtureValue.wordSpelling(seed)))
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
