/// Produces the golden files of one family. Exporters are pure: the same code gives the same
/// files, byte for byte, on every run and machine.
public protocol FixtureFamilyExporter: Sendable {
    /// The family name: the folder under `Fixtures/` and the first component of case ids.
    var family: String { get }
    /// One-line summary for `latent-oracle about` and `list`.
    var summary: String { get }
    /// Builds every file of the family. Throws only on an internal inconsistency.
    func makeFiles() throws -> [FixtureFile]
}

/// Every family the oracle exports, in the order `export` runs them.
public enum FixtureRegistry {
    public static let exporters: [any FixtureFamilyExporter] = [
        ArithmeticExporter(),
        RandomnessExporter(),
        FactorModelsExporter(),
        LinearGaussianExporter(),
        MeanFieldExporter(),
        DiffusionExporter(),
        MixturesExporter(),
        DivergencesExporter(),
        ELBOExporter(),
        GradientEstimatorsExporter(),
        VAEExporter(),
    ]

    public static var families: [String] { exporters.map(\.family) }

    public static func exporter(family: String) -> (any FixtureFamilyExporter)? {
        exporters.first { $0.family == family }
    }
}
