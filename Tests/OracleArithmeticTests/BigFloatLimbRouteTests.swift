import Foundation
import Testing
@testable import OracleArithmetic
import OracleTestSupport
import OracleRandom

/// The limb routes of `BigFloat` (`BigFloat+Limbs`, `BigFloat+LimbElementary`) against the
/// `BigInt` reference routes they replace, on random and hard-to-round arguments at 64, 128, 256
/// and 1024 bits: 2 000 arguments per precision and function by default, 100 000 with
/// LATENT_ORACLE_LONG_TESTS=1.
///
/// + − × ÷ √ compute the same exact integers, so the results must be identical. exp, expm1, log,
/// log1p have the same error bound (½ + 2⁻¹²) ulp on both routes but different approximations, so
/// they must agree except where f(x) lies within 2⁻¹² ulp of a midpoint; every disagreement is
/// checked against a (p + 128)-bit reference to be such a case.
@Suite("BigFloat limb routes agree with the reference routes")
struct BigFloatLimbRouteTests {
    static let precisions = [64, 128, 256, 1024]

    static func count(_ p: Int) -> Int { BigFloatTesting.long ? 100_000 : 2000 }

    /// A random operand in ±[2^(e − 1), 2^e) with e drawn from `exponents` and a mantissa of up to p
    /// bits (a quarter of them up to 2p bits).
    static func operand(_ rng: inout SplitMix64, bits p: Int, exponents: ClosedRange<Int>) -> BigFloat {
        let x = BigFloatTesting.random(&rng, maxBits: rng.next() & 3 == 0 ? 2 * p : p, exponents: 0...0)
        let e = Int.random(in: exponents, using: &rng)
        return BigFloat(mantissa: x.mantissa, exponent: e - x.mantissa.bitLength)
    }

    @Test("+ − × ÷ √ on limbs equal the BigInt route bit for bit", arguments: precisions)
    func fieldOperations(p: Int) {
        var rng = SplitMix64(seed: 0x11AB_0000 + UInt64(p))
        var checked = 0
        for i in 0..<Self.count(p) {
            let a = Self.operand(&rng, bits: p, exponents: -8...8)
            // Close exponents (cancellation), distant ones (the stand-in), and equal magnitudes.
            var b: BigFloat
            switch i % 4 {
            case 0: b = Self.operand(&rng, bits: p, exponents: -3 * p...3 * p)
            case 1: b = -a + Self.operand(&rng, bits: p / 2, exponents: -2 * p ... -p)
            case 2: b = i % 8 == 2 ? -a : a
            default: b = Self.operand(&rng, bits: p, exponents: -8...8)
            }
            if b.mantissa.isZero { b = a }
            #expect(BigFloat.limbSum(a, b, precision: p) == BigFloat.referenceSum(a, b, precision: p), "\(a) + \(b)")
            #expect(BigFloat.limbSum(a, -b, precision: p) == BigFloat.referenceSum(a, -b, precision: p), "\(a) − \(b)")
            #expect(
                BigFloat.limbProduct(a, b, precision: p) == BigFloat.referenceProduct(a, b, precision: p),
                "\(a) × \(b)")
            #expect(
                BigFloat.limbQuotient(a.mantissa, b.mantissa, exponent: 3, precision: p)
                    == BigFloat.referenceQuotient(a.mantissa, b.mantissa, exponent: 3, precision: p), "\(a) ÷ \(b)")
            // Exact quotients: (a·b) ÷ b.
            let ab = a.mantissa * b.mantissa
            #expect(
                BigFloat.limbQuotient(ab, b.mantissa, exponent: 0, precision: p)
                    == BigFloat.referenceQuotient(ab, b.mantissa, exponent: 0, precision: p), "\(a)·\(b) ÷ \(b)")
            // √ of |a| and of exact squares.
            let s = a.absoluteValue
            #expect(
                BigFloat.limbSquareRoot(ofPositive: s, precision: p)
                    == BigFloat.squareRoot(ofNonNegative: s, precision: p), "√\(s)")
            let square = BigFloat(mantissa: s.mantissa * s.mantissa, exponent: 2 * s.exponent)
            let root = BigFloat.limbSquareRoot(ofPositive: square, precision: 2 * p)
            #expect(root == s, "√(\(s)²)")
            checked += 1
        }
        print("BigFloat limb + − × ÷ √ at \(p) bits: \(checked) operand pairs, all identical to the BigInt route")
    }

    /// One elementary function: its limb and reference routes at precision p, and arguments.
    struct Function: Sendable, CustomTestStringConvertible {
        let name: String
        let evaluate: @Sendable (BigFloat, Int, Bool) -> BigFloat
        let argument: @Sendable (inout SplitMix64, Int) -> BigFloat
        /// An argument x whose f(x) lies within about 2^(−p−48) relative of a p-bit midpoint.
        let hard: @Sendable (inout SplitMix64, Int) -> BigFloat
        var testDescription: String { name }
    }

    /// A random midpoint between p-bit numbers in [2^e, 2^(e+1)), as an exact BigFloat.
    static func midpoint(_ rng: inout SplitMix64, bits p: Int, exponent e: Int) -> BigFloat {
        let m = BigFloatTesting.random(&rng, maxBits: p, exponents: 0...0).mantissa.magnitude
        // A p-bit integer M (m's top bit is set), then (2M + 1)·2^(e − p).
        let M = m << (p - m.bitLength)
        return BigFloat(mantissa: (M << 1) + BigInt(1), exponent: e - p)
    }

    static let functions: [Function] = [
        Function(
            name: "exp", evaluate: { x, p, limbs in BigFloat.exp(x, precision: p, limbs: limbs) },
            argument: { rng, p in
                // Scales from 2^−(p+1) (just above the early exit) to 2¹⁰, a few up to 2²⁰.
                let e =
                    rng.next() % 16 == 0
                    ? Int.random(in: 10...20, using: &rng) : Int.random(in: -(p + 1)...10, using: &rng)
                return Self.operand(&rng, bits: p, exponents: e...e)
            },
            hard: { rng, p in
                // x = ln(m) rounded to p + 48 bits for a midpoint m: eˣ = m·(1 + O(2^(−p−48))).
                let m = Self.midpoint(&rng, bits: p, exponent: Int.random(in: -60...60, using: &rng))
                return BigFloat.logOfPositive(m, precision: p + 48, limbs: false)
            }),
        Function(
            name: "expm1", evaluate: { x, p, limbs in BigFloat.expm1(x, precision: p, limbs: limbs) },
            argument: { rng, p in
                let e = Int.random(in: -(p / 2)...7, using: &rng)
                return Self.operand(&rng, bits: p, exponents: e...e)
            },
            hard: { rng, p in
                let m = Self.midpoint(&rng, bits: p, exponent: Int.random(in: -8...20, using: &rng))
                return BigFloat.logOnePlus(m, precision: p + 48, limbs: false)
            }),
        Function(
            name: "log",
            evaluate: { x, p, limbs in BigFloat.logOfPositive(x.absoluteValue, precision: p, limbs: limbs) },
            argument: { rng, p in
                switch rng.next() % 4 {
                case 0:
                    // Near 1: 1 + δ with |δ| from 2^−(p/2) to 2⁻².
                    let e = Int.random(in: -(p / 2)...(-2), using: &rng)
                    return BigFloat.one + Self.operand(&rng, bits: p, exponents: e...e)
                default:
                    let e = Int.random(in: -2000...2000, using: &rng)
                    return Self.operand(&rng, bits: p, exponents: e...e).absoluteValue
                }
            },
            hard: { rng, p in
                let m = Self.midpoint(&rng, bits: p, exponent: Int.random(in: -3...3, using: &rng))
                return BigFloat.exp(m, precision: p + 48, limbs: false)
            }),
        Function(
            name: "log1p",
            evaluate: { x, p, limbs in BigFloat.logOnePlus(x, precision: p, limbs: limbs) },
            argument: { rng, p in
                let e = Int.random(in: -(p / 2)...(-1), using: &rng)
                var x = Self.operand(&rng, bits: p, exponents: e...e)
                if x <= -BigFloat.one { x = x.absoluteValue }
                return rng.next() % 8 == 0 ? x.absoluteValue * BigFloat(Int.random(in: 2...1000, using: &rng)) : x
            },
            hard: { rng, p in
                let m = Self.midpoint(&rng, bits: p, exponent: Int.random(in: -12...(-2), using: &rng))
                return BigFloat.expm1(rng.next() & 1 == 0 ? m : -m, precision: p + 48, limbs: false)
            }),
    ]

    @Test(
        "exp, expm1, log, log1p on limbs agree with the reference route except within the stated margin",
        arguments: functions, precisions)
    func elementary(f: Function, p: Int) {
        var rng = SplitMix64(seed: 0x11AB_1000 + UInt64(p) + UInt64(f.name.utf8.count) << 20)
        var differ = 0
        var hardCount = 0
        for i in 0..<Self.count(p) {
            let hard = i % 4 == 3
            let x = hard ? f.hard(&rng, p) : f.argument(&rng, p)
            if hard { hardCount += 1 }
            let ours = f.evaluate(x, p, true)
            let reference = f.evaluate(x, p, false)
            if ours == reference { continue }
            // Both within (½ + 2⁻¹²) ulp of f(x): the truth lies within 2⁻¹² ulp (plus the
            // reference's 2^(−p−127) relative error) of their midpoint.
            differ += 1
            let precise = f.evaluate(x, p + 128, false)
            let ulp = BigFloatTesting.powerOfTwo(ours.topBit - p)
            let midpoint = (ours.rationalValue + reference.rationalValue) * BigFloatTesting.powerOfTwo(-1)
            let margin =
                ulp * BigFloatTesting.powerOfTwo(-12)
                + precise.absoluteValue.rationalValue * BigFloatTesting.powerOfTwo(-p - 126)
            expectWithin(
                error: (precise.rationalValue - midpoint).absoluteValue, bound: margin,
                "two results within (½ + 2⁻¹²) ulp differ only where f(x) is within 2⁻¹² ulp of their midpoint",
                "\(f.name)(\(x)) at \(p) bits: limbs \(ours), reference \(reference)")
        }
        print(
            "BigFloat.\(f.name) limb route at \(p) bits: \(Self.count(p)) arguments (\(hardCount) within 2^(−p−48) "
                + "of a midpoint), \(differ) differ from the reference route, each a near-midpoint case")
    }

    @Test("exp on limbs is within the stated bound of a (p + 128)-bit value", arguments: precisions)
    func statedBound(p: Int) {
        var rng = SplitMix64(seed: 0x11AB_2000 + UInt64(p))
        for i in 0..<(Self.count(p) / 10) {
            let f = Self.functions[i % 4]
            let x = f.argument(&rng, p)
            let ours = f.evaluate(x, p, true)
            let precise = f.evaluate(x, p + 128, false)
            let ulp = BigFloatTesting.powerOfTwo(ours.topBit - p)
            let bound =
                ulp * (BigFloatTesting.powerOfTwo(-1) + BigFloatTesting.powerOfTwo(-12))
                + precise.absoluteValue.rationalValue * BigFloatTesting.powerOfTwo(-p - 126)
            expectWithin(
                error: (ours.rationalValue - precise.rationalValue).absoluteValue, bound: bound,
                "the stated bound (½ + 2⁻¹²) ulp, plus the (p + 128)-bit value's own error",
                "\(f.name)(\(x)) at \(p) bits")
        }
    }

    // MARK: - Extreme arguments

    /// The arguments of `extremeArguments` at precision p: ±m·2^(e − bitLength(m)) for exponents e
    /// from 2⁻¹⁰⁰⁰ to 2⁶⁰ (where x's Double is too coarse for k = round(x/ln 2): |x| ≳ 2⁵⁰) and around
    /// the early exits, with 1-, 53-, p- and 2p-bit mantissas; and log joints a mixture's E-step
    /// meets (−162.93…, ±10³, ±10⁵, ±10¹⁷). One mantissa per exponent and width by default, 25 with
    /// LATENT_ORACLE_LONG_TESTS=1.
    static func extremeArguments(bits p: Int) -> [BigFloat] {
        var rng = SplitMix64(seed: 0x11AB_3000 + UInt64(p))
        let exponents = [
            -1000, -p - 3, -p - 2, -p - 1, -p / 2, -64, -10, -9, -8, -1, 0, 1, 10, 11, 17, 20, 30, 40, 45, 50, 51,
            52, 53, 55, 57, 59, 60,
        ]
        var magnitudes: [BigFloat] = [
            BigFloat(162.93555855821396), BigFloat(1000), BigFloat(100_000), BigFloat(1e17), BigFloat(0x1.fffffp59),
        ]
        for e in exponents {
            for bits in [1, 53, p, 2 * p] {
                for _ in 0..<(bits == 1 ? 1 : (BigFloatTesting.long ? 25 : 1)) {
                    // A random mantissa of exactly `bits` bits.
                    var limbs = (0..<((bits + 63) / 64)).map { _ in rng.next() }
                    let excess = limbs.count * 64 - bits
                    limbs[limbs.count - 1] &= UInt64.max >> UInt64(excess)
                    limbs[limbs.count - 1] |= 1 << UInt64(63 - excess)
                    let mantissa = BigInt(negative: false, limbs: limbs)
                    magnitudes.append(BigFloat(mantissa: mantissa, exponent: e - mantissa.bitLength))
                }
            }
        }
        return magnitudes.flatMap { [$0, -$0] }
    }

    /// v as mantissa·2^exponent (a decimal expansion of 2^(±10¹⁷) would not fit in memory).
    static func brief(_ v: BigFloat) -> String { "\(v.mantissa)·2^\(v.exponent)" }

    /// Whether `ours` and `reference`, both within (½ + 2⁻¹²) ulp of f(x), are consistent: equal, or
    /// `precise` (f(x) within 2^(−p−126) relative) lies within 2⁻¹² ulp of their midpoint. Exact
    /// `BigFloat` sums only (the results' exponents reach −1.5·10¹⁷, beyond any `Rational`).
    static func consistent(_ ours: BigFloat, _ reference: BigFloat, precise: BigFloat, bits p: Int) -> Bool {
        if ours == reference { return true }
        // Results more than a factor 2 apart are not consistent (and their exact sum could be huge).
        guard ours.isNegative == reference.isNegative, abs(ours.topBit - reference.topBit) <= 1,
            abs(precise.topBit - ours.topBit) <= 1
        else { return false }
        let sum = BigFloat.exactSum(ours, reference)
        let midpoint = BigFloat(mantissa: sum.mantissa, exponent: sum.exponent - 1)
        let distance = BigFloat.exactSum(precise, -midpoint)
        // |distance| < 2^(topBit + 1) ≤ 2⁻¹² ulp + 2^(−p−126)|f(x)| when topBit + 1 ≤ ours.topBit − p − 12.
        return distance.mantissa.isZero || distance.topBit + 1 <= ours.topBit - p - 12
    }

    @Test(
        "exp and expm1 on limbs reduce every |x| < 2⁶⁰ and agree with the reference route",
        arguments: [64, 128, 256, 512, 1024])
    func extremeExponentials(p: Int) {
        var checked = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for x in Self.extremeArguments(bits: p) where x.topBit <= 60 {
                let limbExp = BigFloat.exp(x, precision: p, limbs: true)
                let limbExpm1 = BigFloat.expm1(x, precision: p, limbs: true)
                // The reference route's own k needs no correction, only more table entries (|x| ≤ 2⁶⁰).
                let referenceExp = BigFloat.exp(x, precision: p, limbs: false)
                #expect(
                    Self.consistent(
                        limbExp, referenceExp, precise: BigFloat.exp(x, precision: p + 128, limbs: false), bits: p),
                    Comment(
                        rawValue: "exp(\(Self.brief(x))) at \(p) bits: limbs \(Self.brief(limbExp)), "
                            + "reference \(Self.brief(referenceExp))"))
                if x.isNegative && x.topBit > 11 {
                    // x ≤ −2¹² < −(p + 3) ln 2: eˣ < 2^(−p−2), so eˣ − 1 rounds to −1.
                    #expect(
                        limbExpm1 == -BigFloat.one, "expm1(\(Self.brief(x))) at \(p) bits: \(Self.brief(limbExpm1))")
                } else if !x.isNegative && x.topBit > 17 {
                    // x ≥ 2¹⁸: eˣ − 1 and eˣ differ by 1 < 2^(−370000)·eˣ, far below the 2⁻¹² ulp margin, so the
                    // reference eˣ (whose eˣ − 1 would need a k-bit integer) stands in for it.
                    #expect(
                        Self.consistent(
                            limbExpm1, referenceExp, precise: BigFloat.exp(x, precision: p + 128, limbs: false),
                            bits: p),
                        Comment(
                            rawValue: "expm1(\(Self.brief(x))) at \(p) bits: limbs \(Self.brief(limbExpm1)), "
                                + "reference exp \(Self.brief(referenceExp))"))
                } else {
                    let referenceExpm1 = BigFloat.expm1(x, precision: p, limbs: false)
                    #expect(
                        Self.consistent(
                            limbExpm1, referenceExpm1, precise: BigFloat.expm1(x, precision: p + 128, limbs: false),
                            bits: p),
                        Comment(
                            rawValue: "expm1(\(Self.brief(x))) at \(p) bits: limbs \(Self.brief(limbExpm1)), "
                                + "reference \(Self.brief(referenceExpm1))"))
                }
                checked += 1
            }
        }
        print("BigFloat exp/expm1 limb route at \(p) bits: \(checked) extreme arguments in \(elapsed)")
    }

    @Test(
        "log and log1p on limbs agree with the reference route at extreme arguments",
        arguments: [64, 128, 256, 512, 1024])
    func extremeLogarithms(p: Int) {
        var checked = 0
        for x in Self.extremeArguments(bits: p) {
            // ln of 2^(±10⁶)-scaled values, of 1 ± |x| for tiny |x|, and ln(1 + x) for x > −1.
            let scaled = [
                x.absoluteValue, BigFloat(mantissa: x.absoluteValue.mantissa, exponent: x.exponent + 1_000_000),
                BigFloat(mantissa: x.absoluteValue.mantissa, exponent: x.exponent - 1_000_000),
            ]
            for y in scaled {
                let ours = BigFloat.logOfPositive(y, precision: p, limbs: true)
                let reference = BigFloat.logOfPositive(y, precision: p, limbs: false)
                #expect(
                    Self.consistent(
                        ours, reference, precise: BigFloat.logOfPositive(y, precision: p + 128, limbs: false), bits: p),
                    "log(\(Self.brief(y))) at \(p) bits: limbs \(Self.brief(ours)), reference \(Self.brief(reference))")
            }
            var z = x
            if z <= -BigFloat.one { z = BigFloat.exactSum(-BigFloat.one, BigFloat(mantissa: BigInt(1), exponent: -p)) }
            let ours = BigFloat.logOnePlus(z, precision: p, limbs: true)
            let reference = BigFloat.logOnePlus(z, precision: p, limbs: false)
            #expect(
                Self.consistent(
                    ours, reference, precise: BigFloat.logOnePlus(z, precision: p + 128, limbs: false), bits: p),
                "log1p(\(Self.brief(z))) at \(p) bits: limbs \(Self.brief(ours)), reference \(Self.brief(reference))")
            checked += 1
        }
        print("BigFloat log/log1p limb route at \(p) bits: \(checked) extreme arguments")
    }
}
