"""Every malformed or out-of-range scene: one SceneError, one line, naming the file and the line
or field, with a suggestion for a near miss, and quickly (issue 2, "Bad input")."""

import os
import time
from pathlib import Path

import pytest

from composer.errors import SceneError
from composer.scene import load_scene, parse_scene
from composer.scene.load import MAX_DEPTH, MAX_FILE_BYTES, MODE_NAMES, UNOFFERED_MODES
from composer.theory import MODE_ALIASES, MODES, canonical_mode

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "scenes"
FAST = 2.0  # seconds: the "within a couple of seconds"


def refuse(text: str, source: str = "bad.toml") -> SceneError:
    started = time.perf_counter()
    with pytest.raises(SceneError) as caught:
        parse_scene(text, source)
    assert time.perf_counter() - started < FAST
    return caught.value


def refuse_file(path) -> SceneError:
    started = time.perf_counter()
    with pytest.raises(SceneError) as caught:
        load_scene(path)
    assert time.perf_counter() - started < FAST
    message = str(caught.value)
    assert "\n" not in message and message.startswith(os.fspath(path))
    return caught.value


# (scene text, line, field, words the message must contain, suggestion or None)
CASES = [
    # TOML syntax
    ('title = "x"\nmood = ["calm"\nseed = 3\n', 3, None, "not valid TOML", None),
    ('title = "unclosed\n', 1, None, "not valid TOML", None),
    ('seed = 3 4\n', 1, None, "not valid TOML", None),
    ('title = "x"\nmood = tender\n', 2, None, "quotes", 'mood = "tender"'),
    ('[music\nkey = "D"\n', 1, None, "not valid TOML", None),
    ('setting = beach at dusk  # where\n', 1, None, "quotes", 'setting = "beach at dusk"'),
    ('length = 2:10\n', 1, None, "quotes", 'length = "2:10"'),
    ('length = 32 bars\n', 1, None, "quotes", 'length = "32 bars"'),
    ('tempo = 72 bpm\n', 1, None, "quotes", 'tempo = "72 bpm"'),
    ('mood = [tender, wistful]\n', 1, None, "quotes", 'mood = ["tender", "wistful"]'),
    ('[music]\nlead = piano\n', 2, None, "quotes", 'lead = "piano"'),
    # duplicate keys and tables
    ('title = "a"\nseed = 1\ntitle = "b"\n', 3, "title", "set twice (first at line 1)", None),
    ('[music]\nkey = "D"\n\n[music]\nmode = "minor"\n', 4, "music", "set twice", None),
    ('tempo.bpm = 72\ntempo.bpm = 80\n', 2, "tempo.bpm", "set twice", None),
    ('[[moments]]\nname = "a"\nname = "b"\n', 3, "moments[1].name", "set twice", None),
    # unknown keys, with did-you-mean
    ('moods = ["calm"]\n', 1, "moods", "unknown key", "mood"),
    ('Title = "x"\n', 1, "Title", "lower case", "title"),
    ('tempo = 80\nduration = 60\n', 2, "duration", "unknown key", "length"),
    ('key = "D"\n', 1, "key", "belongs in [music]", None),
    ('[music]\ninstrument = "piano"\n', 2, "music.instrument", "unknown key", "lead"),
    ('[mood]\nwords = ["calm"]\nvalance = 0.2\n', 3, "mood.valance", "unknown key", "valence"),
    ('[setting]\nplace = "beach"\ncolour = "blue"\n', 3, "setting.colour", "unknown key", None),
    ('[tempo]\nbmp = 80\n', 2, "tempo.bmp", "unknown key", "bpm"),
    ('[[moments]]\nname = "a"\n[[moments]]\nintensty = 0.5\n', 4, "moments[2].intensty", "unknown key",
     "intensity"),
    # wrong types
    ('title = 5\n', 1, "title", "must be text", None),
    ('title = "   "\n', 1, "title", "empty", None),
    ('seed = "14"\n', 1, "seed", "whole number", None),
    ('seed = 1.5\n', 1, "seed", "whole number", None),
    ('seed = true\n', 1, "seed", "whole number", None),
    ('length = [1, 2]\n', 1, "length", "not a list", None),
    ('length = true\n', 1, "length", "true/false", None),
    ('mood = 5\n', 1, "mood", "list of words", None),
    ('mood = ["calm", 3]\n', 1, "mood", "text in quotes", None),
    ('mood = ["calm", ""]\n', 1, "mood", "empty word", None),
    ('[mood]\nvalence = "high"\n', 2, "mood.valence", "must be a number", None),
    ('setting = 5\n', 1, "setting", "not a number", None),
    ('setting = ["beach"]\n', 1, "setting", "not a list", None),
    ('[setting]\nplace = 3\n', 2, "setting.place", "must be text", None),
    ('tempo = true\n', 1, "tempo", "not true/false", None),
    ('tempo = [60, 80]\n', 1, "tempo", "not a list", None),
    ('[tempo]\nbpm = "fast"\n', 2, "tempo.bpm", "not text", None),
    ('[tempo]\nrange = [60]\n', 2, "tempo.range", "1 value", None),
    ('[tempo]\nrange = 60\n', 2, "tempo.range", "two tempos", None),
    ('[tempo]\nrange = "slow"\n', 2, "tempo.range", "two tempos", None),
    ('music = "piano"\n', 1, "music", "must be a table", None),
    ('[music]\nkey = 2\n', 2, "music.key", "note name", None),
    ('[music]\nlead = 0\n', 2, "music.lead", "instrument name", None),
    ('[music]\nloop = "yes"\n', 2, "music.loop", "true or false", None),
    ('moments = "intro"\n', 1, "moments", "list of [[moments]]", None),
    ('[moments]\nname = "a"\n', 1, "moments", "double brackets", None),
    ('moments = [1, 2]\n', 1, "moments[1]", "must be a table", None),
    # unknown words
    ('mood = ["tender", "tendr"]\n', 1, "mood", "unknown mood word 'tendr'", "tender"),
    ('mood = "Tendr"\n', 1, "mood", "unknown mood word 'tendr'", "tender"),
    ('[mood]\nwords = ["zzqxv"]\n', 2, "mood.words", "unknown mood word 'zzqxv'", None),
    ('[[moments]]\nname = "a"\n[[moments]]\nname = "b"\n[moments.mood]\nwords = ["tendr"]\n', 6,
     "moments[2].mood.words", "unknown mood word", "tender"),
    ('[[moments]]\nmood = { words = ["tendr"] }\n', 2, "moments[1].mood.words", "unknown mood word", "tender"),
    ('tempo = "slw"\n', 1, "tempo", "unknown tempo 'slw'", "slow"),
    ('[tempo]\nhint = "andnte"\n', 2, "tempo.hint", "unknown tempo", "andante"),
    ('[music]\nlead = "pianoo"\n', 2, "music.lead", "unknown instrument 'pianoo'", "piano"),
    ('[music]\nfigure = "fanfare"\n', 2, "music.figure", "unknown figure 'fanfare'; one of call", None),
    ('[music]\nfigure = 3\n', 2, "music.figure", "figure name", None),
    # numbers out of range
    ('seed = -1\n', 1, "seed", "out of range", None),
    (f'seed = {2**31}\n', 1, "seed", "out of range", None),
    ('[mood]\nvalence = 1.5\n', 2, "mood.valence", "out of range", None),
    ('[mood]\narousal = -2\n', 2, "mood.arousal", "out of range", None),
    ('mood.arousal = nan\n', 1, "mood.arousal", "finite", None),
    ('[[moments]]\nintensity = 1.01\n', 2, "moments[1].intensity", "out of range", None),
    ('[[moments]]\nintensity = -0.1\n', 2, "moments[1].intensity", "out of range", None),
    # zero, negative, absurd tempo
    ('tempo = 0\n', 1, "tempo", "positive", None),
    ('tempo = -60\n', 1, "tempo", "positive", None),
    ('tempo = 19\n', 1, "tempo", "out of range", None),
    ('tempo = 301\n', 1, "tempo", "out of range", None),
    ('tempo = 1e9\n', 1, "tempo", "out of range", None),
    ('tempo = inf\n', 1, "tempo", "finite", None),
    ('tempo = "0"\n', 1, "tempo", "positive", None),
    ('tempo = "900 bpm"\n', 1, "tempo", "out of range", None),
    ('tempo = "90-60"\n', 1, "tempo", "backwards", "60-90"),
    ('tempo = "10-60"\n', 1, "tempo", "out of range", None),
    ('[tempo]\nbpm = 0\n', 2, "tempo.bpm", "positive", None),
    ('[tempo]\nrange = [80, 60]\n', 2, "tempo.range", "backwards", "60-80"),
    ('[tempo]\nrange = [60, 400]\n', 2, "tempo.range", "out of range", None),
    # zero, negative, absurd length
    ('length = 0\n', 1, "length", "positive", None),
    ('length = -30\n', 1, "length", "positive", None),
    ('length = 4.9\n', 1, "length", "too short", None),
    ('length = 3601\n', 1, "length", "at most 60 minutes", None),
    ('length = 1e300\n', 1, "length", "at most 60 minutes", None),
    ('length = nan\n', 1, "length", "finite", None),
    ('length = "61:00"\n', 1, "length", "at most 60 minutes", None),
    ('length = "1:00:01"\n', 1, "length", "at most 60 minutes", None),
    ('length = "2 hours"\n', 1, "length", "at most 60 minutes", None),
    ('length = "0:00"\n', 1, "length", "positive", None),
    ('length = "2:75"\n', 1, "length", "below 60", None),
    ('length = "1 bar"\n', 1, "length", "at least 2 bars", None),
    ('length = "0 bars"\n', 1, "length", "positive", None),
    ('length = "2001 bars"\n', 1, "length", "at most 2000", None),
    ('length = "8.5 bars"\n', 1, "length", "whole number", None),
    ('length = "2 bras"\n', 1, "length", "unknown unit", "2 bars"),
    ('length = "two minutes"\n', 1, "length", "cannot read", None),
    ('length = ""\n', 1, "length", "empty", None),
    ('length = 1979-05-27\n', 1, "length", "not a date or time", None),
    ('length = 00:00:01\n', 1, "length", "too short", None),
    ('[[moments]]\nname = "a"\nlength = "3 s"\n', 3, "moments[1].length", "too short", None),
    ('[[moments]]\nlength = "40:00"\n[[moments]]\nlength = "40:00"\n', 1, "moments",
     "together last 1:20:00", None),
    ('[[moments]]\nlength = "1500 bars"\n[[moments]]\nlength = "1500 bars"\n', 1, "moments",
     "3000 bars", None),
    # bad key, mode, meter
    ('[music]\nkey = "H"\n', 2, "music.key", "not a note name", "B"),
    ('[music]\nkey = "re"\n', 2, "music.key", "not a note name", "D"),
    ('[music]\nkey = "Dm"\n', 2, "music.key", "not a note name", "D minor"),
    ('[music]\nkey = "X#"\n', 2, "music.key", "not a note name", None),
    ('[music]\nkey = "D minor"\nmode = "lydian"\n', 2, "music.key", "give the mode once", None),
    ('[music]\nkey = "D blues"\n', 2, "music.key", "unknown mode 'blues'", None),
    ('[music]\nmode = "lydain"\n', 2, "music.mode", "unknown mode", "lydian"),
    ('[music]\nmode = "locrian"\n', 2, "music.mode", "not offered", "phrygian"),
    ('[music]\nmode = "harmonic minor"\n', 2, "music.mode", "not offered", "minor"),
    ('[music]\nmode = "blues"\n', 2, "music.mode", "unknown mode 'blues'", None),
    ('[music]\nmode = "majr"\n', 2, "music.mode", "unknown mode", "major"),
    ('[music]\nmeter = "7/7"\n', 2, "music.meter", "lower number", None),
    ('[music]\nmeter = "3/32"\n', 2, "music.meter", "lower number", None),
    ('[music]\nmeter = "0/4"\n', 2, "music.meter", "upper number", None),
    ('[music]\nmeter = "17/8"\n', 2, "music.meter", "upper number", None),
    ('[music]\nmeter = "waltz"\n', 2, "music.meter", "not a time signature", None),
    ('[music]\nmeter = 3\n', 2, "music.meter", "time signature", None),
    # moments list
    ('moments = []\n', 1, "moments", "is empty", None),
    ("".join("[[moments]]\n" for _ in range(65)), 1, "moments", "at most 64", None),
    # a file with nothing in it but comments
    ("# just a thought\n\n# and another\n", None, None, "only comments", None),
]


@pytest.mark.parametrize("text, line, field, words, suggestion", CASES,
                         ids=[f"{i}-{c[2] or 'syntax'}" for i, c in enumerate(CASES)])
def test_bad_scene_text(text, line, field, words, suggestion):
    error = refuse(text)
    message = str(error)
    assert "\n" not in message
    assert message.startswith("bad.toml: ")
    assert error.file == "bad.toml"
    assert error.line == line
    assert error.field == field
    if line is not None:
        assert f"line {line}: " in message
    if field is not None:
        assert f": {field}: " in message
    assert words in message
    assert error.suggestion == suggestion
    if suggestion:
        assert message.endswith(f"(did you mean '{suggestion}'?)")


def test_message_shape_is_file_line_field_message_suggestion():
    error = refuse('title = "x"\nmood = ["tendr"]\n', "sand.toml")
    assert str(error) == "sand.toml: line 2: mood: unknown mood word 'tendr' (did you mean 'tender'?)"


def test_crlf_and_bom_keep_line_numbers_right():
    error = refuse('\ufefftitle = "x"\r\n\r\n[music]\r\nmeter = "7/7"\r\n')
    assert error.line == 4 and error.field == "music.meter"


def test_key_inside_multiline_string_is_not_mistaken_for_a_key():
    text = 'title = """\nmood = ["calm"]\n"""\nmood = ["tendr"]\n'
    error = refuse(text)
    assert error.line == 4


# -- fixtures on disk ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, line, field, suggestion", [
    ("near-miss-word.toml", 5, "mood", "tender"),
    ("unquoted-word.toml", 2, None, 'mood = "tender"'),
    ("duplicate-key.toml", 6, "music.key", None),
    ("unknown-instrument.toml", 5, "music.lead", "piano"),
    ("moment-out-of-range.toml", 9, "moments[2].intensity", None),
    ("latin1.toml", 1, None, None),
    ("binary.toml", 2, None, None),
])
def test_fixture_files(name, line, field, suggestion):
    error = refuse_file(FIXTURES / name)
    assert (error.line, error.field, error.suggestion) == (line, field, suggestion)


def test_binary_and_non_utf8_say_so():
    assert "binary" in str(refuse_file(FIXTURES / "binary.toml"))
    assert "not UTF-8" in str(refuse_file(FIXTURES / "latin1.toml"))


def test_utf16_file(tmp_path):
    path = tmp_path / "wide.toml"
    path.write_bytes('title = "x"\n'.encode("utf-16"))
    assert "UTF-16" in str(refuse_file(path))


def test_missing_path(tmp_path):
    assert "no such file" in str(refuse_file(tmp_path / "nowhere.toml"))


def test_path_through_a_file(tmp_path):
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    assert "no such file" in str(refuse_file(tmp_path / "plain" / "scene.toml"))


def test_directory(tmp_path):
    assert "directory" in str(refuse_file(tmp_path))


def test_empty_file(tmp_path):
    path = tmp_path / "empty.toml"
    path.write_bytes(b"")
    assert "is empty" in str(refuse_file(path))
    path.write_text(" \n\t\r\n", encoding="utf-8")
    assert "is empty" in str(refuse_file(path))


def test_ten_megabyte_junk_file(tmp_path):
    path = tmp_path / "junk.toml"
    path.write_bytes(os.urandom(10 * 1024 * 1024))
    assert "too big" in str(refuse_file(path))


def test_just_over_the_size_limit_even_if_valid(tmp_path):
    path = tmp_path / "long.toml"
    path.write_text('title = "x"\n#' + "a" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    assert "too big" in str(refuse_file(path))


def test_text_over_the_size_limit():
    assert "too big" in str(refuse("#" + "a" * (MAX_FILE_BYTES + 1)))


def test_a_device_is_refused_without_reading_it():
    assert "not a regular file" in str(refuse_file("/dev/zero"))


def test_a_fifo_is_refused_at_once_never_waited_on(tmp_path):
    fifo = tmp_path / "scene.toml"
    os.mkfifo(fifo)
    start = time.monotonic()
    assert "not a regular file" in str(refuse_file(fifo))
    assert time.monotonic() - start < 2


@pytest.mark.parametrize("length", [
    '"' + "9" * 400 + ' bars"', '"' + "9" * 400 + ':00"', "9" * 400, '"' + "9" * 400 + ' minutes"',
    "1e400", "9" * 5000,
])
def test_a_length_with_hundreds_of_digits_is_refused_in_one_line(length):
    error = refuse(f'mood = "calm"\nlength = {length}\n')
    assert "too long" in str(error) and "\n" not in str(error) and len(str(error)) < 200


def test_more_moments_than_the_bars_can_hold_are_refused():
    moments = '[[moments]]\nmood = "calm"\n' * 64
    error = refuse(f'length = "2 bars"\n{moments}')
    assert "64 moments" in str(error) and "cannot fit in 2 bars" in str(error)


@pytest.mark.parametrize("text", [
    "a = " + "[" * 200_000 + "]" * 200_000,
    "a = " + "{ b = " * 50_000 + "1" + " }" * 50_000,
    "mood = " + "[" * (MAX_DEPTH + 1) + '"calm"' + "]" * (MAX_DEPTH + 1),
    "a" + ".a" * 300_000 + " = 1",
    "[" + "a." * 300_000 + "a]",
    'x = { "k"' + '."k"' * 100_000 + " = 1 }",
], ids=["arrays", "inline tables", "just too deep", "dotted key", "table header", "quoted dotted key"])
def test_absurd_nesting_is_refused_quickly(text):
    error = refuse(text)
    assert "nested" in str(error) and error.line == 1


@pytest.mark.parametrize("text", [
    'title = "' + "[" * 150 + '"\n',
    'title = "' + "a." * 90 + '"\n',
    "title = '" + "{a." * 60 + "'\n",
    'title = """\n' + "[a.\n" * 40 + '"""\n',
    "# " + "[a. " * 100 + "\n",
])
def test_brackets_and_dots_in_strings_and_comments_are_not_nesting(text):
    error = refuse(text + 'mood = ["tendr"]\n')
    assert "tendr" in str(error) and error.line == text.count("\n") + 1


def test_unreadable_file(tmp_path, monkeypatch):
    # Simulated, so the test also means something when run as root (who may read anything).
    from composer.scene import load as loader

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    path = tmp_path / "secret.toml"
    path.write_text('title = "x"\n', encoding="utf-8")
    monkeypatch.setattr(loader, "open", denied, raising=False)
    assert "permission denied" in str(refuse_file(path))


def test_mode_tables_agree_with_theory():
    assert set(MODE_NAMES) == set(MODES) | set(MODE_ALIASES)
    for name, (_, instead) in UNOFFERED_MODES.items():
        assert canonical_mode(name) is None and canonical_mode(instead) is not None
