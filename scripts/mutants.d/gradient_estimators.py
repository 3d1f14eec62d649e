"""Mutants of the gradient-estimators consumer (scripts/consumer/families/gradient_estimators.py):
each reproduces one bug class the fixture flags, by replacing one or more of the consumer's small
functions.

Each public function is the patch of the flag it is named for (hyphens for underscores); run.py
applies it to the consumer module when LATENT_ORACLE_MUTANT names the flag (scripts/mutants runs
every flag this way).
"""
import numpy as np


def score_sign(ge):
    clean_scores, clean_softmax = ge.scores, ge.softmax_score
    ge.scores = lambda eps, sigma: [-s for s in clean_scores(eps, sigma)]
    ge.softmax_score = lambda pi: -clean_softmax(pi)


def missing_baseline_correction(ge):
    ge.applied_baseline = lambda b: np.zeros(np.shape(b)) if np.ndim(b) else 0.0


def log_sigma_chain_rule(ge):
    # d/d ln sigma taken as d/d sigma: the factor sigma of the chain rule left out.
    def scores(eps, sigma):
        s_mu = eps / sigma
        s_sigma = (eps * eps - 1.0) / sigma
        return [s_mu, s_sigma, s_sigma * 1.0]

    ge.scores = scores
    ge.path_derivatives = lambda eps, sigma: [np.ones_like(eps), eps, eps]


def sigma_score_missing_one(ge):
    def scores(eps, sigma):
        s_mu = eps / sigma
        s_sigma = eps * eps / sigma
        return [s_mu, s_sigma, s_sigma * sigma]
    ge.scores = scores


def uncentred_variance(ge):
    # E[g²] reported as the variance.
    ge.deviation = lambda g, m: g


def non_finite_input(ge):
    ge.check_finite = lambda mu, sigma: None


def non_positive_sigma(ge):
    ge.check_sigma = lambda sigma: None


def softmax_score_missing_mean(ge):
    ge.softmax_score = lambda pi: np.eye(pi.size) - 0.0


def softmax_gradient_cancellation(ge):
    # The softmax backward pass pi * (f − pi·f): f(j) − E f cancels when pi_j is near 1.
    ge.categorical_gradient = lambda pi, f, plain: pi * (f - np.dot(pi, f))
    ge.logit_gradient = lambda pi, c, f: pi * (f - np.dot(pi, f))


def one_pass_exact_variance(ge):
    # E g² − (E g)² in one pass: over the categories, and over the Gauss–Hermite nodes of the Gaussian moments
    # (the 1-D rule and the diagonal group's tensor rule).
    def variance(pi, e):
        m = (pi[:, None] * e).sum(axis=0)
        return (pi[:, None] * e * e).sum(axis=0) - m * m
    ge.exact_variance = lambda g: ge.expect(g * g) - ge.expect(g) ** 2
    ge.tensor_variance = lambda weights, g: np.dot(weights, g * g) - np.dot(weights, g) ** 2
    ge.categorical_variance = variance
    ge.logit_variances = lambda pi, c, f, b, rho: _enumerated_logit_variances(ge, variance, pi, c, f, b, rho)


def _enumerated_logit_variances(ge, variance, pi, c, f, b, rho):
    """The variances of the logits group by enumerating the estimates (f(z) − b_j) s_j(z) over z, with the
    score s_j(z) = [z = j] c_j − [z ≠ j] pi_j (its complement exact), reduced by `variance`."""
    K = pi.size
    if b is None:
        M, _ = ge.other_moments(rho, f)
        b = c * f + pi * M
    score = np.where(np.eye(K, dtype=bool), c[None, :], -pi[None, :])
    return variance(pi, (f[:, None] - b[None, :]) * score)


def enumerated_centred_variance(ge):
    # Σ_z pi_z (ĝ_j(z) − g_j)², centred about the enumerated mean: the deviations cancel at saturation.
    ge.logit_variances = lambda pi, c, f, b, rho: _enumerated_logit_variances(
        ge, ge.categorical_variance, pi, c, f, b, rho)


def softmax_no_max_shift(ge):
    # e^eta / Σ e^eta: overflow to inf/inf, or 0/0 when every logit is very negative.
    def softmax(eta):
        w = np.exp(eta)
        return w / np.sum(w)
    ge.softmax = softmax


def log_softmax_no_max_shift(ge):
    ge.log_softmax = lambda eta: eta - np.log(np.sum(np.exp(eta)))


def log_of_softmax(ge):
    ge.log_softmax = lambda eta: np.log(ge.softmax(eta))


def log_softmax_without_log1p(ge):
    # The usual shifted form: ln of the whole sum 1 + r rather than log1p(r).
    def log_softmax(eta):
        m = np.max(eta)
        return (eta - m) - np.log(np.sum(np.exp(eta - m)))
    ge.log_softmax = log_softmax


def complement_by_subtraction(ge):
    # 1 − pi_j from the rounded pi_j (a Bernoulli's 1 − sigmoid(t)).
    ge.complements = lambda eta, pi: 1 - pi


def invalid_probabilities(ge):
    # Nothing is refused; an empty pi gives no outputs.
    clean_discrete = ge.discrete
    ge.check_probabilities = lambda pi: None
    ge.discrete = lambda inp: {} if np.asarray(inp["probabilities"]).size == 0 else clean_discrete(inp)


def sf_other_coordinates(ge):
    # Coordinate i's score-function estimate from f_i alone, dropping the other coordinates' terms.
    ge.sf_objective = lambda fx, total, i: fx[:, i]
    ge.sf_rest = lambda mean, variance: (0.0, 0.0)


def one_pass_sample_variance(ge):
    # Σ g_i² − S mean², which cancels when the mean dominates.
    def sample_variance(g):
        n = len(g)
        return (float(np.sum(g * g)) - n * float(np.mean(g)) ** 2) / (n - 1)
    ge.sample_variance = sample_variance


def score_at_rounded_sample(ge):
    # The score as the gradient of ln N(x; mu, sigma) at the rounded draw x, as autograd through
    # Normal(mu, sigma).log_prob(x) gives it: x − mu recovers sigma eps by cancellation.
    clean = ge.scores
    ge.sample_scores = lambda x, mu, eps, sigma: clean((x - mu) / sigma, sigma)


def score_function_gradient_cancellation(ge):
    # The gradient as the score-function mean E[f s]: f(mu) E[s] = 0 cancels where sigma is small.
    ge.gradient_estimates = lambda est: est["sf"]
