"""One module per fixture family; each exposes `compute(group_id, inputs) -> dict of outputs`
and raises fixture_io.ConsumerError for inputs that must be refused."""

# Family names with a hyphen live in modules with an underscore: run.py and scripts/mutants import
# "families.<family>", so register the hyphenated alias here.
import importlib as _importlib  # noqa: E402
import sys as _sys  # noqa: E402

_sys.modules[__name__ + ".linear-gaussian"] = _importlib.import_module(__name__ + ".linear_gaussian")
