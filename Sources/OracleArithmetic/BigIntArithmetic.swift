// Ring operations and shifts on `BigInt`, in sign–magnitude form.

extension BigInt {
    /// The limb count of the shorter factor at and above which `*` switches from schoolbook to
    /// Karatsuba multiplication.
    ///
    /// 32 limbs (2048 bits), measured in a release build: the timings are recorded at
    /// `Limbs.karatsubaThreshold` in `BigIntMultiplication.swift`.
    public static var karatsubaThreshold: Int { Limbs.karatsubaThreshold }

    @inlinable
    public static func + (lhs: BigInt, rhs: BigInt) -> BigInt {
        if lhs.negative == rhs.negative {
            return BigInt(negative: lhs.negative, normalizedLimbs: Limbs.add(lhs.storage, rhs.storage))
        }
        return signedDifference(lhs.storage, lhs.negative, rhs.storage)
    }

    @inlinable
    public static func - (lhs: BigInt, rhs: BigInt) -> BigInt {
        if lhs.negative != rhs.negative {
            return BigInt(negative: lhs.negative, normalizedLimbs: Limbs.add(lhs.storage, rhs.storage))
        }
        return signedDifference(lhs.storage, lhs.negative, rhs.storage)
    }

    /// (−1)^negative · (|a| − |b|).
    @usableFromInline
    internal static func signedDifference(_ a: [UInt64], _ negative: Bool, _ b: [UInt64]) -> BigInt {
        let order = Limbs.compare(a, b)
        if order == 0 { return BigInt(negative: false, normalizedLimbs: []) }
        if order > 0 { return BigInt(negative: negative, normalizedLimbs: Limbs.subtract(a, b)) }
        return BigInt(negative: !negative, normalizedLimbs: Limbs.subtract(b, a))
    }

    @inlinable
    public static func * (lhs: BigInt, rhs: BigInt) -> BigInt {
        BigInt(negative: lhs.negative != rhs.negative, normalizedLimbs: Limbs.multiply(lhs.storage, rhs.storage))
    }

    @inlinable
    public static prefix func - (operand: BigInt) -> BigInt {
        BigInt(negative: !operand.negative, normalizedLimbs: operand.storage)
    }

    @inlinable
    public static prefix func + (operand: BigInt) -> BigInt { operand }

    @inlinable public static func += (lhs: inout BigInt, rhs: BigInt) { lhs = lhs + rhs }
    @inlinable public static func -= (lhs: inout BigInt, rhs: BigInt) { lhs = lhs - rhs }
    @inlinable public static func *= (lhs: inout BigInt, rhs: BigInt) { lhs = lhs * rhs }

    /// The product computed with an explicit Karatsuba threshold (`Int.max` forces schoolbook).
    /// Test and benchmark hook; not part of the stable API.
    public static func _product(_ lhs: BigInt, _ rhs: BigInt, karatsubaThreshold: Int) -> BigInt {
        BigInt(
            negative: lhs.negative != rhs.negative,
            normalizedLimbs: Limbs.multiply(lhs.storage, rhs.storage, karatsubaThreshold: karatsubaThreshold))
    }

    /// x · 2ⁿ; a negative n shifts right.
    public static func << (x: BigInt, n: Int) -> BigInt {
        if n < 0 { return x >> (n == Int.min ? Int.max : -n) }
        return BigInt(negative: x.negative, normalizedLimbs: Limbs.shiftLeft(x.storage, n))
    }

    /// ⌊x / 2ⁿ⌋ (rounds toward −∞ on negatives, like `Int`); a negative n shifts left.
    public static func >> (x: BigInt, n: Int) -> BigInt {
        if n < 0 { return x << -n }
        let shifted = Limbs.shiftRight(x.storage, n)
        if x.negative && Limbs.hasBitsBelow(x.storage, n) {
            // −⌈|x|/2ⁿ⌉ = −(⌊|x|/2ⁿ⌋ + 1) when bits were dropped.
            return BigInt(negative: true, normalizedLimbs: Limbs.add(shifted, [1]))
        }
        return BigInt(negative: x.negative, normalizedLimbs: shifted)
    }

    public static func <<= (x: inout BigInt, n: Int) { x = x << n }
    public static func >>= (x: inout BigInt, n: Int) { x = x >> n }
}
