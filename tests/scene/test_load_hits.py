"""[[hits]] in a scene file: times in seconds or "m:ss.s", the five kinds (and the words film
composers also use for them), kept in time order; every mistake one line naming the field."""

import pytest

from composer import scene_seed
from composer.errors import SceneError
from composer.scene import parse_scene
from composer.scene.lengths import LengthProblem, parse_time

HEAD = 'title = "cue"\nlength = "1:00"\nmood = ["tense"]\n'


def hits(*tables: str) -> str:
    return HEAD + "".join(f"[[hits]]\n{t}\n" for t in tables)


def refuse(text: str) -> SceneError:
    with pytest.raises(SceneError) as caught:
        parse_scene(text, "cue.toml")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("cue.toml: ")
    return caught.value


def test_hits_are_read_in_time_order_with_their_place_in_the_file():
    scene = parse_scene(hits('at = "0:41.5"\nkind = "cadence"', 'at = 12\nkind = "silence"',
                             'at = "20.25 s"\nkind = "new section"'), "cue.toml")
    assert [(h.at, h.kind, h.number) for h in scene.hits] == [
        (12.0, "stop", 2), (20.25, "section", 3), (41.5, "cadence", 1)]


def test_hits_do_not_change_the_derived_seed():
    plain = parse_scene(HEAD, "cue.toml")
    with_hits = parse_scene(hits('at = 30\nkind = "accent"'), "cue.toml")
    assert scene_seed(plain) == scene_seed(with_hits)


@pytest.mark.parametrize("text, seconds", [
    (41, 41.0), (41.5, 41.5), ("41.5", 41.5), ("0:41.5", 41.5), ("1:02", 62.0), ("0:12:03.25", 723.25),
    ("12 s", 12.0), (0, 0.0)])
def test_times(text, seconds):
    assert parse_time(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["1:75", "-3", -3, "soon", "1:00:00:00", True, [1], float("nan"),
                                  "9" * 400 + ":00"])
def test_bad_times(text):
    with pytest.raises(LengthProblem):
        parse_time(text)


@pytest.mark.parametrize("table, field, words, suggestion", [
    ('at = "1:75"\nkind = "accent"', "hits[1].at", "below 60", None),
    ('at = -2\nkind = "accent"', "hits[1].at", "must not be negative", None),
    ('at = "0:4x"\nkind = "accent"', "hits[1].at", "cannot read '0:4x' as a time", None),
    ('at = 61\nkind = "accent"', "hits[1].at", "not before the piece's end (1:00.00)", None),
    ('at = 60\nkind = "accent"', "hits[1].at", "not before the piece's end", None),
    ('at = 30\nkind = "cadance"', "hits[1].kind", "unknown kind 'cadance'", "cadence"),
    ('at = 30\nkind = "explosion"', "hits[1].kind", "kinds: cadence, climax, accent, stop, section", None),
    ('at = 30\nkind = 3', "hits[1].kind", "must be a kind", None),
    ('at = 30', "hits[1]", "needs 'kind'", None),
    ('kind = "accent"', "hits[1]", "needs 'at'", None),
    ('at = 30\nkind = "accent"\nwhen = 3', "hits[1].when", "unknown key 'when'", "at"),
])
def test_bad_hits_name_the_field(table, field, words, suggestion):
    error = refuse(hits(table))
    assert error.field == field and words in error.message and error.suggestion == suggestion
    assert error.line is not None


def test_two_hits_at_one_time_are_refused():
    error = refuse(hits('at = 30\nkind = "accent"', 'at = "0:30.0"\nkind = "cadence"'))
    assert error.field == "hits[2].at" and "hits[1]" in error.message


def test_hits_must_be_a_list_of_tables():
    assert "[[hits]]" in refuse(HEAD + "[hits]\nat = 3\n").message
    assert "list" in refuse(HEAD + "hits = 3\n").message
    assert "empty" in refuse(HEAD + "hits = []\n").message


def test_the_moments_lengths_bound_the_hits_when_the_scene_has_none():
    text = ('mood = ["calm"]\n[[moments]]\nlength = 20\n[[moments]]\nlength = 20\n'
            '[[hits]]\nat = 41\nkind = "accent"\n')
    assert "not before the piece's end (0:40.00)" in refuse(text).message
