"""Tooling for the Gansu IP press-conference data package: curation helpers and validation checks."""
