/// An arbitrary-precision signed integer in sign–magnitude form over 64-bit limbs.
///
/// The magnitude is stored little-endian with no high zero limb; zero has no limbs and is never
/// negative, so equal values have equal representations (hashing agrees with `==`).
///
/// **Operations and their cost** (n = limb count):
/// - `+`, `-`, shifts, comparison: O(n).
/// - `*`: schoolbook below `BigInt.karatsubaThreshold` limbs, Karatsuba above it.
/// - division: Knuth's algorithm D (TAOCP 4.3.1), O(n·m), with 2-by-1 limb divisions by a
///   precomputed reciprocal (Möller–Granlund); truncated like `Int`.
/// - `gcd`: Lehmer on limbs, finishing in machine words.
/// - `description` / `init(decimal:)`: O(n²) in chunks of 10¹⁹.
///
/// **Edge Cases:** operations that can fail on user input (division by zero, negative or absurd
/// exponents) have throwing forms that throw `ArithmeticError`; the operators `/` and `%` are an
/// internal convenience with a non-zero-divisor precondition.
public struct BigInt: Sendable {
    /// |self| as little-endian 64-bit limbs with no high zero limb (empty for 0).
    @usableFromInline internal var storage: [UInt64]
    /// `true` for negative values; always `false` for 0.
    @usableFromInline internal var negative: Bool

    /// Wraps limbs that are already normalised (no high zero limb); `negative` is ignored for 0.
    @inlinable
    internal init(negative: Bool, normalizedLimbs: [UInt64]) {
        storage = normalizedLimbs
        self.negative = negative && !normalizedLimbs.isEmpty
    }

    /// The integer with sign `negative` and magnitude given by little-endian 64-bit `limbs`.
    ///
    /// **Postconditions:** high zero limbs are dropped and −0 becomes 0.
    @inlinable
    public init(negative: Bool, limbs: [UInt64]) {
        var normalized = limbs
        Limbs.normalize(&normalized)
        self.init(negative: negative, normalizedLimbs: normalized)
    }

    /// `value`, exactly.
    @inlinable
    public init(_ value: Int) {
        storage = value == 0 ? [] : [UInt64(value.magnitude)]
        negative = value < 0
    }

    /// `value`, exactly.
    @inlinable
    public init(_ value: UInt64) {
        storage = value == 0 ? [] : [value]
        negative = false
    }

    /// |self| as little-endian 64-bit limbs, with no high zero limb; empty for 0.
    @inlinable public var limbs: [UInt64] { storage }

    /// `true` when the value is below 0.
    @inlinable public var isNegative: Bool { negative }

    /// `true` when the value is 0.
    @inlinable public var isZero: Bool { storage.isEmpty }

    /// −1, 0 or 1 according to the sign.
    @inlinable public var signum: Int { storage.isEmpty ? 0 : (negative ? -1 : 1) }

    /// The number of bits of |self| (the position of the highest set bit plus one); 0 for 0.
    @inlinable public var bitLength: Int { Limbs.bitLength(storage) }

    /// The number of trailing zero bits of |self|; 0 for 0.
    public var trailingZeroBitCount: Int {
        for (index, limb) in storage.enumerated() where limb != 0 {
            return index * 64 + limb.trailingZeroBitCount
        }
        return 0
    }

    /// |self|.
    @inlinable public var magnitude: BigInt { BigInt(negative: false, normalizedLimbs: storage) }

    /// The constant 0.
    public static let zero = BigInt(0)
    /// The constant 1.
    public static let one = BigInt(1)
}

extension BigInt: Hashable {
    @inlinable
    public static func == (lhs: BigInt, rhs: BigInt) -> Bool {
        lhs.negative == rhs.negative && lhs.storage == rhs.storage
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(negative)
        hasher.combine(storage)
    }
}

extension BigInt: Comparable {
    @inlinable
    public static func < (lhs: BigInt, rhs: BigInt) -> Bool {
        if lhs.negative != rhs.negative { return lhs.negative }
        let order = Limbs.compare(lhs.storage, rhs.storage)
        return lhs.negative ? order > 0 : order < 0
    }
}

extension BigInt: ExpressibleByIntegerLiteral {
    @inlinable
    public init(integerLiteral value: Int) { self.init(value) }
}
