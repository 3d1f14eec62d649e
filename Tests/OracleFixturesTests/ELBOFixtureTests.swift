import OracleArithmetic
import Testing
@testable import OracleFixtures

/// The ELBO identity's conventions apply to q exactly as written: `kl` = Σ qₖ ln(qₖ / p(z = k | x)) of
/// the file's Doubles, with no renormalisation. That is only the KL of a distribution when the written
/// q sums to exactly 1, so every mixture q in the committed file must do so, decided in ℚ.
struct ELBOFixtureTests {
    @Test("every Gaussian-mixture q in elbo-identity.json sums to exactly 1 in ℚ")
    func writtenMixtureQSumsToOne() throws {
        let file = try TestFixtures.repositoryFixtures.load(family: "elbo", variant: "elbo-identity")
        let group = try #require(file.testGroups.first { $0.id == "gaussian-mixture" })
        #expect(group.cases.count >= 12)
        for fixtureCase in group.cases {
            guard case .array(_, let data) = try #require(fixtureCase.inputs["q"]) else {
                Issue.record("\(fixtureCase.id): q is not an array")
                continue
            }
            let q = data.compactMap { value -> Double? in
                if case .real(let r) = value { return r.value }
                return nil
            }
            #expect(q.count == data.count, "\(fixtureCase.id): q has entries that are not reals")
            let sum = try q.reduce(Rational.zero) { try $0 + #require(Rational(exactly: $1)) }
            #expect(sum == Rational(1), "\(fixtureCase.id): Σq − 1 = \((sum - Rational(1)).doubleValue)")
        }
    }
}
