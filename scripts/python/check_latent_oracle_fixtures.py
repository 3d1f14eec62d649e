#!/usr/bin/env python3
"""Checks latent_oracle_fixtures.py against every committed fixture file, by two routes per value:
- a real decoded from its hex spelling equals the float of its decimal spelling (bit for bit,
  NaN to NaN), and an "exact" rational is that float when the accuracy is exact, rounds to it
  when correctly rounded;
- an array decoded to NumPy (when installed) and to nested lists holds the same values in the
  same row-major places, and its nested lists have the declared shape;
- a 64-bit word decoded to an int is written back to the same spelling by word_out;
- a results file written by write_results reads back as the same document.
Usage: check_latent_oracle_fixtures.py [--fixtures Fixtures]
"""
import argparse
import json
import math
import os
import sys
import tempfile
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import latent_oracle_fixtures as lof  # noqa: E402


def same_float(a, b):
    return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))


def check_value(v, where, counts):
    if lof.is_real(v):
        x = lof.decode(v)
        decimal = float(v["double"].replace("Infinity", "inf"))
        assert same_float(x, decimal), "%s: hex %s and decimal %s differ" % (where, v["hex"], v["double"])
        if "exact" in v:
            q = lof.exact(v)
            assert isinstance(q, Fraction) and str(q) == v["exact"], where
            if v["accuracy"] == "exact":
                assert q == Fraction(x), "%s: exact %s is not %r" % (where, q, x)
            elif v["accuracy"] == "correctly-rounded":
                assert float(q) == x, "%s: %s does not round to %r" % (where, q, x)
        counts["reals"] += 1
    elif lof.is_array(v):
        nested = lof.decode(v, numpy=False)
        shape = v["shape"]
        flat, rows = nested, 1
        for extent in shape[:-1]:
            rows *= extent
            assert isinstance(flat, list) and len(flat) == rows, "%s: nesting is not the shape %s" % (where, shape)
            flat = [x for row in flat for x in row]
        assert len(flat) == math.prod(shape), where
        for i, element in enumerate(v["data"]):
            check_value(element, "%s[%d]" % (where, i), counts)
            expected = lof.decode(element)
            assert (same_float(flat[i], expected) if isinstance(expected, float) else flat[i] == expected), where
        if lof._np is not None and flat:
            array = lof.decode(v)
            if isinstance(array, lof._np.ndarray):
                assert list(array.shape) == shape, where
                for i, x in enumerate(array.reshape(-1).tolist()):
                    assert same_float(x, flat[i]) if isinstance(x, float) else x == flat[i], where
        counts["arrays"] += 1
    elif lof.is_word(v):
        assert lof.word_out(lof.decode(v)) == v, where
        counts["words"] += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", default="Fixtures")
    args = parser.parse_args()
    with open(os.path.join(args.fixtures, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    counts = {"files": 0, "cases": 0, "reals": 0, "arrays": 0, "words": 0}
    for entry in manifest["files"]:
        fixture = lof.load(os.path.join(args.fixtures, entry["path"]))
        results = {}
        for case in lof.cases(fixture):
            for name, v in list(case.raw["inputs"].items()) + list(case.raw["expected"].items()):
                check_value(v, "%s %s" % (case.id, name), counts)
            results[case.id] = lof.error_out(case.expects_error) if case.expects_error else {"n": 1}
            counts["cases"] += 1
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "sub", "results.json")
            lof.write_results(path, fixture, "check", results)
            with open(path, encoding="utf-8") as f:
                assert json.load(f) == lof.results_document(fixture, "check", results), entry["path"]
        counts["files"] += 1
    assert counts["cases"] == manifest["totalCases"], "read %d cases, the manifest lists %d" % (counts["cases"], manifest["totalCases"])
    print("latent_oracle_fixtures: %(files)d files, %(cases)d cases, %(reals)d reals, %(arrays)d arrays, "
          "%(words)d words decoded consistently" % counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
