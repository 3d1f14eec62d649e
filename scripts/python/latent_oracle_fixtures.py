"""Read LatentOracle fixture files and write results files (format version 1, Fixtures/README.md).

One file, no dependencies beyond the standard library; NumPy is used when it is installed.
Copy it next to your tests, or put scripts/python on sys.path.

    import latent_oracle_fixtures as lof
    fixture = lof.load("Fixtures/divergences/gaussian-kl.json")
    results = {}
    for case in lof.cases(fixture, "closed-form"):
        inputs = case.inputs                      # decoded values
        results[case.id] = {"kl": lof.real_out(my_kl(**inputs))}
    lof.write_results("out/divergences--gaussian-kl.json", fixture, "mylib 1.0", results)

Decoding (`decode`):
- a real {"double", "hex", "accuracy"[, "exact"]} becomes a float read from its exact hex
  spelling (never the decimal); "NaN", "Infinity", "-Infinity" become the IEEE values;
- an array {"shape", "data"} becomes a NumPy array of that shape (row-major, the documented
  layout) when NumPy is present and the elements are reals or integers, else nested lists;
- a 64-bit word "0x" + 16 hex digits becomes an int in [0, 2^64);
- integers, strings and booleans stay as they are.
`exact(v)` gives the exact rational of a real as a fractions.Fraction (its "exact" field, or
the float itself when the value is exact).
"""
import json
import math
import os
from fractions import Fraction

try:
    import numpy as _np
except ImportError:  # the module works without NumPy: arrays become nested lists
    _np = None

SCHEMA_VERSION = 1
FIXTURE_SCHEMA = "latent-oracle-fixture"
RESULTS_SCHEMA = "latent-oracle-results"
_NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


class FixtureFormatError(ValueError):
    """A file that is not a fixture file of the version this module reads."""


def load(path):
    """The fixture file at `path` as a dict (the JSON document, values still encoded).
    Refuses another schema or version with FixtureFormatError."""
    with open(path, encoding="utf-8") as f:
        document = json.load(f, parse_constant=_refuse_constant)
    if not isinstance(document, dict) or document.get("schema") != FIXTURE_SCHEMA:
        raise FixtureFormatError("%s: not a %s file" % (path, FIXTURE_SCHEMA))
    if document.get("schemaVersion") != SCHEMA_VERSION:
        raise FixtureFormatError("%s: schemaVersion %r, this module reads %d"
                                 % (path, document.get("schemaVersion"), SCHEMA_VERSION))
    return document


def _refuse_constant(name):
    raise FixtureFormatError("bare %s is not JSON; non-finite reals are written as strings" % name)


def is_real(v):
    return isinstance(v, dict) and "double" in v and "hex" in v


def is_array(v):
    return isinstance(v, dict) and "shape" in v and "data" in v


def is_word(v):
    return isinstance(v, str) and len(v) == 18 and v.startswith("0x") and all(c in "0123456789abcdef" for c in v[2:])


def real(v):
    """A real value as a float, from its hex spelling (exact) or its non-finite name."""
    if v["hex"] in _NON_FINITE:
        return _NON_FINITE[v["hex"]]
    return float.fromhex(v["hex"])


def exact(v):
    """A real value as a fractions.Fraction: its "exact" rational when the file gives one,
    else the float's own exact value (raises ValueError for NaN and infinities)."""
    if "exact" in v:
        return Fraction(v["exact"])
    return Fraction(real(v))


def decode(v, numpy=True):
    """A fixture value as Python (see the module's documentation). numpy=False gives nested
    lists for arrays even when NumPy is installed."""
    if is_real(v):
        return real(v)
    if is_array(v):
        data = [decode(x, numpy) for x in v["data"]]
        shape = list(v["shape"])
        if numpy and _np is not None and data and all(isinstance(x, float) for x in data):
            return _np.array(data, dtype=_np.float64).reshape(shape)
        if numpy and _np is not None and data and all(type(x) is int for x in data) and not is_word(v["data"][0]):
            return _np.array(data, dtype=_np.int64).reshape(shape)
        return _nest(data, shape)
    if isinstance(v, dict):
        raise FixtureFormatError("unknown value object: %r" % (v,))
    if is_word(v):
        return int(v, 16)
    return v


def _nest(flat, shape):
    """Row-major nested lists of `shape` from a flat list."""
    if len(shape) <= 1:
        return list(flat)
    step = len(flat) // shape[0] if shape[0] else 0
    return [_nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


class Case:
    """One case of a group: its id, flags, decoded inputs and the raw expected object."""

    def __init__(self, group, raw, numpy=True):
        self.group = group
        self.raw = raw
        self.id = raw["id"]
        self.name = raw["id"].rsplit("/", 1)[-1]
        self.comment = raw.get("comment", "")
        self.flags = list(raw.get("flags", []))
        self.inputs = {name: decode(value, numpy) for name, value in raw["inputs"].items()}
        self.tolerance = raw["tolerance"]
        self.expected_raw = raw["expected"]

    @property
    def expects_error(self):
        """The error kind the case must be refused with, or None."""
        return self.expected_raw.get("error") if set(self.expected_raw) == {"error"} else None

    @property
    def expected(self):
        """The expected outputs, decoded (an empty dict for a refusal case)."""
        if self.expects_error is not None:
            return {}
        return {name: decode(value) for name, value in self.expected_raw.items()}

    def __repr__(self):
        return "Case(%r)" % self.id


def groups(fixture):
    """The ids of the fixture's test groups, in file order."""
    return [group["id"] for group in fixture["testGroups"]]


def cases(fixture, group=None, numpy=True):
    """The cases of one group (by id), or of every group when group is None, as Case objects."""
    found = False
    for g in fixture["testGroups"]:
        if group is None or g["id"] == group:
            found = True
            for raw in g["cases"]:
                yield Case(g["id"], raw, numpy)
    if not found:
        raise KeyError("no group %r in %s/%s (groups: %s)"
                       % (group, fixture["family"], fixture["variant"], ", ".join(groups(fixture))))


def real_out(x):
    """A float for a results file: a JSON number, or the string NaN / Infinity / -Infinity."""
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def reals_out(a):
    """An array of reals (NumPy array or nested sequence, any shape) as nested lists of result reals."""
    if _np is not None:
        a = _np.asarray(a, dtype=_np.float64)
        if a.ndim == 0:
            return real_out(a)
        return [reals_out(row) for row in a]
    if isinstance(a, (list, tuple)):
        return [reals_out(x) for x in a]
    return real_out(a)


def word_out(w):
    """A 64-bit word for a results file: "0x" + 16 hex digits (taken modulo 2^64)."""
    return "0x%016x" % (int(w) & 0xFFFFFFFFFFFFFFFF)


def error_out(kind):
    """The result of a case the implementation refuses: {"error": kind}."""
    return {"error": kind}


def results_document(fixture, implementation, results, precision="float64"):
    """The results file's JSON document for `results` (case id -> outputs dict or error_out);
    `precision` is "float64" or "float32", the format the implementation computed in."""
    if precision not in ("float64", "float32"):
        raise ValueError("precision must be float64 or float32, not %r" % (precision,))
    document = {
        "schema": RESULTS_SCHEMA,
        "schemaVersion": SCHEMA_VERSION,
        "family": fixture["family"],
        "variant": fixture["variant"],
        "implementation": implementation,
    }
    if precision != "float64":
        document["precision"] = precision
    document["results"] = results
    return document


def write_results(path, fixture, implementation, results, precision="float64"):
    """Writes a results file that `latent-oracle verify --results PATH` reads. Creates missing
    folders; refuses NaN and infinities written as floats (use real_out)."""
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(results_document(fixture, implementation, results, precision), f, indent=1, allow_nan=False,
                  ensure_ascii=False)
        f.write("\n")
