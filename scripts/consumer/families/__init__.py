"""One module per fixture family; each exposes `compute(group_id, inputs) -> dict of outputs`
and raises fixture_io.ConsumerError for inputs that must be refused."""
