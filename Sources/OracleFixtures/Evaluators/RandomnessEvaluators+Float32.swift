// The float32 answers of `randomness/*` (RNG-1 … RNG-5). The generator is specified in 64-bit
// integer arithmetic and binary64, so nothing is measured here: words are integers at any
// precision; a uniform (w >> 11)·2⁻⁵³ computed in float32 is the 53-bit integer rounded once to
// float32 and scaled by a power of two, so it is exactly the Float nearest the binary64 uniform;
// the polar normals and the categorical draws make accept/reject and u < cᵢ decisions in binary64
// that flip when made in float32, so a float32 stream is a different stream.

extension SplitMix64StreamEvaluator {
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        switch stream {
        case .words:
            return .fixed(.exact("64-bit words are integers: precision does not enter"))
        case .uniforms:
            return .fixed(
                .exact(
                    """
                    Float((word >> 11)) · 2^-53 rounds the 53-bit integer once and scales it exactly, so it is \
                    the Float nearest the binary64 uniform
                    """))
        case .normals:
            return .float64Only(
                reason: """
                    the polar method accepts a pair when s = u² + v² < 1 and takes ln s and a square root in \
                    binary64; in float32 acceptances flip near s = 1 and the stream shifts
                    """)
        }
    }
}

extension CategoricalDrawEvaluator {
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        .float64Only(
            reason: """
                each draw compares a 53-bit uniform u with cumulative sums cᵢ in binary64; rounded to float32 \
                u and cᵢ can tie or swap, and the boundary cases are built on exactly those comparisons
                """)
    }
}
