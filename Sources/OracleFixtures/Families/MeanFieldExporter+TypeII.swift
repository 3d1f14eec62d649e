import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// `Fixtures/mean-field/type-ii.json` (`Proofs/11-type-ii-ml.md`, T2-1 … T2-4).
extension MeanFieldExporter {
    static let typeIINotes: OrderedMap<String> = [
        "effective-parameters": "using the parameter count p (or 0) where MacKay's update needs the effective number of parameters γ = p − α tr Σ_N: α ← p/‖μ_N‖², β ← n/‖r‖²; the iterates and the fixed point are wrong",
        "evidence-gamma-terms": "dropping ln Γ(a_N) − ln Γ(a₀) (or the ½ ln(λ₀/κ_N) term) from the Normal-Gamma evidence: the curve is shifted, its maximiser unchanged",
        "gamma-rate-vs-scale": "reading the Gamma's second parameter as a scale (E[τ] = a·b) instead of a rate (E[τ] = a/b): every τ expectation is wrong",
        "one-pass-sufficient-statistics": allNotes["one-pass-sufficient-statistics"] ?? "",
    ]

    func typeIIFile() throws -> FixtureFile {
        FixtureFile(
            family: family, variant: "type-ii",
            description: "Type-II maximum likelihood: the Normal-Gamma evidence ln p(X | b0) on a grid of prior rates with its exact maximiser b0* = a0·s/N and the fixed-point iterates b0 <- a0·b_N/a_N; MacKay's (alpha, beta) iterates for a Bayesian polynomial regression and the evidence at the last iterate.",
            proof: ProofReference(file: "Proofs/11-type-ii-ml.md", steps: ["T2-1", "T2-2", "T2-3", "T2-4"]),
            conventions: Self.conventions.merging([
                "mackay": "alpha <- gamma/||mu_N||^2, beta <- (n - gamma)/||y - A mu_N||^2 with gamma = p - alpha tr(Sigma_N), Sigma_N = (alpha I + beta A^T A)^-1, mu_N = beta Sigma_N A^T y; both updated from the same (alpha, beta)",
                "linear-gaussian-prior": "theta ~ N(0, alpha^-1 I), y | theta ~ N(A theta, beta^-1 I); design rows [1, x, x^2]",
            ]),
            notes: Self.typeIINotes,
            testGroups: [try evidenceCurveGroup(), try macKayGroup()])
    }

    func evidenceCurveGroup() throws -> TestGroup {
        let cases = try Self.normalGammaCases.map { c -> FixtureCase in
            let m = try model(c)
            let star = try TypeIIMaximumLikelihood.normalGammaOptimalPriorRate(m)
            let iterates = try TypeIIMaximumLikelihood.normalGammaPriorRateIterates(m, iterations: 6)
            let grid: [Double] = [0.125, 0.25, 0.5, 1, 2, 4, 8, 16]
            let curve = try grid.map { b0 in
                try Self.correctlyRounded {
                    try NormalGammaModel(data: m.data.map { BigFloat($0) }, priorMean: BigFloat(m.priorMean), priorPrecisionScale: BigFloat(m.priorPrecisionScale),
                                         priorShape: BigFloat(m.priorShape), priorRate: BigFloat(b0)).logEvidence()
                }
            }
            var inputs = priorInputs(c)
            inputs["b0Grid"] = Self.inputs(grid)
            inputs["iterations"] = .integer(6)
            return FixtureCase(
                id: caseID("type-ii", "normal-gamma-evidence-curve", c.name),
                comment: "iterates start from the input b0; the grid replaces b0" + (c.regime.map { "; " + $0 } ?? ""),
                flags: ["evidence-gamma-terms", "gamma-rate-vs-scale"] + c.regimeFlags,
                inputs: inputs,
                expected: .values(["logEvidence": .vector(curve), "optimalPriorRate": Self.real(star), "priorRateIterates": Self.reals(iterates)]),
                tolerance: c.regime != nil ? .relative(1e-12, Self.offsetReason)
                    : .relative(1e-12, "closed forms of ≤ 3N + 12 operations; the evidence is a sum of ≤ 8 terms of size ≤ 60 with |ln p| ≥ 5, and ln Γ is good to a few ulps: ≲ 1e-14 relative; the affine iteration does not amplify errors (slope < 1)"))
        }
        return TestGroup(id: "normal-gamma-evidence-curve", description: "ln p(X | b0) on a grid of prior rates (T2-1), the maximiser b0* = a0·s/N (T2-2) and six fixed-point iterates (T2-3).", cases: cases)
    }

    func macKayGroup() throws -> TestGroup {
        let problems: [(String, [Double], [Double], Double, Double)] = [
            ("quadratic-n10", [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1, 1.25], [2.5, 1.75, 1.5, 0.75, 1, 0.5, 1.25, 0.75, 1.5, 2.25], 1, 4),
            ("quadratic-n8", [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5], [0.25, 1, 1.5, 2.5, 4.25, 6, 9.5, 12], 0.5, 1),
        ]
        let iterations = 8
        let cases = try problems.map { (name, xs, ys, alpha0, beta0) -> FixtureCase in
            let (alphas, betas, logEvidence): ([FixtureValue], [FixtureValue], FixtureValue) = try BigFloat.withPrecision(320) {
                let design = try Matrix(xs.map { x in [BigFloat(1), BigFloat(x), BigFloat(x * x)] })
                let evidence = EvidenceFunction(model: try LinearGaussianModel(design: design, response: ys.map { BigFloat($0) }))
                let iterates = try TypeIIMaximumLikelihood.macKayIterates(evidence, alpha: BigFloat(alpha0), beta: BigFloat(beta0), iterations: iterations)
                // 320-bit iterates: each update is a 3×3 solve with κ < 1e4 on well-scaled data, so
                // the relative error is < 2⁻³⁰⁰; the Double is then within half an ulp plus that.
                func value(_ x: BigFloat) -> FixtureValue {
                    let d = x.doubleValue
                    return .real(RealNumber(d, accuracy: .bound(d.ulp)))
                }
                let last = iterates.last!
                let ln = try evidence.evaluate(priorPrecision: last.alpha, noisePrecision: last.beta).logEvidenceTerms.value
                return (iterates.map { value($0.alpha) }, iterates.map { value($0.beta) }, value(ln))
            }
            return FixtureCase(
                id: caseID("type-ii", "mackay", name),
                comment: "\(iterations) MacKay updates from (alpha, beta) = (\(alpha0), \(beta0)); design rows [1, x, x^2]",
                flags: ["effective-parameters"],
                inputs: ["x": Self.inputs(xs), "y": Self.inputs(ys), "alpha0": Self.input(alpha0), "beta0": Self.input(beta0), "iterations": .integer(iterations)],
                expected: .values(["alpha": .vector(alphas), "beta": .vector(betas), "logEvidenceAtLast": logEvidence]),
                tolerance: .relative(1e-10, "each update solves a 3×3 system Λ_N with κ(Λ_N) ≤ 1e4 (x² spans up to 12): relative error ≲ κ·p·u ≈ 1e-12 per step, and 8 steps of a map whose Jacobian has norm ≲ 1 accumulate ≲ 1e-11"))
        }
        return TestGroup(id: "mackay", description: "MacKay's (alpha, beta) iterates with the linear-Gaussian evidence (T2-4), and ln p(y | alpha, beta) at the last one.", cases: cases)
    }
}

extension OrderedMap where Value == String {
    func merging(_ other: OrderedMap<String>) -> OrderedMap<String> {
        var out = self
        for key in other.keys { out[key] = other[key] }
        return out
    }
}
