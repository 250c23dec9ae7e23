"""The checks of validate.py, one module per check (or small group); importing registers them.

Registration order is report order.
"""
from __future__ import annotations

from dataset_tools.validate.checks import (table, source_integrity, text_form, spans, values, speakers, restatements,  # noqa: F401
               derived, counts, regions, coverage, sentence_coverage, metadata, profile, translations,
               list_references, statements, canonical, portable, bundle, evidence, definitions, duplicates,
               mentions, glossary, pinyin_names, figure_cues, note_figures, references,
               statement_links, designation_members, english_labels)
