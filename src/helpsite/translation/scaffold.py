"""`helpsite new`: an article with valid front matter, or a translation stub stamped for hand-off."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import frontmatter

from helpsite.content.config import ReviewSettings
from helpsite.model import Article
from helpsite.translation.review import STUB, source_hash

DEFAULT_TOPIC = "article"
DEFAULT_PRIORITY = "Normal"


@dataclass(frozen=True, slots=True)
class Handoff:
    date: str  # MM/DD/YYYY
    commit: str | None  # the repository's commit at hand-off, when there is one


def front_matter_text(values: dict[str, Any]) -> str:
    """The front matter block of a file written whole: one key a line, in the given order, quoted only where
    YAML needs it (titles with ': ', '#' ...), values never folded."""
    post = frontmatter.Post("")
    post.metadata.update(values)
    return frontmatter.dumps(post, sort_keys=False, width=10_000) + "\n"


def new_article(title: str, tag: str, date: str, *, topic: str = DEFAULT_TOPIC) -> str:
    """A new article in its own language: the keys the schema requires or the site expects."""
    front = front_matter_text(
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
    meta = translation_meta(source, tag, handoff, settings)
    meta[settings.state_key] = STUB
    return front_matter_text(meta) + source_body.lstrip("\n")


def translation_meta(source: Article, tag: str, handoff: Handoff, settings: ReviewSettings) -> dict[str, Any]:
    """A new translation's front matter: the source's, less its own translation state, with the hand-off stamped."""
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
    return values
