#!/usr/bin/env python3
"""Validates every fixture file against Fixtures/fixture.schema.json and the given results files
against Fixtures/results.schema.json, when the `jsonschema` package is installed (skips otherwise).
Usage: validate_schemas.py --fixtures Fixtures [RESULTS.json ...]
"""
import argparse
import json
import os
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixtures", default="Fixtures")
    parser.add_argument("results", nargs="*")
    args = parser.parse_args()
    try:
        import jsonschema
    except ImportError:
        print("schemas: jsonschema is not installed; skipping schema validation", file=sys.stderr)
        return 0
    load = lambda path: json.load(open(path, encoding="utf-8"))
    fixture_schema = jsonschema.Draft202012Validator(load(os.path.join(args.fixtures, "fixture.schema.json")))
    results_schema = jsonschema.Draft202012Validator(load(os.path.join(args.fixtures, "results.schema.json")))
    manifest = load(os.path.join(args.fixtures, "manifest.json"))
    checked = 0
    for entry in manifest["files"]:
        fixture_schema.validate(load(os.path.join(args.fixtures, entry["path"])))
        checked += 1
    for path in args.results:
        results_schema.validate(load(path))
        checked += 1
    print("schemas: %d file(s) valid" % checked, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
