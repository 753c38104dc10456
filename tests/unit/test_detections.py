"""The language detector's answers kept between check runs (helpsite.checks.detections): asked
once, read back by the next run, ignored when the file is not theirs, and a check after an edit
of a translation's body does not load the detector for its title."""

from __future__ import annotations

import itertools
import json
import os
import time

import pytest

from helpsite.checks import detections, locale
from helpsite.checks.detections import Detections, identity_of
from helpsite.content.config import Project
from helpsite.run.engine import run_check

from ..conftest import article

LANGUAGES = ("en", "nl")
TITLE = "Facturen beheren en betalingen controleren"  # one Dutch stop word: too few to judge without the detector


class Counted:
    """The real detector, counting what it is asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, text: str, languages: tuple[str, ...]) -> tuple[str, float]:
        self.asked.append(text)
        return locale._detect(text, languages)


def test_an_answer_is_asked_once_and_read_back_by_the_next_run(tmp_path):
    detect = Counted()
    first = Detections(tmp_path)
    answer = first.answer(TITLE, LANGUAGES, detect)
    assert first.answer(TITLE, LANGUAGES, detect) == answer and detect.asked == [TITLE]
    assert answer[0] == "nl"
    first.answer(TITLE, ("de", "en", "nl"), detect)  # other candidates: another question
    assert len(detect.asked) == 2
    first.save()
    [kept] = tmp_path.glob("detections-*.json")
    assert TITLE not in kept.read_text()  # texts are kept as digests
    again = Counted()
    assert Detections(tmp_path).answer(TITLE, LANGUAGES, again) == answer and again.asked == []


def test_without_a_folder_answers_are_kept_for_the_run_only(tmp_path):
    detect = Counted()
    memo = Detections(None)
    memo.answer(TITLE, LANGUAGES, detect)
    memo.answer(TITLE, LANGUAGES, detect)
    memo.save()
    assert detect.asked == [TITLE] and list(tmp_path.iterdir()) == []


DAMAGES = {
    "not JSON": b"{",
    "another way of asking": json.dumps({"asked": "helpsite-detections 0", "answers": []}).encode(),
    "answers not a list": json.dumps({"asked": detections.ASKED, "answers": {}}).encode(),
    "a row too short": None,
    "a confidence above 1": None,
    "a language that is not text": None,
}


def _damaged(path, name: str) -> bytes:
    if DAMAGES[name] is not None:
        return DAMAGES[name]
    document = json.loads(path.read_bytes())
    row = document["answers"][0]
    if name == "a row too short":
        row.pop()
    elif name == "a confidence above 1":
        row[2] = 1.5
    else:
        row[1] = 7
    return json.dumps(document).encode()


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_file_that_is_not_the_detectors_answers_is_ignored(tmp_path, damage):
    first = Detections(tmp_path)
    first.answer(TITLE, LANGUAGES, Counted())
    first.save()
    [kept] = tmp_path.glob("detections-*.json")
    kept.write_bytes(_damaged(kept, damage))
    detect = Counted()
    assert Detections(tmp_path).answer(TITLE, LANGUAGES, detect) == locale._detect(TITLE, LANGUAGES)
    assert detect.asked == [TITLE]  # asked again, not trusted


def test_another_detector_or_model_keeps_its_answers_apart(tmp_path):
    package = tmp_path / "py3langid"
    (package / "data").mkdir(parents=True)
    (package / "langid.py").write_text("# the classifier\n")
    model = package / "data" / "model.npz.xz"
    model.write_bytes(b"model 1")
    before = identity_of(package)
    status = model.stat()
    os.utime(model, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))  # another model installed
    assert before is not None and identity_of(package) not in (None, before)
    model.unlink()
    assert identity_of(package) is None  # nothing to name the answers after: none are kept
    assert Detections(tmp_path).path.name == f"detections-{detections.detector_identity()}.json"


def _translated_pair(project, name: str, title: str = TITLE) -> None:
    project.write(f"docs/en/{name}.md", article("Manage invoices and check payments", "# Invoices\n\nText.\n"))
    project.write(f"docs/nl/{name}.md", article(title, "# Facturen\n\nTekst.\n", ms_contentlocale="nl-NL"))


def _model_unloaded() -> None:
    locale._identifier.cache_clear()
    locale._full_identifier.cache_clear()


def test_a_check_after_an_edit_of_a_translations_body_does_not_load_the_detector(project, monkeypatch):
    monkeypatch.chdir(project.root)
    _translated_pair(project, "invoices")
    loaded = Project.load(project.root / "mkdocs.yml")
    _model_unloaded()
    run_check(loaded)
    assert locale._full_identifier.cache_info().misses == 1  # the title needed the detector
    _model_unloaded()
    project.write("docs/nl/invoices.md", article(TITLE, "# Facturen\n\nAndere tekst.\n", ms_contentlocale="nl-NL"))
    again = run_check(loaded)
    assert again.checked and locale._full_identifier.cache_info().misses == 0
    assert again.findings == run_check(loaded, cache=False).findings


def test_answers_found_in_parallel_workers_are_kept(project, monkeypatch):
    monkeypatch.chdir(project.root)
    things = (
        "betalingen",
        "rekeningen",
        "abonnementen",
        "licenties",
        "gebruikers",
        "groepen",
        "apparaten",
        "berichten",
        "bestanden",
        "mappen",
        "teams",
    )
    doings = ("controleren", "bekijken", "wijzigen", "verwijderen", "toevoegen", "delen", "openen", "sluiten", "zoeken", "kiezen")
    for number, (thing, doing) in enumerate(itertools.product(things, doings)):  # two workers' worth of articles (PARALLEL_MINIMUM)
        _translated_pair(project, f"page-{number}", f"Facturen beheren en {thing} {doing}")
    loaded = Project.load(project.root / "mkdocs.yml")
    run_check(loaded, jobs=2)
    [kept] = (project.root / ".helpsite-cache").glob("detections-*.json")
    assert len(json.loads(kept.read_bytes())["answers"]) >= 100  # the titles the stop words could not judge
    _model_unloaded()
    project.write("docs/nl/page-7.md", article(TITLE, "# Facturen\n\nAndere tekst.\n", ms_contentlocale="nl-NL"))
    assert run_check(loaded).checked and locale._full_identifier.cache_info().misses == 0


def test_the_first_check_that_keeps_answers_keeps_its_cache_folder_out_of_git(project, monkeypatch):
    monkeypatch.chdir(project.root)
    _translated_pair(project, "invoices")
    run_check(Project.load(project.root / "mkdocs.yml"))
    folder = project.root / ".helpsite-cache"
    assert list(folder.glob("detections-*.json")) and (folder / ".gitignore").read_text().splitlines()[-1] == "*"


def test_the_answers_of_a_detector_no_longer_installed_go_after_a_month(project, monkeypatch):
    monkeypatch.chdir(project.root)
    _translated_pair(project, "invoices")
    loaded = Project.load(project.root / "mkdocs.yml")
    run_check(loaded)
    folder = project.root / ".helpsite-cache"
    [current] = folder.glob("detections-*.json")
    old = folder / "detections-00000000000000000000.json"
    old.write_text(current.read_text())
    month_ago = time.time() - 31 * 86400
    for path in (current, old):
        os.utime(path, (month_ago, month_ago))
    project.write("docs/nl/invoices.md", article(TITLE, "# Facturen\n\nAndere tekst.\n", ms_contentlocale="nl-NL"))
    run_check(loaded)  # a run that writes its cache clears out what no run uses
    assert current.exists() and not old.exists()
