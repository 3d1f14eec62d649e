#!/usr/bin/env python3
"""The NumPy reference consumer of LatentOracle's fixtures.

For every fixture file under --fixtures it computes each case from the case's inputs alone, with
its own code (scripts/consumer/families/<family>.py), and writes one results file per fixture
file into --out, named <family>--<variant>.json. Check them with
    latent-oracle verify --results OUT/<family>--<variant>.json

--precision float32 computes in float32 throughout (inputs rounded to float32, float32 NumPy and
SciPy routines, float32 sums) for the families whose module sets FLOAT32 = True, skips the others
and the fixture files whose every case is float64-only, and writes "precision": "float32" in each
results file, so verify judges it by toleranceFloat32.

LATENT_ORACLE_MUTANT=<flag> makes the consumer reproduce that bug class: the family modules hold
no mutants; for each family it computes, run.py then loads scripts/mutants.d/<family>.py and, when
that module has a patch for the flag (a public function named like it, see mutant_registry), applies
it (it overrides functions of the family module) before computing (see scripts/mutants).
Usage: run.py --fixtures Fixtures --out DIR [--family F] [--precision float64|float32]
"""
import argparse
import importlib
import importlib.util
import inspect
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fixture_io import ConsumerError, inputs, lof, write_results  # noqa: E402

VERSION = "0.1.0"
MUTANTS_D = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "mutants.d")


def mutant():
    """The bug class this run reproduces (LATENT_ORACLE_MUTANT), or None for the correct consumer."""
    return os.environ.get("LATENT_ORACLE_MUTANT") or None


def mutant_registry(family):
    """The patches (flag -> function) of scripts/mutants.d/<family>.py, or {} if there is none.

    Every public function the module defines is the patch of the flag it is named for, with hyphens
    for underscores (helpers' names start with "_"). Where the module defines _after_every_patch,
    each patch is followed by it (what the family's mutants all do besides their own bug).
    """
    name = family.replace("-", "_")
    path = os.path.join(MUTANTS_D, name + ".py")
    if not os.path.exists(path):
        return {}
    spec = importlib.util.spec_from_file_location("mutants_d." + name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    after = getattr(module, "_after_every_patch", None)

    def applied(patch):
        if after is None:
            return patch

        def apply(target):
            patch(target)
            after(target)
        return apply
    return {key.replace("_", "-"): applied(value) for key, value in vars(module).items()
            if inspect.isfunction(value) and value.__module__ == module.__name__ and not key.startswith("_")}


PATCHED = set()  # the families whose module this run has handed to their mutants.d patch


def family_module(family, flag):
    """The consumer module of `family`; with a flag, patched (once) by that flag's mutant if the family has one."""
    module = importlib.import_module("families." + family.replace("-", "_"))
    if flag and family not in PATCHED:
        PATCHED.add(family)
        patch = mutant_registry(family).get(flag)
        if patch:
            patch(module)
    return module


def float64_only(case):
    """Whether the case is not checked at float32 (its toleranceFloat32 is float64-only)."""
    return (case.raw.get("toleranceFloat32") or {}).get("kind") == "float64-only"


def implementation(precision):
    """The results file's `implementation`: the consumer, its NumPy, and the mutant and precision of the run."""
    text = "numpy-consumer %s (numpy %s)" % (VERSION, __import__("numpy").__version__)
    if mutant():
        text += " mutant " + mutant()
    if precision == "float32":
        text += " float32"
    return text


def prepare(fixtures, family=None, variants=None, precision="float64", log=lambda line: print(line, file=sys.stderr)):
    """The fixture files a run computes, each with its cases' decoded inputs, in manifest order:
    [(fixture, [(case, the case's precision, its inputs or the ConsumerError decoding raised)])].

    Decoding does not depend on the mutant, so scripts/mutants prepares once and computes many times.
    """
    with open(os.path.join(fixtures, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    prepared = []
    for entry in manifest["files"]:
        if family and entry["family"] != family:
            continue
        if variants and entry["variant"] not in variants:
            continue
        fixture = lof.load(os.path.join(fixtures, entry["path"]))
        module = importlib.import_module("families." + fixture["family"].replace("-", "_"))
        if precision == "float32" and not getattr(module, "FLOAT32", False):
            continue
        if precision == "float32" and all(float64_only(case) for case in lof.cases(fixture)):
            # Nothing in the file is checked at float32 (e.g. decimal-to-double): no results file.
            log("consumer: %s has no float32-checked case" % entry["path"])
            continue
        cases = []
        for case in lof.cases(fixture):
            # A float64-only case is not checked at float32; it is computed in float64, because
            # verify judges a refusal against expected numbers before it reads toleranceFloat32.
            case_precision = "float64" if float64_only(case) else precision
            os.environ["LATENT_ORACLE_PRECISION"] = case_precision
            try:
                decoded = inputs(case.raw)
            except ConsumerError as refusal:
                decoded = refusal
            cases.append((case, case_precision, decoded))
        os.environ["LATENT_ORACLE_PRECISION"] = precision
        prepared.append((fixture, cases))
    return prepared


def compute(prepared, out, precision, log=lambda line: print(line, file=sys.stderr)):
    """Computes every prepared file (with the mutant LATENT_ORACLE_MUTANT names, if any) and writes
    one results file per fixture file into `out`; returns how many it wrote."""
    os.makedirs(out, exist_ok=True)
    name = implementation(precision)
    for fixture, cases in prepared:
        module = family_module(fixture["family"], mutant())
        results = {}
        for case, case_precision, decoded in cases:
            os.environ["LATENT_ORACLE_PRECISION"] = case_precision
            try:
                if isinstance(decoded, ConsumerError):
                    raise decoded
                results[case.id] = module.compute(case.group, decoded)
            except ConsumerError as refusal:
                results[case.id] = lof.error_out(refusal.kind)
        os.environ["LATENT_ORACLE_PRECISION"] = precision
        path = os.path.join(out, "%s--%s.json" % (fixture["family"], fixture["variant"]))
        write_results(path, fixture, name, results)
        log("consumer: %s/%s.json (%d cases) -> %s" % (fixture["family"], fixture["variant"], len(results), path))
    return len(prepared)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", default="Fixtures")
    parser.add_argument("--out", required=True)
    parser.add_argument("--family")
    parser.add_argument("--variant", action="append",
                        help="only this variant of the family (repeatable; default: every variant)")
    parser.add_argument("--precision", choices=["float64", "float32"], default="float64")
    args = parser.parse_args()
    os.environ["LATENT_ORACLE_PRECISION"] = args.precision
    prepared = prepare(args.fixtures, args.family, args.variant, args.precision)
    if compute(prepared, args.out, args.precision) == 0:
        print("consumer: no fixture files matched", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
