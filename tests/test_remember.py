"""`remember`: free text -> an editable scene, understood by the same lexicons as scene files."""

import tomllib

import pytest

from composer.errors import SceneError
from composer.remember import scene_toml
from composer.scene import parse_scene

# (sentence, mood words expected among those found, setting fields expected, tempo, length)
SENTENCES = [
    ("We lay on the warm sand at dusk, waves rolling in, content and a little wistful",
     {"content", "a little wistful"}, {"place": "beach", "time": "dusk"}, None, None),
    ("A rainy night in the city, not happy, walking pace, 3 minutes",
     {"not happy"}, {"place": "city street", "time": "night", "weather": "rain"}, "walking pace", "3:00"),
    ("Dawn in the forest and I felt so peaceful", {"so peaceful"}, {"place": "forest", "time": "dawn"},
     None, None),
    ("A service in the cathedral, grieving and numb", {"grieving", "numb"}, {"place": "cathedral"},
     None, None),
    ("Racing down the highway at noon, excited and free, very fast", {"excited", "free"},
     {"place": "highway", "time": "noon"}, "very fast", None),
    ("Snow falling on the mountain in winter, calm, andante", {"calm"},
     {"place": "mountain", "weather": "snow", "season": "winter"}, "andante", None),
    ("Our first dance in the kitchen, in love and a bit silly", {"in love", "a bit silly"},
     {"place": "kitchen"}, None, None),
    ("Waiting in the hospital at 3am, anxious and exhausted", {"anxious", "exhausted"},
     {"place": "hospital"}, None, None),
    ("Coffee at the cafe on a foggy morning, nostalgic", {"nostalgic"},
     {"place": "cafe", "time": "morning", "weather": "fog"}, None, None),
    ("The train home after years away, homesick, 72 bpm, 1:30", {"homesick"}, {"place": "train"},
     "72", "1:30"),
    ("Summer on the lake, joyful and playful", {"joyful", "playful"},
     {"place": "lake", "season": "summer"}, None, None),
    ("The storm over the harbour, terrified", {"terrified"}, {"place": "harbour", "weather": "storm"},
     None, None),
]


@pytest.mark.parametrize("text,moods,setting,tempo,length", SENTENCES, ids=[s[0][:24] for s in SENTENCES])
def test_sentences_become_the_scene_they_describe(text, moods, setting, tempo, length):
    toml = scene_toml(text)
    data = tomllib.loads(toml)
    assert moods <= set(data.get("mood", [])), data
    for field, value in setting.items():
        assert data["setting"].get(field) == value, data
    assert data.get("tempo") == tempo
    assert data.get("length") == length
    scene = parse_scene(toml, "memory.toml")  # what it writes is a valid scene
    assert scene.title and scene.title[0].isupper()


def test_negation_turns_the_feeling_around():
    from composer.feel import feel_of

    happy = feel_of(parse_scene(scene_toml("a sunny afternoon in the park, happy"), "a.toml"))
    not_happy = feel_of(parse_scene(scene_toml("a sunny afternoon in the park, not happy"), "b.toml"))
    assert not_happy.valence < 0 < happy.valence


def test_nothing_recognisable_says_what_it_looks_for():
    with pytest.raises(SceneError) as error:
        scene_toml("qwerty zxcvb 12345")
    message = str(error.value)
    assert "feeling words" in message and "place" in message and "tempo" in message


def test_remember_command_writes_scene_and_midi(tmp_path, capsys):
    from composer.cli import main

    scene, midi = tmp_path / "m.toml", tmp_path / "m.mid"
    code = main(["remember", "We lay on the warm sand at dusk, content and a little wistful",
                 "--out", str(midi), "--scene-out", str(scene)])
    out = capsys.readouterr().out.splitlines()
    assert code == 0 and out[:2] == [str(scene), str(midi)]
    assert parse_scene(scene.read_text(), "m.toml").setting.place == "beach"
    assert midi.read_bytes()[:4] == b"MThd"


def test_a_sentence_asking_too_much_is_refused_without_hidden_line_numbers(tmp_path, capsys):
    from composer.cli import main

    code = main(["remember", "a rainy night in the city, sad, for 90 minutes",
                 "--out", str(tmp_path / "m.mid"), "--scene-out", str(tmp_path / "m.toml")])
    err = capsys.readouterr().err
    assert code != 0 and "60 minutes" in err and "line" not in err
    assert list(tmp_path.iterdir()) == []
