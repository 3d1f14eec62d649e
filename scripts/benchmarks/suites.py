"""The suites of scripts/bench: each pairs one `latent-oracle bench` kernel with a peer's public API
on the same inputs. The input recipes repeat the ones documented in the kernels'
Swift sources (Sources/OracleBenchmarks/), which say how both sides build them."""
import json
import math
import os
import random
import tempfile
import threading
import time
import warnings
from fractions import Fraction

from bench_support import SplitMix64, minimum_seconds, residue_mod_q, Q

SIZES = [11, 20, 40, 80]
DESIGNS = ["integer", "decimal", "polynomial"]
PRECISIONS = [64, 128, 256, 1024]
OPERATIONS = ["exp", "log", "expm1", "log1p", "add", "sub", "mul", "div", "sqrt"]


class Elementary:
    """BigFloat's exp, log, expm1, log1p, + − × ÷ √ at 64–1024 bits against MPFR (gmpy2, nearest)."""
    name = "elementary"

    def __init__(self, kernel, repetitions):
        import gmpy2
        self.kernel, self.repetitions, self.gmpy2 = kernel, repetitions, gmpy2
        self.peer_name = f"MPFR {gmpy2.mpfr_version().split()[-1]} (gmpy2 {gmpy2.version()})"

    @staticmethod
    def loops(operation, p):
        # ArithmeticElementaryKernel.loops, repeated.
        if operation in ("add", "sub", "mul"):
            return 2000 if p <= 256 else 500
        if operation in ("div", "sqrt"):
            return 500 if p <= 256 else 100
        return 20 if p <= 256 else 2

    def ours(self):
        report = self.kernel("arithmetic-elementary")
        return {k: v for k, v in report.items() if k.endswith("_seconds")}, report

    def operands(self, p):
        g = self.gmpy2
        a = [g.mpfr(0.37 * j - 2.9) for j in range(16)]
        b = [g.mpfr(0.1 + 0.73 * j) for j in range(16)]
        c = [g.mpfr(0.37 * j - 0.9) for j in range(16)]
        x = [g.exp(v) for v in a]
        y = [g.log(v + 1) for v in b]
        return a, b, c, x, y

    def peer(self):
        g = self.gmpy2
        seconds, answers = {}, {}
        for p in mpfr_precisions(g):
            a, b, c, x, y = self.operands(p)
            passes = {
                "exp": lambda: [g.exp(v) for v in a], "expm1": lambda: [g.expm1(v) for v in a],
                "log": lambda: [g.log(v) for v in b], "log1p": lambda: [g.log1p(v) for v in c],
                "add": lambda: [u + v for u, v in zip(x, y)], "sub": lambda: [u - v for u, v in zip(x, y)],
                "mul": lambda: [u * v for u, v in zip(x, y)], "div": lambda: [u / v for u, v in zip(x, y)],
                "sqrt": lambda: [g.sqrt(u) for u in x],
            }
            for operation in OPERATIONS:
                seconds[f"{operation}_{p}_seconds"], results = per_call_seconds(
                    passes[operation], self.loops(operation, p), self.repetitions)
                answers.update(p_bit_answers(f"{operation}_{p}", results, p))
        return seconds, answers

    def rows(self):
        return [(f"{op} at {p} bits", f"{op}_{p}_seconds", f"{op}_{p}_seconds", "≥ 1×")
                for p in PRECISIONS for op in OPERATIONS]

    def compare(self, ours, peer):
        failures, self.worst = [], {}
        for p in PRECISIONS:
            for op in OPERATIONS:
                # Within (½ + 2⁻¹²) ulp, not always correctly rounded: one ulp apart is allowed.
                worst = worst_ulps(ours, peer, f"{op}_{p}", 16)
                self.worst[f"{op}/{p}"] = worst
                if worst is None:
                    failures.append(f"{op} at {p} bits: exponents differ")
                elif worst > 1:
                    failures.append(f"{op} at {p} bits: results differ by {worst} ulps")
        return failures

    def notes(self):
        differing = {k: v for k, v in self.worst.items() if v}
        return [f"elementary: 16 operands per operation and precision; results equal to the ulp except "
                f"{differing or 'none'}. The peer's times include gmpy2's Python call overhead (≈ 50–100 ns per "
                f"call), which dominates + − × at 64–256 bits."]


class Solve:
    """Exact solve and determinant over ℚ against FLINT's fmpq_mat (python-flint)."""
    name = "solve"

    def __init__(self, kernel, repetitions):
        import flint
        self.kernel, self.repetitions, self.flint = kernel, repetitions, flint
        self.peer_name = f"FLINT fmpq_mat (python-flint {flint.__version__})"
        self.systems = {(design, n): self.system(design, n) for design in DESIGNS for n in SIZES}

    @staticmethod
    def system(design, n):
        # ArithmeticSolveScalingKernel.system, repeated.
        if design == "polynomial":
            points = 2 * n
            xs = [Fraction(k + 1, points) for k in range(points)]
            ys = [Fraction((k * k) % 7, 8) for k in range(points)]
            sums = [sum(x ** m for x in xs) for m in range(2 * n - 1)]
            a = [[sums[i + j] for j in range(n)] for i in range(n)]
            b = [sum(x ** i * y for x, y in zip(xs, ys)) for i in range(n)]
            return a, b
        generator = SplitMix64(1000 + n)
        scale = 1_000_000 if design == "decimal" else 1

        def draw():
            return Fraction(generator.next() % (1 << 21) - (1 << 20), scale)
        entries = [draw() for _ in range(n * n)]
        return [entries[i * n:(i + 1) * n] for i in range(n)], [draw() for _ in range(n)]

    def ours(self):
        report = self.kernel("arithmetic-solve-scaling")
        return {k: v for k, v in report.items() if k.endswith("_seconds")}, report

    def peer(self):
        fmpq, fmpq_mat = self.flint.fmpq, self.flint.fmpq_mat
        seconds, answers = {}, {}
        for (design, n), (a, b) in self.systems.items():
            A = fmpq_mat(n, n, [fmpq(v.numerator, v.denominator) for row in a for v in row])
            B = fmpq_mat(n, 1, [fmpq(v.numerator, v.denominator) for v in b])
            solve, x = minimum_seconds(lambda: A.solve(B), self.repetitions)
            det_time, det = minimum_seconds(lambda: A.det(), self.repetitions)
            seconds[f"{design}_{n}_solve_seconds"] = solve
            seconds[f"{design}_{n}_det_seconds"] = det_time
            checksum = sum((i + 1) * residue_mod_q(Fraction(int(x[i, 0].p), int(x[i, 0].q))) for i in range(n)) % Q
            answers[f"{design}_{n}_x_mod_q"] = checksum
            answers[f"{design}_{n}_det_mod_q"] = residue_mod_q(Fraction(int(det.p), int(det.q)))
        return seconds, answers

    def rows(self):
        return [(f"{what} {design} n = {n}", f"{design}_{n}_{what}_seconds", f"{design}_{n}_{what}_seconds",
                 "≥ 1×") for design in DESIGNS for n in SIZES for what in ("solve", "det")]

    def compare(self, ours, peer):
        return [f"{key}: ours {int(ours[key])}, FLINT {value}" for key, value in peer.items()
                if int(ours[key]) != value]


class GCD:
    """BigInt.gcd against Python's math.gcd (GMP-free CPython long arithmetic)."""
    name = "gcd"
    peer_name = "Python math.gcd"
    SIZES = (1024, 4096, 8192, 16384)

    def __init__(self, kernel, repetitions):
        self.kernel, self.repetitions = kernel, repetitions
        generator = SplitMix64(7)

        def random_limbs(count):
            words = [generator.next() for _ in range(count)]
            words[-1] |= 1 << 63
            return sum(w << (64 * i) for i, w in enumerate(words))
        self.operands = {}
        # ArithmeticGCDKernel's operands, drawn in its order.
        for size in self.SIZES:
            g = random_limbs(size // 512)
            a = random_limbs(size // 64 - size // 512)
            b = random_limbs(size // 64 - size // 512)
            self.operands[size] = (g * a, g * b)

    def ours(self):
        report = self.kernel("bigint-gcd")
        return {k: v for k, v in report.items() if k.endswith("_seconds")}, report

    def peer(self):
        seconds, answers = {}, {}
        for size, (x, y) in self.operands.items():
            batch = max(1, 2_000_000 // (size * size // 4096))
            best, result = minimum_seconds(lambda: [math.gcd(x, y) for _ in range(batch)][-1], self.repetitions)
            seconds[f"gcd_{size}_seconds"] = best / batch
            answers[f"gcd_{size}_bits"] = result.bit_length()
        return seconds, answers

    def rows(self):
        return [(f"gcd, {size} bits", f"gcd_{size}_seconds", f"gcd_{size}_seconds", "(reference)")
                for size in self.SIZES]

    def compare(self, ours, peer):
        return [f"{key}: ours {int(ours[key])}, Python {value}" for key, value in peer.items()
                if int(ours[key]) != value]


class GMM:
    """Double EM iterations (N = 100 000, K = 5, full covariances) against scikit-learn's public fit."""
    name = "gmm"
    N, K, ITERATIONS = 100_000, 5, 5

    def __init__(self, kernel, repetitions):
        import sklearn
        self.kernel, self.repetitions = kernel, repetitions
        self.peer_name = f"scikit-learn {sklearn.__version__} GaussianMixture.fit"
        self.data = {d: self.recipe(d) for d in (2, 10)}

    def recipe(self, d):
        """GMMBenchmark's data, exactly."""
        import numpy as np
        n = np.arange(self.N, dtype=np.int64)[:, None]
        j = np.arange(d, dtype=np.int64)[None, :]
        c = n % self.K
        noise = ((n * 2654435761 + j * 40503) % 65536).astype(np.float64) / 65536 - 0.5
        return ((7 * c + 3 * j) % 11).astype(np.float64) - 5 + 2 * noise

    def ours(self):
        report = self.kernel("gmm-em")
        return {f"d{d}_seconds": 1 / report[f"d{d}_iterations_per_second"] for d in (2, 10)}, report

    def fit(self, X, iterations):
        import numpy as np
        from sklearn.mixture import GaussianMixture
        d = X.shape[1]
        model = GaussianMixture(n_components=self.K, covariance_type="full", reg_covar=0.0, tol=0.0,
                                max_iter=iterations, init_params="random_from_data",
                                weights_init=np.full(self.K, 1 / self.K), means_init=X[:self.K].copy(),
                                precisions_init=np.array([np.eye(d)] * self.K))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(X)
        return model

    def peer(self):
        seconds, answers = {}, {}
        for d, X in self.data.items():
            # fit runs set-up, max_iter iterations and a final E-step; the difference between
            # max_iter = 1 + ITERATIONS and max_iter = 1 is ITERATIONS iterations alone.
            short, _ = minimum_seconds(lambda: self.fit(X, 1), self.repetitions)
            long, model = minimum_seconds(lambda: self.fit(X, 1 + self.ITERATIONS), self.repetitions)
            seconds[f"d{d}_seconds"] = max(long - short, 1e-9) / self.ITERATIONS
            # lower_bound_ after max_iter = m is the mean log-likelihood at λ^(m−1).
            answers[f"d{d}_loglik_{self.ITERATIONS}"] = model.lower_bound_ * self.N
        return seconds, answers

    def rows(self):
        return [(f"EM iteration, d = {d}", f"d{d}_seconds", f"d{d}_seconds", "(reference)") for d in (2, 10)]

    def compare(self, ours, peer):
        failures = []
        for key, value in peer.items():
            if abs(ours[key] - value) > 1e-9 * abs(value):
                failures.append(f"{key}: ours {ours[key]!r}, scikit-learn {value!r}")
        return failures


class LinearGaussian:
    """A degree-10 polynomial fit to 82 points: exact over ℚ, and Cholesky/QR in float64."""
    name = "linear-gaussian"
    peer_name = "Python fractions / NumPy lstsq"
    DEGREE = 10

    def __init__(self, kernel, repetitions):
        self.kernel, self.repetitions = kernel, repetitions
        rng = random.Random(20261124)
        self.pairs = []
        for i in range(82):
            x = -8.8 + 5.7 * i / 81 + 0.01 * rng.random()
            y = 0.85 + 0.05 * math.sin(x) + 0.001 * rng.random()
            self.pairs.append(("%.14e" % x, "%.14e" % y))

    def ours(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("".join("%s %s\n" % p for p in self.pairs))
            path = f.name
        try:
            report = self.kernel("linear-gaussian", "--data", path, "--degree", str(self.DEGREE),
                                 "--repeat", str(self.repetitions))
        finally:
            os.unlink(path)
        return {k[:-3] + "_seconds": v / 1e3 for k, v in report.items() if k.endswith("_ms")}, report

    def peer(self):
        import numpy as np
        xs = [Fraction(x) for x, _ in self.pairs]
        ys = [Fraction(y) for _, y in self.pairs]
        exact_time, theta = minimum_seconds(lambda: fractions_solve(xs, ys, self.DEGREE), self.repetitions)
        xd = np.array([float(x) for x, _ in self.pairs])
        yd = np.array([float(y) for _, y in self.pairs])
        vander = np.vander(xd, self.DEGREE + 1, increasing=True)
        lstsq_time, _ = minimum_seconds(lambda: np.linalg.lstsq(vander, yd, rcond=None)[0], self.repetitions)
        return {"exact_seconds": exact_time, "lstsq_seconds": lstsq_time}, {"theta_exact": theta}

    def rows(self):
        return [("exact θ̂ over ℚ vs fractions", "exact_seconds", "exact_seconds", "(reference)"),
                ("Cholesky θ̂ (float64) vs lstsq", "cholesky_seconds", "lstsq_seconds", "(reference)"),
                ("Householder QR θ̂ (float64) vs lstsq", "qr_seconds", "lstsq_seconds", "(reference)")]

    def compare(self, ours, peer):
        ours_theta = [Fraction(t) for t in ours["theta_exact"]]
        return [] if ours_theta == peer["theta_exact"] else ["the exact solutions differ"]


class Certified:
    """The cost of a certified value: against our own float64 run of the same generic code, and
    against an mpmath implementation of the same computation at the same precision."""
    name = "certified"
    EM_POINTS, EM_MPMATH_POINTS, EM_DIMENSION, EM_K, EM_ITERATIONS = 10_000, 200, 10, 5, 10
    KL_DIMENSION = 100
    EM_REGULARIZER = 2.0 ** -20
    PPCA_POINTS, PPCA_DIMENSION, PPCA_Q = 200, 50, 5
    EVIDENCE_OBSERVATIONS, EVIDENCE_PARAMETERS, EVIDENCE_ALPHA, EVIDENCE_BETA = 400, 10, 0.5, 4.0

    def __init__(self, kernel, repetitions):
        import mpmath
        self.kernel, self.repetitions, self.mpmath = kernel, repetitions, mpmath
        self.peer_name = f"mpmath {mpmath.__version__} ({mpmath.libmp.BACKEND})"

    def ours(self):
        em = self.kernel("certified-cost", "--computation", "em", "--points", str(self.EM_POINTS),
                         "--repetitions", "1")
        small = self.kernel("certified-cost", "--computation", "em", "--points", str(self.EM_MPMATH_POINTS),
                            "--repetitions", str(self.repetitions))
        kl = self.kernel("certified-cost", "--computation", "kl", "--dimension", str(self.KL_DIMENSION),
                         "--repetitions", str(self.repetitions))
        # Like the large EM trace, the PPCA fit (two Jacobi runs at 200 and 256 bits) takes seconds: one
        # repetition per round.
        ppca = self.kernel("certified-cost", "--computation", "ppca", "--points", str(self.PPCA_POINTS),
                           "--dimension", str(self.PPCA_DIMENSION), "--repetitions", "1")
        evidence = self.kernel("certified-cost", "--computation", "evidence", "--points",
                               str(self.EVIDENCE_OBSERVATIONS), "--repetitions", str(self.repetitions))
        seconds = {"em_certified": em["em_certified_seconds"], "em_float64": em["em_float64_seconds"],
                   "em_small_192": small["em_192_seconds"], "kl_certified": kl["kl_certified_seconds"],
                   "kl_float64": kl["kl_float64_seconds"], "ppca_certified": ppca["ppca_certified_seconds"],
                   "ppca_float64": ppca["ppca_float64_seconds"],
                   "evidence_certified": evidence["evidence_certified_seconds"],
                   "evidence_float64": evidence["evidence_float64_seconds"]}
        return seconds, {"em_small": small["em_certified_value"], "kl": kl["kl_certified_value"],
                         "ppca": (ppca["ppca_certified_value"], ppca["ppca_noise_variance"],
                                  ppca["ppca_top_eigenvalue"]),
                         "evidence": evidence["evidence_certified_value"]}

    def em_data(self, points):
        # CertifiedCostKernel.em's recipe (GMMBenchmark's), repeated.
        return [[float((7 * (n % self.EM_K) + 3 * j) % 11) - 5
                 + 2 * (((n * 2654435761 + j * 40503) % 65536) / 65536 - 0.5)
                 for j in range(self.EM_DIMENSION)] for n in range(points)]

    def mpmath_em(self, data):
        mp = self.mpmath
        mp.mp.prec = 192
        X = [[mp.mpf(v) for v in row] for row in data]
        N, d, K = len(X), len(X[0]), self.EM_K
        w = [mp.mpf(0.2)] * K
        mu = [row[:] for row in X[:K]]
        cov = [[[mp.mpf(int(i == j)) for j in range(d)] for i in range(d)] for _ in range(K)]
        half_log_2pi = mp.log(2 * mp.pi) / 2
        for iteration in range(self.EM_ITERATIONS + 1):
            chol = [mp.cholesky(mp.matrix(c)) for c in cov]
            consts = [mp.log(w[k]) - d * half_log_2pi - sum(mp.log(chol[k][i, i]) for i in range(d))
                      for k in range(K)]
            loglik, resp = mp.mpf(0), []
            for x in X:
                joint = []
                for k in range(K):
                    z = []
                    for i in range(d):   # forward substitution L z = x − μ
                        s = x[i] - mu[k][i] - mp.fsum(chol[k][i, j] * z[j] for j in range(i))
                        z.append(s / chol[k][i, i])
                    joint.append(consts[k] - mp.fsum(v * v for v in z) / 2)
                top = max(joint)
                lse = top + mp.log(mp.fsum(mp.exp(v - top) for v in joint))
                loglik += lse
                resp.append([mp.exp(v - lse) for v in joint])
            if iteration == self.EM_ITERATIONS:
                return float(loglik)
            for k in range(K):
                nk = mp.fsum(r[k] for r in resp)
                w[k] = nk / N
                mu[k] = [mp.fsum(r[k] * x[i] for r, x in zip(resp, X)) / nk for i in range(d)]
                # + εI with ε = 2⁻²⁰, CertifiedCostKernel.emRegularizer.
                cov[k] = [[mp.fsum(r[k] * (x[i] - mu[k][i]) * (x[j] - mu[k][j]) for r, x in zip(resp, X)) / nk
                           + (self.EM_REGULARIZER if i == j else 0) for j in range(d)] for i in range(d)]

    def kl_inputs(self):
        # CertifiedCostKernel.kl's recipe, repeated (SplitMix64 seed 5: Σ1, Σ2, then μ1, μ2).
        d, generator = self.KL_DIMENSION, SplitMix64(5)

        def covariance():
            b = [[((generator.next() % 7) - 3) / 4 for _ in range(4)] for _ in range(d)]
            return [[sum(b[i][t] * b[j][t] for t in range(4)) + (0.25 if i == j else 0) for j in range(d)]
                    for i in range(d)]

        def mean():
            return [((generator.next() % 17) - 8) / 8 for _ in range(d)]
        s1, s2 = covariance(), covariance()
        return mean(), s1, mean(), s2

    def mpmath_kl(self, m1, s1, m2, s2):
        mp = self.mpmath
        mp.mp.prec = 128
        d = len(m1)
        l1, l2 = mp.cholesky(mp.matrix(s1)), mp.cholesky(mp.matrix(s2))
        # tr(Σ2⁻¹Σ1) = ‖L2⁻¹L1‖²_F and the Mahalanobis term ‖L2⁻¹(μ2 − μ1)‖²,
        # by forward substitution.
        def solve(column):
            z = []
            for i in range(d):
                z.append((column[i] - mp.fsum(l2[i, j] * z[j] for j in range(i))) / l2[i, i])
            return z
        trace = mp.fsum(v * v for c in range(d) for v in solve([l1[i, c] for i in range(d)]))
        maha = mp.fsum(v * v for v in solve([mp.mpf(b) - mp.mpf(a) for a, b in zip(m1, m2)]))
        logdet = 2 * mp.fsum(mp.log(l2[i, i]) - mp.log(l1[i, i]) for i in range(d))
        return float((trace + maha - d + logdet) / 2)

    def ppca_data(self):
        # CertifiedCostKernel.ppca's recipe, repeated (SplitMix64 seed 7: W, then z and e per point).
        d, q, generator = self.PPCA_DIMENSION, self.PPCA_Q, SplitMix64(7)

        def draw(size, scale):
            return ((generator.next() % size) - size // 2) * scale
        w = [[draw(7, 0.25) for _ in range(q)] for _ in range(d)]
        data = []
        for _ in range(self.PPCA_POINTS):
            z = [draw(7, 0.25) for _ in range(q)]
            e = [draw(17, 0.0625) for _ in range(d)]
            row = []
            for j in range(d):
                x = e[j]
                for t in range(q):
                    x += w[j][t] * z[t]
                row.append(x)
            data.append(row)
        return data

    def mpmath_ppca(self, data, prec):
        # PPCAClosedForm (FM-5, FM-6) at `prec` bits: the 1/N moments, eigsy, σ² the mean of the
        # d − q smallest eigenvalues, WWᵀ, U_qU_qᵀ and ln L, the evaluator's outputs.
        mp = self.mpmath
        mp.mp.prec = prec
        N, d, q = len(data), len(data[0]), self.PPCA_Q
        X = [[mp.mpf(v) for v in row] for row in data]
        mean = [mp.fsum(x[j] for x in X) / N for j in range(d)]
        C = [[xj - mj for xj, mj in zip(x, mean)] for x in X]
        S = mp.matrix(d, d)
        for i in range(d):
            for j in range(i, d):
                S[i, j] = S[j, i] = mp.fsum(c[i] * c[j] for c in C) / N
        E, Q = mp.eigsy(S)
        order = sorted(range(d), key=lambda k: E[k], reverse=True)
        lam = [E[k] for k in order]
        sigma2 = mp.fsum(lam[q:]) / (d - q)
        U = [[Q[i, order[j]] for j in range(q)] for i in range(d)]
        _ = [[mp.fsum(U[i][j] * (lam[j] - sigma2) * U[k][j] for j in range(q)) for k in range(d)] for i in range(d)]
        _ = [[mp.fsum(U[i][j] * U[k][j] for j in range(q)) for k in range(d)] for i in range(d)]
        logs = mp.fsum(mp.log(v) for v in lam[:q]) + (d - q) * mp.log(sigma2)
        loglik = -mp.mpf(N) / 2 * (d * mp.log(2 * mp.pi) + logs + d)
        return float(loglik), float(sigma2), float(lam[0])

    def evidence_inputs(self):
        # CertifiedCostKernel.evidence's recipe, repeated (SplitMix64 seed 11: A row by row, then y).
        n, p, generator = self.EVIDENCE_OBSERVATIONS, self.EVIDENCE_PARAMETERS, SplitMix64(11)
        design = [[((generator.next() % 17) - 8) / 8 for _ in range(p)] for _ in range(n)]
        return design, [((generator.next() % 17) - 8) / 8 for _ in range(n)]

    def mpmath_evidence(self, design, y):
        # EvidenceFunction (LG-12) at 128 bits: Λ_N = αI + βAᵀA, μ_N = βΛ_N⁻¹Aᵀy by Cholesky, Σ_N
        # (as our route forms it), and ln p(y | α, β) = (p/2) ln α + (n/2) ln β − (β/2)‖y − Aμ_N‖²
        # − (α/2)‖μ_N‖² − ½ ln|Λ_N| − (n/2) ln 2π.
        mp = self.mpmath
        mp.mp.prec = 128
        n, p = len(design), len(design[0])
        alpha, beta = mp.mpf(self.EVIDENCE_ALPHA), mp.mpf(self.EVIDENCE_BETA)
        A = [[mp.mpf(v) for v in row] for row in design]
        Y = [mp.mpf(v) for v in y]
        lam = mp.matrix(p, p)
        for i in range(p):
            for j in range(i, p):
                lam[i, j] = lam[j, i] = beta * mp.fsum(a[i] * a[j] for a in A) + (alpha if i == j else 0)
        h = mp.matrix([beta * mp.fsum(a[i] * v for a, v in zip(A, Y)) for i in range(p)])
        L = mp.cholesky(lam)
        mu = mp.cholesky_solve(lam, h)
        _ = mp.inverse(lam)
        residual = mp.fsum((v - mp.fsum(a[i] * mu[i] for i in range(p))) ** 2 for a, v in zip(A, Y))
        logdet = 2 * mp.fsum(mp.log(L[i, i]) for i in range(p))
        value = (p * mp.log(alpha) + n * mp.log(beta) - beta * residual - alpha * mp.fsum(m * m for m in mu)
                 - logdet - n * mp.log(2 * mp.pi)) / 2
        return float(value)

    def peer(self):
        data = self.em_data(self.EM_MPMATH_POINTS)
        em_time, em = minimum_seconds(lambda: self.mpmath_em(data), 1)
        inputs = self.kl_inputs()
        kl_time, kl = minimum_seconds(lambda: self.mpmath_kl(*inputs), 1)
        ppca_data = self.ppca_data()
        # Our route runs at 200 and 256 bits and compares the roundings; so does this side.
        ppca_time, ppca = minimum_seconds(
            lambda: (self.mpmath_ppca(ppca_data, 200), self.mpmath_ppca(ppca_data, 256))[1], 1)
        evidence_inputs = self.evidence_inputs()
        evidence_time, evidence = minimum_seconds(lambda: self.mpmath_evidence(*evidence_inputs), 1)
        return ({"em_small_192": em_time, "kl": kl_time, "ppca": ppca_time, "evidence": evidence_time},
                {"em_small": em, "kl": kl, "ppca": ppca, "evidence": evidence})

    def rows(self):
        ours = "LatentOracle float64 (same generic code)"
        return [(f"EM trace N = {self.EM_POINTS}, d = {self.EM_DIMENSION}, K = {self.EM_K}, 10 iterations, "
                 f"certified (128 + 192 bits)", "ours:em_float64", "ours:em_certified", "≤ 30× float64", ours),
                (f"Gaussian KL, d = {self.KL_DIMENSION}, certified (exact ℚ + Ziv)", "ours:kl_float64",
                 "ours:kl_certified", "≤ 30× float64", ours),
                (f"PPCA closed form, N = {self.PPCA_POINTS}, d = {self.PPCA_DIMENSION}, q = {self.PPCA_Q}, "
                 "certified (Jacobi at 200 + 256 bits)", "ours:ppca_float64", "ours:ppca_certified",
                 "≤ 30× float64", ours),
                (f"linear-Gaussian log evidence, n = {self.EVIDENCE_OBSERVATIONS}, p = {self.EVIDENCE_PARAMETERS}, "
                 "certified (exact ℚ + Ziv)", "ours:evidence_float64", "ours:evidence_certified", "≤ 30× float64",
                 ours),
                (f"EM trace N = {self.EM_MPMATH_POINTS}, 192 bits", "em_small_192", "em_small_192", "≥ 100× mpmath"),
                (f"Gaussian KL, d = {self.KL_DIMENSION}: certified vs mpmath at 128 bits", "kl_certified", "kl",
                 "≥ 100× mpmath"),
                (f"PPCA closed form, d = {self.PPCA_DIMENSION}: certified vs mpmath eigsy at 200 + 256 bits",
                 "ppca_certified", "ppca", "≥ 100× mpmath"),
                (f"linear-Gaussian log evidence, n = {self.EVIDENCE_OBSERVATIONS}: certified vs mpmath at 128 bits",
                 "evidence_certified", "evidence", "≥ 100× mpmath")]

    def compare(self, ours, peer):
        failures = []
        for key in ("em_small", "kl"):
            if abs(ours[key] - peer[key]) > 1e-12 * abs(peer[key]):
                failures.append(f"{key}: ours {ours[key]!r}, mpmath {peer[key]!r}")
        # The PPCA goldens are correctly rounded (or carry a 1-ulp bound when the 200- and 256-bit
        # roundings differ), the evidence is correctly rounded: each within 1 ulp of mpmath's.
        for key, ours_values, peer_values in (("ppca", ours["ppca"], peer["ppca"]),
                                              ("evidence", [ours["evidence"]], [peer["evidence"]])):
            for a, b in zip(ours_values, peer_values):
                if abs(a - b) > math.ulp(b):
                    failures.append(f"{key}: ours {a!r}, mpmath {b!r} (more than 1 ulp apart)")
        return failures


class Serve:
    """`latent-oracle serve` per request and in a stream, against mpmath computing the same value
    at the precision of our certified route, for the two small requests a property-based test
    sends: a 3-D Gaussian KL and one EM step on 20 points (d = 2, K = 2)."""
    name = "serve"
    REQUESTS = 200

    def __init__(self, kernel, repetitions):
        import mpmath
        self.binary, self.repetitions, self.mpmath = kernel.binary, repetitions, mpmath
        self.peer_name = f"mpmath {mpmath.__version__} ({mpmath.libmp.BACKEND})"
        # Exactly representable inputs (multiples of 1/8), so both sides start from the same reals.
        self.kl = ([0.5, -1.0, 0.25], [[2.0, 0.5, 0.0], [0.5, 1.0, 0.25], [0.0, 0.25, 1.5]],
                   [0.0, 0.125, -0.5], [[1.0, 0.25, 0.125], [0.25, 2.0, 0.0], [0.125, 0.0, 0.75]])
        self.points = [[((7 * n) % 13) / 8 - 0.75 + (2.0 if n % 2 else -2.0), ((5 * n) % 11) / 8 - 0.5]
                       for n in range(20)]

    @staticmethod
    def real(x):
        return {"double": repr(float(x)), "hex": float(x).hex(), "accuracy": "exact"}

    def array(self, values, shape):
        flat = values
        while flat and isinstance(flat[0], list):
            flat = [v for row in flat for v in row]
        return {"shape": shape, "data": [self.real(v) for v in flat]}

    def requests(self):
        m1, s1, m2, s2 = self.kl
        kl = {"group": "divergences/gaussian-kl/full", "inputs": {
            "mean1": self.array(m1, [3]), "covariance1": self.array(s1, [3, 3]),
            "mean2": self.array(m2, [3]), "covariance2": self.array(s2, [3, 3])}}
        em = {"group": "mixtures/em-traces/synthetic", "inputs": {
            "data": self.array(self.points, [20, 2]), "weights": self.array([0.5, 0.5], [2]),
            "means": self.array([self.points[0], self.points[1]], [2, 2]),
            "covariances": self.array([[[1.0, 0.0], [0.0, 1.0]]] * 2, [2, 2, 2]),
            "covarianceType": "full", "covarianceRegulariser": self.real(0.0), "iterations": 1}}
        return {"kl": json.dumps(kl), "em": json.dumps(em)}

    def ours(self):
        import subprocess
        lines = self.requests()
        seconds, answers = {}, {}
        for key, line in lines.items():
            service = subprocess.Popen([self.binary, "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       text=True, bufsize=1)
            def one():
                service.stdin.write(line + "\n")
                service.stdin.flush()
                return json.loads(service.stdout.readline())
            one()   # the first request pays for the process start; it is not a latency
            seconds[f"{key}_latency"], response = minimum_seconds(one, self.repetitions * 4)
            start = time.perf_counter()
            # The requests are written from a second thread while this one reads the answers: a
            # writer that sends all 200 before reading would fill both pipes and wait forever.
            def send():
                service.stdin.write((line + "\n") * self.REQUESTS)
                service.stdin.close()
            writer = threading.Thread(target=send)
            writer.start()
            count = sum(1 for _ in service.stdout)
            writer.join()
            seconds[f"{key}_stream"] = (time.perf_counter() - start) / self.REQUESTS
            service.wait()
            if count != self.REQUESTS or "expected" not in response:
                raise SystemExit(f"bench: serve answered {count} of {self.REQUESTS} {key} requests: {response}")
            expected = response["expected"]
            value = expected["kl"] if key == "kl" else expected["logLikelihood"]["data"][1]
            answers[key] = float(value["double"])
        return seconds, answers

    def mpmath_kl(self):
        mp = self.mpmath
        mp.mp.prec = 128
        m1, s1, m2, s2 = self.kl
        a, b = mp.matrix(s1), mp.matrix(s2)
        difference = mp.matrix([y - x for x, y in zip(m1, m2)])
        inverse = mp.inverse(b)
        trace = sum((inverse * a)[i, i] for i in range(3))
        quadratic = (difference.T * inverse * difference)[0, 0]
        return float((trace - 3 + quadratic + mp.log(mp.det(b) / mp.det(a))) / 2)

    def mpmath_em_step(self):
        # One E-step, one M-step, then the log-likelihood at λ¹, at 192 bits (full covariances).
        mp = self.mpmath
        mp.mp.prec = 192
        X = [mp.matrix(p) for p in self.points]
        w, mu, cov = [mp.mpf(0.5)] * 2, [X[0], X[1]], [mp.eye(2), mp.eye(2)]

        def log_joints(x):
            return [mp.log(w[k]) - mp.log(2 * mp.pi) - mp.log(mp.det(cov[k])) / 2
                    - ((x - mu[k]).T * mp.inverse(cov[k]) * (x - mu[k]))[0, 0] / 2 for k in range(2)]
        resp = []
        for x in X:
            joint = log_joints(x)
            top = max(joint)
            lse = top + mp.log(sum(mp.exp(v - top) for v in joint))
            resp.append([mp.exp(v - lse) for v in joint])
        for k in range(2):
            nk = mp.fsum(r[k] for r in resp)
            w[k] = nk / len(X)
            mu[k] = sum((r[k] * x for r, x in zip(resp, X)), mp.matrix(2, 1)) / nk
            cov[k] = sum((r[k] * (x - mu[k]) * (x - mu[k]).T for r, x in zip(resp, X)), mp.matrix(2, 2)) / nk
        total = mp.mpf(0)
        for x in X:
            joint = log_joints(x)
            top = max(joint)
            total += top + mp.log(sum(mp.exp(v - top) for v in joint))
        return float(total)

    def peer(self):
        kl_time, kl = minimum_seconds(self.mpmath_kl, self.repetitions * 4)
        em_time, em = minimum_seconds(self.mpmath_em_step, self.repetitions)
        return {"kl": kl_time, "em": em_time}, {"kl": kl, "em": em}

    def rows(self):
        return [("3-D Gaussian KL, one request, round trip (128 bits in mpmath)", "kl_latency", "kl", "≥ 100×"),
                (f"3-D Gaussian KL, stream of {self.REQUESTS}, per request", "kl_stream", "kl", "≥ 100×"),
                ("EM step, N = 20, d = 2, K = 2, one request (192 bits in mpmath)", "em_latency", "em", "≥ 100×"),
                (f"EM step, stream of {self.REQUESTS}, per request", "em_stream", "em", "≥ 100×")]

    def compare(self, ours, peer):
        return [f"{key}: serve {ours[key]!r}, mpmath {peer[key]!r}" for key in ("kl", "em")
                if abs(ours[key] - peer[key]) > 1e-13 * abs(peer[key])]


def mpfr_precisions(gmpy2):
    """Each of PRECISIONS in turn, with gmpy2's context set to that precision and rounding to nearest."""
    for p in PRECISIONS:
        context = gmpy2.get_context()
        context.precision, context.round = p, gmpy2.RoundToNearest
        yield p


def per_call_seconds(one_pass, loops, repetitions, count=16):
    """The time per call of `one_pass` (a pass over `count` operands), the minimum over `repetitions` runs of
    `loops` passes, and the last pass's results."""
    def timed():
        for _ in range(loops):
            result = one_pass()
        return result
    best, results = minimum_seconds(timed, repetitions)
    return best / (count * loops), results


def p_bit_answers(prefix, results, p):
    """The exponent and low 40 bits of each result's p-bit mantissa, keyed `prefix_j_…` (the kernels' form)."""
    answers = {}
    for j, v in enumerate(results):
        mantissa, exponent = v.as_mantissa_exp()
        mantissa, exponent = int(mantissa), int(exponent)
        shift = p - abs(mantissa).bit_length()
        mantissa, exponent = (mantissa << shift, exponent - shift) if shift >= 0 else \
            (mantissa >> -shift, exponent - shift)
        answers[f"{prefix}_{j}_exponent"] = exponent
        answers[f"{prefix}_{j}_low_bits"] = abs(mantissa) & ((1 << 40) - 1)
    return answers


def worst_ulps(ours, peer, prefix, count):
    """The largest ulp distance between the two sides' `count` results under `prefix` (None: an exponent differs)."""
    worst = 0
    for j in range(count):
        key = f"{prefix}_{j}"
        if ours[key + "_exponent"] != peer[key + "_exponent"]:
            return None
        d = abs(int(ours[key + "_low_bits"]) - peer[key + "_low_bits"])
        worst = max(worst, min(d, 2 ** 40 - d))
    return worst


class Gamma:
    """BigFloat's ln Γ and ψ (correctly rounded) at 64–1024 bits against MPFR's mpfr_lngamma and
    mpfr_digamma (gmpy2 lgamma, digamma; nearest), on ArithmeticGammaKernel's 16 arguments."""
    name = "gamma"
    FUNCTIONS = ["lgamma", "digamma"]

    def __init__(self, kernel, repetitions):
        import gmpy2
        self.kernel, self.repetitions, self.gmpy2 = kernel, repetitions, gmpy2
        self.peer_name = f"MPFR {gmpy2.mpfr_version().split()[-1]} (gmpy2 {gmpy2.version()})"

    def ours(self):
        report = self.kernel("arithmetic-gamma")
        return {k: v for k, v in report.items() if k.endswith("_seconds")}, report

    def peer(self):
        g = self.gmpy2
        seconds, answers = {}, {}
        for p in mpfr_precisions(g):
            x = [g.mpfr(0.37 * j + 0.05) for j in range(16)]
            loops = 4 if p <= 256 else 1
            passes = {"lgamma": lambda: [g.lgamma(v)[0] for v in x], "digamma": lambda: [g.digamma(v) for v in x]}
            for function in self.FUNCTIONS:
                seconds[f"{function}_{p}_seconds"], results = per_call_seconds(
                    passes[function], loops, self.repetitions)
                answers.update(p_bit_answers(f"{function}_{p}", results, p))
        return seconds, answers

    def rows(self):
        return [(f"{f} at {p} bits", f"{f}_{p}_seconds", f"{f}_{p}_seconds", "≥ 1×")
                for p in PRECISIONS for f in self.FUNCTIONS]

    def compare(self, ours, peer):
        failures, self.worst = [], {}
        for p in PRECISIONS:
            for f in self.FUNCTIONS:
                worst = worst_ulps(ours, peer, f"{f}_{p}", 16)
                self.worst[f"{f}/{p}"] = worst
                if worst is None or worst > 0:
                    failures.append(f"{f} at {p} bits: results differ ({'exponent' if worst is None else worst} ulps)")
        return failures

    def notes(self):
        return ["gamma: 16 arguments 0.05 … 5.6 per function and precision; both sides correctly rounded, so the "
                "results must be equal bit for bit (they are, or the harness exits 1)."]


def fractions_solve(xs, ys, degree):
    """Normal equations over Fraction, Gaussian elimination with back substitution."""
    p = degree + 1
    rows = [[x ** k for k in range(p)] for x in xs]
    g = [[sum(r[i] * r[j] for r in rows) for j in range(p)] for i in range(p)]
    b = [sum(r[i] * y for r, y in zip(rows, ys)) for i in range(p)]
    m = [g[i] + [b[i]] for i in range(p)]
    for c in range(p):
        pivot = next(r for r in range(c, p) if m[r][c] != 0)
        m[c], m[pivot] = m[pivot], m[c]
        for r in range(c + 1, p):
            f = m[r][c] / m[c][c]
            if f:
                m[r] = [a - f * q for a, q in zip(m[r], m[c])]
    theta = [Fraction(0)] * p
    for i in reversed(range(p)):
        theta[i] = (m[i][p] - sum(m[i][j] * theta[j] for j in range(i + 1, p))) / m[i][i]
    return theta


def make(name, kernel, repetitions):
    return {"elementary": Elementary, "gamma": Gamma, "solve": Solve, "gcd": GCD, "gmm": GMM,
            "linear-gaussian": LinearGaussian, "certified": Certified,
            "serve": Serve}[name](kernel, repetitions)
