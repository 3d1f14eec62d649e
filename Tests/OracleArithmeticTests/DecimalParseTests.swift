import Testing
import OracleArithmetic
import OracleTestSupport
import OracleRandom

@Suite("Exact decimal parsing into Rational")
struct DecimalParseTests {
    /// (text, numerator, denominator) with the exact values worked out by hand.
    static let exact: [(String, String, String)] = [
        ("0.1", "1", "10"),
        ("-0.670191154593408E-01", "-5235868395261", "78125000000000"),  // NIST StRD style; Python Fraction agrees
        ("1.5e3", "1500", "1"), (".5", "1", "2"), ("7", "7", "1"), ("+3.", "3", "1"), ("-0", "0", "1"),
        ("1E+10", "10000000000", "1"), ("0.000", "0", "1"), ("000123.4500", "2469", "20"),
        ("-22/7", "-22", "7"), ("6/4", "3", "2"), ("0/5", "0", "1"),
        ("2.5E-3", "1", "400"), ("0e999999999999999999999", "0", "1"), ("1e-1", "1", "10"),
        ("123456789012345678901234567890.5", "246913578024691357802469135781", "2"),
    ]

    @Test("decimal strings are parsed exactly", arguments: exact)
    func exactValues(text: String, p: String, q: String) throws {
        let x = try Rational(decimal: text)
        let expectedP = try BigInt(decimal: p), expectedQ = try BigInt(decimal: q)
        #expect(x.numerator == expectedP && x.denominator == expectedQ, "\(text) → \(x)")
        #expect(x.description == (q == "1" ? p : "\(p)/\(q)"))
    }

    @Test("description and init(decimal:) round-trip on random fractions")
    func roundTrip() throws {
        var rng = SplitMix64(seed: 0xDEC1)
        for _ in 0..<300 {
            let x = try Rational.random(bits: 1...300, using: &rng)
            #expect(try Rational(decimal: x.description) == x)
        }
    }

    @Test("scaling by powers of ten agrees with Rational arithmetic")
    func powersOfTen() throws {
        var rng = SplitMix64(seed: 0x10E)
        for _ in 0..<200 {
            let digits = String(rng.next() % 1_000_000_007)
            let e = Int(rng.next() % 80) - 40
            let expected = Rational(try BigInt(decimal: digits)) * (try Rational(10).power(e))
            #expect(try Rational(decimal: "\(digits)e\(e)") == expected)
            #expect(try Rational(decimal: "-\(digits)E\(e)") == -expected)
        }
    }

    /// (text, expected error position).
    static let malformed: [(String, Int)] = [
        ("", 0), (".", 1), ("e5", 0), ("1e", 2), ("1.2.3", 3), (" 1", 0), ("1 ", 1), ("inf", 0), ("nan", 0),
        ("Infinity", 0), ("0x1p3", 1), ("-", 1), ("+.", 2), ("1e+", 3), ("1e5.0", 3), ("1/", 2), ("/2", 0),
        ("1/0", 2), ("1/00", 2), ("1/-2", 2), ("1.5/2", 3), ("1,5", 1), ("--1", 1), ("1ee5", 2),
        ("٣", 0), ("1_000", 1),
    ]

    @Test("malformed strings throw with the position of the problem", arguments: malformed)
    func rejects(text: String, position: Int) {
        let error = #expect(throws: DecimalParseError.self) { try Rational(decimal: text) }
        #expect(error?.position == position, "\(text): \(error.map(String.init(describing:)) ?? "no error")")
        #expect(error?.description.hasPrefix("malformed decimal \"\(text)\" at position \(position): ") == true)
    }

    @Test("the documented message for 1.2.3")
    func message() {
        let error = #expect(throws: DecimalParseError.self) { try Rational(decimal: "1.2.3") }
        #expect(error?.description.hasPrefix("malformed decimal \"1.2.3\" at position 3: unexpected '.'") == true)
    }

    @Test("huge exponents are refused, never allocated")
    func hugeExponents() throws {
        for text in ["1e10000001", "1e-10000001", "1e99999999999999999999999999", "5E-1000001", "0.1e1000002"] {
            let error = #expect(throws: DecimalParseError.self) { try Rational(decimal: text) }
            #expect(error?.reason.contains("too large") == true, "\(text)")
        }
        // Zero is exact with any exponent; at the limit the value is still built.
        #expect(try Rational(decimal: "0.000e-99999999999") == .zero)
        let atLimit = try Rational(decimal: "1e-1000")
        let thousandthPower = try BigInt(10).power(1000)
        #expect(atLimit.denominator == thousandthPower && atLimit.numerator == .one)
        // Trailing zeros move into the scale, so a long zero tail is not a huge scale.
        #expect(try Rational(decimal: "1" + String(repeating: "0", count: 2000) + "e-2000") == .one)
    }
}
