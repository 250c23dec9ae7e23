"""The checks of validate.py, one module per check (or small group); importing registers them.

Registration order is report order.
"""
from __future__ import annotations

from dataset_tools.validate.checks import (table, source_integrity, spans, values, speakers, restatements, derived,  # noqa: F401
               counts, regions, coverage, metadata, translations, list_references, canonical,
               evidence, definitions, glossary, pinyin_names, cues, note_figures, references)
