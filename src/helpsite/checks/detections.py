"""The language detector's answers, kept beside the check cache between runs.

An answer depends only on the text, the candidate languages and the detector (py3langid's code and
model), so a run that checks a translation again because its body changed need not ask the
detector about its title again. Without that, a build after an edit of 10 articles at 6,000 pages
loaded the detector's model (numpy and 68 MB of tables: a sixth of a second of CPU) to be told
again what it had been told before about the titles of the 120 articles checked again.

The answers are kept in one file of the site's cache folder, named after the detector it asked:
another py3langid (an upgrade, another model file) or another way of asking (``ASKED``) starts an
empty one. Texts are kept as digests, so the file stays small whatever the pages hold. A file
that cannot be read, or holds a value that is not an answer, is ignored as a whole: the detector
is asked again, never trusted blindly.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

# How helpsite asks the detector (py3langid with normalized probabilities, restricted to the
# candidates): changed, the answers kept are no longer the detector's.
ASKED = "helpsite-detections 1"
# Answers kept at most; past it, a save keeps those the run asked for (a site's titles,
# descriptions and samples: three or four per page).
MAX_KEPT = 200_000
_MAX_FILE_BYTES = 64 * 1024 * 1024

Answer = tuple[str, float]


@functools.cache
def detector_identity() -> str | None:
    """py3langid's code and model as installed, found without importing it (that imports numpy);
    None when it is not installed where it can be looked at."""
    spec = importlib.util.find_spec("py3langid")
    if spec is None or not spec.submodule_search_locations:
        return None
    return identity_of(Path(next(iter(spec.submodule_search_locations))))


def identity_of(folder: Path) -> str | None:
    """The identity of the py3langid package in ``folder``: its classifier's code and its model
    file, by size and time (an upgrade writes both anew), and how helpsite asks it."""
    parts = [ASKED]
    for name in ("langid.py", "data/model.npz.xz"):
        try:
            status = (folder / name).stat()
        except OSError:
            return None
        parts.append(f"{name}:{status.st_size}:{status.st_mtime_ns}")
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=10).hexdigest()


def _key(text: str, languages: tuple[str, ...]) -> str:
    return hashlib.blake2b(f"{','.join(languages)}\0{text}".encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


class Detections:
    """Answers by (text, candidate languages); ``folder``: the cache folder they are kept in between
    runs (read when the first answer is asked for, written by :meth:`save` when some were new)."""

    def __init__(self, folder: Path | None) -> None:
        identity = detector_identity()
        self.path = folder / f"detections-{identity}.json" if folder is not None and identity else None
        self._answers: dict[str, Answer] | None = None  # None: the file not read yet
        self._asked: set[str] = set()
        self._new: dict[str, Answer] = {}

    def answer(self, text: str, languages: tuple[str, ...], detect: Callable[[str, tuple[str, ...]], Answer]) -> Answer:
        if self._answers is None:
            self._answers = self._read()
        key = _key(text, languages)
        self._asked.add(key)
        known = self._answers.get(key)
        if known is None:
            known = self._answers[key] = self._new[key] = detect(text, languages)
        return known

    def take_learned(self) -> dict[str, Answer]:
        """The answers asked of the detector since the last call, no longer counted as new here: a
        forked worker's, handed back to the parent, which keeps them."""
        learned, self._new = self._new, {}
        return learned

    def add(self, answers: dict[str, Answer]) -> None:
        """Answers another process learned (a forked worker's)."""
        if self._answers is None:
            self._answers = self._read()
        self._answers.update(answers)
        self._new.update(answers)
        self._asked.update(answers)

    def save(self) -> None:
        """Write the answers, when some are new, into the cache folder (which the caller has made)."""
        if self.path is None or not self._new or self._answers is None:
            return
        from helpsite.content.edit import write_whole

        kept = self._answers
        if len(kept) > MAX_KEPT:
            kept = {key: value for key, value in kept.items() if key in self._asked}
        rows = [[key, language, confidence] for key, (language, confidence) in kept.items()]
        data = json.dumps({"asked": ASKED, "answers": rows}, separators=(",", ":")).encode()
        with contextlib.suppress(OSError):  # a read-only cache folder costs only the detector's work next time
            write_whole(self.path, data)
        self._new = {}

    def _read(self) -> dict[str, Answer]:
        if self.path is None:
            return {}
        try:
            with open(self.path, "rb") as handle:
                if os.fstat(handle.fileno()).st_size > _MAX_FILE_BYTES:
                    return {}
                document = json.loads(handle.read())
        except (OSError, ValueError, RecursionError):
            return {}
        rows = document.get("answers") if isinstance(document, dict) and document.get("asked") == ASKED else None
        if not isinstance(rows, list):
            return {}
        answers: dict[str, Answer] = {}
        for row in rows:
            if not (type(row) is list and len(row) == 3 and type(row[0]) is str and type(row[1]) is str):
                return {}
            confidence = row[2]
            if type(confidence) not in (int, float) or not 0.0 <= confidence <= 1.0:
                return {}
            answers[row[0]] = (row[1], float(confidence))
        return answers


# The answers the checks of this process consult: those of the innermost `consulted`.
_consulted: list[Detections] = []


@contextlib.contextmanager
def consulted(detections: Detections) -> Iterator[Detections]:
    """The checks run within ask ``detections`` before the detector."""
    _consulted.append(detections)
    try:
        yield detections
    finally:
        _consulted.remove(detections)


def current() -> Detections | None:
    return _consulted[-1] if _consulted else None
