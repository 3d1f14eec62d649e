import GSLReference
import Testing

/// GSLError, the status constants and the error-handler switch.
@Suite("GSL error handling")
struct ErrorHandlingTests {
    @Test("status constants carry GSL's numbering (gsl_errno.h) as Int32")
    func statusNumbering() {
        // The values from gsl_errno.h: a wrong conversion of the anonymous enum would show here.
        #expect(GSL.Status.success == 0)
        #expect(GSL.Status.domain == 1)
        #expect(GSL.Status.range == 2)
        #expect(GSL.Status.invalid == 4)
        #expect(GSL.Status.failed == 5)
        #expect(GSL.Status.noMemory == 8)
        #expect(GSL.Status.maxIterations == 11)
        #expect(GSL.Status.badTolerance == 13)
        #expect(GSL.Status.tolerance == 14)
        #expect(GSL.Status.roundoff == 18)
        #expect(GSL.Status.badLength == 19)
        #expect(GSL.Status.notSquare == 20)
        #expect(GSL.Status.singular == 21)
        #expect(GSL.Status.divergent == 22)
    }

    @Test(
        "statusText is gsl_strerror",
        arguments: [
            (GSL.Status.success, "success"),
            (GSL.Status.domain, "input domain error"),
            (GSL.Status.maxIterations, "exceeded max number of iterations"),
            (GSL.Status.badLength, "matrix/vector sizes are not conformant"),
        ])
    func statusText(_ status: Int32, _ text: String) {
        #expect(GSL.statusText(status) == text)
    }

    @Test("a GSL failure reports the routine, GSL's text and the context")
    func errorFromGSL() {
        // gsl_linalg_cholesky_decomp1 fails inside GSL: had the default handler still been on,
        // the process would have aborted here instead of throwing.
        let error = #expect(throws: GSLError.self) { try GSL.cholesky([[1, 2], [2, 1]]) }
        #expect(error?.routine == "gsl_linalg_cholesky_decomp1")
        #expect(error?.reason.hasPrefix("input domain error") == true, "\(String(describing: error))")
        #expect(error?.reason.contains("positive definite") == true)
        #expect(error?.description.contains("gsl_linalg_cholesky_decomp1") == true)
        #expect(error?.description.contains("status 1") == true)
    }

    @Test("ensureErrorHandlerOff is idempotent and GSL failures keep throwing after it")
    func handlerOffIdempotent() {
        GSL.ensureErrorHandlerOff()
        GSL.ensureErrorHandlerOff()
        let error = #expect(throws: GSLError.self) { try GSL.luSolve([[0, 0], [0, 0]], [1, 1]) }
        #expect(error?.status == GSL.Status.domain)
    }

    @Test("the version is GSL 2.x, the series whose behaviour these tests pin down")
    func version() {
        // Several edge cases tested here (NaN with a success status from CQUAD, erf(+∞), ψ at
        // negative integers) are GSL 2.7 behaviour; a different major version must be reviewed.
        #expect(GSL.version.hasPrefix("2."), "GSL \(GSL.version)")
    }

    @Test("GSLError equality compares routine, status and reason")
    func equality() {
        let a = GSLError(routine: "gsl_x", status: 1, reason: "r")
        #expect(a == GSLError(routine: "gsl_x", status: 1, reason: "r"))
        #expect(a != GSLError(routine: "gsl_x", status: 2, reason: "r"))
        #expect(a != GSLError(routine: "gsl_y", status: 1, reason: "r"))
        #expect(a != GSLError(routine: "gsl_x", status: 1, reason: "s"))
    }
}
