import CGSL

/// Passing a Swift closure to GSL as a `gsl_function` without escaping or leaking it.
///
/// `gsl_function` is a C function pointer plus a `void *params`. The callback below is a C-convention
/// literal that captures nothing; `params` points at an ``Integrand`` on the caller's stack for the
/// duration of one GSL call (`withoutActuallyEscaping` + `withUnsafeMutablePointer`). GSL keeps no
/// pointer to it after returning, so nothing outlives the call.
struct Integrand {
    /// The user's integrand, escapable only within ``GSL/withGSLFunction(_:_:)``: an `Integrand`
    /// must never be copied out of that scope (only its `record` is).
    let f: (Double) -> Double
    var record = IntegrandRecord()
}

/// What the wrapper observed of the integrand during one GSL call.
struct IntegrandRecord {
    /// The number of calls GSL made.
    var evaluations = 0
    /// The first abscissa at which `f` returned NaN or ±∞, and that value.
    var firstNonFinite: (x: Double, y: Double)?
}

extension GSL {
    /// Runs `body` with a `gsl_function` that calls `f`, and returns `body`'s result together with
    /// the evaluation count and the first non-finite value `f` produced.
    static func withGSLFunction<R>(
        _ f: (Double) -> Double,
        _ body: (UnsafeMutablePointer<gsl_function>) -> R
    ) -> (result: R, integrand: IntegrandRecord) {
        withoutActuallyEscaping(f) { escapable in
            var integrand = Integrand(f: escapable)
            let result = withUnsafeMutablePointer(to: &integrand) { pointer in
                var function = gsl_function(
                    function: { x, params in
                        // `params` is the `Integrand` set below; it is never nil.
                        guard let integrand = params?.assumingMemoryBound(to: Integrand.self) else { return .nan }
                        integrand.pointee.record.evaluations += 1
                        let y = integrand.pointee.f(x)
                        if !y.isFinite && integrand.pointee.record.firstNonFinite == nil {
                            integrand.pointee.record.firstNonFinite = (x, y)
                        }
                        return y
                    },
                    params: UnsafeMutableRawPointer(pointer))
                return body(&function)
            }
            // Only the record leaves: the closure itself must not outlive this scope.
            return (result, integrand.record)
        }
    }
}
