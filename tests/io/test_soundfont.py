from pathlib import Path

import pytest

from composer.errors import RenderError
from composer.io import soundfont
from composer.io.soundfont import ENV_VAR, find_soundfont, fonts_in, search_dirs


def touch(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / n for n in names]
    for p in paths:
        p.write_bytes(b"RIFF")
    return paths


def test_explicit_file_wins_over_everything(tmp_path):
    (mine,) = touch(tmp_path / "a", "mine.sf2")
    (env,) = touch(tmp_path / "b", "FluidR3_GM.sf2")
    found = find_soundfont(mine, environ={ENV_VAR: str(env)}, dirs=[tmp_path / "b"])
    assert found == mine.resolve()


def test_environment_variable_comes_next(tmp_path):
    (env,) = touch(tmp_path / "b", "other.sf3")
    touch(tmp_path / "c", "FluidR3_GM.sf2")
    assert find_soundfont(None, environ={ENV_VAR: str(env)}, dirs=[tmp_path / "c"]) == env.resolve()


def test_first_folder_with_a_font_wins(tmp_path):
    touch(tmp_path / "empty")
    (first,) = touch(tmp_path / "project", "piano.sf2")
    touch(tmp_path / "system", "FluidR3_GM.sf2")
    dirs = [tmp_path / "missing", tmp_path / "empty", tmp_path / "project", tmp_path / "system"]
    assert find_soundfont(None, environ={}, dirs=dirs) == first.resolve()


def test_general_midi_fonts_are_preferred_inside_a_folder(tmp_path):
    folder = tmp_path / "fonts"
    touch(folder, "aaa-strings.sf2", "My_GM_Bank.sf3", "My_GM_Bank.sf2", "TimGM6mb.sf2",
          "FluidR3_GM.sf2", "notes.txt")
    names = [p.name for p in fonts_in(folder)]
    assert names == ["FluidR3_GM.sf2", "TimGM6mb.sf2", "My_GM_Bank.sf2", "My_GM_Bank.sf3",
                     "aaa-strings.sf2"]
    assert find_soundfont(None, environ={}, dirs=[folder]).name == "FluidR3_GM.sf2"


def test_a_folder_given_by_the_user_gives_its_best_font(tmp_path):
    touch(tmp_path / "fonts", "zzz.sf2", "GeneralUser GS v1.471.sf2")
    assert find_soundfont(tmp_path / "fonts", environ={}, dirs=[]).name == "GeneralUser GS v1.471.sf2"


@pytest.mark.parametrize("origin", ["explicit", "env"])
def test_a_named_font_that_is_missing_is_an_error_naming_it(tmp_path, origin):
    missing = tmp_path / "nope.sf2"
    with pytest.raises(RenderError) as caught:
        if origin == "explicit":
            find_soundfont(missing, environ={}, dirs=[])
        else:
            find_soundfont(None, environ={ENV_VAR: str(missing)}, dirs=[])
    message = str(caught.value)
    assert str(missing) in message and "no such SoundFont" in message
    assert (ENV_VAR in message) == (origin == "env")


def test_a_file_that_is_not_a_soundfont_is_refused(tmp_path):
    other = tmp_path / "song.mid"
    other.write_bytes(b"MThd")
    with pytest.raises(RenderError, match="not a SoundFont"):
        find_soundfont(other, environ={}, dirs=[])


def test_nothing_found_says_what_to_install_and_where_to_drop_one(tmp_path):
    with pytest.raises(RenderError) as caught:
        find_soundfont(None, environ={}, dirs=[tmp_path])
    message = str(caught.value)
    assert "fluid-soundfont-gm" in message
    assert str(soundfont.PROJECT_DIRS[0]) in message
    assert "--soundfont" in message and ENV_VAR in message
    assert "\n" not in message


def test_search_order_is_project_then_system_then_homebrew(monkeypatch):
    monkeypatch.setenv("HOMEBREW_PREFIX", "/opt/brewtest")
    dirs = search_dirs()
    repo = Path(soundfont.__file__).resolve().parents[2]
    assert dirs[0] == repo / "soundfonts"
    assert dirs[1] == Path("soundfonts")
    assert dirs.index(Path("/usr/share/sounds/sf2")) < dirs.index(Path("/usr/share/soundfonts"))
    assert dirs[-1] == Path("/opt/brewtest/share/soundfonts")


def test_this_machine_has_a_general_midi_font():
    # set-up installs fluid-soundfont-gm; the lookup must find it without any option
    found = find_soundfont(None, environ={})
    assert found.is_file() and found.suffix in (".sf2", ".sf3")
