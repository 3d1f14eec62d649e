import OracleRandom

/// `Fixtures/randomness/splitmix64.json` and `categorical-edges.json`: test vectors for the specified generator
/// (`Proofs/01-randomness.md`, RNG-1 … RNG-5), so that any language can reproduce the streams
/// behind every Monte Carlo fixture.
///
/// `splitmix64.json` has the groups `words` (RNG-1, RNG-2), `uniform` (RNG-3), `normal` (RNG-4)
/// and `categorical` (RNG-5); `categorical-edges.json` has `boundary` (a uniform exactly on a
/// cumulative probability) and `invalid` (vectors that must be refused).
/// Each case starts a fresh generator from its seed. All values are exact.
public struct RandomnessExporter: FixtureFamilyExporter, FamilyExporterKit {
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

    // MARK: - Groups: catalogues of seeds and vectors, run through `RandomnessEvaluators`

    static func seedName(_ seed: UInt64) -> String { "seed-" + FixtureValue.wordSpelling(seed).dropFirst(2) }

    static func streamEntry(_ seed: UInt64, flags: [String], comment: String) -> CatalogueEntry {
        CatalogueEntry(
            seedName(seed), comment: comment, flags: flags,
            inputs: ["seed": .word(seed), "count": .integer(streamLength)])
    }

    static func categoricalInputs(_ seed: UInt64, _ probabilities: [Double], count: Int) -> OrderedMap<FixtureValue> {
        [
            "seed": .word(seed), "probabilities": .vector(probabilities.map(FixtureValue.exactReal)),
            "count": .integer(count),
        ]
    }

    static func categoricalEntry(
        _ seed: UInt64, _ probabilities: [Double], count: Int = categoricalCount,
        name: String? = nil, flags: [String], comment: String
    ) -> CatalogueEntry {
        CatalogueEntry(
            name ?? "\(seedName(seed))-k\(probabilities.count)", comment: comment, flags: flags,
            inputs: categoricalInputs(seed, probabilities, count: count))
    }
}
