"""Links as Microsoft Learn resolves them: the settings, root links to other sites, the redirects file."""

from pathlib import Path

import pytest
import yaml

from helpsite.content.config import Project, Settings
from helpsite.content.links import RootPaths, SiteLayout, classify
from helpsite.content.redirects import load_redirects
from helpsite.errors import ConfigError
from tests.conftest import REPO

LAYOUT = SiteLayout(
    frozenset({"en", "ar"}),
    "en",
    None,
    RootPaths.of({"/microsoft-365/": "microsoft-365/"}, {"/azure/": "https://learn.microsoft.com/{locale}/azure/"}),
    (("ar", "ar-SA"), ("en", "en-US")),
)


def test_the_shipped_learn_settings_are_valid_and_cover_the_corpus_prefixes():
    options = yaml.safe_load((REPO / "examples" / "learn-site.yml").read_text(encoding="utf-8"))
    settings = Settings.from_mapping(options)
    assert settings.site_paths == {"/microsoft-365/": "microsoft-365/"}
    assert {"/azure/", "/windows/", "/powershell/", "/mem/", "/exchange/", "/microsoftteams/"} <= set(settings.other_sites)
    assert "/admin/" not in settings.other_sites  # a mistake for /microsoft-365/admin/, not a site


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"site_paths": {"microsoft-365/": "microsoft-365/"}}, "must be a root path"),
        ({"site_paths": {"/x/": "../outside/"}}, "must be a folder below docs/<locale>/"),
        ({"other_sites": {"/azure/": "javascript:alert(1)"}}, "must be an http(s) URL"),
        ({"other_sites": {"/azure/": 3}}, "must be a string, not 3"),
        ({"redirects": ["old.md"]}, "must be a mapping of strings to strings"),
    ],
)
def test_bad_learn_settings_are_configuration_errors(options, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Settings.from_mapping(options)


def test_a_root_link_to_another_site_is_its_url_in_the_readers_locale():
    target = classify("/Azure/active-directory/x?view=y#z", "ar", "microsoft-365/a.md", LAYOUT)
    assert (target.kind, target.resolved) == ("external", "https://learn.microsoft.com/ar-sa/azure/active-directory/x?view=y#z")
    assert classify("/azure", "en", "a.md", LAYOUT).resolved == "https://learn.microsoft.com/en-us/azure/"


def test_a_root_link_of_this_site_is_in_the_readers_locale_and_any_case():
    target = classify("/microsoft-365/Security/x#y", "ar", "microsoft-365/a.md", LAYOUT)
    assert target.kind == "internal" and target.candidates[0] == "ar/microsoft-365/Security/x.md" and target.any_case
    assert "ar/microsoft-365/Security/x/index.yml" in target.candidates  # Learn's hub pages
    assert classify("/en/x", "ar", "a.md", LAYOUT).candidates[0] == "en/x.md"  # a locale named: that locale
    assert classify("/../../etc/passwd", "ar", "a.md", LAYOUT).kind == "escape"


def test_a_backslash_path_resolves_and_says_so():
    target = classify("..\\media\\x.png#a", "ar", "microsoft-365/solutions/a.md", LAYOUT)
    assert (target.kind, target.docs_path, target.fragment, target.backslash) == ("internal", "ar/microsoft-365/media/x.png", "a", True)


def _project(tmp_path: Path, redirects: bytes) -> Project:
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / ".openpublishing.redirection.json").write_bytes(redirects)
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "en.yml").write_text("code: en\ntag: en-US\nname: English\nsearch_language: en\nsource: true\n")
    return Project.from_settings(tmp_path, Settings())


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"\xff\xfe{", None, "not UTF-8"),
        (b"[]", 1, "expected an object"),
        (b'{"redirections": {}}', 1, "a list of redirections"),
        (b'{\r\n  "x": 1\r\n}', 1, 'no "redirections" list'),
        (b'{"redirections": []} trailing', 1, "text after the closing"),
        (b'{\n"redirections": [\n{"source_path": "a.md",\n"redirect_url": "/b"\n}', 5, "expected ',' or ']'"),
    ],
)
def test_a_broken_redirects_file_is_one_finding_never_a_traceback(tmp_path, data, line, message):
    redirects = load_redirects(_project(tmp_path, data))
    assert not redirects.entries
    assert [(p.code, p.line) for p in redirects.problems] == [("LNK013", line)]
    assert message in redirects.problems[0].message


def test_entries_get_their_lines_with_a_bom_and_crlf(tmp_path):
    data = b'\xef\xbb\xbf{"redirections": [\r\n  {"source_path": "a.md", "redirect_url": "/b"},\r\n\r\n'
    data += b'  {"source_path": "c.md", "redirect_url": "d"}\r\n]}'
    redirects = load_redirects(_project(tmp_path, data))
    assert [(r.source, r.line) for r in redirects.entries] == [("a.md", 2), ("c.md", 4)]
