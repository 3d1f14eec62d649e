#!/usr/bin/env python3
"""Validates the fixtures against their JSON Schemas, by two independent validators.

  1. every fixture file in manifest.json against Fixtures/fixture.schema.json;
  2. every case of a group that has a schema (Fixtures/schemas/<family>/<variant>/<group>.schema.json,
     written by `latent-oracle export` from the group's evaluator) against that schema: its input
     and output names, kinds and shapes; and every schema names a group that the fixtures have;
  3. the given results files against Fixtures/results.schema.json.

Each document is validated by the small validator below (`subset_errors`: the keywords the three
schema kinds use; an unknown keyword is an error, never silently skipped) AND by the `jsonschema`
package (Draft 2020-12, which also checks each schema against the meta-schema) when it is
importable; the two must agree. Without `jsonschema` the small validator alone decides, and the
summary says so.

Usage: validate_schemas.py [--self-test] [--fixtures Fixtures] [RESULTS.json ...]
         (--self-test: after the validation, mutates a fixture file, a case of each schema'd group and
          a results file, and requires every mutation to be caught by each validator, and the
          unmutated documents to pass)
Exit 0 when everything is valid, 1 when something is not (one line per problem), 2 on bad usage.
"""
import argparse
import copy
import json
import math
import multiprocessing
import os
import re
import sys

try:
    import jsonschema
except ImportError:
    jsonschema = None

ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description", "$comment"}
TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    # Draft 2020-12: a number with a zero fractional part is an integer (1.0 is).
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool))
    or (isinstance(v, float) and math.isfinite(v) and v.is_integer()),
}


def json_equal(a, b):
    """JSON equality: true is not 1, 1 is 1.0, objects and arrays compare member by member."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def resolve(root, ref):
    if not ref.startswith("#"):
        raise ValueError("only local references are supported, not %r" % ref)
    node = root
    for part in filter(None, ref[1:].split("/")):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def subset_errors(schema, value, root, where="$"):
    """The reasons `value` does not satisfy `schema` (empty when it does)."""
    if schema is True:
        return []
    if schema is False:
        return ["%s: no value is allowed here" % where]
    errors = []
    for key, arg in schema.items():
        if key in ANNOTATIONS or key in ("then", "else"):
            continue
        if key == "$ref":
            errors += subset_errors(resolve(root, arg), value, root, where)
        elif key == "type":
            names = arg if isinstance(arg, list) else [arg]
            if not any(TYPES[n](value) for n in names):
                errors.append("%s: not of type %s" % (where, "/".join(names)))
        elif key == "const":
            if not json_equal(value, arg):
                errors.append("%s: is not %s" % (where, json.dumps(arg)))
        elif key == "enum":
            if not any(json_equal(value, a) for a in arg):
                errors.append("%s: not one of %s" % (where, json.dumps(arg)))
        elif key in ("minimum", "maximum", "exclusiveMinimum"):
            if TYPES["number"](value):
                bad = {"minimum": value < arg, "maximum": value > arg, "exclusiveMinimum": value <= arg}[key]
                if bad:
                    errors.append("%s: %s violates %s %s" % (where, value, key, arg))
        elif key in ("minLength", "pattern"):
            if isinstance(value, str):
                if key == "minLength" and len(value) < arg:
                    errors.append("%s: shorter than %d" % (where, arg))
                if key == "pattern" and not re.search(arg, value):
                    errors.append("%s: %r does not match %s" % (where, value, arg))
        elif key in ("minItems", "maxItems", "items", "prefixItems"):
            if isinstance(value, list):
                if key == "minItems" and len(value) < arg:
                    errors.append("%s: fewer than %d items" % (where, arg))
                if key == "maxItems" and len(value) > arg:
                    errors.append("%s: more than %d items" % (where, arg))
                if key == "prefixItems":
                    for i, (item, sub) in enumerate(zip(value, arg)):
                        errors += subset_errors(sub, item, root, "%s[%d]" % (where, i))
                if key == "items":
                    start = len(schema.get("prefixItems", []))
                    for i in range(start, len(value)):
                        errors += subset_errors(arg, value[i], root, "%s[%d]" % (where, i))
        elif key in ("required", "properties", "additionalProperties", "propertyNames"):
            if isinstance(value, dict):
                if key == "required":
                    errors += ["%s: %r is missing" % (where, name) for name in arg if name not in value]
                if key == "properties":
                    for name, sub in arg.items():
                        if name in value:
                            errors += subset_errors(sub, value[name], root, "%s.%s" % (where, name))
                if key == "additionalProperties":
                    for name in value:
                        if name not in schema.get("properties", {}):
                            errors += subset_errors(arg, value[name], root, "%s.%s" % (where, name))
                if key == "propertyNames":
                    for name in value:
                        errors += subset_errors(arg, name, root, "%s (key %r)" % (where, name))
        elif key == "allOf":
            for sub in arg:
                errors += subset_errors(sub, value, root, where)
        elif key == "anyOf":
            if all(subset_errors(sub, value, root, where) for sub in arg):
                errors.append("%s: matches none of anyOf" % where)
        elif key == "oneOf":
            matching = sum(1 for sub in arg if not subset_errors(sub, value, root, where))
            if matching != 1:
                errors.append("%s: matches %d of oneOf, not exactly 1" % (where, matching))
        elif key == "not":
            if not subset_errors(arg, value, root, where):
                errors.append("%s: matches a schema it must not" % where)
        elif key == "if":
            branch = "else" if subset_errors(arg, value, root, where) else "then"
            if branch in schema:
                errors += subset_errors(schema[branch], value, root, where)
        else:
            raise ValueError("the schema uses %r, which this validator does not implement" % key)
    return errors


class Validator:
    """One schema, checked by both validators; `errors` says where they disagree too."""

    def __init__(self, schema, name):
        self.schema, self.name = schema, name
        self.package = None
        if jsonschema is not None:
            jsonschema.Draft202012Validator.check_schema(schema)
            self.package = jsonschema.Draft202012Validator(schema)

    def errors(self, value, label):
        mine = subset_errors(self.schema, value, self.schema)
        found = ["%s: %s (against %s)" % (label, e, self.name) for e in mine[:3]]
        if self.package is not None:
            theirs = next(self.package.iter_errors(value), None)
            if (theirs is None) != (not mine):
                found.append("%s: the validators disagree against %s: jsonschema says %s" % (
                    label, self.name, "valid" if theirs is None else theirs.message[:200]))
        return found


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def group_schemas(fixtures):
    """{family/variant/group: (path, schema)} for every schema file under Fixtures/schemas."""
    found, top = {}, os.path.join(fixtures, "schemas")
    for folder, _, names in sorted(os.walk(top)):
        for name in sorted(names):
            if name.endswith(".schema.json") and not name.startswith("."):
                rel = os.path.relpath(os.path.join(folder, name), top)
                found[rel[:-len(".schema.json")].replace(os.sep, "/")] = os.path.join(folder, name)
    return found


_VALIDATORS = {}


def validators(fixtures):
    """The fixture, results and group schemas' validators, built once per folder (the self-test
    mutates documents, never schemas)."""
    if fixtures not in _VALIDATORS:
        _VALIDATORS[fixtures] = (
            Validator(load(os.path.join(fixtures, "fixture.schema.json")), "fixture.schema.json"),
            Validator(load(os.path.join(fixtures, "results.schema.json")), "results.schema.json"),
            {g: Validator(load(p), os.path.relpath(p, fixtures)) for g, p in group_schemas(fixtures).items()})
    return _VALIDATORS[fixtures]


def validate_fixture_file(fixtures, entry, get=load):
    """The problems of one fixture file (against fixture.schema.json, and each case against its group's
    schema), the number of cases checked and the group schemas used."""
    fixture_schema, _, schemas = validators(fixtures)
    fixture = get(os.path.join(fixtures, entry["path"]))
    problems, cases, used = fixture_schema.errors(fixture, entry["path"]), 0, set()
    for group in fixture.get("testGroups", []):
        gid = "%s/%s/%s" % (fixture.get("family"), fixture.get("variant"), group.get("id"))
        if gid not in schemas:
            continue
        used.add(gid)
        for case in group.get("cases", []):
            problems += schemas[gid].errors(case, case.get("id", gid))
            cases += 1
    return problems, cases, used


def _validate_in_worker(job):
    return validate_fixture_file(*job)


def validate(fixtures, results_paths, documents=None, only=None):
    """The problems of every check, and counts of what was validated. `documents` replaces the
    documents read from disk (path → JSON), for the self-test; `only` limits the fixture and
    results files validated to those paths (the schema-to-group check then needs every file).
    Without `documents`, the fixture files are validated side by side, one process per core
    (forked after the validators are built), largest first; the problems keep the manifest's order."""
    documents = documents or {}
    get = lambda path: documents[path] if path in documents else load(path)
    problems, counts = [], {"fixture files": 0, "group schemas": 0, "cases": 0, "results files": 0}
    _, results_schema, schemas = validators(fixtures)
    counts["group schemas"] = len(schemas)
    entries = [entry for entry in get(os.path.join(fixtures, "manifest.json"))["files"]
               if only is None or os.path.join(fixtures, entry["path"]) in only]
    if documents or len(entries) < 2:
        outcomes = [validate_fixture_file(fixtures, entry, get) for entry in entries]
    else:
        size = lambda entry: os.path.getsize(os.path.join(fixtures, entry["path"]))
        order = sorted(range(len(entries)), key=lambda i: -size(entries[i]))
        with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
            found = pool.map(_validate_in_worker, [(fixtures, entries[i]) for i in order], chunksize=1)
        outcomes = [None] * len(entries)
        for i, outcome in zip(order, found):
            outcomes[i] = outcome
    used = set()
    for file_problems, cases, file_used in outcomes:
        problems += file_problems
        counts["fixture files"] += 1
        counts["cases"] += cases
        used |= file_used
    if only is None:
        problems += ["schemas/%s.schema.json: no fixture file has the group %s" % (g, g)
                     for g in schemas if g not in used]
    for path in results_paths if only is None else [p for p in results_paths if p in only]:
        problems += results_schema.errors(get(path), path)
        counts["results files"] += 1
    return problems, counts


def self_test(fixtures, results_paths, clean):
    """Every mutation below must make `validate` report a problem, from each validator; `clean` is
    the problems of the unmutated documents (validate's), which must be none."""
    schemas = group_schemas(fixtures)
    manifest = load(os.path.join(fixtures, "manifest.json"))
    by_group = {}
    for entry in manifest["files"]:
        path = os.path.join(fixtures, entry["path"])
        for i, group in enumerate(load(path)["testGroups"]):
            by_group["%s/%s/%s" % (entry["family"], entry["variant"], group["id"])] = (path, i)
    mutations = []

    files = {}  # path -> the fixture file as read, read once and never modified

    def mutate_case(gid, label, change):
        path, i = by_group[gid]
        original = files.setdefault(path, load(path))
        case = next((c for c in original["testGroups"][i]["cases"] if change(copy.deepcopy(c)) is not None), None)
        if case is None:
            return
        # The file cut down to the mutated case alone: still a valid fixture file before the
        # change, and the self-test validates one case instead of the whole file per mutation.
        # Shallow copies share the unchanged parts with the file as read; only the case is new.
        group = dict(original["testGroups"][i], cases=[change(copy.deepcopy(case))])
        fixture = dict(original, testGroups=[group])
        mutations.append(("%s: %s" % (gid, label), {path: fixture}))

    def drop_input(c):
        if not c["inputs"]:
            return None
        c["inputs"].pop(next(iter(c["inputs"])))
        return c

    def extra_input(c):
        c["inputs"]["unDeclared"] = True
        return c

    def kind_swap(c):
        for name, v in c["inputs"].items():
            if isinstance(v, dict) and "hex" in v:
                c["inputs"][name] = 1
                return c
            if isinstance(v, (int, str, bool)):
                c["inputs"][name] = {"double": "1.0", "hex": "0x1.0000000000000p+0"} if isinstance(v, int) else 7
                return c
        return None

    def extra_axis(c):
        for v in c["inputs"].values():
            if isinstance(v, dict) and "shape" in v:
                v["shape"] = v["shape"] + [1]
                return c
        return None

    def drop_output(c):
        if "error" in c["expected"]:
            return None
        c["expected"].pop(next(iter(c["expected"])))
        return c

    for gid in sorted(schemas):
        if gid not in by_group:
            continue
        # A refusal group's inputs are all optional and of any shape (a wrong shape is what some
        # of its cases refuse), so leaving one out or adding an axis is valid there.
        inputs = load(schemas[gid])["properties"]["inputs"]
        refusal = not inputs["required"] or any("anyOf" in v for v in inputs["properties"].values())
        if inputs["required"]:
            mutate_case(gid, "an input left out", drop_input)
        mutate_case(gid, "an undeclared input", extra_input)
        mutate_case(gid, "an input of the wrong kind", kind_swap)
        if not refusal:
            mutate_case(gid, "an array with one axis too many", extra_axis)
            mutate_case(gid, "an expected output left out", drop_output)
    first = os.path.join(fixtures, manifest["files"][0]["path"])
    broken = load(first)
    del broken["notes"]
    mutations.append(("%s: the notes left out" % manifest["files"][0]["path"], {first: broken}))
    if results_paths:
        results = load(results_paths[0])
        results["precision"] = "float16"
        mutations.append(("%s: precision float16" % results_paths[0], {results_paths[0]: results}))
    else:
        print("self-test: no results file given; the results schema is not mutated", file=sys.stderr)
    failures = []
    if clean:
        failures.append("the unmutated documents do not pass: %s" % clean[0])
    for label, documents in mutations:
        problems, _ = validate(fixtures, results_paths, documents, only=set(documents))
        if not problems:
            failures.append("not caught: " + label)
        elif any("disagree" in p for p in problems):
            failures.append("the validators disagree on %s: %s" % (label, problems[0]))
    for failure in failures:
        print("self-test FAILED: %s" % failure)
    by = "the subset validator and jsonschema" if jsonschema else "the subset validator (jsonschema not installed)"
    print("self-test: %d of %d mutations caught by %s (%d group schemas)" % (
        len(mutations) - sum(f.startswith("not caught") for f in failures), len(mutations), by, len(schemas)))
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fixtures", default="Fixtures")
    parser.add_argument("--self-test", action="store_true",
                        help="after the validation, mutate documents and require every mutation to be caught")
    parser.add_argument("results", nargs="*")
    args = parser.parse_args()
    problems, counts = validate(args.fixtures, args.results)
    for problem in problems:
        print("schemas: %s" % problem)
    by = "the subset validator and jsonschema" if jsonschema else "the subset validator only (jsonschema not installed)"
    print("schemas: %s checked by %s; %d problem(s)" % (
        ", ".join("%d %s" % (n, what) for what, n in counts.items()), by, len(problems)))
    status = 1 if problems else 0
    if args.self_test:
        status |= self_test(args.fixtures, args.results, problems)
    return status


if __name__ == "__main__":
    sys.exit(main())
