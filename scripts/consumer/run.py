#!/usr/bin/env python3
"""The NumPy reference consumer of LatentOracle's fixtures.

For every fixture file under --fixtures it computes each case from the case's inputs alone, with
its own code (scripts/consumer/families/<family>.py), and writes one results file per fixture
file into --out, named <family>--<variant>.json. Check them with
    latent-oracle verify --results OUT/<family>--<variant>.json

LATENT_ORACLE_MUTANT=<flag> makes the consumer reproduce that bug class (see scripts/mutants).
Usage: run.py --fixtures Fixtures --out DIR [--family F]
"""
import argparse
import importlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fixture_io import ConsumerError, inputs, lof, mutant, write_results  # noqa: E402

VERSION = "0.1.0"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", default="Fixtures")
    parser.add_argument("--out", required=True)
    parser.add_argument("--family")
    args = parser.parse_args()
    with open(os.path.join(args.fixtures, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    os.makedirs(args.out, exist_ok=True)
    implementation = "numpy-consumer %s (numpy %s)" % (VERSION, __import__("numpy").__version__)
    if mutant():
        implementation += " mutant " + mutant()
    written = 0
    for entry in manifest["files"]:
        if args.family and entry["family"] != args.family:
            continue
        fixture = lof.load(os.path.join(args.fixtures, entry["path"]))
        module = importlib.import_module("families." + fixture["family"].replace("-", "_"))
        results = {}
        for case in lof.cases(fixture):
            try:
                results[case.id] = module.compute(case.group, inputs(case.raw))
            except ConsumerError as refusal:
                results[case.id] = lof.error_out(refusal.kind)
        out = os.path.join(args.out, "%s--%s.json" % (fixture["family"], fixture["variant"]))
        write_results(out, fixture, implementation, results)
        written += 1
        print("consumer: %s (%d cases) -> %s" % (entry["path"], len(results), out), file=sys.stderr)
    if written == 0:
        print("consumer: no fixture files matched", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
