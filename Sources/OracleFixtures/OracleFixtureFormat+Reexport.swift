// The fixture format (value model, reader, writer, tolerances, verification) lives in its own
// module, OracleFixtureFormat, which depends on OracleArithmetic alone. Re-exporting it makes
// every one of its public names visible to each file of this module and to every importer of
// OracleFixtures, exactly as when the format was part of this module.
@_exported import OracleFixtureFormat
