import Testing
import OracleArithmetic
import OracleTestSupport

@Suite("BigFloat constants π and ln 2")
struct BigFloatConstantsTests {
    // The references are 1000 decimals (1001 significant digits), rounded to nearest, printed by
    // Python mpmath 1.3 (`mpmath.mp.dps = 1030; mpmath.nstr(mpmath.pi, 1001)`, likewise
    // `mpmath.ln2`). The first 999 decimals of π were compared programmatically with a published
    // 1000-digit table (Gibbons' spigot output, gettingsharper.de, "happy PI-day") and agree; the
    // ln 2 digits (OEIS A002162) come from mpmath alone. mpmath uses other algorithms than ours
    // (we use Machin's formula and an atanh identity), so the check is independent of this code.
    static let piDigits =
        "3.1415926535897932384626433832795028841971693993751058209749445923078164062862089986280348"
        + "253421170679821480865132823066470938446095505822317253594081284811174502841027019385211055"
        + "596446229489549303819644288109756659334461284756482337867831652712019091456485669234603486"
        + "104543266482133936072602491412737245870066063155881748815209209628292540917153643678925903"
        + "600113305305488204665213841469519415116094330572703657595919530921861173819326117931051185"
        + "480744623799627495673518857527248912279381830119491298336733624406566430860213949463952247"
        + "371907021798609437027705392171762931767523846748184676694051320005681271452635608277857713"
        + "427577896091736371787214684409012249534301465495853710507922796892589235420199561121290219"
        + "608640344181598136297747713099605187072113499999983729780499510597317328160963185950244594"
        + "553469083026425223082533446850352619311881710100031378387528865875332083814206171776691473"
        + "035982534904287554687311595628638823537875937519577818577805321712268066130019278766111959" + "092164201989"
    static let ln2Digits =
        "0.6931471805599453094172321214581765680755001343602552541206800094933936219696947156058633"
        + "269964186875420014810205706857336855202357581305570326707516350759619307275708283714351903"
        + "070386238916734711233501153644979552391204751726815749320651555247341395258829504530070953"
        + "263666426541042391578149520437404303855008019441706416715186447128399681717845469570262716"
        + "310645461502572074024816377733896385506952606683411372738737229289564935470257626520988596"
        + "932019650585547647033067936544325476327449512504060694381471046899465062201677204245245296"
        + "126879465461931651746813926725041038025462596568691441928716082938031727143677826548775664"
        + "850856740776484514644399404614226031930967354025744460703080960850474866385231381816767514"
        + "386674766478908814371419854942315199735488037516586127535291661000710535582498794147295092"
        + "931138971559982056543928717000721808576102523688921324497138932037843935308877482597017155"
        + "910708823683627589842589185353024363421436706118923678919237231467232172053401649256872747" + "7823445353476"

    /// |value − reference|·10¹⁰⁰⁰, exactly: at most ½ (the reference's rounding) plus 2⁻³⁴⁰⁰·10¹⁰⁰⁰
    /// (our bound at 3400 bits), so below 1 for a right value.
    static func errorIn1000thDecimals(_ value: BigFloat, _ digits: String) throws -> Rational {
        let reference = try Rational(decimal: digits)
        let tenTo1000 = try Rational(numerator: BigInt(10).power(1000), denominator: BigInt(1))
        return (value.rationalValue - reference).absoluteValue * tenTo1000
    }

    static let thousandDecimalsReason =
        "the 1000-decimal reference rounds by ≤ ½·10⁻¹⁰⁰⁰ and the 3400-bit constant errs by ≤ 2⁻³⁴⁰⁰, "
        + "together < 10⁻¹⁰⁰⁰"

    @Test("π and ln 2 agree with their 1000-decimal references at 3400 bits")
    func thousandDigits() throws {
        try BigFloat.withPrecision(3400) { () throws in
            expectWithin(
                error: try Self.errorIn1000thDecimals(BigFloat.pi, Self.piDigits), bound: Rational.one,
                Self.thousandDecimalsReason, "π, in units of 10⁻¹⁰⁰⁰")
            expectWithin(
                error: try Self.errorIn1000thDecimals(BigFloat.ln2, Self.ln2Digits), bound: Rational.one,
                Self.thousandDecimalsReason, "ln 2, in units of 10⁻¹⁰⁰⁰")
            // A wrong last digit must be caught: perturb the reference by 2·10⁻¹⁰⁰⁰.
            var wrong = Self.piDigits
            let last = wrong.removeLast()
            let bumped = Character(String((Int(String(last))! + 2) % 10))
            #expect(try Self.errorIn1000thDecimals(BigFloat.pi, wrong + String(bumped)) > .one)
        }
    }

    @Test("at ≤ 53 bits the constants are Double.pi and ln 2's Double, rounded", arguments: [53, 24, 11])
    func doubles(p: Int) {
        BigFloat.withPrecision(p) {
            #expect(BigFloat.pi == BigFloat(Rational(exactly: Double.pi)!, precision: p))
            #expect(BigFloat.ln2 == BigFloat(Rational(exactly: 0x1.62e42fefa39efp-1)!, precision: p))
        }
    }

    @Test("the cache gives the same constant before and after a higher-precision request")
    func cacheConsistency() throws {
        let low = BigFloat.withPrecision(777) { BigFloat.pi }
        _ = BigFloat.withPrecision(5000) { BigFloat.pi }
        let again = BigFloat.withPrecision(777) { BigFloat.pi }
        #expect(low == again)
        // π at 777 bits is the 3400-bit value rounded (no double-rounding hazard unless a 2⁻¹²-ulp tie).
        let high = BigFloat.withPrecision(3400) { BigFloat.pi }
        #expect(low == BigFloat(high.rationalValue, precision: 777))
    }
}
