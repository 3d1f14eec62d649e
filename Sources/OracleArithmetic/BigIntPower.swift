extension BigInt {
    /// The largest result, in bits, that `power` will build (2²⁸ bits = 32 MiB); beyond it the
    /// result is refused rather than allocated.
    public static let maximumPowerBitLength = 1 << 28

    /// self raised to `exponent` ≥ 0 by binary exponentiation (0⁰ = 1).
    ///
    /// Throws `ArithmeticError.negativeExponent` when `exponent` < 0, and
    /// `ArithmeticError.resultTooLarge` when the result would exceed `maximumPowerBitLength` bits.
    public func power(_ exponent: Int) throws(ArithmeticError) -> BigInt {
        guard exponent >= 0 else {
            throw .negativeExponent("BigInt \(self) to the power \(exponent): integer powers need exponent ≥ 0")
        }
        if exponent == 0 { return .one }
        if isZero || exponent == 1 { return self }
        let resultNegative = negative && exponent & 1 == 1
        if storage == [1] { return BigInt(negative: resultNegative, normalizedLimbs: storage) }
        // |self|^e has between (bitLength − 1)·e + 1 and bitLength·e bits.
        let (lowerBits, overflow) = (bitLength - 1).multipliedReportingOverflow(by: exponent)
        guard !overflow, lowerBits < BigInt.maximumPowerBitLength else {
            throw .resultTooLarge(
                "a \(bitLength)-bit integer to the power \(exponent) has more than \(BigInt.maximumPowerBitLength) bits"
            )
        }
        // Powers of two are shifts.
        if trailingZeroBitCount == bitLength - 1 {
            return BigInt(negative: resultNegative, normalizedLimbs: Limbs.shiftLeft([1], (bitLength - 1) * exponent))
        }
        let result = magnitude.uncheckedPower(exponent)
        return resultNegative ? -result : result
    }

    /// self to the power `exponent` ≥ 0 by left-to-right square and multiply, with no size check
    /// (callers bound the size first).
    internal func uncheckedPower(_ exponent: Int) -> BigInt {
        if exponent == 0 { return .one }
        var result = self
        var bit = Int.bitWidth - exponent.leadingZeroBitCount - 2
        while bit >= 0 {
            result = result * result
            if (exponent >> bit) & 1 == 1 { result = result * self }
            bit -= 1
        }
        return result
    }
}
