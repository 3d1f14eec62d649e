import CGSL

/// The namespace of LatentOracle's safe wrappers over the GNU Scientific Library.
///
/// GSL is the project's *independent second opinion*: tests, fixtures and the CLI compare the
/// derivations against it, and derivation code never calls it. Every entry point
///
/// - switches GSL's aborting default error handler off (once per process, see
///   ``GSL/ensureErrorHandlerOff()``),
/// - validates its arguments (shapes, finiteness, domains) before calling GSL,
/// - checks every status GSL returns, and also the finiteness of results GSL reports as a
///   success (GSL 2.7 returns NaN with `GSL_SUCCESS` in several places, e.g. `gsl_sf_erf_e(+∞)`,
///   `gsl_integration_cquad` of a divergent integral, `gsl_linalg_QR_lssolve` on a rank-deficient
///   matrix), and
/// - throws a ``GSLError`` naming the routine and the reason; it never traps.
public enum GSL {}

/// A failure reported by GSL, or found by the wrapper's own argument checks before GSL is called.
///
/// `status` is one of GSL's error codes (see ``GSL/Status``); `routine` names the GSL routine that
/// failed or would have been called; `reason` is GSL's `gsl_strerror` text plus context.
public struct GSLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The GSL routine that failed, e.g. `"gsl_linalg_cholesky_decomp1"`.
    public var routine: String
    /// GSL's status code, e.g. ``GSL/Status/domain`` (`GSL_EDOM`).
    public var status: Int32
    /// `gsl_strerror(status)` followed by what the wrapper knows about the failure.
    public var reason: String

    public init(routine: String, status: Int32, reason: String) {
        self.routine = routine
        self.status = status
        self.reason = reason
    }

    /// An error for `status` whose reason is GSL's own text, followed by `context` when given.
    init(routine: String, status: Int32, context: String?) {
        let text = GSL.statusText(status)
        let reason = context.map { "\(text): \($0)" } ?? text
        self.init(routine: routine, status: status, reason: reason)
    }

    public var description: String { "\(routine) failed (GSL status \(status)): \(reason)" }
}

extension GSL {
    /// GSL's status codes as `Int32`, the type GSL functions return.
    ///
    /// GSL declares them in an anonymous C enum, which Swift imports as `Int`, so each one is
    /// converted here once.
    public enum Status {
        public static let success = Int32(GSL_SUCCESS)
        /// `GSL_EDOM`: input domain error (also: non-finite input, matrix not positive definite,
        /// singular matrix in `gsl_linalg_LU_solve`).
        public static let domain = Int32(GSL_EDOM)
        /// `GSL_ERANGE`: output range error.
        public static let range = Int32(GSL_ERANGE)
        /// `GSL_EINVAL`: invalid argument (e.g. an infinite bound where a finite one is needed).
        public static let invalid = Int32(GSL_EINVAL)
        /// `GSL_EFAILED`: generic failure (e.g. a non-finite result reported as a success).
        public static let failed = Int32(GSL_EFAILED)
        /// `GSL_ENOMEM`: an allocation failed.
        public static let noMemory = Int32(GSL_ENOMEM)
        /// `GSL_EMAXITER`: the subdivision limit was reached.
        public static let maxIterations = Int32(GSL_EMAXITER)
        /// `GSL_EBADTOL`: the requested tolerances cannot be met in `Double`.
        public static let badTolerance = Int32(GSL_EBADTOL)
        /// `GSL_ETOL`: the requested tolerance was not reached.
        public static let tolerance = Int32(GSL_ETOL)
        /// `GSL_EROUND`: roundoff prevented the requested tolerance.
        public static let roundoff = Int32(GSL_EROUND)
        /// `GSL_EBADLEN`: ragged, empty or non-conformant vectors and matrices.
        public static let badLength = Int32(GSL_EBADLEN)
        /// `GSL_ENOTSQR`: a square matrix was required.
        public static let notSquare = Int32(GSL_ENOTSQR)
        /// `GSL_ESING`: an (apparently) singular matrix.
        public static let singular = Int32(GSL_ESING)
        /// `GSL_EDIVERGE`: the integral appears divergent (or its value is not finite).
        public static let divergent = Int32(GSL_EDIVERGE)
    }

    /// GSL's text for a status code (`gsl_strerror`).
    public static func statusText(_ status: Int32) -> String {
        ensureErrorHandlerOff()
        guard let text = gsl_strerror(status) else { return "unknown GSL status \(status)" }
        return String(cString: text)
    }

    /// Switches GSL's default error handler (which prints and calls `abort()`) off, exactly once
    /// per process, so that every failure comes back as a status code. Every entry point calls
    /// this before touching GSL; calling it again is free.
    ///
    /// **Postconditions:** GSL's handler is off for the rest of the process. (Code elsewhere in the
    /// process that installs its own handler would undo this; LatentOracle never does.)
    public static func ensureErrorHandlerOff() {
        _ = errorHandlerIsOff
    }

    /// Throws unless `status` is `GSL_SUCCESS`.
    static func check(_ status: Int32, _ routine: String, _ context: String? = nil) throws(GSLError) {
        guard status == Status.success else {
            throw GSLError(routine: routine, status: status, context: context)
        }
    }

    /// Throws `GSL_ENOMEM` when an allocation returned `nil`; otherwise returns the pointer.
    static func allocated<T>(_ pointer: T?, _ routine: String) throws(GSLError) -> T {
        guard let pointer else {
            throw GSLError(routine: routine, status: Status.noMemory, context: "allocation returned NULL")
        }
        return pointer
    }
}

/// Swift initialises a global `let` lazily, exactly once and thread-safely, on first use: so the
/// handler is switched off once, before the first GSL call of the process.
private let errorHandlerIsOff: Bool = {
    _ = gsl_set_error_handler_off()
    return true
}()

extension GSL {
    /// The GSL version LatentOracle was compiled against (`GSL_VERSION`, e.g. `"2.7.1"`), for
    /// recording which second opinion a fixture or report was checked against. Debian's
    /// `libgsl-dev` ships the headers and the library together, so this is also the linked one.
    /// (The run-time `gsl_version` variable is a mutable C global, which Swift 6 rejects.)
    public static let version: String = GSL_VERSION
}
