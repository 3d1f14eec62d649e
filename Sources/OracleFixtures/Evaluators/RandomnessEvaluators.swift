import OracleRandom

/// The evaluators of `randomness/splitmix64` and `randomness/categorical-edges`
/// (`Proofs/01-randomness.md`, RNG-1 … RNG-5): the stream of the specified generator from a
/// seed, mapped to words, uniforms, polar normals or categorical draws. Every value is exact:
/// integer arithmetic modulo 2⁶⁴ and single correctly rounded IEEE 754 operations.
public enum RandomnessEvaluators {
    /// The longest stream a request may ask for.
    static let streamLimit = 1 << 20
    /// The most categorical draws a request may ask for: each draw validates and scans the K ≤ 4096
    /// probabilities again, so K·count stays below 2²⁶.
    static let drawLimit = 1 << 14

    public static let all: [any GroupEvaluator] = [
        SplitMix64StreamEvaluator(.words), SplitMix64StreamEvaluator(.uniforms),
        SplitMix64StreamEvaluator(.normals),
        CategoricalDrawEvaluator(GroupPath("randomness", "splitmix64", "categorical")),
        CategoricalDrawEvaluator(GroupPath("randomness", "categorical-edges", "boundary")),
        CategoricalDrawEvaluator(GroupPath("randomness", "categorical-edges", "invalid")),
    ]

    /// The `count` input, checked against `limit`.
    static func count(_ read: EvaluationInputs, limit: Int) throws(EvaluationError) -> Int {
        try read.count(
            "count", limit: limit, overLimit: "ask for fewer values, or continue the stream in your own code")
    }
}

/// `randomness/splitmix64/{words, uniform, normal}`: the first `count` values a fresh generator
/// seeded with `seed` returns, as 64-bit words (RNG-1, RNG-2), uniforms (word >> 11)·2⁻⁵³ (RNG-3)
/// or standard normals by Marsaglia's polar method (RNG-4).
public struct SplitMix64StreamEvaluator: GroupEvaluator {
    public enum Stream: Sendable {
        case words, uniforms, normals
    }

    public let stream: Stream
    public let path: GroupPath

    public init(_ stream: Stream) {
        self.stream = stream
        let group =
            switch stream {
            case .words: "words"
            case .uniforms: "uniform"
            case .normals: "normal"
            }
        path = GroupPath("randomness", "splitmix64", group)
    }

    public var summary: String {
        switch stream {
        case .words: "the first count 64-bit words of SplitMix64 from a seed"
        case .uniforms: "the first count uniforms (word >> 11)·2⁻⁵³ in [0, 1) from a seed"
        case .normals: "the first count standard normals by Marsaglia's polar method from a seed"
        }
    }

    public let inputs = [
        FieldDeclaration("seed", .word, "the generator's initial state"),
        FieldDeclaration("count", .integer, "how many values to draw"),
    ]

    public var outputs: [FieldDeclaration] {
        switch stream {
        case .words: [FieldDeclaration("words", .word, shape: ["count"], "next() in order")]
        case .uniforms: [FieldDeclaration("uniforms", .real, shape: ["count"], "exact Doubles in [0, 1)")]
        case .normals: [FieldDeclaration("normals", .real, shape: ["count"], "exact Doubles, the polar stream")]
        }
    }

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs)
        let count = try RandomnessEvaluators.count(read, limit: RandomnessEvaluators.streamLimit)
        var generator = SplitMix64(seed: read.word("seed"))
        switch stream {
        case .words:
            let words = (0..<count).map { _ in FixtureValue.word(generator.next()) }
            return Evaluation(
                expected: .values(["words": .vector(words)]),
                tolerance: .exact("integer arithmetic modulo 2^64 has one right answer"))
        case .uniforms:
            let uniforms = (0..<count).map { _ in FixtureValue.exactReal(generator.uniform()) }
            return Evaluation(
                expected: .values(["uniforms": .vector(uniforms)]),
                tolerance: .exact(
                    "(word >> 11) * 2^-53 is exact in binary64: a 53-bit integer times a power of two"))
        case .normals:
            let normals = (0..<count).map { _ in FixtureValue.exactReal(generator.standardNormal()) }
            return Evaluation(
                expected: .values(["normals": .vector(normals)]),
                tolerance: .exact(
                    """
                    each step is one correctly rounded IEEE 754 operation and log(s) is correctly rounded on these \
                    inputs (RNG-4), so the stream is reproducible bit for bit
                    """))
        }
    }
}

/// `randomness/splitmix64/categorical` and `randomness/categorical-edges/{boundary, invalid}`:
/// `count` categorical draws, one uniform each, the first i with u < cᵢ (RNG-5); a vector that is
/// empty, non-finite, negative or off the simplex by more than 1e-12 is refused with
/// `invalid-probabilities`.
public struct CategoricalDrawEvaluator: GroupEvaluator {
    public let path: GroupPath
    public let summary = "count categorical draws from a seed and a probability vector, or its refusal"
    public let inputs = [
        FieldDeclaration("seed", .word, "the generator's initial state"),
        FieldDeclaration("probabilities", .real, shape: ["K"], "p on K categories, summed left to right"),
        FieldDeclaration("count", .integer, "how many draws"),
    ]
    public let outputs = [FieldDeclaration("indices", .integer, shape: ["count"], "0-based categories")]
    public var sizeLimit: Int { 1 << 12 }

    public init(_ path: GroupPath) {
        self.path = path
    }

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs)
        let count = try RandomnessEvaluators.count(read, limit: RandomnessEvaluators.drawLimit)
        let probabilities = read.reals("probabilities")
        var generator = SplitMix64(seed: read.word("seed"))
        var indices: [FixtureValue] = []
        indices.reserveCapacity(count)
        do {
            // The sampler validates on every draw; a refused vector is refused even when count = 0.
            var probe = generator
            _ = try probe.categorical(probabilities: probabilities)
            for _ in 0..<count {
                indices.append(.integer(try generator.categorical(probabilities: probabilities)))
            }
        } catch {
            return .refusal("invalid-probabilities")
        }
        return Evaluation(
            expected: .values(["indices": .vector(indices)]),
            tolerance: .exact(
                """
                indices are integers: u is exact and c is summed left to right in Double, so every comparison has one \
                outcome
                """))
    }
}
