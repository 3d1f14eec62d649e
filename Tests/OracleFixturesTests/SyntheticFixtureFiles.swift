@testable import OracleFixtures

/// Hand-built fixture files for the format and verifier tests: family `test`, variant `v`, a
/// placeholder proof, and cases with ids `test/v/<group>/<case>`.
enum SyntheticFixtureFiles {
    /// A file of `groups` (id and cases), with `notes` and `flagOutputs` for the flags its cases carry.
    static func file(
        notes: OrderedMap<String> = [:], flagOutputs: OrderedMap<[String]> = [:], groups: [(String, [FixtureCase])]
    ) -> FixtureFile {
        FixtureFile(
            family: "test", variant: "v", description: "d", proof: ProofReference(file: "P.md", steps: []),
            conventions: [:], notes: notes, flagOutputs: flagOutputs,
            testGroups: groups.map { TestGroup(id: $0.0, description: "d", cases: $0.1) })
    }

    /// Case `c` of group `g`, flagged `f` ("a bug"), whose output `y` is `expected` under `tolerance`:
    /// the one-case file that the tolerance-semantics tests verify against.
    static func oneCase(_ expected: FixtureValue, tolerance: ToleranceSpec) -> FixtureFile {
        file(
            notes: ["f": "a bug"],
            groups: [
                (
                    "g",
                    [
                        FixtureCase(
                            id: "test/v/g/c", comment: "", flags: ["f"], inputs: [:],
                            expected: .values(["y": expected]),
                            tolerance: tolerance)
                    ]
                )
            ])
    }

    /// One group `g` of `count` cases, case `c<i>` expecting the integer i exactly: large enough,
    /// at 10 000, to be decoded and judged on several threads.
    static func large(count: Int) -> FixtureFile {
        file(
            groups: [
                (
                    "g",
                    (0..<count).map { i in
                        FixtureCase(
                            id: "test/v/g/c\(i)", comment: "", flags: [], inputs: [:],
                            expected: .values(["y": .exactReal(Double(i))]), tolerance: .exact("r"))
                    }
                )
            ])
    }
}
