"""One module per fixture family; each exposes `compute(group_id, inputs) -> dict of outputs`
and raises fixture_io.ConsumerError for inputs that must be refused.

A family's module is named after the family with '-' replaced by '_' (family `linear-gaussian`
lives in `linear_gaussian.py`); run.py and scripts/mutants import it that way."""
