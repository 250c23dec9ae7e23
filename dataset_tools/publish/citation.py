"""Citation metadata generated from one source, `datapackage.json`.

    python -m dataset_tools.publish.citation          # write CITATION.cff, .zenodo.json, docs/dataset.jsonld
    python -m dataset_tools.publish.citation --check  # exit 1 when one of them is stale; write nothing

- `CITATION.cff` (Citation File Format 1.2.0), read by GitHub's "Cite this repository";
- `.zenodo.json` (`upload_type: dataset`), read by Zenodo's GitHub integration, which ignores
  CITATION.cff when this file is present;
- `docs/dataset.jsonld`, a schema.org `Dataset` for web pages (`dataset_jsonld()` is the function
  the site embeds).

What each field comes from: title (the English part of `title`, before " | "; the Chinese
part becomes schema.org `alternateName`), `description` (its first paragraph is the abstract),
`version`, `created` (its date is the release date: bump it with `version`), `contributors`
whose `roles` hold `creator` (authors), `keywords`, `licenses`, `languages`,
`bibliographicCitation`, and `sources` (with their custom `publisher`, `description` and
`sha256`) as references. `make dictionary` runs this module; a test fails when the files drift.
"""
from __future__ import annotations

import argparse
import html
import json
import sys
from pathlib import Path

from dataset_tools import PACKAGE_ROOT

CFF_MESSAGE = ("If you use this dataset, please cite the version you used, as below, "
               "and the source document it is built from.")
ISO_639_3 = {"zh": "zho", "en": "eng"}  # Zenodo's `language` is ISO 639-3
OUTPUTS = ("CITATION.cff", ".zenodo.json", "docs/dataset.jsonld")


def titles(descriptor: dict) -> tuple[str, str | None]:
    """(English title, Chinese title or None) from `title` written as 'English | 中文'."""
    english, _, chinese = str(descriptor.get("title", "")).partition(" | ")
    return english.strip(), chinese.strip() or None


def abstract(descriptor: dict) -> str:
    """The first paragraph of `description` (the English one)."""
    return str(descriptor.get("description", "")).split("\n\n")[0].strip()


def release_date(descriptor: dict) -> str:
    """The date part (YYYY-MM-DD) of `created`."""
    return str(descriptor.get("created", ""))[:10]


def creators(descriptor: dict) -> list[dict]:
    """Contributors whose v2 `roles` hold `creator`."""
    return [c for c in descriptor.get("contributors", []) if "creator" in (c.get("roles") or [])]


def is_person(contributor: dict) -> bool:
    return bool(contributor.get("familyName") or contributor.get("givenName"))


def licence(descriptor: dict) -> dict:
    return (descriptor.get("licenses") or [{}])[0]


def reference_note(source: dict) -> str:
    """A source's description and checksum, as one line."""
    parts = [source.get("description", ""), f"Held as {source['path']}" if source.get("path") else "",
             f"SHA-256 {source['sha256']}" if source.get("sha256") else ""]
    return ". ".join(p.rstrip(".") for p in parts if p) + "."


def _q(value: object) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


def citation_cff(descriptor: dict) -> str:
    """CITATION.cff text (CFF 1.2.0, type dataset)."""
    english, _ = titles(descriptor)
    lines = ["# Generated from datapackage.json by `make dictionary` (python -m dataset_tools.publish.citation).",
             "cff-version: 1.2.0", f"message: {_q(CFF_MESSAGE)}", "type: dataset", f"title: {_q(english)}",
             f"version: {_q(descriptor['version'])}", f"date-released: {_q(release_date(descriptor))}",
             f"license: {_q(licence(descriptor).get('name', ''))}", "authors:"]
    for person in creators(descriptor):
        if is_person(person):
            lines += [f"  - family-names: {_q(person.get('familyName', ''))}",
                      f"    given-names: {_q(person.get('givenName', ''))}"]
        else:
            lines.append(f"  - name: {_q(person['title'])}")
    lines += ["keywords:"] + [f"  - {_q(k)}" for k in descriptor.get("keywords", [])]
    lines.append(f"abstract: {_q(abstract(descriptor))}")
    sources = [s for s in descriptor.get("sources", []) if s.get("publisher")]
    if sources:
        lines.append("references:")
        for source in sources:
            lines += ["  - type: generic", f"    title: {_q(source['title'])}", "    authors:",
                      f"      - name: {_q(source['publisher'])}", f"    notes: {_q(reference_note(source))}"]
    return "\n".join(lines) + "\n"


def zenodo_json(descriptor: dict) -> dict:
    """.zenodo.json: Zenodo deposit metadata (upload_type dataset)."""
    english, _ = titles(descriptor)
    paragraphs = str(descriptor.get("description", "")).split("\n\n")
    out = {"upload_type": "dataset", "title": english,
           "description": "".join(f"<p>{html.escape(p.strip(), quote=False)}</p>" for p in paragraphs if p.strip()),
           "version": descriptor["version"], "publication_date": release_date(descriptor),
           "creators": [{"name": f"{c.get('familyName', '')}, {c.get('givenName', '')}".strip(", ")
                         if is_person(c) else c["title"]} for c in creators(descriptor)],
           "keywords": list(descriptor.get("keywords", [])),
           "license": str(licence(descriptor).get("name", "")).lower(), "access_right": "open"}
    language = ISO_639_3.get(str((descriptor.get("languages") or [""])[0]).split("-")[0])
    if language:
        out["language"] = language
    if descriptor.get("bibliographicCitation"):
        out["notes"] = f"Cite as: {descriptor['bibliographicCitation']}"
    references = [f"{s['title']}. {reference_note(s)}" for s in descriptor.get("sources", []) if s.get("publisher")]
    if references:
        out["references"] = references
    return out


def dataset_jsonld(descriptor: dict) -> dict:
    """A schema.org `Dataset` (JSON-LD) describing the package, for embedding in a web page."""
    english, chinese = titles(descriptor)
    out: dict[str, object] = {"@context": "https://schema.org/", "@type": "Dataset", "name": english}
    if chinese:
        out["alternateName"] = chinese
    out.update({"description": descriptor.get("description", ""), "version": descriptor["version"],
                "datePublished": release_date(descriptor), "inLanguage": list(descriptor.get("languages", [])),
                "keywords": list(descriptor.get("keywords", [])),
                "license": licence(descriptor).get("path") or licence(descriptor).get("name"),
                "isAccessibleForFree": True,
                "creator": [{"@type": "Person", "givenName": c.get("givenName"), "familyName": c.get("familyName")}
                            if is_person(c) else {"@type": "Organization", "name": c["title"]}
                            for c in creators(descriptor)]})
    if descriptor.get("bibliographicCitation"):
        out["creditText"] = descriptor["bibliographicCitation"]
    based_on = []
    for source in descriptor.get("sources", []):
        work = {"@type": "CreativeWork", "name": source.get("title")}
        if source.get("publisher"):
            work["publisher"] = {"@type": "Organization", "name": source["publisher"]}
        for key in ("version", "description"):
            if source.get(key):
                work[key] = source[key]
        based_on.append(work)
    if based_on:
        out["isBasedOn"] = based_on
    return out


def render(descriptor: dict) -> dict[str, str]:
    """Relative path -> the text each generated file should hold."""
    as_json = lambda data: json.dumps(data, ensure_ascii=False, indent=2) + "\n"  # noqa: E731
    return {"CITATION.cff": citation_cff(descriptor), ".zenodo.json": as_json(zenodo_json(descriptor)),
            "docs/dataset.jsonld": as_json(dataset_jsonld(descriptor))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.publish.citation", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 when a generated file is stale; write nothing")
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT)
    args = parser.parse_args(argv)
    descriptor = json.loads((args.root / "datapackage.json").read_text(encoding="utf-8"))
    stale = []
    for relative, fresh in render(descriptor).items():
        path = args.root / relative
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != fresh:
            stale.append(relative)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(fresh, encoding="utf-8")
    if args.check:
        for relative in stale:
            print(f"{relative} is stale: run `make dictionary` (python -m dataset_tools.publish.citation)")
        return 1 if stale else 0
    print(f"citation metadata: {', '.join(stale) if stale else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
