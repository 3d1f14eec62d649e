/// One golden case: inputs, expected outputs, the tolerance and the bug classes it catches.
public struct FixtureCase: Sendable, Equatable {
    /// `<family>/<variant>/<group>/<case>`, unique across all fixture files.
    public var id: String
    public var comment: String
    /// Bug-class flags; each has an entry in the file's `notes`.
    public var flags: [String]
    public var inputs: OrderedMap<FixtureValue>
    public var expected: Expectation
    public var tolerance: ToleranceSpec
    /// The tolerance under `"precision": "float32"`, or why float32 cannot be checked here;
    /// nil when the case has none (a float32 run then reports it as not checked).
    public var toleranceFloat32: Float32Tolerance?

    public init(
        id: String, comment: String, flags: [String], inputs: OrderedMap<FixtureValue>,
        expected: Expectation, tolerance: ToleranceSpec, toleranceFloat32: Float32Tolerance? = nil
    ) {
        self.id = id
        self.comment = comment
        self.flags = flags
        self.inputs = inputs
        self.expected = expected
        self.tolerance = tolerance
        self.toleranceFloat32 = toleranceFloat32
    }
}

/// Cases that share a purpose and parameters.
public struct TestGroup: Sendable, Equatable {
    public var id: String
    public var description: String
    public var parameters: OrderedMap<FixtureValue>
    public var cases: [FixtureCase]

    public init(id: String, description: String, parameters: OrderedMap<FixtureValue> = [:], cases: [FixtureCase]) {
        self.id = id
        self.description = description
        self.parameters = parameters
        self.cases = cases
    }
}

/// The Proof file and step ids a fixture file exports.
public struct ProofReference: Sendable, Equatable {
    public var file: String
    public var steps: [String]
    public init(file: String, steps: [String]) {
        self.file = file
        self.steps = steps
    }
}

/// The program and version that wrote a file.
public struct GeneratorInfo: Sendable, Equatable {
    public var name: String
    public var version: String
    public init(name: String = "latent-oracle", version: String = OracleVersion.current) {
        self.name = name
        self.version = version
    }
}

/// The version of the oracle and of the formats it writes.
public enum OracleVersion {
    /// The generator version recorded in every fixture file.
    public static let current = "0.1.0"
    /// The fixture and results format version this code reads and writes.
    public static let schemaVersion = 1
}

/// A golden fixture file, `Fixtures/<family>/<variant>.json` (format version 1).
public struct FixtureFile: Sendable, Equatable {
    public static let schemaName = "latent-oracle-fixture"

    public var family: String
    public var variant: String
    public var description: String
    public var proof: ProofReference
    public var generator: GeneratorInfo
    /// Conventions a consumer must follow (e.g. `"kl-direction": "KL(p || q)"`), in file order.
    public var conventions: OrderedMap<String>
    /// flag → what the bug is and what it does to the output.
    public var notes: OrderedMap<String>
    /// flag → the outputs its bug corrupts (`"error"` for a refusal), in `notes` order; `verify`
    /// names a flag under a failing output only when the flag lists that output.
    public var flagOutputs: OrderedMap<[String]>
    public var testGroups: [TestGroup]

    /// A fixture file with the given `flagOutputs` (OracleFixtures adds an initializer that
    /// takes them from its measured flag-effect tables when they are not given).
    public init(
        family: String, variant: String, description: String, proof: ProofReference,
        generator: GeneratorInfo = GeneratorInfo(), conventions: OrderedMap<String>,
        notes: OrderedMap<String>, flagOutputs: OrderedMap<[String]>, testGroups: [TestGroup]
    ) {
        self.family = family
        self.variant = variant
        self.description = description
        self.proof = proof
        self.generator = generator
        self.conventions = conventions
        self.notes = notes
        self.testGroups = testGroups
        self.flagOutputs = flagOutputs
    }

    /// `<family>/<variant>.json`, relative to the fixtures directory.
    public var relativePath: String { "\(family)/\(variant).json" }

    public var cases: [FixtureCase] { testGroups.flatMap(\.cases) }

    /// The flags used by at least one case, sorted.
    public var flagsUsed: [String] { Array(Set(cases.flatMap(\.flags))).sorted() }
}
