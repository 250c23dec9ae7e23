"""Validating: the command line, preflight, limits, the check registry, the report, checks/ and
distinct_rows (frictionless's row validation worked out from each distinct cell, for `table`)."""
