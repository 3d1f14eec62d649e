import OracleRandom

/// `Fixtures/randomness/splitmix64.json` and `categorical-edges.json`: test vectors for the specified generator
/// (`Proofs/01-randomness.md`, RNG-1 … RNG-5), so that any language can reproduce the streams
/// behind every Monte Carlo fixture.
///
/// `splitmix64.json` has the groups `words` (RNG-1, RNG-2), `uniform` (RNG-3), `normal` (RNG-4)
/// and `categorical` (RNG-5); `categorical-edges.json` has `boundary` (a uniform exactly on a
/// cumulative probability) and `invalid` (vectors that must be refused).
/// Each case starts a fresh generator from its seed. All values are exact.
public struct RandomnessExporter: FixtureFamilyExporter {
    public let family = "randomness"
    public let summary = "SplitMix64 words, the [0,1) map, polar normals, categorical draws"

    public init() {}

    static let seeds: [UInt64] = [
        0x0000_0000_0000_0000, 0x0000_0000_0000_0001, 0x0123_4567_89ab_cdef, 0xffff_ffff_ffff_ffff,
    ]
    static let categoricalSeeds: [UInt64] = [0x0000_0000_0000_0000, 0x0123_4567_89ab_cdef]
    static let categoricalVectors: [[Double]] = [[0.5, 0.25, 0.125, 0.125], [0.1, 0.0, 0.9]]
    static let streamLength = 16
    static let categoricalCount = 32

    static let allNotes: OrderedMap<String> = [
        "state-advance-order": """
        mixing the state before adding the increment γ (or returning the seed's mix first): every word is shifted \
        one place and the first word is mix(seed)
        """,
        "arithmetic-shift": """
        using a signed (arithmetic) right shift in the mix, e.g. on int64 arrays: words whose intermediate value \
        has the top bit set come out wrong
        """,
        "uniform-mapping": """
        mapping a word to [0,1) as word / 2^64 (rounded) instead of taking its top 53 bits, (word >> 11) * 2^-53: \
        the last bits differ for most words and the result can be exactly 1
        """,
        "polar-partner-reuse": """
        returning the cached second polar variate v2*sqrt(t) as the next normal instead of discarding it: every \
        second normal comes from the previous pair and the stream desynchronises
        """,
        "categorical-one-draw": """
        drawing a fresh uniform for each category comparison instead of one uniform per sample: the wrong \
        distribution, and the stream consumes extra words
        """,
        "categorical-boundary": """
        testing u <= c instead of u < c: when u equals a cumulative probability exactly, the earlier category is \
        returned
        """,
        "categorical-validation": """
        sampling from an empty, negative, non-finite or unnormalised probability vector instead of refusing it \
        with an error
        """,
    ]

    public func makeFiles() throws -> [FixtureFile] {
        [try streamFile(), try edgeFile()]
    }

    /// The stream vectors: exactly the groups words, uniform, normal, categorical.
    func streamFile() throws -> FixtureFile {
        FixtureFile(
            family: family, variant: "splitmix64",
            description: """
                Test vectors for LatentOracle's specified pseudo-random generator SplitMix64 and its samplers: raw \
                64-bit words, uniform doubles in [0,1), standard normals by Marsaglia's polar method, and categorical \
                draws. Every Monte Carlo fixture writes its draws out, so reproducing this stream is optional; these \
                vectors are for implementations that want the same stream.
                """,
            proof: ProofReference(
                file: "Proofs/01-randomness.md",
                steps: ["RNG-1", "RNG-2", "RNG-3", "RNG-4", "RNG-5"]),
            conventions: Self.conventions,
            notes: Self.notes(for: [
                "state-advance-order", "arithmetic-shift", "uniform-mapping",
                "polar-partner-reuse", "categorical-one-draw",
            ]),
            testGroups: [try wordsGroup(), try uniformGroup(), try normalGroup(), try categoricalGroup()])
    }

    /// Categorical edge cases: a uniform exactly on a cumulative boundary, and vectors that
    /// must be refused. A separate file, so that `splitmix64.json` keeps its four groups.
    func edgeFile() throws -> FixtureFile {
        FixtureFile(
            family: family, variant: "categorical-edges",
            description: """
                Edge cases of the specified categorical sampler: draws where the uniform equals a cumulative \
                probability exactly (the strict comparison u < c decides), and probability vectors that must be \
                refused with an error.
                """,
            proof: ProofReference(file: "Proofs/01-randomness.md", steps: ["RNG-3", "RNG-5"]),
            conventions: Self.conventions,
            notes: Self.notes(for: ["categorical-boundary", "categorical-validation"]),
            testGroups: [try boundaryGroup(), try invalidGroup()])
    }

    static let conventions: OrderedMap<String> = [
        "stream": """
        each case starts a fresh generator whose state is the seed; next() adds γ = 0x9e3779b97f4a7c15 (mod 2^64) \
        to the state, then returns mix(state)
        """,
        "mix": """
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9; z = (z ^ (z >> 27)) * 0x94d049bb133111eb; z ^ (z >> 31), logical \
        shifts, products mod 2^64
        """,
        "uniform": "u = (word >> 11) * 2^-53, exact, in [0, 1)",
        "normal": """
        Marsaglia polar: u1, u2 uniform; v = 2u - 1; s = v1*v1 + v2*v2 (no FMA); retry unless 0 < s < 1; return v1 \
        * sqrt((-2 * log(s)) / s); the partner v2 * sqrt(...) is discarded
        """,
        "categorical": """
        one uniform u per draw; c accumulates p_i left to right in Double; return the first i with u < c (else the \
        last i with p_i > 0)
        """,
        "categorical-errors": """
        refuse (error kind invalid-probabilities) an empty vector, any NaN, infinite or negative entry, or a \
        left-to-right sum farther than 1e-12 from 1
        """,
        "word-spelling": "64-bit words are written \"0x\" + 16 lower-case hex digits",
    ]

    static func notes(for flags: [String]) -> OrderedMap<String> {
        var selected = OrderedMap<String>()
        for flag in flags { selected[flag] = allNotes[flag] }
        return selected
    }

    // MARK: - Groups: catalogues of seeds and vectors, run through `RandomnessEvaluators`

    static func seedName(_ seed: UInt64) -> String { "seed-" + FixtureValue.wordSpelling(seed).dropFirst(2) }

    static func streamEntry(_ seed: UInt64, flags: [String], comment: String) -> CatalogueEntry {
        CatalogueEntry(
            seedName(seed), comment: comment, flags: flags,
            inputs: ["seed": .word(seed), "count": .integer(streamLength)])
    }

    static func categoricalEntry(
        _ seed: UInt64, _ probabilities: [Double], count: Int = categoricalCount,
        name: String? = nil, flags: [String], comment: String,
        refusal: String? = nil
    ) -> CatalogueEntry {
        CatalogueEntry(
            name ?? "\(seedName(seed))-k\(probabilities.count)", comment: comment, flags: flags,
            inputs: [
                "seed": .word(seed), "probabilities": .vector(probabilities.map(FixtureValue.exactReal)),
                "count": .integer(count),
            ],
            refusal: refusal)
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
        // The catalogue's refusal is checked against the evaluator's answer when the case is built.
        return try CategoricalDrawEvaluator(GroupPath(family, "categorical-edges", "invalid")).testGroup(
            description: "Probability vectors the sampler must refuse with error invalid-probabilities (RNG-5).",
            vectors.map { name, p, comment in
                Self.categoricalEntry(
                    0, p, count: 1, name: name, flags: ["categorical-validation"],
                    comment: "must be refused: \(comment)", refusal: "invalid-probabilities")
            })
    }
}
