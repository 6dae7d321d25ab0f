"""The command line as a user meets it: what it prints, what it writes, how it fails."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from builders import run_main as run

from contract import read, violations

ROOT = Path(__file__).resolve().parents[2]
SCENES = sorted((ROOT / "scenes").glob("*.toml"))
BEACH = ROOT / "scenes" / "beach.toml"


def test_compose_prints_the_path_and_one_summary_line(tmp_path, capsys):
    target = tmp_path / "x.mid"
    code, out, err = run(capsys, "compose", BEACH, "--seed", 7, "--out", target)
    assert code == 0 and err == ""
    path, line = out.strip().splitlines()
    assert path == str(target) and target.exists()
    assert line.startswith("Lying in the sand with you — ") and "seed 7" in line and "BPM" in line
    assert "6/8" in line or "4/4" in line or "3/4" in line
    assert violations(read(target.read_bytes())) == []


def test_compose_defaults_to_renders_with_the_scene_seed(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "compose", BEACH)
    assert code == 0
    assert out.splitlines()[0] == str(Path("renders") / "beach-14.mid")
    assert (tmp_path / "renders" / "beach-14.mid").exists()


def test_bad_scene_is_one_line_nonzero_and_writes_nothing(tmp_path, capsys):
    scene = tmp_path / "sand.toml"
    scene.write_text('mood = ["tendr"]\nlength = 60\n')
    target = tmp_path / "out.mid"
    code, out, err = run(capsys, "compose", scene, "--out", target)
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "sand.toml" in err and "did you mean 'tender'" in err
    assert list(tmp_path.iterdir()) == [scene]


def test_the_installed_command_never_shows_a_traceback(tmp_path):
    for args in (["compose", str(tmp_path / "missing.toml")], ["compose", str(tmp_path)],
                 ["explain", str(tmp_path / "nope.toml")], ["remember", "xyzzy plugh"]):
        done = subprocess.run([sys.executable, "-m", "composer.cli", *args], capture_output=True,
                              text=True, cwd=tmp_path)
        assert done.returncode != 0
        assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr


def test_batch_of_scenes_and_seeds_reports_a_failure_and_composes_the_rest(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("length = -3\n")
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "compose", BEACH, bad, "--seeds", "1-3", "--jobs", 2, "--out-dir", out_dir)
    assert code != 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["beach-1.mid", "beach-2.mid", "beach-3.mid"]
    # The bad scene is reported once, with the number of pieces it cost.
    assert err.count("bad.toml") == 1 and "(3 pieces not composed)" in err
    assert "3 composed, 3 failed" in err


def test_batch_in_processes_matches_one_at_a_time(tmp_path, capsys):
    run(capsys, "compose", ROOT / "scenes", "--seeds", "5", "--jobs", 1, "--out-dir", tmp_path / "a")
    run(capsys, "compose", ROOT / "scenes", "--seeds", "5", "--jobs", 2, "--out-dir", tmp_path / "b")
    a = sorted((tmp_path / "a").iterdir())
    assert len(a) == len(SCENES)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in sorted((tmp_path / "b").iterdir())]


def test_seed_and_seeds_together_are_refused(capsys):
    code, _, err = run(capsys, "compose", BEACH, "--seed", 1, "--seeds", "1-2")
    assert code != 0 and "not both" in err


def test_png_writes_a_piano_roll(tmp_path, capsys):
    code, out, _ = run(capsys, "compose", BEACH, "--out", tmp_path / "b.mid", "--png")
    assert code == 0
    png = tmp_path / "b.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


@pytest.mark.parametrize("scene", SCENES, ids=lambda p: p.name)
def test_explain_works_on_every_example(scene, capsys):
    code, out, err = run(capsys, "explain", scene)
    assert code == 0, err
    for needed in ("mood words", "valence", "mode", "tempo", "meter", "form", "band",
                   "plays", "setting"):
        assert needed in out
    assert out.count("[") >= 1 and "I" in out


def test_explain_json_has_each_section_progression(capsys):
    code, out, _ = run(capsys, "explain", BEACH, "--json")
    data = json.loads(out)
    assert data["instruments"]["Melody"] == "Acoustic Grand Piano"
    assert [s["name"] for s in data["sections"]] == ["warm sand", "the light goes gold", "the tide comes in"]
    assert all(s["progression"].split(" | ")[0] for s in data["sections"])
    assert data["sections"][-1]["phrases"][-1]["cadence"] == "authentic"


def test_batch_names_never_collide_and_repeats_compose_once(tmp_path, capsys):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "beach.toml").write_text(BEACH.read_text())
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "compose", tmp_path / "a", tmp_path / "b", tmp_path / "a" / "beach.toml",
                       "--seeds", "1,1,2", "--jobs", 1, "--out-dir", out_dir)
    assert code == 0 and "4 composed, 0 failed" in err
    assert sorted(p.name for p in out_dir.iterdir()) == ["a-beach-1.mid", "a-beach-2.mid",
                                                          "b-beach-1.mid", "b-beach-2.mid"]


# What only other commands need. `compose` is the command run most, often in a loop from a script:
# each of these would cost it start-up time (music21 or scipy alone takes longer than a whole
# compose), and the audio libraries can fail to load on a machine without a sound system, where
# composing MIDI must still work.
NOT_FOR_COMPOSE = ("music21", "scipy", "pyloudnorm", "matplotlib", "sounddevice", "fluidsynth",
                   "tomli_w", "composer.evaluate", "composer.io.audio", "composer.io.synth",
                   "composer.io.live", "composer.io.stems", "composer.io.score",
                   "composer.io.pianoroll", "composer.io.meter", "composer.endless",
                   "composer.remember", "composer.commands.audio", "composer.commands.evaluate")


def test_compose_imports_only_what_composing_needs(tmp_path):
    target = tmp_path / "x.mid"
    probe = ("import json, sys\nfrom composer.cli import main\n"
             f"code = main(['compose', {str(BEACH)!r}, '--out', {str(target)!r}])\n"
             "print(json.dumps([code, sorted(sys.modules)]))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                          check=True)
    code, modules = json.loads(done.stdout.splitlines()[-1])
    assert code == 0 and target.exists()
    assert {"composer.perform", "composer.io.midi", "mido"} <= set(modules)  # it did compose
    loaded = [m for m in modules if any(m == n or m.startswith(n + ".") for n in NOT_FOR_COMPOSE)]
    assert loaded == [], f"a cold compose imported {loaded}"
