"""The checks of validate.py, one module per check (or small group); importing registers them.

Registration order is report order.
"""
from __future__ import annotations

# Not sorted (ruff I001 is off for this file): the order of these imports is the order of the report.
from dataset_tools.validate.checks import (  # noqa: F401
    table, source_integrity, spans, values, speakers, restatements, derived, counts, regions, coverage, metadata,
    translations, list_references, canonical)
