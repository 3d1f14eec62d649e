"""What every audit adapter shares: reading fixtures through scripts/python/latent_oracle_fixtures.py
and writing one results file per (run, fixture file) with its scope and precision.

An adapter computes cases with a library's own functions only. A run is one configuration of one
library (a driver, a method, a precision); its results files go to OUT/<library>/<run>--<family>--<variant>.json
and carry a "scope" naming exactly the groups the library computes, so cases the library has no
function for are out of scope rather than missing.
"""
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, os.path.join(ROOT, "scripts", "python"))

import latent_oracle_fixtures as lof  # noqa: E402

real_out = lof.real_out
reals_out = lof.reals_out
error_out = lof.error_out


class Refusal(Exception):
    """The library refused the input; `kind` is the fixture's error kind the refusal maps to."""

    def __init__(self, kind, message=""):
        super().__init__(message or kind)
        self.kind = kind


class Run:
    """One configuration of one library, writing one results file per fixture file it touches."""

    def __init__(self, args, library, run, implementation, precision="float64"):
        self.fixtures = args.fixtures
        self.folder = os.path.join(args.out, library)
        self.run = run
        self.implementation = implementation
        self.precision = precision

    def fixture(self, relative):
        return lof.load(os.path.join(self.fixtures, relative))

    def file(self, relative, groups, compute, cases=None):
        """Computes every case of `groups` of the fixture file with compute(case) -> outputs dict,
        mapping a Refusal to {"error": kind}, and writes the results file with that scope."""
        fixture = self.fixture(relative)
        results = {}
        for group in groups:
            for case in lof.cases(fixture, group):
                if cases is not None and not cases(case):
                    continue
                try:
                    results[case.id] = compute(case)
                except Refusal as refusal:
                    results[case.id] = error_out(refusal.kind)
        scope = {"groups": sorted(groups)}
        if cases is not None:
            scope["cases"] = sorted(results)
        document = lof.results_document(fixture, self.implementation, results)
        document["precision"] = self.precision
        document["scope"] = scope
        os.makedirs(self.folder, exist_ok=True)
        path = os.path.join(self.folder, "%s--%s--%s.json" % (self.run, fixture["family"], fixture["variant"]))
        with open(path, "w", encoding="utf-8") as f:
            json.dump(document, f, indent=1, allow_nan=False, ensure_ascii=False, sort_keys=True)
            f.write("\n")
        return path


def arguments(doc):
    import argparse
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--fixtures", default=os.path.join(ROOT, "Fixtures"))
    parser.add_argument("--out", required=True)
    return parser.parse_args()


def finite(x):
    return math.isfinite(float(x))
