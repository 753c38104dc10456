"""ProperDocs builds and serves the example site as MkDocs does: the same files, byte for byte,
but for the generator <meta> of each page (which names the engine)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import version

import pytest

from tests.conftest import HELPSITE, Project, article
from tests.site.test_serve import Server

pytestmark = pytest.mark.slow

GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')
# A fixed day for the page dates MkDocs takes from the clock (sitemaps' lastmod, the .gz header).
REPRODUCIBLE = {**os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}


def run(project: Project, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=project.root, capture_output=True, text=True, env=REPRODUCIBLE, timeout=300, check=False)


def files(folder) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_properdocs_builds_the_example_site_as_mkdocs_does_but_for_the_generator_meta(site_copy):
    mkdocs = run(site_copy, sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "by-mkdocs")
    properdocs = run(site_copy, sys.executable, "-m", "properdocs", "build", "--strict", "-d", "by-properdocs")
    helpsite = run(site_copy, *HELPSITE, "build", "--engine", "properdocs", "--jobs", "1", "--strict", "-d", "by-helpsite")
    for result in (mkdocs, properdocs, helpsite):
        assert result.returncode == 0, result.stderr
    by_mkdocs, by_properdocs = files(site_copy.root / "by-mkdocs"), files(site_copy.root / "by-properdocs")
    assert files(site_copy.root / "by-helpsite") == by_properdocs  # `helpsite build --engine properdocs` is `properdocs build`
    assert by_mkdocs.keys() == by_properdocs.keys() and len(by_mkdocs) > 150
    differing = sorted(name for name in by_mkdocs if by_mkdocs[name] != by_properdocs[name])
    pages = sorted(name for name, data in by_mkdocs.items() if name.endswith(".html") and GENERATOR.search(data))
    assert differing == pages and len(pages) > 80  # every page, and nothing else (sitemaps, search indexes, assets)
    material = f"mkdocs-material-{version('mkdocs-material')}"
    for name in differing:
        # Material prints "mkdocs-" before the engine's own version string, which ProperDocs gives as "ProperDocs 1.6.7".
        assert GENERATOR.findall(by_mkdocs[name]) == [f"mkdocs-{version('mkdocs')}, {material}".encode()], name
        assert GENERATOR.findall(by_properdocs[name]) == [f"mkdocs-ProperDocs {version('properdocs')}, {material}".encode()], name
        assert GENERATOR.sub(b"", by_mkdocs[name]) == GENERATOR.sub(b"", by_properdocs[name]), name
    assert "helpsite: search index per locale: en " in properdocs.stderr  # helpsite's plugin ran, not only Material


def test_an_error_finding_fails_a_strict_properdocs_build(project):
    project.write("docs/en/index.md", article("Home", "# Home\n"))
    project.write("docs/en/bad.md", article(ms_topic="artcle", body="# Bad\n"))
    result = run(project, *HELPSITE, "build", "--engine", "properdocs", "--strict", "--jobs", "1")
    assert result.returncode == 1
    assert "WARNING -  docs/en/bad.md:3:1: META003 [error] 'ms.topic' is 'artcle'" in result.stderr
    assert "helpsite: build failed: Aborted with 1 warnings in strict mode!" in result.stderr


def test_properdocs_serves_a_preview_with_each_pages_findings(site_copy):
    server = Server(site_copy.root, "--engine", "properdocs", "--locale", "nl")
    try:
        server.wait_for("Serving on")
        status, outdated = server.get("nl/troubleshooting/payment-declined/")
        assert status == 200 and 'class="admonition warning helpsite-findings"' in outdated and "L10N001" in outdated
        assert 'content="mkdocs-ProperDocs ' in outdated
        assert server.get("billing/make-immediate-payment/")[0] == 404  # a Dutch preview builds Dutch only
    finally:
        server.stop()
