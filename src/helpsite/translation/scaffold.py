"""`helpsite new`: an article with valid front matter, or a translation stub stamped for hand-off."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from helpsite.content.config import ReviewSettings
from helpsite.model import Article
from helpsite.translation.review import STUB, source_hash

DEFAULT_TOPIC = "article"
DEFAULT_PRIORITY = "Normal"


@dataclass(frozen=True, slots=True)
class Handoff:
    date: str  # MM/DD/YYYY
    commit: str | None  # the repository's commit at hand-off, when there is one


def _front_matter(values: dict[str, Any]) -> str:
    # One key a line, in the given order, quoted only where YAML needs it (titles with ': ', '#' ...).
    lines = [yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=10_000).rstrip("\n") for key, value in values.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def new_article(title: str, tag: str, date: str, *, topic: str = DEFAULT_TOPIC) -> str:
    """A new article in its own language: the keys the schema requires or the site expects."""
    front = _front_matter(
        {
            "title": title,
            "ms.topic": topic,
            "ms.date": date,
            "localization_priority": DEFAULT_PRIORITY,
            "ms.contentlocale": tag,
        }
    )
    return f"{front}# {title}\n\nWrite the article here.\n"


# Keys that describe a translation's own state: never copied from the source into a stub.
_TRANSLATION_STATE = ("ms.contentlocale", "ms.openlocfilehash", "ms.sourcegitcommit", "ms.lasthandoff", "ms.locfileid")


def translation_stub(source: Article, source_body: str, tag: str, handoff: Handoff, settings: ReviewSettings) -> str:
    """The source's front matter and text, to be translated, with the hand-off fields stamped and
    the state ``stub`` (``review.state_key``).

    The text stays in the source language until a translator replaces it, so `helpsite check`
    reports the page (LOC004, L10N009) until then, and the site serves the source page in its place
    (with the fallback notice, out of search and sitemaps) until the translator removes the state;
    the hash and commit let the review queue tell when the source changes after this hand-off.
    """
    skipped = {
        *_TRANSLATION_STATE,
        settings.source_hash_key,
        settings.source_commit_key,
        settings.handoff_key,
        settings.translation_type_key,
        settings.reviewer_key,
        settings.review_date_key,
        settings.state_key,
    }
    values: dict[str, Any] = {key: value for key, value in source.meta.items() if key not in skipped}
    values["ms.contentlocale"] = tag
    values[settings.source_hash_key] = source_hash(source)
    if handoff.commit:
        values[settings.source_commit_key] = handoff.commit
    values[settings.handoff_key] = handoff.date
    values[settings.state_key] = STUB
    return _front_matter(values) + source_body.lstrip("\n")
