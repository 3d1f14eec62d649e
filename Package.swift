// swift-tools-version: 6.2
// LatentOracle: a reference implementation and test oracle for latent-variable models.
// No package dependencies. GSL is reached through the CGSL system library and is used
// only as an independent check (GSLReference), never by LatentDerivations.
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]
// The exact arithmetic, the linear algebra over it and the fixture format are optimized in debug
// builds too: `check`, `export` and the tests certify values by big-integer elimination, which
// unoptimized generic code (unspecialized UInt128 conversions in every limb loop) runs 10–30×
// slower, and the gate's hundreds of `verify` runs parse megabyte fixture files (5× faster).
let optimizedEvenInDebug: [SwiftSetting] = strict + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "LatentOracle",
    products: [
        .library(name: "OracleArithmetic", targets: ["OracleArithmetic"]),
        .library(name: "OracleLinearAlgebra", targets: ["OracleLinearAlgebra"]),
        .library(name: "OracleRandom", targets: ["OracleRandom"]),
        .library(name: "LatentDerivations", targets: ["LatentDerivations"]),
        .library(name: "OracleFixtureFormat", targets: ["OracleFixtureFormat"]),
        .library(name: "OracleFixtures", targets: ["OracleFixtures"]),
        .executable(name: "latent-oracle", targets: ["latent-oracle"]),
    ],
    targets: [
        // C system library over GSL (Debian: libgsl-dev). Imported only by GSLReference.
        .systemLibrary(
            name: "CGSL", path: "Sources/CGSL", pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]),
        // Big integers, rationals, binary big floats and the scalar protocols.
        .target(name: "OracleArithmetic", swiftSettings: optimizedEvenInDebug),
        // Generic dense matrices: exact elimination over any field, Cholesky, LU, QR, Jacobi.
        .target(
            name: "OracleLinearAlgebra", dependencies: ["OracleArithmetic"], swiftSettings: optimizedEvenInDebug),
        // The specified pseudo-random generator (SplitMix64) and its samplers.
        .target(name: "OracleRandom", swiftSettings: strict),
        // Safe Swift wrappers over GSL: the independent second opinion.
        .target(name: "GSLReference", dependencies: ["CGSL"], swiftSettings: strict),
        // The derivations, one folder per family, generic over the scalar type. Never imports GSL.
        .target(
            name: "LatentDerivations",
            dependencies: ["OracleArithmetic", "OracleLinearAlgebra", "OracleRandom"],
            swiftSettings: strict),
        // The fixture and results formats: value model, canonical writer, strict reader, bounded
        // file access, tolerances and verification. Depends on OracleArithmetic alone (no
        // derivation, no linear algebra, no GSL), so a consumer can read and verify without them.
        .target(name: "OracleFixtureFormat", dependencies: ["OracleArithmetic"], swiftSettings: optimizedEvenInDebug),
        // The evaluators and the catalogues that export runs through them, over the format
        // (re-exported). No GSL: no golden byte may depend on it.
        .target(
            name: "OracleFixtures",
            dependencies: [
                "OracleFixtureFormat", "LatentDerivations", "OracleArithmetic", "OracleLinearAlgebra",
                "OracleRandom",
            ],
            swiftSettings: strict),
        // The Proofs' SVG figures, drawn from the derivations; `plot` writes them, `check` compares them.
        .target(
            name: "OracleFigures",
            dependencies: [
                "OracleFixtureFormat", "LatentDerivations", "OracleArithmetic", "OracleLinearAlgebra",
                "OracleRandom",
            ],
            swiftSettings: strict),
        // The timed kernels `latent-oracle bench` runs for scripts/bench. Not tests: they assert no speed.
        .target(
            name: "OracleBenchmarks",
            dependencies: [
                "OracleFixtures", "LatentDerivations", "OracleArithmetic", "OracleLinearAlgebra",
                "OracleRandom",
            ],
            swiftSettings: strict),
        // The command-line tool: about, export, check, verify, list, plot, bench, strd.
        .executableTarget(
            name: "latent-oracle",
            dependencies: ["OracleFixtures", "OracleFigures", "OracleBenchmarks", "LatentDerivations", "GSLReference"],
            swiftSettings: strict),
        // Test helpers: ulp distance, relative/absolute error, `Tolerance` (the format's
        // ToleranceSpec under its test name: one tolerance type for tests and fixtures), the
        // reporting checks expectClose/expectWithin/expectBelow, the repository root and the
        // long-tests switch. Not public API.
        .target(
            name: "OracleTestSupport", dependencies: ["OracleArithmetic", "OracleFixtureFormat"],
            swiftSettings: strict),

        .testTarget(
            name: "OracleArithmeticTests", dependencies: ["OracleArithmetic", "OracleRandom", "OracleTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "OracleLinearAlgebraTests",
            dependencies: ["OracleLinearAlgebra", "OracleRandom", "GSLReference", "OracleTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "OracleRandomTests", dependencies: ["OracleRandom", "OracleTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "GSLReferenceTests", dependencies: ["GSLReference", "OracleRandom", "OracleTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "LatentDerivationsTests",
            dependencies: ["LatentDerivations", "GSLReference", "OracleRandom", "OracleTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "OracleFixturesTests",
            dependencies: [
                "OracleFixtures", "OracleFixtureFormat", "OracleFigures", "OracleBenchmarks",
                "OracleRandom", "OracleTestSupport",
            ],
            swiftSettings: strict),
        // Parses Proofs/ and fails on any broken link between a derivation step and its code,
        // test or fixture.
        .testTarget(name: "TraceabilityTests", dependencies: ["OracleTestSupport"], swiftSettings: strict),
    ]
)
