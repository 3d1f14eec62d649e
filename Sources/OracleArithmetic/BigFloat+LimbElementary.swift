import Foundation

/// exp, expm1, log and log1p up to `LimbElementary.maximumPrecision` bits on fixed-width limb
/// vectors in one stack scratch buffer: no allocation but the result's mantissa, and argument
/// reductions by cached tables that leave a short series.
///
/// Fixed point: F = 64·f fractional bits (F ≥ the `fixedPointBits` width of the reference route,
/// rounded up to whole limbs), values of W = f + 1 limbs; a *unit* is 2⁻ᶠ. Products by 2⁻ᶠ are
/// then whole-limb shifts. Every value is non-negative (the reductions below are chosen so), and
/// every operation floors, so each step's error is an integer count of units stated beside it.
///
/// **Error (both functions).** The computed ỹ satisfies |ỹ − f(x)| < 2⁻¹⁴ · 2⁻ᵖ |f(x)| as on the
/// reference route (`BigFloat+Elementary`), because the absolute errors derived below (at most a
/// few hundred units) stay below the 2^(5 + ⌈log₂ base⌉) units that `fixedPointBits` budgets; the
/// one rounding that follows keeps the contract |result − f(x)| < (½ + 2⁻¹²) ulp.
enum LimbElementary {
    /// The largest working precision served here (the reference route takes over beyond it).
    static let maximumPrecision = 4096

    // MARK: - exp

    /// eˣ (or eˣ − 1 when `minusOne`) rounded to `p` bits, or `nil` when this route does not apply
    /// (p too large, or |x| < 2⁻⁹ with k = 0, where the reference route's halvings are cheaper).
    ///
    /// Precondition (checked by the callers): 2^−(p+2) ≤ |x| < 2⁶⁰.
    ///
    /// x = k ln 2 + r with |r| < 0.3516: k = round(x / ln 2) from x's Double, corrected once from the
    /// exact remainder when that Double is too coarse (|x| ≳ 2⁵⁰), so every |x| < 2⁶⁰ is reduced
    /// (an unreduced r would leave t ≥ 1, whose wrapped series never ends); then
    /// r = j/2⁸ + Σ_{ℓ=2…L} iₗ/2^(8ℓ) + t with j = ⌊256 r⌋ ∈ [−90, 89], iₗ ∈ [0, 256) and
    /// 0 ≤ t < 2^(−8L), all read off the bits of r, and
    /// eʳ = e^(j/2⁸) · Π e^(iₗ/2^(8ℓ)) · eᵗ with cached factors (`LimbTables`) and Taylor's series
    /// for eᵗ, summed with J-fold rectangular splitting (Smith 1989) as in `FixedPoint.taylorSums`.
    ///
    /// **Error:** r: < 3 units (x floored, k ln 2 from ln 2 at F + 64 bits); the series for eᵗ:
    /// < 3N + J² + 4 units (`FixedPoint.expm1`) counted with 1 unit per product, here W units per
    /// product (`multiplyShifted`), so < (3N + J² + 4)·W; each table factor < 2 units, each product
    /// W units; the factors e^(iₗ/2^(8ℓ)) < 1.004 are applied first, then e^(j/2⁸) < 1.42, so E is
    /// within 1.42 ((3N + J² + 4)·W + (W + 2.02)(L − 1)) + W + 3 units of eʳ·2^F, and the error of r
    /// adds 1.42 · 3: below 1.42 (3N + J² + L + 8)·W + W + 8 units. With base = p + smallness,
    /// W ≤ base/64 + 2, N ≤ F/(8L) + 3 ≤ base/24 + 5 and J² ≤ N, that is < (base/6 + 40)(base/64 + 2)
    /// · 1.42 + base/64 + 10 units: below the budget 2^(5 + bitLength(base)) > 32·base of
    /// `fixedPointBits` for every base from 64 to 4105 (p ≤ 4096, smallness < 9).
    /// Relative to eˣ = 2^k eʳ with eʳ ≥ 0.7, and to eˣ − 1 as in `expm1Reduced`, the bound holds.
    static func exp(_ x: BigFloat, precision p: Int, minusOne: Bool) -> BigFloat? {
        guard p <= maximumPrecision else { return nil }
        // |x| < 2⁶⁰, so x's Double is finite and k fits. k is only near x/ln 2: the Double carries a
        // relative error up to 2⁻⁵², i.e. |x|·2⁻⁵² absolute, so for |x| ≳ 2⁵⁰ this k can be off by
        // many units; the reduction below corrects it from the exact remainder before using r.
        var k = Int((x.approximateDouble / 0x1.62e42fefa39efp-1).rounded())
        let smallness = k == 0 ? Swift.max(0, -x.topBit) : 0
        if smallness >= 9 { return nil }
        let f = (BigFloat.fixedPointBits(precision: p, halvings: 0, smallness: smallness) + 63) / 64
        let W = f + 1, F = 64 * f
        let L = f <= 5 ? 3 : (f <= 12 ? 4 : 5)
        let J = Swift.max(2, Int((Double(F) / Double(8 * L)).squareRoot()))
        // Scratch: X (W + 1), K·ln 2 (W + 2), product (2W), J + 3 series values and J + 1 powers
        // (W each), L table factors (W each).
        let size = (W + 1) + (W + 2) + 2 * W + (2 * J + 4) * W + L * W
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: size) { scratch in
            let base = scratch.baseAddress!
            let X = base, KL = X + (W + 1), product = KL + (W + 2), values = product + 2 * W
            let factors = values + (2 * J + 4) * W
            let tables = LimbTables.tables(limbs: f)
            // r = x − k ln 2 as rNegative and X = |R|, R = r·2^F (floored, below).
            var rNegative = x.isNegative
            var attempt = 0
            while true {
                // X = ⌊|x| · 2^F⌋ (|x| < 2⁶⁰: W + 1 limbs); error < 1 unit.
                x.mantissa.limbs.withUnsafeBufferPointer {
                    LimbArithmetic.placeShifted($0, by: x.exponent + F, into: X, count: W + 1)
                }
                // KL = ⌊|k| · ln 2 · 2^(F+64)⌋ >> 64: ln 2 to F + 64 bits (< 2 units there) times
                // |k| < 2⁶², then floored: < 1.25 units.
                for i in 0..<(W + 2) { KL[i] = 0 }
                if k != 0 {
                    multiplyLn2(tables, by: k.magnitude, f: f, into: KL)
                    for i in 0..<(W + 1) { KL[i] = KL[i + 1] }
                    KL[W + 1] = 0
                }
                // r = sign(x) · (X − KL); k and x have the same sign (or k = 0).
                rNegative = x.isNegative
                if LimbArithmetic.compare(X, KL, count: W + 1) >= 0 {
                    LimbArithmetic.subtract(KL, from: X, count: W + 1)
                } else {
                    LimbArithmetic.subtract(X, from: KL, count: W + 1)
                    for i in 0..<(W + 1) { X[i] = KL[i] }
                    rNegative.toggle()
                }
                // Accept |R| < 90·2^(F−8), i.e. |r| < 0.3516, the range the tables and the error
                // bound above assume. x's Double, its quotient by ln 2 and ln 2's Double carry a
                // relative error < 2⁻⁵¹·⁵ in all, so for |x| < 2⁴⁰ the Double's x/ln 2 is within 2⁻¹¹
                // of the true one, |r| ≤ (½ + 2⁻¹¹) ln 2 < 0.3470 and the first pass accepts.
                // Otherwise (|r| < 2⁹ for |x| < 2⁶⁰) k moves by round(r/ln 2) from r's Double
                // (relative error < 2⁻⁵⁰), which leaves |r| ≤ (½ + 2⁻⁴⁰) ln 2, accepted on the second pass.
                if X[f] == 0 && X[f + 1] == 0 && X[f - 1] < 90 << 56 { break }
                attempt += 1
                // The contract of the series (t < 2^(F−16)) cannot be met: leave it to the reference.
                if attempt > 2 || X[f + 1] != 0 { return nil }
                let magnitude = Double(X[f]) + Double(X[f - 1]) * 0x1p-64
                let shift = Int((magnitude / 0x1.62e42fefa39efp-1).rounded())
                k += rNegative ? -shift : shift
                if k == 0 { return nil }
            }
            // expm1 with k ≤ −(p + 3): eˣ < 2^(k+1) ≤ 2^(−p−2), so eˣ − 1 = −1 + δ with 0 < δ below a
            // quarter ulp of 1⁻ (the spacing below 1 is 2⁻ᵖ): the correct rounding is −1.
            if minusOne && k <= -(p + 3) { return -BigFloat.one }
            // Now X = |R| < 90·2^(F−8). j = ⌊R / 2^(F−8)⌋ and R′ = R − j·2^(F−8) ∈ [0, 2^(F−8)).
            let topByte = Int(X[f - 1] >> 56)
            X[f - 1] &= (1 << 56) - 1
            var j = topByte
            if rNegative {
                var lowIsZero = true
                for i in 0..<f where X[i] != 0 {
                    lowIsZero = false
                    break
                }
                j = -topByte
                if !lowIsZero {
                    // R′ = 2^(F−8) − low.
                    j -= 1
                    for i in 0..<f { X[i] = ~X[i] }
                    X[f - 1] &= (1 << 56) - 1
                    var i = 0
                    while i < f {
                        X[i] &+= 1
                        if X[i] != 0 { break }
                        i += 1
                    }
                }
            }
            // iₗ = the byte of R′ at bits [F − 8ℓ, F − 8ℓ + 8), ℓ = 2…L; t = the rest, < 2^(F−8L).
            return withUnsafeTemporaryAllocation(of: Int.self, capacity: L + 1) { indices in
                let index = indices.baseAddress!
                index[1] = j
                for level in 2...L {
                    let shift = UInt64(64 - 8 * level)
                    index[level] = Int((X[f - 1] >> shift) & 255)
                    X[f - 1] &= (1 << shift) - 1
                }
                tables.expFactors(index, levels: L, into: factors)
                // E ≈ eᵗ · 2^F by the series, then the factors, the small ones first.
                let E = values
                taylorSums(t: X, J: J, f: f, values: values, product: product)
                for level in stride(from: L, through: 1, by: -1) where index[level] != 0 {
                    multiplyShifted(E, factors + (level - 1) * W, into: E, f: f, product: product)
                }
                return finish(E, f: f, k: k, precision: p, minusOne: minusOne)
            }
        }
    }
    /// From E ≈ eʳ·2^F (W limbs): eˣ = 2^k eʳ, or eˣ − 1, rounded to p bits.
    private static func finish(
        _ E: UnsafeMutablePointer<UInt64>, f: Int, k: Int, precision p: Int, minusOne: Bool
    ) -> BigFloat {
        let W = f + 1, F = 64 * f
        if !minusOne {
            return BigFloat.roundedLimbs(E, count: W, negative: false, exponent: k - F, precision: p, sticky: false)
        }
        if k == 0 {
            // eʳ − 1 = (E − 2^F)·2⁻ᶠ, either sign (E[f] is 0 or 1).
            if E[f] == 1 {
                E[f] = 0
                return BigFloat.roundedLimbs(E, count: W, negative: false, exponent: -F, precision: p, sticky: false)
            }
            for i in 0..<f { E[i] = ~E[i] }
            var i = 0
            while i < f {
                E[i] &+= 1
                if E[i] != 0 { break }
                i += 1
            }
            return BigFloat.roundedLimbs(E, count: f, negative: true, exponent: -F, precision: p, sticky: false)
        }
        if k > F {
            // E·2^k − 2^F = 2^k·((E − 1) + (1 − 2^(F−k))) with 1 − 2^(F−k) ∈ [½, 1): the integer E − 1
            // (E > 2^F) and a nonzero remainder below it, so E − 1 with the sticky bit (E has more
            // than p + 2 bits) is exact information at scale 2^(k−F), without a k-bit buffer.
            var i = 0
            while true {
                let (d, borrow) = E[i].subtractingReportingOverflow(1)
                E[i] = d
                if !borrow { break }
                i += 1
            }
            return BigFloat.roundedLimbs(E, count: W, negative: false, exponent: k - F, precision: p, sticky: true)
        }
        // k > 0: E·2^k − 2^F > 0 (E ≥ 0.7·2^F); k < 0: 2^(F−k) − E > 0 at scale 2^(k−F). The bounds on
        // k (k ≤ F here and k > −(p + 3)) keep these buffers below W + F/64 + 2 limbs.
        let n = W + (Swift.abs(k) + 63) / 64 + 1
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n) { scratch in
            let y = scratch.baseAddress!
            if k > 0 {
                LimbArithmetic.placeShifted(UnsafeBufferPointer(start: E, count: W), by: k, into: y, count: n)
                var i = f
                while true {
                    let (d, borrow) = y[i].subtractingReportingOverflow(1)
                    y[i] = d
                    if !borrow { break }
                    i += 1
                }
                return BigFloat.roundedLimbs(y, count: n, negative: false, exponent: -F, precision: p, sticky: false)
            }
            for i in 0..<n { y[i] = 0 }
            let bit = F - k
            y[bit >> 6] = 1 << UInt64(bit & 63)
            // y ← y − E, the borrow carried above E's W limbs.
            var borrow: UInt64 = 0
            for i in 0..<n {
                let t = UInt128(y[i]) &- UInt128(i < W ? E[i] : 0) &- UInt128(borrow)
                y[i] = UInt64(truncatingIfNeeded: t)
                borrow = UInt64(truncatingIfNeeded: t >> 64) & 1
            }
            return BigFloat.roundedLimbs(y, count: n, negative: true, exponent: k - F, precision: p, sticky: false)
        }
    }

    /// values[0] ← Σ tⁿ/n! · 2^F (≈ eᵗ·2^F), t = T·2⁻ᶠ ≥ 0 with T < 2^(F−16), by J-fold rectangular
    /// splitting: the integers of `FixedPoint.taylorSums` and the recombination of `FixedPoint.expm1`.
    /// `values` holds 2J + 4 values of W limbs (sums, a, a quotient, powers t⁰…t^J).
    ///
    /// Precondition: T < 2^(F−16) (checked; the reductions give T < 2^(F−24)), which makes every
    /// tⁿ/n! term shrink, so the loop ends after N ≤ F/16 + J + 1 terms; for t ≥ 1 the products would
    /// overflow W limbs and the terms would never reach 0.
    ///
    /// **Error:** < 3N + J² + 4 units for N terms (`FixedPoint.expm1`).
    private static func taylorSums(
        t T: UnsafeMutablePointer<UInt64>, J: Int, f: Int, values: UnsafeMutablePointer<UInt64>,
        product: UnsafeMutablePointer<UInt64>
    ) {
        let W = f + 1
        precondition(T[f] == 0 && T[f - 1] >> 48 == 0, "LimbElementary.taylorSums: t ≥ 2⁻¹⁶")
        let sums = values, a = values + J * W, quotient = a + W, powers = quotient + W
        for i in 0..<((2 * J + 3) * W) { values[i] = 0 }
        fillPowers(of: T, J: J, f: f, powers: powers, product: product)
        let tJ = powers + J * W
        a[f] = 1
        var n = 0
        var top = W
        while true {
            while top > 0 && a[top - 1] == 0 { top -= 1 }
            if top == 0 { break }
            LimbArithmetic.add(a, into: sums + (n % J) * W, count: W)
            n += 1
            divide(a, count: top, by: UInt64(n))
            if n % J == 0 { multiplyShifted(a, tJ, into: a, f: f, product: product) }
        }
        for j in 1..<J {
            multiplyShifted(sums + j * W, powers + j * W, into: quotient, f: f, product: product)
            LimbArithmetic.add(quotient, into: sums, count: W)
        }
    }

    // MARK: - log

    /// ln(2^E · (1 + z)) rounded to `p` bits for 1 + z ∈ [0.7, 1.42] with z exact (z ≠ 0 or E ≠ 0),
    /// or `nil` when p + smallness exceeds `maximumPrecision` + 64 (smallness = −⌊log₂|z|⌋ − 1 for
    /// E = 0, the extra bits of relative accuracy).
    ///
    /// y = 1 + z is multiplied by integers aₗ/2^(8ℓ) (ℓ = 1…L, a single-limb product each) chosen so
    /// that yₗ = y·Π aₗ/2^(8ℓ) ≥ 1 approaches 1: a₁ = ⌈256/y⌉ leaves 0 ≤ z₁ < 2^−7.4, and for ℓ ≥ 2,
    /// aₗ = 2^(8ℓ) − m with m = max(0, ⌊zₗ₋₁·2^(8ℓ)⌋ − 3) leaves 0 ≤ zₗ < 4·2^(−8ℓ) (index m < 2¹⁰):
    /// since zₗ₋₁²·2^(8ℓ) ≤ 3, m/2^(8ℓ) ≤ zₗ₋₁ − zₗ₋₁² ≤ zₗ₋₁/(1 + zₗ₋₁), so yₗ ≥ 1 (also after the
    /// floor), and zₗ ≤ zₗ₋₁ − m/2^(8ℓ). Then ln y = ln(1 + z_L) + Σ −ln(aₗ/2^(8ℓ)) with cached
    /// logarithms (`LimbTables`), and ln(1 + z_L) = Σ (−1)^(n+1) zⁿ/n with even-J rectangular
    /// splitting: P = (z^J)^q, sumsᵢ += ⌊P/(qJ + i + 1)⌋, ln(1 + z) = Σᵢ (−1)ⁱ sumsᵢ·z^(i+1).
    ///
    /// **Error:** z (or y) floored: < 1 unit; each level's floor < 1 unit in yₗ ≥ 1, so < 1 unit in
    /// ln; each cached logarithm < 2 units; the series < 1 unit per term, W units per product by z^J
    /// and per recombination product (`multiplyShifted`), plus the powers' errors (< J·W units each)
    /// times sumsᵢ < 1.01: < N + 3J²·W units; E ln 2 < 2.25 units. In all < 3L + N + 3J²·W + 4 units,
    /// N ≤ F/54 + 1 and J² ≤ (√(F/54) + 1)², where F ≤ base + 102 and W ≤ F/64 + 1 (base = p +
    /// smallness ≤ 4160, checked below): < 2·10⁴ units at base = 4160 and < 70 at base = 64, below
    /// the `fixedPointBits` budget 2^(5 + bitLength(base)) > 32·base throughout; |ln(2^E y)| ≥
    /// 0.34 for E ≠ 0 and ≥ 2^(⌊log₂|z|⌋ − 1) for E = 0, with F carrying those `smallness` bits
    /// (plus 2), as in `logOnePlusTable`.
    static func log(z: BigFloat, twoPower E: Int, precision p: Int) -> BigFloat? {
        guard p <= maximumPrecision else { return nil }
        let smallness = E == 0 ? Swift.max(0, -z.topBit) : 0
        // z far below 2⁻ᵖ but not tiny (a long mantissa): the reference route keeps such widths.
        guard p + smallness <= maximumPrecision + 64 else { return nil }
        let f = (BigFloat.fixedPointBits(precision: p, halvings: 0, smallness: smallness) + 2 + 63) / 64
        let W = f + 1, F = 64 * f
        let L = 7
        let J = Swift.max(2, (Int((Double(F) / Double(8 * L - 2)).squareRoot()) + 1) & ~1)
        // Scratch: Y (W + 1), the level products (W + 2), the product (2W), the powers z⁰…z^J, J sums,
        // P and a quotient (W each), the accumulators plus and minus (W + 1 each), L logarithms (W).
        let size = (W + 1) + (W + 2) + 2 * W + (2 * J + 3) * W + 2 * (W + 1) + L * W
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: size) { scratch in
            let base = scratch.baseAddress!
            let Y = base, level = Y + (W + 1), product = level + (W + 2), powers = product + 2 * W
            let sums = powers + (J + 1) * W, P = sums + J * W, quotient = P + W
            let plus = quotient + W, minus = plus + (W + 1), logs = minus + (W + 1)
            // Y = 2^F + ⌊z·2^F⌋ (floored; exact when z is a multiple of 2⁻ᶠ).
            for i in 0..<(W + 1) { Y[i] = 0 }
            z.mantissa.limbs.withUnsafeBufferPointer {
                LimbArithmetic.placeShifted($0, by: z.exponent + F, into: Y, count: W)
            }
            if z.isNegative {
                // 2^F − |Z|, and a dropped remainder makes the floor one less.
                let inexact = z.exponent + F < 0 && z.mantissa.trailingZeroBitCount < -(z.exponent + F)
                // ~|Z| on f limbs is 2^F − 1 − |Z| (|Z| < 2^F); + 1 unless the floor drops it.
                for i in 0..<f { Y[i] = ~Y[i] }
                Y[f] = 0
                var i = 0
                while !inexact && i < W {
                    Y[i] &+= 1
                    if Y[i] != 0 { break }
                    i += 1
                }
            } else {
                Y[f] += 1
            }
            // Level 1: a₁ = ⌈256/y⌉ from a Double of y (relative error < 2⁻⁵¹, absorbed by 2⁻⁴⁰).
            let yDouble = Double(Y[f]) + Double(Y[f - 1]) * 0x1p-64
            return withUnsafeTemporaryAllocation(of: Int.self, capacity: L + 1) { indexBuffer in
                let indices = indexBuffer.baseAddress!
                let a1 = Int((256 / yDouble * (1 + 0x1p-40)).rounded(.up))
                indices[1] = a1
                scaleLevel(Y, by: UInt64(a1), shift: 8, f: f, scratch: level)
                for l in 2...L {
                    // Y[f] = 1 and z·2^(8ℓ) < 1024 sits in limb f − 1, bits 64 − 8ℓ and up.
                    let m = Swift.max(0, Int(Y[f - 1] >> UInt64(64 - 8 * l)) - 3)
                    indices[l] = m
                    if m != 0 {
                        scaleLevel(Y, by: (1 << UInt64(8 * l)) - UInt64(m), shift: 8 * l, f: f, scratch: level)
                    }
                }
                let tables = LimbTables.tables(limbs: f)
                let firstNegative = tables.logFactors(indices, levels: L, into: logs)
                // ln(1 + z_L), z = Y − 2^F < 2^(F−54).
                Y[f] = 0
                logSeries(z: Y, J: J, f: f, powers: powers, sums: sums, P: P, quotient: quotient, product: product)
                // plus / minus accumulate the positive and negative parts: the series (in sums[0] ≥ 0),
                // the level logarithms −ln(aₗ/2^(8ℓ)) ≥ 0 for ℓ ≥ 2, −ln(a₁/256) of either sign, E ln 2.
                for i in 0..<(W + 1) {
                    plus[i] = i < W ? sums[i] : 0
                    minus[i] = 0
                }
                for l in 2...L where indices[l] != 0 { LimbArithmetic.add(logs + (l - 1) * W, into: plus, count: W) }
                LimbArithmetic.add(logs, into: firstNegative ? minus : plus, count: W)
                if E != 0 {
                    // |E| · ln 2 · 2^(F+64), floored, then >> 64: < 2.25 units.
                    for i in 0..<(W + 2) { level[i] = 0 }
                    multiplyLn2(tables, by: E.magnitude, f: f, into: level)
                    LimbArithmetic.add(level + 1, into: E > 0 ? plus : minus, count: W + 1)
                }
                let order = LimbArithmetic.compare(plus, minus, count: W + 1)
                if order >= 0 {
                    LimbArithmetic.subtract(minus, from: plus, count: W + 1)
                    return BigFloat.roundedLimbs(
                        plus, count: W + 1, negative: false, exponent: -F, precision: p, sticky: false)
                }
                LimbArithmetic.subtract(plus, from: minus, count: W + 1)
                return BigFloat.roundedLimbs(
                    minus, count: W + 1, negative: true, exponent: -F, precision: p, sticky: false)
            }
        }
    }

    /// Y ← ⌊Y · a / 2^shift⌋ (Y of W limbs, a < 2⁵⁷, the result below 2^(F+1)).
    @inline(__always)
    private static func scaleLevel(
        _ Y: UnsafeMutablePointer<UInt64>, by a: UInt64, shift: Int, f: Int, scratch: UnsafeMutablePointer<UInt64>
    ) {
        let W = f + 1
        var carry: UInt64 = 0
        for i in 0..<W {
            let t = UInt128(Y[i]) &* UInt128(a) &+ UInt128(carry)
            scratch[i] = UInt64(truncatingIfNeeded: t)
            carry = UInt64(truncatingIfNeeded: t >> 64)
        }
        scratch[W] = carry
        let s = UInt64(shift)
        for i in 0..<W { Y[i] = (scratch[i] >> s) | (scratch[i + 1] << (64 - s)) }
    }

    /// out[0 ... f + 1] ← m · `tables.ln2` exactly, for m < 2⁶³: ln 2 · 2^(F+64) times m, within 2m units at
    /// F + 64 bits (the constant's error); the callers shift it down by one limb.
    private static func multiplyLn2(
        _ tables: LimbTables, by m: UInt, f: Int, into out: UnsafeMutablePointer<UInt64>
    ) {
        tables.ln2.withUnsafeBufferPointer { ln2 in
            var carry: UInt64 = 0
            for i in 0..<(f + 1) {
                let t = UInt128(ln2[i]) &* UInt128(m) &+ UInt128(carry)
                out[i] = UInt64(truncatingIfNeeded: t)
                carry = UInt64(truncatingIfNeeded: t >> 64)
            }
            out[f + 1] = carry
        }
    }

    /// powers + q·W ← ⌊x^q·2^F⌋ in W limbs for q = 0…J (x = X·2⁻ᶠ, J ≥ 2; the caller has zeroed the J + 1
    /// values): x⁰ = 1, x¹ = X, then each power by one `multiplyShifted` product from the one before, whose
    /// floors the series' error bounds count.
    private static func fillPowers(
        of X: UnsafeMutablePointer<UInt64>, J: Int, f: Int, powers: UnsafeMutablePointer<UInt64>,
        product: UnsafeMutablePointer<UInt64>
    ) {
        let W = f + 1
        powers[f] = 1
        for i in 0..<W { powers[W + i] = X[i] }
        for q in 2...J {
            multiplyShifted(powers + (q - 1) * W, powers + W, into: powers + q * W, f: f, product: product)
        }
    }

    /// sums[0] ← ln(1 + z)·2^F for 0 ≤ z = Z·2⁻ᶠ < 2⁻⁵⁰ (Z in W limbs), J even.
    private static func logSeries(
        z Z: UnsafeMutablePointer<UInt64>, J: Int, f: Int, powers: UnsafeMutablePointer<UInt64>,
        sums: UnsafeMutablePointer<UInt64>, P: UnsafeMutablePointer<UInt64>, quotient: UnsafeMutablePointer<UInt64>,
        product: UnsafeMutablePointer<UInt64>
    ) {
        let W = f + 1
        for i in 0..<((2 * J + 3) * W) { powers[i] = 0 }
        fillPowers(of: Z, J: J, f: f, powers: powers, product: product)
        let zJ = powers + J * W
        P[f] = 1
        var q = 0
        var top = W
        while true {
            while top > 0 && P[top - 1] == 0 { top -= 1 }
            if top == 0 { break }
            for i in 0..<J {
                for l in 0..<W { quotient[l] = P[l] }
                divide(quotient, count: top, by: UInt64(q * J + i + 1))
                LimbArithmetic.add(quotient, into: sums + i * W, count: W)
            }
            q += 1
            multiplyShifted(P, zJ, into: P, f: f, product: product)
        }
        // Σᵢ (−1)ⁱ sumsᵢ · z^(i+1): the even i (positive) into sums[0]'s place via P, the odd into
        // quotient, then their difference (positive: ln(1 + z) > 0 and the terms decrease).
        for l in 0..<W {
            P[l] = 0
            quotient[l] = 0
        }
        for i in 0..<J {
            multiplyShifted(sums + i * W, powers + (i + 1) * W, into: sums + i * W, f: f, product: product)
            LimbArithmetic.add(sums + i * W, into: i % 2 == 0 ? P : quotient, count: W)
        }
        LimbArithmetic.subtract(quotient, from: P, count: W)
        for l in 0..<W { sums[l] = P[l] }
    }

    // MARK: - Shared kernels

    /// t ≈ ⌊a · b / 2^(64f)⌋ from the partial products aᵢbⱼ with i + j ≥ f − 1 only (W = f + 1 limbs
    /// each; t may be a or b; the result must fit W limbs): about half the work of the full product.
    ///
    /// **Error:** the skipped partial products sum to less than Σ_{k ≤ f−2} (k + 1)·2^(64(k+2)) <
    /// f·2^(64f), i.e. < f units, and the floor adds < 1: t lies in (ab/2^F − W, ab/2^F], an error
    /// below W units.
    @inline(__always)
    static func multiplyShifted(
        _ a: UnsafeMutablePointer<UInt64>, _ b: UnsafeMutablePointer<UInt64>, into t: UnsafeMutablePointer<UInt64>,
        f: Int, product: UnsafeMutablePointer<UInt64>
    ) {
        let W = f + 1
        var na = W, nb = W
        while na > 0 && a[na - 1] == 0 { na -= 1 }
        while nb > 0 && b[nb - 1] == 0 { nb -= 1 }
        for i in 0..<(2 * W) { product[i] = 0 }
        for i in 0..<na {
            let ai = a[i]
            let start = Swift.max(0, f - 1 - i)
            if start >= nb { continue }
            var carry: UInt64 = 0
            for j in start..<nb {
                let s = UInt128(ai) &* UInt128(b[j]) &+ UInt128(product[i + j]) &+ UInt128(carry)
                product[i + j] = UInt64(truncatingIfNeeded: s)
                carry = UInt64(truncatingIfNeeded: s >> 64)
            }
            product[i + nb] = carry
        }
        for i in 0..<W { t[i] = product[f + i] }
    }

    /// a ← ⌊a / d⌋ in place for the low `count` limbs (higher limbs of a are zero), d ≥ 1.
    @inline(__always)
    static func divide(_ a: UnsafeMutablePointer<UInt64>, count n: Int, by d: UInt64) {
        let s = UInt64(d.leadingZeroBitCount)
        let reciprocal = LimbReciprocal(d << s)
        var remainder: UInt64 = s == 0 ? 0 : a[n - 1] >> (64 - s)
        var i = n - 1
        while i >= 0 {
            let limb = s == 0 ? a[i] : (a[i] << s) | (i > 0 ? a[i - 1] >> (64 - s) : 0)
            (a[i], remainder) = reciprocal.divide(remainder, limb)
            i -= 1
        }
    }
}

/// The cached constants of `LimbElementary` for one fixed-point width F = 64·f: ln 2 to F + 64
/// bits, e^(j/2⁸) (|j| ≤ 128) and e^(i/2^(8ℓ)) (0 ≤ i < 256, ℓ = 2…5), |ln(a/256)| (0 < a < 512)
/// and −ln(1 − m/2^(8ℓ)) (0 ≤ m < 1024, ℓ = 2…7), each ⌊value · 2^F⌋ within 2 units.
///
/// Entries are computed on first use by the reference kernels (`FixedPoint.expm1`,
/// `BigFloat.logOnePlusNewton`) and kept per width, so every entry is a function of (F, level,
/// index) alone and results never depend on earlier requests.
final class LimbTables: @unchecked Sendable {
    let f: Int
    /// ⌊ln 2 · 2^(F+64)⌋ within 2 units, f + 1 limbs (`FixedPoint.ln2`).
    let ln2: [UInt64]
    // Guarded by `lock`: per level, `count` entries of W limbs and their filled flags.
    private var expEntries: [[UInt64]]
    private var expFilled: [[Bool]]
    private var logEntries: [[UInt64]]
    private var logFilled: [[Bool]]
    private let lock = NSLock()

    private init(limbs f: Int) {
        self.f = f
        let value = FixedPoint.ln2(bits: 64 * f + 64)
        ln2 = (0..<(f + 1)).map { $0 < value.limbs.count ? value.limbs[$0] : 0 }
        expEntries = Array(repeating: [], count: 6)
        expFilled = Array(repeating: [], count: 6)
        logEntries = Array(repeating: [], count: 8)
        logFilled = Array(repeating: [], count: 8)
    }

    private static let registry = Registry()

    /// The tables for F = 64·f.
    static func tables(limbs f: Int) -> LimbTables { registry.tables(limbs: f) }

    private final class Registry: @unchecked Sendable {
        // Guarded by `lock`.
        private var byWidth: [Int: LimbTables] = [:]
        private let lock = NSLock()

        func tables(limbs f: Int) -> LimbTables {
            lock.lock()
            defer { lock.unlock() }
            if let tables = byWidth[f] { return tables }
            let tables = LimbTables(limbs: f)
            byWidth[f] = tables
            return tables
        }
    }

    /// Copies e^(indices[ℓ]/2^(8ℓ)) · 2^F (level 1: the signed j/2⁸) to `out + (ℓ − 1)·W` for
    /// ℓ = 1…L with indices[ℓ] ≠ 0.
    func expFactors(_ indices: UnsafeMutablePointer<Int>, levels L: Int, into out: UnsafeMutablePointer<UInt64>) {
        let W = f + 1
        lock.lock()
        defer { lock.unlock() }
        for level in 1...L where indices[level] != 0 {
            let slot = level == 1 ? indices[level] + 128 : indices[level]
            let count = level == 1 ? 257 : 256
            if expEntries[level].isEmpty {
                expEntries[level] = [UInt64](repeating: 0, count: count * W)
                expFilled[level] = [Bool](repeating: false, count: count)
            }
            if !expFilled[level][slot] {
                let value = Self.exponential(indices[level], level: level, limbs: f)
                for i in 0..<W { expEntries[level][slot * W + i] = i < value.limbs.count ? value.limbs[i] : 0 }
                expFilled[level][slot] = true
            }
            expEntries[level].withUnsafeBufferPointer { entries in
                for i in 0..<W { out[(level - 1) * W + i] = entries[slot * W + i] }
            }
        }
    }

    /// Copies |ln(indices[1]/256)| · 2^F to `out` and −ln(1 − indices[ℓ]/2^(8ℓ)) · 2^F to
    /// `out + (ℓ − 1)·W` (ℓ = 2…L, indices[ℓ] ≠ 0); returns `true` when ln(indices[1]/256) > 0.
    func logFactors(_ indices: UnsafeMutablePointer<Int>, levels L: Int, into out: UnsafeMutablePointer<UInt64>) -> Bool
    {
        let W = f + 1
        lock.lock()
        defer { lock.unlock() }
        for level in 1...L {
            let slot = indices[level]
            if slot == 0 || (level == 1 && slot == 256) {
                for i in 0..<W { out[(level - 1) * W + i] = 0 }
                continue
            }
            let count = level == 1 ? 512 : 1024
            if logEntries[level].isEmpty {
                logEntries[level] = [UInt64](repeating: 0, count: count * W)
                logFilled[level] = [Bool](repeating: false, count: count)
            }
            if !logFilled[level][slot] {
                let value = Self.logarithm(slot, level: level, limbs: f)
                for i in 0..<W { logEntries[level][slot * W + i] = i < value.limbs.count ? value.limbs[i] : 0 }
                logFilled[level][slot] = true
            }
            logEntries[level].withUnsafeBufferPointer { entries in
                for i in 0..<W { out[(level - 1) * W + i] = entries[slot * W + i] }
            }
        }
        return indices[1] > 256
    }

    /// ⌊e^(index/2^(8·level)) · 2^F⌋ within 1 unit, as `ExpTable.exponential` computes it: the
    /// kernel's error at G bits is below ½ unit at F bits after the shift.
    private static func exponential(_ index: Int, level: Int, limbs f: Int) -> BigInt {
        let F = 64 * f
        let s = BigFloat.halvings(bits: F)
        let G = F + s + 8 + (Int.bitWidth - F.leadingZeroBitCount)
        let one = BigInt(1) << G
        return (one + FixedPoint.expm1(BigInt(index) << (G - 8 * level), bits: G, halvings: s)) >> (G - F)
    }

    /// |ln(a/256)| · 2^F (level 1) or −ln(1 − a/2^(8·level)) · 2^F, floored, within 2 units: the
    /// logarithm rounded to F + 4 bits (error < 2^(−F−4) of a value below 0.4) as `LogTable` does.
    private static func logarithm(_ index: Int, level: Int, limbs f: Int) -> BigInt {
        let F = 64 * f
        let z =
            level == 1
            ? BigFloat(mantissa: BigInt(index - 256), exponent: -8)
            : BigFloat(mantissa: BigInt(-index), exponent: -8 * level)
        let logarithm = BigFloat.logOnePlusNewton(z, twoPower: 0, precision: F + 4)
        return FixedPoint.scaled(logarithm, bits: F).magnitude
    }
}
