"""The `profile` check: the descriptor follows the official Data Package v2 profile, to the letter.

frictionless 5.21 accepts a v2 descriptor but does not hold it to the v2 JSON Schemas: it lets
`"roles": "creator"` (a string, where v2 wants an array of strings), a non-array `categories` or
a numeric `sources[].version` through. This check runs `jsonschema` (Draft 7, with format
checks) over `datapackage.json` with the vendored `profiles/2.0/datapackage.json`, and over every
Table Schema file it names with `profiles/2.0/tableschema.json`. The profiles are the tooling's
own copy (see profiles/README.md), so a descriptor elsewhere is checked against the same files.

What jsonschema finds in a document is remembered, keyed by the profile and the document's
canonical JSON text (its content, never its path), for the last MEMORY documents: validating many
copies of a package in one process (the tests, scripts/mutation_study.py) checks each distinct
Table Schema once.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cache

from jsonschema import Draft7Validator, ValidationError

from dataset_tools import PACKAGE_ROOT
from dataset_tools.model import Package, load_schema
from dataset_tools.validate.report import CheckSkipped, Problem, check, declare, problem

NAME = "profile"
DESCRIPTOR = "datapackage.json"
PROFILE_URL = "https://datapackage.org/profiles/2.0/{}.json"
PROFILE_DIR = PACKAGE_ROOT / "profiles" / "2.0"
MEMORY = 64
"""How many (profile, document) results are remembered (each a few short strings per error)."""
_remembered: dict[tuple[str, str], tuple] = {}
CODES = declare({
    "profile.not-declared": "datapackage.json does not declare `$schema` as the Data Package v2 profile",
    "profile.datapackage-invalid": "datapackage.json breaks the Data Package v2 datapackage profile (jsonschema)",
    "profile.tableschema-invalid": "a Table Schema file breaks the Data Package v2 tableschema profile (jsonschema)",
})


@cache
def validator(kind: str) -> Draft7Validator:
    """A Draft 7 validator for the vendored v2 profile `kind` (datapackage, tableschema)."""
    path = PROFILE_DIR / f"{kind}.json"
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CheckSkipped(f"the vendored profile {path.relative_to(PACKAGE_ROOT)} cannot be read: {error}") from error
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def where(path: Iterable[str | int]) -> str:
    """A JSON path as the report names keys: `contributors[0].roles`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(root)"


def short(value: object, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def leaves(error: ValidationError) -> list[ValidationError]:
    """The errors that say what is wrong: inside a oneOf/anyOf (a field's branch per `type`), the
    errors of the one branch whose `type` fits, else the error itself."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        branches: dict = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        fitting = [subs for subs in branches.values() if not any(list(s.relative_path) == ["type"] for s in subs)]
        if len(fitting) == 1:
            return [leaf for sub in fitting[0] for leaf in leaves(sub)]
    return [error]


def profile_problems(kind: str, document: dict, file: str,
                     row_id: Callable[[list], str | None] | None = None) -> list[Problem]:
    """One problem per place where `document` breaks the v2 profile `kind`."""
    try:
        key = (kind, json.dumps(document))   # ensure_ascii: one text per document; 1, 1.0 and true apart
    except (TypeError, ValueError, RecursionError):   # not plain JSON: judged afresh
        found = profile_errors(kind, document)
    else:
        remembered = _remembered.pop(key, None)
        found = profile_errors(kind, document) if remembered is None else remembered
        _remembered[key] = found   # the most recently used last
        while len(_remembered) > MEMORY:
            del _remembered[next(iter(_remembered))]
    problems = []
    code = "profile.datapackage-invalid" if kind == "datapackage" else "profile.tableschema-invalid"
    for path, message, instance, expected in found:
        problems.append(problem(code, f"breaks the Data Package v2 {kind} profile: {message}", file=file,
                                column=where(path), row_id=row_id(list(path)) if row_id else None,
                                found=instance, expected=expected))
    return problems


def profile_errors(kind: str, document: object) -> tuple[tuple[tuple, str, str, str], ...]:
    """(path, message, found, expected) of every place where `document` breaks the profile `kind`,
    in the order of their paths."""
    errors = [leaf for error in validator(kind).iter_errors(document) for leaf in leaves(error)]
    return tuple((tuple(error.absolute_path), error.message[:200], short(error.instance),
                  f"{error.validator} {short(error.validator_value, 60)}")
                 for error in sorted(errors, key=lambda e: list(map(str, e.absolute_path))))


@check(NAME)
def profile(package: Package) -> list[Problem]:
    """datapackage.json declares `$schema` https://datapackage.org/profiles/2.0/datapackage.json and passes that
    profile, and every Table Schema file it names passes profiles/2.0/tableschema.json (jsonschema over the vendored
    official profiles)."""
    descriptor = package.descriptor
    problems = []
    if descriptor.get("$schema") != PROFILE_URL.format("datapackage"):
        problems.append(problem("profile.not-declared", "the descriptor does not declare the Data Package v2 profile",
                                file=DESCRIPTOR, column="$schema", found=short(descriptor.get("$schema")),
                                expected=PROFILE_URL.format("datapackage")))
    resources: list = descriptor["resources"] if isinstance(descriptor.get("resources"), list) else []

    def resource_name(path: list) -> str | None:
        if len(path) > 1 and path[0] == "resources" and isinstance(path[1], int) and path[1] < len(resources):
            entry = resources[path[1]]
            return entry.get("name") if isinstance(entry, dict) else None
        return None

    problems += profile_problems("datapackage", descriptor, DESCRIPTOR, resource_name)
    for entry in resources:
        if (isinstance(entry, dict) and isinstance(entry.get("schema"), str)
                and entry.get("name") not in package.skipped):
            schema, why = load_schema(package.root, entry)
            if why is None:
                fields = schema.get("fields") if isinstance(schema.get("fields"), list) else []
                field_name = lambda path, fields=fields: (  # noqa: E731
                    fields[path[1]].get("name") if len(path) > 1 and path[0] == "fields"
                    and isinstance(path[1], int) and path[1] < len(fields)
                    and isinstance(fields[path[1]], dict) else None)
                problems += profile_problems("tableschema", schema, entry["schema"], field_name)
    return problems
