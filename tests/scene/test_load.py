"""Every form the scene format accepts parses to the right values; every example scene loads."""

from pathlib import Path

import pytest

from composer.scene import load_scene, parse_scene
from composer.scene.instruments import resolve_instrument
from composer.scene.lengths import parse_length
from composer.scene.model import Instrument, Length, Moment, Mood, Music, Scene, Setting, Tempo
from composer.theory import MODES

SCENES = Path(__file__).resolve().parents[2] / "scenes"
EXAMPLES = sorted(SCENES.glob("*.toml"))


def parse(text: str) -> Scene:
    return parse_scene(text, "test.toml")


# -- title, seed ---------------------------------------------------------------------------------

def test_title_defaults_to_the_file_stem(tmp_path):
    path = tmp_path / "evening-walk.toml"
    path.write_text('mood = ["calm"]\n', encoding="utf-8")
    scene = load_scene(path)
    assert scene.title == "evening-walk"
    assert scene.source == "evening-walk.toml"


def test_title_keeps_case_and_tidies_spaces():
    assert parse('title = "  Lying in  the Sand "').title == "Lying in the Sand"


def test_parse_scene_uses_source_for_default_title():
    assert parse_scene('mood = ["calm"]', "quiet.toml").title == "quiet"


@pytest.mark.parametrize("seed", [0, 14, 2**31 - 1])
def test_seed(seed):
    assert parse(f"seed = {seed}").seed == seed


def test_no_seed_is_none():
    assert parse('title = "x"').seed is None


# -- length ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, length", [
    ("130", Length(seconds=130.0)),
    ("90.5", Length(seconds=90.5)),
    ('"2:10"', Length(seconds=130.0)),
    ('"0:45"', Length(seconds=45.0)),
    ('"1:00:00"', Length(seconds=3600.0)),
    ('"60:00"', Length(seconds=3600.0)),
    ('"90"', Length(seconds=90.0)),
    ('"90 s"', Length(seconds=90.0)),
    ('"90 seconds"', Length(seconds=90.0)),
    ('"2 min"', Length(seconds=120.0)),
    ('"2.5 minutes"', Length(seconds=150.0)),
    ('"32 bars"', Length(bars=32)),
    ('" 2  BARS "', Length(bars=2)),
    ('"2000 bars"', Length(bars=2000)),
    ('"16 measures"', Length(bars=16)),
    ("5", Length(seconds=5.0)),
    ("00:02:10", Length(seconds=130.0)),  # a TOML time without quotes, read as a duration
])
def test_length_forms(written, length):
    assert parse(f"length = {written}").length == length


def test_length_helper_takes_plain_values():
    assert parse_length(130) == Length(seconds=130.0)
    assert parse_length("2:10") == Length(seconds=130.0)


def test_length_absent_is_none():
    assert parse('title = "x"').length is None


# -- mood ------------------------------------------------------------------------------------------

def test_mood_list_is_normalised_and_deduplicated():
    scene = parse('mood = ["  Tender ", "CONTENT", "tender", "in   love"]')
    assert scene.mood == Mood(words=("tender", "content", "in love"))


def test_mood_single_string_and_commas():
    assert parse('mood = "tender"').mood.words == ("tender",)
    assert parse('mood = "tender, Wistful"').mood.words == ("tender", "wistful")


def test_mood_table_with_words_and_numbers():
    scene = parse('[mood]\nwords = ["sad"]\nvalence = -0.7\narousal = -1\n')
    assert scene.mood == Mood(words=("sad",), valence=-0.7, arousal=-1.0)
    assert isinstance(scene.mood.arousal, float)


def test_mood_numbers_only_and_dotted_and_inline():
    assert parse("[mood]\nvalence = 0.3\narousal = -0.4").mood == Mood(valence=0.3, arousal=-0.4)
    assert parse("mood.valence = 1\nmood.arousal = 0").mood == Mood(valence=1.0, arousal=0.0)
    assert parse('mood = { words = ["happy"], valence = 0.9 }').mood == Mood(words=("happy",), valence=0.9)


def test_mood_with_modifier_phrase():
    assert parse('mood = ["a little sad"]').mood.words == ("a little sad",)


def test_no_mood_is_empty():
    assert parse('title = "x"').mood == Mood()


# -- setting ---------------------------------------------------------------------------------------

def test_setting_phrase_is_normalised():
    assert parse('setting = " Beach  at DUSK "').setting == Setting(phrase="beach at dusk")


def test_setting_table():
    scene = parse('[setting]\nplace = "Beach"\ntime = "dusk"\nweather = "warm  breeze"\nseason = "summer"\n')
    assert scene.setting == Setting(place="beach", time="dusk", weather="warm breeze", season="summer")


def test_unknown_place_is_not_an_error():
    # The feel stage falls back with a notice; the loader keeps what was written.
    assert parse('setting = "the moon base on titan"').setting.phrase == "the moon base on titan"
    assert parse('[setting]\nplace = "narnia"').setting.place == "narnia"


# -- tempo -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, tempo", [
    ("72", Tempo(bpm=72.0)),
    ("72.5", Tempo(bpm=72.5)),
    ("20", Tempo(bpm=20.0)),
    ("300", Tempo(bpm=300.0)),
    ('"72"', Tempo(bpm=72.0)),
    ('"72 bpm"', Tempo(bpm=72.0)),
    ('"60-80"', Tempo(range=(60.0, 80.0))),
    ('"60 - 80"', Tempo(range=(60.0, 80.0))),
    ('"60 to 80"', Tempo(range=(60.0, 80.0))),
    ('"70-70"', Tempo(range=(70.0, 70.0))),
    ('"slow"', Tempo(hint="slow")),
    ('" Andante "', Tempo(hint="andante")),
    ('"walking  pace"', Tempo(hint="walking pace")),
    ("{ bpm = 72 }", Tempo(bpm=72.0)),
    ("{ range = [60, 76] }", Tempo(range=(60.0, 76.0))),
    ('{ range = "60-76" }', Tempo(range=(60.0, 76.0))),
    ('{ hint = "slow" }', Tempo(hint="slow")),
    ('{ bpm = 112, hint = "allegretto" }', Tempo(bpm=112.0, hint="allegretto")),
])
def test_tempo_forms(written, tempo):
    assert parse(f"tempo = {written}").tempo == tempo


def test_tempo_table_section():
    assert parse("[tempo]\nrange = [60, 76]\nhint = 'slow'\n").tempo == Tempo(range=(60.0, 76.0), hint="slow")


# -- music -----------------------------------------------------------------------------------------

def test_music_overrides():
    scene = parse('[music]\nkey = "D"\nmode = "lydian"\nmeter = "6/8"\nlead = "piano"\n')
    assert scene.music == Music(key=2, key_name="D", mode="lydian", meter=(6, 8), lead=Instrument("Acoustic Grand Piano", 0))


@pytest.mark.parametrize("key, pc", [("C", 0), ("f#", 6), ("Bb", 10), ("E♭", 3), (" g ", 7), ("Cb", 11)])
def test_key_names(key, pc):
    assert parse(f'[music]\nkey = "{key}"').music.key == pc


def test_key_with_mode_sets_the_mode():
    assert parse('[music]\nkey = "D minor"').music == Music(key=2, key_name="D", mode="minor")
    assert parse('[music]\nkey = "F# Dorian"\nmode = "dorian"').music == Music(key=6, key_name="F#", mode="dorian")


@pytest.mark.parametrize("mode", sorted(set(MODES) | {"major", " Lydian ", "MINOR"}))
def test_every_mode_is_canonical(mode):
    got = parse(f'[music]\nmode = "{mode}"').music.mode
    assert got in MODES
    assert got == {"major": "ionian"}.get(mode.strip().lower(), mode.strip().lower())


@pytest.mark.parametrize("meter", ["1/4", "2/2", "3/4", "4/4", "6/8", "12/8", "5/4", "7/8", "16/16", "3 / 2"])
def test_meters(meter):
    n, d = (int(x) for x in meter.split("/"))
    assert parse(f'[music]\nmeter = "{meter}"').music.meter == (n, d)


@pytest.mark.parametrize("name", ["piano", "Piano", "Acoustic Grand Piano", "strings", "cello", "flute"])
def test_lead_is_resolved_to_its_gm_instrument_at_load(name):
    lead = parse(f'[music]\nlead = "{name}"').music.lead
    assert lead == resolve_instrument(name)


def test_a_figure_in_music_wins_over_the_settings():
    """[music] figure names how the tune's idea opens, over the setting's ("none": the mood's own
    opening); a scene that names none keeps its derived seed (the figure is out of the digest)."""
    from composer import scene_digest
    from composer.feel import feel_of

    mountain = 'mood = "tender"\nsetting = "mountain"\n'
    assert feel_of(parse(mountain)).palette.figure == "call"
    assert parse(mountain + '[music]\nfigure = "Cuckoo"').music.figure == "cuckoo"
    assert feel_of(parse(mountain + '[music]\nfigure = "cuckoo"')).palette.figure == "cuckoo"
    assert feel_of(parse(mountain + '[music]\nfigure = "none"')).palette.figure is None
    assert scene_digest(parse(mountain + '[music]\nfigure = "none"')) == scene_digest(parse(mountain))


# -- moments ---------------------------------------------------------------------------------------

def test_moments_in_order_with_all_fields():
    scene = parse(
        '[[moments]]\nname = "warm sand"\nlength = "0:40"\nmood = ["content"]\nintensity = 0.4\n'
        '[[moments]]\nname = "the light goes gold"\nlength = "8 bars"\n'
        'mood = { words = ["tender", "in love"], valence = 0.8 }\nintensity = 1\n')
    assert scene.moments == (
        Moment(name="warm sand", length=Length(seconds=40.0), mood=Mood(words=("content",)), intensity=0.4),
        Moment(name="the light goes gold", length=Length(bars=8),
               mood=Mood(words=("tender", "in love"), valence=0.8), intensity=1.0),
    )


def test_moment_without_a_name_is_numbered():
    scene = parse('[[moments]]\nintensity = 0.2\n[[moments]]\nname = "b"\n[[moments]]\nintensity = 0\n')
    assert [m.name for m in scene.moments] == ["moment 1", "b", "moment 3"]
    assert scene.moments[0].length is None and scene.moments[0].mood is None


def test_moment_mood_as_subtable():
    scene = parse('[[moments]]\nname = "a"\n[moments.mood]\nwords = ["sad"]\narousal = -0.5\n')
    assert scene.moments[0].mood == Mood(words=("sad",), arousal=-0.5)


def test_moments_as_inline_array():
    scene = parse('moments = [{ name = "a", intensity = 0.5 }, { mood = ["calm"] }]')
    assert scene.moments == (Moment(name="a", intensity=0.5),
                             Moment(name="moment 2", mood=Mood(words=("calm",))))


def test_sixty_four_moments_are_fine():
    scene = parse("".join(f"[[moments]]\nintensity = {i / 64}\n" for i in range(64)))
    assert len(scene.moments) == 64


def test_moment_lengths_kept_and_piece_length_left_to_the_plan():
    # The piece then lasts the moments' sum (the plan adds them up in its own tempo).
    scene = parse('[[moments]]\nlength = "0:25"\n[[moments]]\nlength = "1:15"\n')
    assert scene.length is None
    assert sum(m.length.seconds for m in scene.moments) == 100.0


def test_moments_may_add_up_to_an_hour():
    scene = parse('[[moments]]\nlength = "30:00"\n[[moments]]\nlength = "30:00"\n')
    assert len(scene.moments) == 2


# -- encodings, line endings -----------------------------------------------------------------------

def test_bom_and_crlf(tmp_path):
    path = tmp_path / "bom.toml"
    text = 'title = "Sand"\r\nmood = ["tender"]\r\n\r\n[music]\r\nkey = "D"\r\nlead = "piano"\r\n'
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    scene = load_scene(path)
    assert scene.title == "Sand" and scene.mood.words == ("tender",)
    assert scene.music == Music(key=2, key_name="D", lead=Instrument("Acoustic Grand Piano", 0))


def test_bom_in_text_and_lone_cr():
    assert parse('\ufefftitle = "a"\rseed = 3\r').seed == 3


def test_unicode_title():
    assert parse('title = "Ümlaut café — 海"').title == "Ümlaut café — 海"


def test_path_given_as_str(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("tempo = 90\n", encoding="utf-8")
    assert load_scene(str(path)).tempo == Tempo(bpm=90.0)


# -- the example scenes ----------------------------------------------------------------------------

def test_there_are_enough_examples():
    assert len(EXAMPLES) >= 8
    assert (SCENES / "beach.toml") in EXAMPLES


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_loads(path):
    scene = load_scene(path)
    assert scene.source == path.name
    assert scene.title and scene.title != path.stem  # each example names itself
    assert scene.mood.words or scene.mood.valence is not None


def test_examples_differ_from_each_other():
    scenes = [load_scene(p) for p in EXAMPLES]
    for attribute in ("title", "setting", "tempo"):
        values = [getattr(s, attribute) for s in scenes]
        assert len(set(values)) == len(values), attribute
    assert len({s.music.lead for s in scenes}) >= 8
    assert len({s.music.meter for s in scenes}) >= 4
    assert len({s.music.mode for s in scenes}) >= 5


def test_examples_exercise_the_format():
    scenes = {p.stem: load_scene(p) for p in EXAMPLES}
    all_scenes = list(scenes.values())
    assert any(s.length and s.length.bars for s in all_scenes)
    assert any(s.length is None and s.moments for s in all_scenes)  # length from the moments' sum
    assert any(s.mood.valence is not None for s in all_scenes)
    assert any(s.setting.phrase for s in all_scenes) and any(s.setting.place for s in all_scenes)
    assert any(s.tempo.bpm for s in all_scenes) and any(s.tempo.range for s in all_scenes)
    assert any(s.tempo.hint for s in all_scenes)
    assert any(not s.moments for s in all_scenes)
    assert any(m.mood and m.mood.valence is not None for s in all_scenes for m in s.moments)


def test_beach_scene_is_the_issue_example():
    scene = load_scene(SCENES / "beach.toml")
    assert scene.title == "Lying in the sand with you"
    assert scene.seed == 14
    assert scene.length == Length(seconds=130.0)
    assert scene.mood.words == ("tender", "content", "wistful")
    assert "beach" in (scene.setting.phrase or scene.setting.place)
    assert scene.tempo.hint == "slow"
    assert scene.music.lead.name == "Acoustic Grand Piano"
    assert "the light goes gold" in [m.name for m in scene.moments]
    assert sum(m.length.seconds for m in scene.moments) == 130.0
