"""Curating: tools that write to the package on purpose (anchors, descriptor, coverage, docs)."""
