import Testing
import OracleArithmetic
import OracleTestSupport
import OracleRandom

/// Rational → Double must be correctly rounded. The independent reference is Swift's own
/// `Double(String)` (a correctly rounded decimal-to-binary conversion in the standard library,
/// sharing no code with `Rational`), applied to the same decimal string; for exact midpoints the
/// tie-to-even answer is also checked directly.
@Suite("Rational to Double: correct rounding")
struct RationalDoubleTests {
    /// Strings per category: tens of thousands in total by default, ten times more in the long mode.
    static let scale = LongTests.enabled ? 10 : 1

    /// Checks one decimal string against `Double(String)`; returns 1 for counting.
    @discardableResult
    static func check(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let reference = try #require(Double(text), "Double(String) rejects \(text)", sourceLocation: sourceLocation)
        let value = try Rational(decimal: text).doubleValue
        #expect(
            value.bitPattern == reference.bitPattern || (value == 0 && reference == 0),
            "\(text): got \(value), Double(String) gives \(reference)", sourceLocation: sourceLocation)
        // The sign of zero: a negative input that rounds to zero gives +0 from Rational (which has
        // no −0); compare magnitudes there and signs otherwise.
        if reference != 0 { #expect(value.sign == reference.sign, sourceLocation: sourceLocation) }
        return 1
    }

    /// The exact decimal expansion of a dyadic rational p/2ᵏ: p·5ᵏ with the point k places from the right.
    static func exactDecimal(_ r: Rational) throws -> String {
        let k = r.denominator.trailingZeroBitCount
        precondition(r.denominator == BigInt.one << k, "exactDecimal needs a power-of-two denominator")
        var digits = (r.numerator.magnitude * (try BigInt(5).power(k))).description
        let sign = r.numerator.isNegative ? "-" : ""
        if k == 0 { return sign + digits }
        if digits.count <= k { digits = String(repeating: "0", count: k - digits.count + 1) + digits }
        let split = digits.index(digits.endIndex, offsetBy: -k)
        return sign + digits[..<split] + "." + digits[split...]
    }

    static func randomDigits(_ count: Int, using rng: inout SplitMix64) -> String {
        String((0..<count).map { _ in Character(String(rng.next() % 10)) })
    }

    @Test("random digit strings and exponents across the whole range")
    func randomStrings() throws {
        var rng = SplitMix64(seed: 0x5_7121_6)
        var count = 0
        for _ in 0..<(8000 * Self.scale) {
            let length = rng.next() % 8 == 0 ? 20 + Int(rng.next() % 100) : 1 + Int(rng.next() % 19)
            let digits = Self.randomDigits(length, using: &rng)
            // Decimal exponent of the value from about 10⁻³⁴⁵ (below half the least subnormal) to
            // 10³¹⁰ (above the overflow threshold).
            let e = Int(rng.next() % 656) - 345 - (length - 1)
            let sign = ["", "-", "+"][Int(rng.next() % 3)]
            let marker = rng.next() & 1 == 0 ? "e" : "E"
            let text: String
            switch rng.next() % 3 {
            case 0: text = "\(sign)\(digits)\(marker)\(e)"
            case 1:
                // d.ddd form: move the point, adjust the exponent.
                let head = digits.prefix(1), tail = digits.dropFirst()
                text = "\(sign)\(head).\(tail)\(marker)\(e + length - 1)"
            default:
                text = "\(sign).\(digits)\(marker)\(e >= -length ? "+" : "")\(e + length)"
            }
            count += try Self.check(text)
        }
        #expect(count == 8000 * Self.scale)
    }

    /// Doubles in the hard regions: subnormals, around DBL_MIN, around greatestFiniteMagnitude,
    /// plus uniform bit patterns.
    static func hardDouble(_ region: Int, using rng: inout SplitMix64) -> Double {
        switch region {
        case 0: return Double(bitPattern: rng.next() % (1 << 52))  // subnormal
        case 1: return Double(bitPattern: (1 << 52) - (1 << 20) + rng.next() % (1 << 21))  // around DBL_MIN
        case 2: return Double(bitPattern: 0x7FEF_FFFF_FFFF_FFFF - rng.next() % (1 << 20))  // near the top
        case 3: return Double(bitPattern: rng.next() % (1 << 10))  // tiniest subnormals
        default: return Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)  // anything finite
        }
    }

    /// Runs `body` on `n` hard Doubles (the regions in turn) drawn from a generator seeded with
    /// `seed`, which `body` may draw from too; returns the sum of the check counts `body` returns.
    static func checkHardDoubles(
        seed: UInt64, _ n: Int, _ body: (Double, inout SplitMix64) throws -> Int
    ) rethrows -> Int {
        var rng = SplitMix64(seed: seed)
        var count = 0
        for i in 0..<n {
            let x = hardDouble(i % 5, using: &rng)
            count += try body(x, &rng)
        }
        return count
    }

    @Test("perturbed shortest representations in the subnormal, DBL_MIN and overflow regions")
    func perturbed() throws {
        let count = try Self.checkHardDoubles(seed: 0x9E27, 4000 * Self.scale) { x, rng in
            // "\(x)" is the shortest round trip, e.g. "2.2250738585072014e-308"; change and extend
            // its last digits so the value falls between neighbours.
            var text = "\(x)"
            let mantissaEnd = text.firstIndex(of: "e") ?? text.endIndex
            let exponentPart = text[mantissaEnd...]
            var mantissa = String(text[..<mantissaEnd])
            if !mantissa.contains(".") { mantissa += "." }
            let keep = max(2, mantissa.count - Int(rng.next() % 4))
            mantissa = String(mantissa.prefix(keep)) + Self.randomDigits(Int(rng.next() % 25), using: &rng)
            if mantissa.hasSuffix(".") { mantissa += "0" }
            text = (rng.next() & 1 == 0 ? "-" : "") + mantissa + exponentPart
            return try Self.check(text)
        }
        #expect(count == 4000 * Self.scale)
    }

    @Test("exact midpoints between neighbouring doubles round to even; nudged ones round away from the tie")
    func midpoints() throws {
        let count = try Self.checkHardDoubles(seed: 0x4A1F, 3000 * Self.scale) { x, _ in
            let next = x.nextUp
            let lower = try #require(Rational(exactly: x)), upper = try #require(Rational(exactly: next))
            let half = try Rational(numerator: .one, denominator: BigInt(2))
            let midpoint = (lower + upper) * half
            // Tie to even: the neighbour whose significand is even (for x = max, that is 2¹⁰²⁴: ∞).
            let even = x.significandBitPattern & 1 == 0 ? x : next
            let text = try Self.exactDecimal(midpoint)
            #expect(try Rational(decimal: text) == midpoint)
            #expect(midpoint.doubleValue == even, "midpoint \(text)")
            let checked = try Self.check(text)
            // Nudged by 2⁻¹⁰ of the gap (still dyadic): above rounds up, below rounds down.
            let nudge = (upper - lower) * (try Rational(numerator: .one, denominator: BigInt(1024)))
            let above = try Self.exactDecimal(midpoint + nudge), below = try Self.exactDecimal(midpoint - nudge)
            #expect((midpoint + nudge).doubleValue == next && (midpoint - nudge).doubleValue == x, "nudged \(text)")
            return try checked + Self.check(above) + Self.check(below)
        }
        #expect(count == 9000 * Self.scale)
    }

    @Test("700-digit strings")
    func longStrings() throws {
        var rng = SplitMix64(seed: 0x700)
        for _ in 0..<(300 * Self.scale) {
            let digits = "1" + Self.randomDigits(699, using: &rng)
            let e = Int(rng.next() % 700) - 1050
            try Self.check("\(digits)e\(e)")
            try Self.check("0.\(digits)e\(e + 700)")
        }
    }

    @Test("named edge values: 2⁻¹⁰⁷⁴, half of it, DBL_MIN, the overflow threshold")
    func edges() throws {
        let tiny = try #require(Rational(exactly: Double.leastNonzeroMagnitude))
        let half = try Rational(numerator: .one, denominator: BigInt(2))
        // 2⁻¹⁰⁷⁵ is the midpoint between 0 and 2⁻¹⁰⁷⁴: ties to even gives 0; just above gives
        // 2⁻¹⁰⁷⁴.
        #expect((tiny * half).doubleValue == 0)
        let justAbove = tiny * half + (tiny * tiny)
        #expect(justAbove.doubleValue == .leastNonzeroMagnitude)
        #expect(
            (tiny * (try Rational(numerator: BigInt(3), denominator: BigInt(2)))).doubleValue == 2
                * .leastNonzeroMagnitude)
        #expect((-(tiny * half)).doubleValue == 0)
        try Self.check(Self.exactDecimal(tiny * half))
        try Self.check(Self.exactDecimal(justAbove))
        // The overflow threshold (2¹⁰²⁴ − 2⁹⁷⁰, halfway from max to 2¹⁰²⁴) rounds to ∞; below it
        // to max.
        let max = try #require(Rational(exactly: Double.greatestFiniteMagnitude))
        let halfUlp = Rational(BigInt.one << 970)
        #expect((max + halfUlp).doubleValue == .infinity)
        #expect((max + halfUlp - .one).doubleValue == .greatestFiniteMagnitude)
        #expect((-(max + halfUlp)).doubleValue == -.infinity)
        let strings = [
            "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
            "2.2250738585072014e-308", "2.2250738585072011e-308", "2.2250738585072012e-308",
            "1.7976931348623157e308", "1.7976931348623158e308", "1.797693134862315807e308",
            "1.7976931348623159e308", "1e309", "1e-400", "-1e-400", "0.1", "1", "9007199254740993",
            "1.00000000000000011102230246251565404236316680908203125",  // 1 + 2⁻⁵³: a tie, rounds to 1
            "1.00000000000000011102230246251565404236316680908203126",
            "-0.670191154593408E-01", "123456789012345678901234567890", "1e23", "8.98846567431158e307",
        ]
        for text in strings { try Self.check(text) }
        #expect(try Rational(decimal: "1.00000000000000011102230246251565404236316680908203125").doubleValue == 1.0)
    }

    @Test("Double → Rational → Double is the identity on random bit patterns, subnormals included")
    func roundTrip() throws {
        var rng = SplitMix64(seed: 0x2071)
        for i in 0..<(5000 * Self.scale) {
            let x = i % 2 == 0 ? Double(bitPattern: rng.next()) : Self.hardDouble(i % 5, using: &rng)
            guard x.isFinite else {
                #expect(Rational(exactly: x) == nil)
                continue
            }
            let r = try #require(Rational(exactly: x))
            #expect(r.doubleValue == x, "\(x)")
            #expect(r.denominator == BigInt.one << r.denominator.trailingZeroBitCount)
            if i % 10 == 0 {
                // The exact decimal expansion parses back to the same rational.
                #expect(try Rational(decimal: Self.exactDecimal(r)) == r)
            }
        }
        #expect(Rational(exactly: Double.nan) == nil && Rational(exactly: -Double.infinity) == nil)
        #expect(Rational(exactly: -0.0) == .zero)
        #expect(Rational(exactly: 0.1)?.description == "3602879701896397/36028797018963968")
    }
}
