"""Validating: the command line, preflight, limits, the check registry, the report and checks/."""
