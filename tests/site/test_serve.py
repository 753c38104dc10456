"""`helpsite serve --locale nl`: one locale, findings on the page, a save re-renders only what changed."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import HELPSITE

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, root, *args: str) -> None:
        self.port = free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.process = subprocess.Popen(
            [*HELPSITE, "serve", "-a", f"127.0.0.1:{self.port}", *args], cwd=root, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env
        )
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.log.append(line)

    def wait_for(self, text: str, after: int = 0, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.log[after:]):
                return
            assert self.process.poll() is None, "".join(self.log)
            time.sleep(0.1)
        raise AssertionError(f"no {text!r} in the log:\n" + "".join(self.log))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


@pytest.fixture
def dutch_preview(site_copy):
    server = Server(site_copy.root, "--locale", "nl")
    server.wait_for("Serving on")
    yield site_copy, server
    server.stop()


def test_preview_builds_one_locale_and_shows_each_pages_findings(dutch_preview):
    project, server = dutch_preview
    status, outdated = server.get("nl/troubleshooting/payment-declined/")
    assert status == 200
    panel = outdated[outdated.index('class="admonition warning helpsite-findings"'):]
    panel = panel[: panel.index("</aside>")]
    assert "L10N001" in panel and "L10N002" in panel
    assert "helpsite-findings" not in server.get("nl/account/reset-password/")[1]  # a clean page: no panel
    assert server.get("billing/make-immediate-payment/")[0] == 404  # English is not built in a Dutch preview
    assert server.get("nl/account/close-account/")[0] == 200  # the fallback page is


def test_a_save_rechecks_and_rerenders_the_page(dutch_preview):
    project, server = dutch_preview
    path = project.root / "docs/nl/account/reset-password.md"
    before = len(server.log)
    path.write_text(path.read_text(encoding="utf-8") + "\nZie ook [een pagina die er niet is](weg.md).\n", encoding="utf-8")
    server.wait_for("Reloading browsers", after=before)
    log = "".join(server.log[before:])
    # The page, its English source, and the index pages that link to it; not the other thirteen.
    assert "helpsite: checked 4 of 17 articles again" in log, log
    assert "docs/nl/account/reset-password.md" in log and "LNK001" in log
    status, page = server.get("nl/account/reset-password/")
    assert "een pagina die er niet is" in page
    assert "LNK001" in page[page.index("helpsite-findings"):]
    # The navigation of the re-rendered page still names the pages a dirty build did not read.
    assert "Maak direct een betaling" in page and "Uw factuur begrijpen" in page


def test_findings_never_reach_a_built_page_or_the_search_index(site_copy):
    result = site_copy.mkdocs_build("--strict")
    assert result.returncode == 0, result.stderr
    for built in (site_copy.root / "site").rglob("*"):
        if built.suffix in (".html", ".json"):
            assert "helpsite-findings" not in built.read_text(encoding="utf-8"), built


def test_preview_of_a_locale_that_does_not_exist_is_refused(site_copy):
    result = subprocess.run([*HELPSITE, "serve", "--locale", "xx"], cwd=site_copy.root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "no folder" in result.stderr


def _between(page: str, start: str, end: str) -> str:
    part = page[page.index(start) :]
    return part[: part.index(end)]


def test_the_preview_says_where_it_is(dutch_preview):
    _, server = dutch_preview
    line = next(line for line in server.log if "Serving on" in line)
    assert line.split("Serving on ", 1)[1].split()[0] == f"http://127.0.0.1:{server.port}/nl/"
    assert server.get("nl/")[0] == 200 and server.get("")[0] == 404  # a Dutch preview has no English home page


def test_editing_the_source_shows_the_translation_outdated_after_a_reload(dutch_preview):
    project, server = dutch_preview
    status, page = server.get("nl/billing/understand-your-invoice/")
    assert status == 200 and "helpsite-notice--outdated" not in page and "helpsite-findings" not in page
    source = project.root / "docs/en/billing/understand-your-invoice.md"
    before = len(server.log)
    source.write_text(source.read_text(encoding="utf-8") + "\nA sentence the translation does not have yet.\n", encoding="utf-8")
    server.wait_for("Reloading browsers", after=before)
    status, page = server.get("nl/billing/understand-your-invoice/")  # the Dutch file did not change: its page did
    assert "helpsite-notice--outdated" in page and "Verouderde vertaling" in page
    assert "L10N001" in _between(page, "helpsite-findings", "</aside>")
    status, review = server.get("nl/review/side-by-side/billing/understand-your-invoice/")
    diff = _between(review, '<table class="helpsite-diff"', "</table>")
    assert status == 200 and 'helpsite-diff-text">+ <ins><code>A sentence the translation does not have yet.</code></ins>' in diff


def test_editing_a_locale_file_or_the_schema_rebuilds_the_preview(dutch_preview):
    project, server = dutch_preview
    locale = project.root / "locales/nl.yml"
    before = len(server.log)
    locale.write_text(locale.read_text(encoding="utf-8").replace("en nog niet nagekeken.", "en wacht op een nakijker."), encoding="utf-8")
    server.wait_for("Reloading browsers", after=before)
    assert "Deze pagina is automatisch vertaald en wacht op een nakijker." in server.get("nl/billing/make-immediate-payment/")[1]
    schema = project.root / "schema/article.schema.json"
    before = len(server.log)
    schema.write_text(schema.read_text(encoding="utf-8").replace('"required": [\n    "title"', '"required": [\n    "title", "ms.custom"'))
    server.wait_for("Reloading browsers", after=before)
    assert "META002" in "".join(server.log[before:])
    assert "META002" in _between(server.get("nl/account/add-users/")[1], "helpsite-findings", "</aside>")


def test_a_save_reports_what_it_changed_and_each_broken_link_once(dutch_preview):
    project, server = dutch_preview
    first = "".join(server.log)
    assert "LNK002" in first  # the index's link to a page Dutch lacks, reported when the preview starts...
    path = project.root / "docs/nl/account/reset-password.md"
    before = len(server.log)
    path.write_text(path.read_text(encoding="utf-8") + "\nZie [een pagina die er niet is](weg.md).\n", encoding="utf-8")
    server.wait_for("Reloading browsers", after=before)
    saved = server.log[before:]
    assert len([line for line in saved if "weg.md" in line]) == 1, "".join(saved)  # helpsite's LNK001, and not MkDocs' own as well
    assert "LNK001" in "".join(saved) and "LNK002" not in "".join(saved)  # ... and not again on every save
    assert "1 new finding, 0 gone" in "".join(saved)
    before = len(server.log)
    path.write_text(path.read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")
    server.wait_for("Reloading browsers", after=before)
    again = "".join(server.log[before:])
    assert "weg.md" not in again, again
    assert [line for line in server.log[before:] if "WARNING" in line and "'dirty' build" not in line] == []
    assert "0 new findings, 0 gone" in again
    before = len(server.log)
    path.write_text(path.read_text(encoding="utf-8").replace("(weg.md)", "(reset-password.md)"), encoding="utf-8")
    server.wait_for("Reloading browsers", after=before)
    assert "0 new findings, 1 gone" in "".join(server.log[before:])


def test_the_panels_codes_link_to_their_reference_pages_and_translations_to_their_review_pages(dutch_preview):
    _, server = dutch_preview
    _, page = server.get("nl/troubleshooting/payment-declined/")
    panel = _between(page, "helpsite-findings", "</aside>")
    href = panel.split('<a class="helpsite-finding-code" href="', 1)[1].split('"', 1)[0]
    assert href == "../../reference/l10n001/"
    status, reference = server.get("nl/reference/l10n001/")  # built in the Dutch preview, which has no English pages
    assert status == 200 and "L10N001" in reference
    status, queue = server.get("nl/review/")
    assert status == 200 and 'href="side-by-side/troubleshooting/payment-declined/"' in queue
    status, review = server.get("nl/review/side-by-side/troubleshooting/payment-declined/")
    assert status == 200 and "## The card limit was reached" in _between(review, '<table class="helpsite-diff"', "</table>")
    assert "helpsite review mark docs/nl/troubleshooting/payment-declined.md" in review


def test_serve_answers_a_missing_page_with_its_locales_404_page_and_shows_the_team_pages(site_copy):
    server = Server(site_copy.root)
    try:
        server.wait_for("Serving on")
        status, dutch = server.get("nl/bestaat/niet/")
        assert status == 404 and '<html lang="nl"' in dutch and "Pagina niet gevonden" in dutch
        status, english = server.get("does/not/exist/")
        assert status == 404 and '<html lang="en"' in english and "Page not found" in english
        assert server.get("nl/status/")[0] == 200 and server.get("nl/writers/")[0] == 200  # the team previews its pages
    finally:
        server.stop()
