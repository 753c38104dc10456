"""The detector's model, kept decompressed per machine: the copy detects as py3langid's own model
does, and a damaged or unwritable copy costs only time."""

from __future__ import annotations

import copy

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from helpsite.checks import language_model

TEXTS = [
    "Maak direct een betaling vanuit uw account",
    "Make a payment directly from your account",
    "Eine Zahlung direkt aus dem Konto ausführen",
    "إجراء دفعة مباشرة من حسابك",
    "Effectuer un paiement directement depuis votre compte",
    "アカウントから直接支払いを行う",
    "Microsoft 365",
    "",
]


@pytest.fixture(scope="module")
def original():
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def same_answers(identifier, original) -> bool:
    for languages in (None, ["en", "nl"], ["ar", "de", "en", "fr", "ja", "nl"]):
        ours, theirs = copy.copy(identifier), copy.copy(original)
        ours.set_languages(languages)
        theirs.set_languages(languages)
        if [ours.classify(text) for text in TEXTS] != [theirs.classify(text) for text in TEXTS]:
            return False
    return True


def the_copy(cache_home):
    copies = list(cache_home.glob("langid-*.zst"))
    assert len(copies) == 1, copies
    return copies[0]


def test_the_first_load_makes_a_copy_and_later_loads_read_it_alone(cache_home, original, monkeypatch):
    assert same_answers(language_model.load_identifier(), original)
    copied = the_copy(cache_home)
    assert copied.stat().st_size < 16 * 1024 * 1024

    def no_slow_load(*args, **kwargs):
        raise AssertionError("read py3langid's compressed model although a copy was there")

    monkeypatch.setattr(LanguageIdentifier, "from_model_file", classmethod(no_slow_load))
    assert same_answers(language_model.load_identifier(), original)


def test_a_damaged_copy_is_made_again_and_detection_is_unchanged(cache_home, original):
    language_model.load_identifier()
    whole = the_copy(cache_home).read_bytes()
    damages = {
        "cut short": whole[: len(whole) // 2],
        "a byte changed": whole[:1000] + bytes([whole[1000] ^ 1]) + whole[1001:],  # zstd's checksum
        "other bytes": b"not a copy",
    }
    for damage, damaged in damages.items():
        the_copy(cache_home).write_bytes(damaged)
        assert same_answers(language_model.load_identifier(), original), damage
        assert the_copy(cache_home).read_bytes() == whole, damage  # made again, whole


def test_a_cache_folder_that_cannot_be_written_only_costs_the_slow_load(cache_home, original):
    cache_home.parent.mkdir(parents=True)
    cache_home.write_text("a file where the folder would be")
    assert same_answers(language_model.load_identifier(), original)
    assert cache_home.read_text() == "a file where the folder would be"
