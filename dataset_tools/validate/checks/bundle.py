"""The `package-files` check: the release can bundle every file of the package as it is.

The rule and the walk live in `dataset_tools.package_files`, shared with the release, so a
package this check passes is one `make release` can bundle (docs/security.md). Nothing is read:
the files are only listed, symbolic links never followed.
"""
from __future__ import annotations

from dataset_tools.model import Package
from dataset_tools.package_files import bundle_files
from dataset_tools.validate.report import Problem, check, declare, problem

CODES = declare({
    "package-files.not-regular-file": "a file the release bundles is a symbolic link, named pipe, socket or device",
    "package-files.unsafe-name": "a file or folder the release bundles has an unsafe name (spaces, backslashes, line "
                                 "breaks, other characters an extractor or SHA256SUMS line could misread)",
    "package-files.missing": "a file or folder the release needs (LICENSE, README.md, resources/ …) is missing",
    "package-files.not-a-folder": "a folder the release bundles, or dist/, is a symbolic link or a file",
})
BY_KIND = {"not-regular-file": "package-files.not-regular-file", "unsafe-name": "package-files.unsafe-name",
           "missing": "package-files.missing", "not-a-folder": "package-files.not-a-folder"}  # package_files' kinds


@check("package-files")
def package_files(package: Package) -> list[Problem]:
    """Every file the release bundles (top-level files, resources/, schemas/, sources/, reference/, curation/, docs/,
    tests/, dataset_tools/) is a regular file with a safe name: no symbolic links, pipes or devices, and dist/ is a
    real folder."""
    _, problems = bundle_files(package.root)
    return [problem(BY_KIND[why.kind], str(why), file=path) for path, why in problems]
