import Foundation
import GSLReference
import Testing
import OracleTestSupport

/// Every one-dimensional case exported in `Fixtures/divergences/gaussian-kl.json` and
/// `Fixtures/elbo/elbo-identity.json` (group `logistic-latent`) against GSL adaptive quadrature on
/// the standardised variable, with the density's own mass integrated beside it
/// (`Proofs/02-gaussian-kl.md`, KL-3; `Proofs/05-elbo-identity.md`, ELBO-9). The fixture files are
/// read as plain JSON, so this checks the golden values themselves, not the code that wrote them.
@Suite("Fixture 1-D values against GSL quadrature")
struct FixtureQuadratureTests {
    static let root = RepositoryRoot.url

    static func cases(_ path: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: root.appendingPathComponent("Fixtures/\(path)"))
        let file = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let groups = try #require(file["testGroups"] as? [[String: Any]])
        return groups.flatMap { ($0["cases"] as? [[String: Any]]) ?? [] }
    }

    static func real(_ value: Any?) -> Double? {
        if let object = value as? [String: Any], let hex = object["hex"] as? String { return Double(hex) }
        if let object = value as? [String: Any], let shape = object["shape"] as? [Int],
            shape == [1] || shape == [1, 1],
            let data = object["data"] as? [Any]
        {
            return real(data.first)
        }
        return nil
    }

    /// Double quadrature of ln p − ln q is sound only while its integrand is well inside the Double
    /// range and the mean offset does not swamp the standardised variable: variances in
    /// [2⁻²⁰⁰, 2²⁰⁰] and |μ| ≤ 2²⁰·√(max σ²) (GSL's roundoff detection stops QAGI on a 1e8
    /// offset
    /// at σ ≈ 1). The hostile-regime cases beyond that (variances near 1e±300, ratios of 2²¹⁰⁰, means
    /// offset by 1e8) are recomputed by the mpmath claims check.
    static func quadratureApplies(variances: [Double], means: [Double]) -> Bool {
        guard let smallest = variances.min(), let largest = variances.max(),
            smallest >= 0x1p-200, largest <= 0x1p200
        else { return false }
        return means.allSatisfy { abs($0) <= 0x1p20 * largest.squareRoot() }
    }

    static func phi(_ t: Double) -> Double { Foundation.exp(-t * t / 2) / (2 * Double.pi).squareRoot() }

    @Test("every 1-D Gaussian KL fixture value equals ∫ φ(t)[ln p − ln q] dt (GSL QAGI), and ∫ φ = 1")
    func gaussianKLCases() throws {
        var skipped: [String] = []
        var checked = 0
        var worst = 0.0
        for c in try Self.cases("divergences/gaussian-kl.json") {
            guard let inputs = c["inputs"] as? [String: Any], let expected = c["expected"] as? [String: Any],
                let m1 = Self.real(inputs["mean1"]), let m2 = Self.real(inputs["mean2"]),
                let v1 = Self.real(inputs["variance1"] ?? inputs["covariance1"]),
                let v2 = Self.real(inputs["variance2"] ?? inputs["covariance2"]),
                let kl = Self.real(expected["kl"])
            else { continue }
            guard Self.quadratureApplies(variances: [v1, v2], means: [m1, m2]) else {
                skipped.append(c["id"] as? String ?? "")
                continue
            }
            // x = μ₁ + σ₁t: ln p(x) − ln q(x) = −t²/2 + (x − μ₂)²/(2σ₂²) + ½ ln(σ₂²/σ₁²).
            let s1 = v1.squareRoot(), halfLog = (Foundation.log(v2) - Foundation.log(v1)) / 2
            // The integrand's terms are of size ≤ |KL| + |½ ln(σ₂²/σ₁²)| + 1; QAGI at 1e-12 relative, and
            // the rounding of x − μ₂ when |μ₁|, |μ₂| ≫ σ₁ adds u·(|μ₁| + |μ₂|)²/σ₂².
            let scale = abs(kl) + abs(halfLog) + 1 + (abs(m1) + abs(m2)) * (abs(m1) + abs(m2)) / v2 * 0x1p-50
            // An absolute target of 1e-13·scale as well, so KL = 0 (p = q) is reachable.
            let integral = try GSL.integrate(
                from: -.infinity, to: .infinity, absoluteTolerance: 1e-13 * scale, relativeTolerance: 1e-12
            ) { t in
                let x = m1 + s1 * t
                return Self.phi(t) * (-t * t / 2 + (x - m2) * (x - m2) / (2 * v2) + halfLog)
            }
            let mass = try GSL.integrate(from: -.infinity, to: .infinity, relativeTolerance: 1e-12, Self.phi)
            expectBelow(
                error: abs(mass.value - 1), bound: 1e-12,
                "a normalized density integrates to 1 up to quadrature error")
            expectClose(
                integral.value, kl,
                within: Tolerance.absolute(1e-11 * scale, "QAGI at relative 1e-12 of terms of size \(scale)"),
                "\(c["id"] ?? "")")
            worst = max(worst, abs(integral.value - kl) / scale)
            checked += 1
        }
        #expect(checked >= 32, "1-D cases found: \(checked)")
        print(
            "quadrature-vs-fixture [1-D Gaussian KL, relative to term size]: \(worst) over \(checked) cases;",
            "outside the quadrature's range (checked by scripts/checks.d/15-claims-mpmath): \(skipped)")
    }

    @Test(
        "every logistic-latent case: ln p(x), ELBO and KL against GSL QAGS on the standardised variable"
    )
    func logisticCases() throws {
        var checked = 0
        var worst = 0.0
        for c in try Self.cases("elbo/elbo-identity.json") {
            guard let id = c["id"] as? String, id.contains("/logistic-latent/"),
                let inputs = c["inputs"] as? [String: Any], let expected = c["expected"] as? [String: Any],
                let n1 = inputs["ones"] as? Int, let n0 = inputs["zeros"] as? Int,
                let m = Self.real(inputs["qMean"]), let s2 = Self.real(inputs["qVariance"])
            else { continue }
            func logSigmoid(_ z: Double) -> Double {
                z >= 0 ? -Foundation.log1p(Foundation.exp(-z)) : z - Foundation.log1p(Foundation.exp(z))
            }
            func logJoint(_ z: Double) -> Double {
                -z * z / 2 - 0.5 * Foundation.log(2 * Double.pi) + Double(n1) * logSigmoid(z) + Double(n0)
                    * logSigmoid(-z)
            }
            let evidence = try GSL.integrate(from: -40, to: 40, relativeTolerance: 1e-13) { z in
                Foundation.exp(logJoint(z))
            }
            let logP = Foundation.log(evidence.value)
            let s = s2.squareRoot()
            func logQ(_ t: Double) -> Double { -t * t / 2 - 0.5 * Foundation.log(2 * Double.pi) - Foundation.log(s) }
            let qMass = try GSL.integrate(from: -40, to: 40, relativeTolerance: 1e-13, Self.phi)
            expectBelow(
                error: abs(qMass.value - 1), bound: 1e-13,
                "a normalized density integrates to 1 up to quadrature error")
            let elbo = try GSL.integrate(from: -40, to: 40, relativeTolerance: 1e-13) { t in
                Self.phi(t) * (logJoint(m + s * t) - logQ(t))
            }
            let kl = try GSL.integrate(from: -40, to: 40, relativeTolerance: 1e-13) { t in
                Self.phi(t) * (logQ(t) - logJoint(m + s * t) + logP)
            }
            let tolerance = Tolerance.absolute(
                1e-12 * Double(n1 + n0 + 1) * (abs(m) + 3),
                "QAGS at relative 1e-13 of integrands of size ≲ (n + 1)(|m| + s + 1)")
            for (name, value) in [("logEvidence", logP), ("elbo", elbo.value), ("kl", kl.value)] {
                let golden = try #require(Self.real(expected[name]))
                expectClose(value, golden, within: tolerance, "\(id) \(name): GSL \(value) vs fixture \(golden)")
                worst = max(worst, abs(value - golden))
            }
            checked += 1
        }
        #expect(checked == 4)
        print("quadrature-vs-fixture [logistic latent, absolute]: \(worst)")
    }

    static func reals(_ value: Any?) -> [Double]? {
        guard let object = value as? [String: Any], let data = object["data"] as? [Any] else { return nil }
        let values = data.compactMap { real($0) }
        return values.count == data.count ? values : nil
    }

    @Test("every 2-D Gaussian KL in the divergences fixture against nested GSL quadrature on p's standardised variable")
    func twoDimensionalCases() throws {
        var checked = 0
        for c in try Self.cases("divergences/gaussian-kl.json") {
            guard let inputs = c["inputs"] as? [String: Any], let expected = c["expected"] as? [String: Any],
                let m1 = Self.reals(inputs["mean1"]), let m2 = Self.reals(inputs["mean2"]), m1.count == 2,
                m2.count == 2,
                let kl = Self.real(expected["kl"])
            else { continue }
            let s1 = Self.reals(inputs["covariance1"]) ?? Self.reals(inputs["variance1"]).map { [$0[0], 0, 0, $0[1]] }
            let s2 = Self.reals(inputs["covariance2"]) ?? Self.reals(inputs["variance2"]).map { [$0[0], 0, 0, $0[1]] }
            guard let a = s1, let b = s2,
                Self.quadratureApplies(variances: [a[0], a[3], b[0], b[3]], means: m1 + m2)
            else { continue }
            // p's Cholesky factor by hand (2×2), and q's precision by the 2×2 adjugate (test-only).
            let l11 = a[0].squareRoot(), l21 = a[2] / l11, l22 = (a[3] - l21 * l21).squareRoot()
            let detB = b[0] * b[3] - b[1] * b[2]
            let halfLog = (Foundation.log(detB) - Foundation.log(l11 * l11 * l22 * l22)) / 2
            func logRatio(_ t1: Double, _ t2: Double) -> Double {
                let d1 = m1[0] + l11 * t1 - m2[0], d2 = m1[1] + l21 * t1 + l22 * t2 - m2[1]
                let quadQ = (b[3] * d1 * d1 - 2 * b[1] * d1 * d2 + b[0] * d2 * d2) / detB
                return -(t1 * t1 + t2 * t2) / 2 + quadQ / 2 + halfLog
            }
            let scale = abs(kl) + abs(halfLog) + 2
            let integral = try GSL.integrate2D(
                x: (-12, 12), y: { _ in (-12, 12) }, absoluteTolerance: 1e-11 * scale, relativeTolerance: 1e-10
            ) { t1, t2 in
                Self.phi(t1) * Self.phi(t2) * logRatio(t1, t2)
            }
            // Nested adaptive quadrature at 1e-10 relative / 1e-11·scale absolute; tails beyond 12 carry < e⁻⁷².
            expectClose(
                integral.value, kl,
                within: Tolerance.absolute(1e-9 * scale, "nested QAGS at 1e-10 of terms of size \(scale)"),
                "\(c["id"] ?? "")")
            checked += 1
        }
        #expect(checked >= 4, "2-D cases found: \(checked)")
    }
}
