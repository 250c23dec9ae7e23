"""Reading the version declarations (shared by the `metadata` check and `make release`)."""
from dataset_tools.versions import cff_version, newest_release


def test_newest_release_skips_unreleased():
    text = "# Changelog\n\n## [Unreleased]\n- x\n\n## [1.2.0] - 2025-05-01\n- y\n\n## [1.1.0] - 2025-04-01\n"
    release = newest_release(text)
    assert release is not None
    assert (release.version, release.dated) == ("1.2.0", True)
    assert newest_release("# Changelog\n\n## [Unreleased]\n") is None
    assert newest_release("") is None and newest_release(None) is None


def test_an_undated_release_is_flagged():
    assert getattr(newest_release("## [1.0.0]\n"), "dated", None) is False
    assert getattr(newest_release("## [1.0.0] - 25 April\n"), "dated", None) is False


def test_cff_version_is_read_from_its_top_level_line():
    assert cff_version('cff-version: 1.2.0\ntitle: T\nversion: "0.3.1"\n') == "0.3.1"
    assert cff_version("title: [unclosed\nversion: 0.3.1\n") == "0.3.1"
    assert cff_version("title: T\n") is None
    assert cff_version("- a list\n") is None
    assert cff_version(None) is None
