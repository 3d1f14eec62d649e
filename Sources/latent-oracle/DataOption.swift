import OracleFixtures

/// The data folder of a command: `--data DIR`, else `LATENT_ORACLE_DATA`, else `../shared/data`
/// beside the repository root (`DataDirectory`).
func dataDirectory(_ option: String?) -> DataDirectory {
    DataDirectory.resolve(option: option, repositoryRoot: Repository.root)
}

/// Runs `body` (an export) with `data` as the data folder; a missing data set becomes one
/// command error line that says what is missing, where it was looked for and how to point at it.
func withDataDirectory<R>(_ data: DataDirectory, _ body: () throws -> R) throws -> R {
    do {
        return try DataDirectory.$chosen.withValue(data) { try body() }
    } catch let missing as DataMissing {
        throw CommandError(missing.problem, missing.remedy)
    }
}
