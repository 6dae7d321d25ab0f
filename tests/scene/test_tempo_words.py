"""Tempo words and numbers -> BPM windows."""

import pytest

from composer.scene.tempo_words import TEMPO_WORDS, parse_tempo_text, suggest_tempo

ITALIAN = ("grave", "largo", "larghetto", "adagio", "andante", "moderato", "allegretto",
           "allegro", "vivace", "presto", "prestissimo")
ENGLISH = ("very slow", "slow", "moderate", "fast", "very fast")


def mid(window):
    return sum(window) / 2


def test_every_window_is_sane():
    for word, (lo, hi) in TEMPO_WORDS.items():
        assert word == " ".join(word.lower().split()), word
        assert 20 <= lo <= hi <= 300, word


def test_italian_markings_in_order():
    for marking in ITALIAN + ("lento", "andantino"):
        assert marking in TEMPO_WORDS
    mids = [mid(TEMPO_WORDS[m]) for m in ITALIAN]
    assert mids == sorted(mids) and len(set(mids)) == len(mids)
    assert 66 <= mid(TEMPO_WORDS["adagio"]) <= 76
    assert 76 <= mid(TEMPO_WORDS["andante"]) <= 108
    assert 120 <= mid(TEMPO_WORDS["allegro"]) <= 156
    assert mid(TEMPO_WORDS["andantino"]) > mid(TEMPO_WORDS["andante"]) - 5


def test_english_words_in_order():
    mids = [mid(TEMPO_WORDS[w]) for w in ENGLISH]
    assert mids == sorted(mids)
    assert TEMPO_WORDS["heartbeat"][0] >= 55 and TEMPO_WORDS["heartbeat"][1] <= 100
    assert 95 <= mid(TEMPO_WORDS["walking pace"]) <= 125
    assert mid(TEMPO_WORDS["relaxed"]) < mid(TEMPO_WORDS["brisk"])


@pytest.mark.parametrize("text,expected", [
    ("slow", TEMPO_WORDS["slow"]),
    ("  Andante ", TEMPO_WORDS["andante"]),
    ("walking pace", TEMPO_WORDS["walking pace"]),
    ("at a walking pace", TEMPO_WORDS["walking pace"]),
    ("Very   Slow", TEMPO_WORDS["very slow"]),
    ("heartbeat", TEMPO_WORDS["heartbeat"]),
    ("72", (72.0, 72.0)),
    ("72.5", (72.5, 72.5)),
    ("72 bpm", (72.0, 72.0)),
    ("72BPM", (72.0, 72.0)),
    ("about 90", (90.0, 90.0)),
    ("60-80", (60.0, 80.0)),
    ("60 - 80", (60.0, 80.0)),
    ("60\u201380", (60.0, 80.0)),
    ("60 \u2014 80", (60.0, 80.0)),
    ("60 to 80", (60.0, 80.0)),
    ("80-60", (60.0, 80.0)),
    ("60-80 bpm", (60.0, 80.0)),
])
def test_parse(text, expected):
    assert parse_tempo_text(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "zippy", "sixty", "60-", "-60", "60-80-100",
                                  "abc-def", "72 furlongs", "a", "at a"])
def test_not_understood(text):
    assert parse_tempo_text(text) is None


def test_not_a_string():
    assert parse_tempo_text(72) is None  # type: ignore[arg-type]


def test_suggestions():
    assert suggest_tempo("andnte") == "andante"
    assert suggest_tempo("Alegro") == "allegro"
    assert suggest_tempo("walking pase") == "walking pace"
    assert suggest_tempo("qqqzzz") is None
    assert suggest_tempo("") is None
