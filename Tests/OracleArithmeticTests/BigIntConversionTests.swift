import Testing
import OracleArithmetic
import OracleTestSupport
import OracleRandom

@Suite("BigInt decimal and Double conversions")
struct BigIntConversionTests {
    @Test("decimal printing: known values and agreement with Int")
    func knownDecimal() throws {
        // Python: math.factorial(100)
        let expected100 =
            "9332621544394415268169923885626670049071596826438162146859296389521759999322991"
            + "5608941463976156518286253697920827223758251185210916864000000000000000000000000"
        var factorial = BigInt.one
        for k in 1...100 { factorial *= BigInt(k) }
        #expect(factorial.description == expected100)
        #expect(try BigInt(decimal: expected100) == factorial)
        var rng = SplitMix64(seed: 0xDEC)
        for _ in 0..<500 {
            let n = Int(bitPattern: UInt(rng.next())) >> Int(rng.next() % 64)
            #expect(BigInt(n).description == String(n))
            #expect(try BigInt(decimal: String(n)) == BigInt(n))
        }
        #expect(BigInt(Int.min).description == "-9223372036854775808")
        #expect(BigInt(negative: false, limbs: [0, 1]).description == "18446744073709551616")
        // 10¹⁹ ± 1 and 10³⁸ sit on the chunk boundaries of the printer.
        let ten19 = BigInt(10_000_000_000_000_000_000 as UInt64)
        #expect((ten19 * ten19).description == "1" + String(repeating: "0", count: 38))
        #expect((ten19 * ten19 - .one).description == String(repeating: "9", count: 38))
        #expect((ten19 * ten19 + .one).description == "1" + String(repeating: "0", count: 37) + "1")
    }

    @Test("decimal round trip and digit appending up to 10 000 digits")
    func decimalRoundTrip() throws {
        var rng = SplitMix64(seed: 0x7E7)
        for bits in [1, 63, 64, 65, 200, 1000, 4000, 33_220] {
            let a = BigInt.random(bits: bits, using: &rng)
            let text = a.description
            #expect(try BigInt(decimal: text) == a)
            // Independent relation: the digits of 10·|a| + d are those of |a| followed by d.
            let d = Int(rng.next() % 10)
            #expect((a.magnitude * BigInt(10) + BigInt(d)).description == a.magnitude.description + String(d))
            if bits == 33_220 { #expect(text.count >= 10_000) }
        }
        #expect(try BigInt(decimal: "+000123") == BigInt(123))
        #expect(try BigInt(decimal: "-0") == .zero)
        #expect(try BigInt(decimal: "0000000000000000000000000000000000000000001") == .one)
    }

    @Test(
        "malformed integer strings throw with the position",
        arguments: [
            ("", 0), ("-", 1), ("+", 1), ("12a", 2), (" 1", 0), ("1 ", 1), ("0x10", 1), ("1.5", 1), ("--1", 1),
            ("1e3", 1), ("١٢", 0),
        ])
    func malformed(text: String, position: Int) {
        let error = #expect(throws: DecimalParseError.self) { try BigInt(decimal: text) }
        #expect(error?.position == position, "\(text)")
        #expect(error?.input == text)
        #expect(error?.description.hasPrefix("malformed decimal \"\(text)\" at position \(position): ") == true)
    }

    @Test("doubleValue is correctly rounded: agrees with Double(String) and exact ties")
    func doubleValue() throws {
        var rng = SplitMix64(seed: 0xD0B)
        for _ in 0..<2000 {
            let a = BigInt.random(bitsIn: 0...1100, using: &rng)
            // Swift's Double(String) is correctly rounded (strtod), an independent route.
            #expect(a.doubleValue == Double(a.description)!, "\(a)")
        }
        let two53 = BigInt.one << 53
        #expect((two53 + .one).doubleValue == 0x1p53)  // tie → even
        #expect((two53 + BigInt(3)).doubleValue == 0x1p53 + 4)  // tie → even (up)
        #expect((-(two53 + BigInt(3))).doubleValue == -(0x1p53 + 4))
        let max = try #require(BigInt(exactly: Double.greatestFiniteMagnitude))
        let halfUlpAtMax = BigInt.one << 970
        #expect((max + halfUlpAtMax - .one).doubleValue == .greatestFiniteMagnitude)
        #expect((max + halfUlpAtMax).doubleValue == .infinity)  // tie rounds to even = 2¹⁰²⁴
        #expect((-(BigInt.one << 5000)).doubleValue == -.infinity)
    }

    @Test("init(exactly:) accepts integral doubles only and round-trips")
    func fromDouble() {
        var rng = SplitMix64(seed: 0xF00)
        for _ in 0..<2000 {
            let x = Double(bitPattern: rng.next())
            let converted = BigInt(exactly: x)
            if x.isFinite && x == x.rounded(.towardZero) {
                #expect(converted?.doubleValue == x)
            } else {
                #expect(converted == nil)
            }
        }
        #expect(BigInt(exactly: 0x1p64) == BigInt.one << 64)
        #expect(BigInt(exactly: -3.0) == BigInt(-3))
        #expect(BigInt(exactly: -0.0) == .zero)
        #expect(BigInt(exactly: 0.5) == nil && BigInt(exactly: .nan) == nil && BigInt(exactly: .infinity) == nil)
    }

    @Test("intValue when it fits")
    func intValue() {
        #expect(BigInt(Int.min).intValue == Int.min)
        #expect(BigInt(Int.max).intValue == Int.max)
        #expect((BigInt(Int.max) + .one).intValue == nil)
        #expect((BigInt(Int.min) - .one).intValue == nil)
        #expect((BigInt.one << 64).intValue == nil)
        #expect(BigInt.zero.intValue == 0)
    }
}
