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

/// Runs an export (`body`) with `data` as the data folder; whatever fails becomes one command error.
func exporting<R>(with data: DataDirectory, _ body: () throws -> R) throws(CommandError) -> R {
    do {
        return try withDataDirectory(data, body)
    } catch let error as CommandError {
        throw error
    } catch let error as FixtureError {
        throw CommandError(error)
    } catch {
        throw CommandError("an exporter failed: \(error)", "this is a bug in the oracle; report it")
    }
}
