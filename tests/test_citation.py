"""CITATION.cff, .zenodo.json and docs/dataset.jsonld are generated from datapackage.json and agree with it."""
from __future__ import annotations

import json
from typing import Any

import yaml
from jsonschema import Draft7Validator

from dataset_tools.publish import citation
from dataset_tools.versions import newest_release
from tests.conftest import PACKAGE_ROOT

DESCRIPTOR = json.loads((PACKAGE_ROOT / "datapackage.json").read_text(encoding="utf-8"))


def load(relative: str) -> Any:
    text = (PACKAGE_ROOT / relative).read_text(encoding="utf-8")
    return yaml.safe_load(text) if relative.endswith(".cff") else json.loads(text)


def test_generated_files_are_fresh():
    assert citation.main(["--check"]) == 0, "run `make dictionary`"


def test_a_descriptor_change_makes_every_file_stale(package_copy, capsys):
    path = package_copy / "datapackage.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["keywords"].append("a new keyword")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert citation.main(["--check", "--root", str(package_copy)]) == 1
    out = capsys.readouterr().out
    assert all(name in out for name in citation.OUTPUTS), out
    assert citation.main(["--root", str(package_copy)]) == 0
    assert citation.main(["--check", "--root", str(package_copy)]) == 0
    assert "a new keyword" in (package_copy / "CITATION.cff").read_text(encoding="utf-8")


def test_cff_follows_the_official_schema_and_the_descriptor():
    cff = load("CITATION.cff")
    schema = json.loads((PACKAGE_ROOT / "profiles" / "cff-1.2.0" / "schema.json").read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in Draft7Validator(schema).iter_errors(cff)]
    assert not errors, errors
    assert cff["type"] == "dataset"
    assert cff["version"] == DESCRIPTOR["version"]
    assert cff["title"] in DESCRIPTOR["title"]
    assert cff["license"] == DESCRIPTOR["licenses"][0]["name"]
    creators = [c["title"] for c in DESCRIPTOR["contributors"] if "creator" in c["roles"]]
    assert [a["name"] for a in cff["authors"]] == creators
    assert cff["date-released"] == DESCRIPTOR["created"][:10]


def test_zenodo_is_a_dataset_deposit_that_agrees_with_the_descriptor():
    zenodo = load(".zenodo.json")
    assert zenodo["upload_type"] == "dataset"
    assert zenodo["version"] == DESCRIPTOR["version"]
    assert zenodo["publication_date"] == DESCRIPTOR["created"][:10]
    assert zenodo["license"] == DESCRIPTOR["licenses"][0]["name"].lower()
    assert zenodo["keywords"] == DESCRIPTOR["keywords"]


def test_jsonld_is_a_schema_org_dataset_that_agrees_with_the_descriptor():
    document = load("docs/dataset.jsonld")
    assert document == citation.dataset_jsonld(DESCRIPTOR)
    assert document["@context"] == "https://schema.org/" and document["@type"] == "Dataset"
    assert document["version"] == DESCRIPTOR["version"]
    assert document["license"] == DESCRIPTOR["licenses"][0]["path"]
    assert document["inLanguage"] == DESCRIPTOR["languages"]
    assert document["creditText"] == DESCRIPTOR["bibliographicCitation"]
    assert document["name"] in DESCRIPTOR["title"] and document["alternateName"] in DESCRIPTOR["title"]


def test_the_release_date_is_the_changelog_date_of_this_version():
    """`created` dates the release the descriptor describes: bump it with `version`."""
    release = newest_release((PACKAGE_ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    assert release is not None
    assert release.version == DESCRIPTOR["version"]
    assert release.heading.endswith(DESCRIPTOR["created"][:10]), (release.heading, DESCRIPTOR["created"])


def test_a_person_creator_is_written_as_a_person():
    descriptor = dict(DESCRIPTOR, contributors=[{"title": "Wang Li", "givenName": "Li", "familyName": "Wang",
                                                 "roles": ["creator"]},
                                                {"title": "Press Office", "roles": ["contact"]}])
    cff = yaml.safe_load(citation.citation_cff(descriptor))
    assert cff["authors"] == [{"family-names": "Wang", "given-names": "Li"}]
    assert citation.zenodo_json(descriptor)["creators"] == [{"name": "Wang, Li"}]
    assert citation.dataset_jsonld(descriptor)["creator"] == [{"@type": "Person", "givenName": "Li",
                                                               "familyName": "Wang"}]
