"""Where the tests' real articles are: the slice kept in the repository, and the shared corpus.

The slice (``tests/data/corpus``, see its README) is always there. The shared corpus is
``../shared`` beside the repository, as CI lays it out; when that folder is absent (a git worktree
elsewhere, a checkout of one's own), the environment variable ``HELPSITE_SHARED`` may name it:

    HELPSITE_SHARED=/work/shared ./dev test

No pytest here: bench scripts and ``tests/data/corpus/make_slice.py`` import it too.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SLICE = REPO / "tests" / "data" / "corpus"
SLICE_ALCHEMY = SLICE / "alchemy"  # <tag>/AlchemyInsights/ for en-US, nl-NL, de-DE
SLICE_ARABIC = SLICE / "m365-ar" / "ar-SA"  # microsoft-365/..., TOC.yml files, .openpublishing.redirection.json
SEED = SLICE / "seed" / "make-an-immediate-payment.nl-NL.md"


def find_shared() -> Path | None:
    """``../shared`` beside the repository if it is there (CI's layout), else ``$HELPSITE_SHARED``, else None."""
    beside = REPO.parent / "shared"
    if beside.is_dir():
        return beside
    named = os.environ.get("HELPSITE_SHARED")
    return Path(named).resolve() if named and Path(named).is_dir() else None


SHARED = find_shared()
SHARED_CORPUS = SHARED / "corpus" if SHARED else None
