import OracleTestSupport
import Testing
@testable import OracleFixtures
import OracleRandom

/// The hex spelling must be Python's `float.hex()` exactly, so consumers can compare strings.
struct HexFloatTests {
    /// (value, what CPython 3 prints for `value.hex()`), recorded from Python 3.
    static let pythonSpellings: [(Double, String)] = [
        (0.1, "0x1.999999999999ap-4"),
        (1.0, "0x1.0000000000000p+0"),
        (0.0, "0x0.0p+0"),
        (-0.0, "-0x0.0p+0"),
        (Double.leastNonzeroMagnitude, "0x0.0000000000001p-1022"),
        (2.2250738585072014e-308, "0x1.0000000000000p-1022"),
        (1.7976931348623157e308, "0x1.fffffffffffffp+1023"),
        (-2.5, "-0x1.4000000000000p+1"),
    ]

    @Test("format matches Python float.hex()", arguments: pythonSpellings)
    func matchesPython(value: Double, spelling: String) {
        #expect(HexFloat.format(value) == spelling)
        #expect(HexFloat.parse(spelling)?.bitPattern == value.bitPattern)
    }

    @Test(
        "parse refuses non-canonical spellings",
        arguments: [
            "0x1p+0", "0x1.0p+0", "0X1.0000000000000p+0", "0x1.0000000000000p0", "0x2.0000000000000p+0",
            "0x0.0000000000000p-1022", "0x1.0000000000000p+1024", "nan", "inf", "", "0x", "0x0.0p-0",
            "0x1.000000000000Ap+0",
        ])
    func refusesNonCanonical(text: String) {
        #expect(HexFloat.parse(text) == nil)
    }

    @Test("format then parse is the identity on seeded random bit patterns")
    func roundTrip() {
        var random = SplitMix64(seed: 7)
        var checked = 0
        for _ in 0..<20_000 {
            let x = Double(bitPattern: random.next())
            guard !x.isNaN else { continue }
            #expect(HexFloat.parse(HexFloat.format(x))?.bitPattern == x.bitPattern)
            checked += 1
        }
        #expect(checked > 19_000)
    }
}
