"""The film and game options of compose and render: --stems (and, below, --score and loops)."""

import re

import pytest

from builders import run_main as run
from audio_fixtures import band_midi, save

from composer.io import meter


def test_render_stems_lists_the_mix_then_one_file_per_part(tmp_path, capsys, font):
    midi = save(band_midi(bars=1), tmp_path / "band.mid")
    code, out, err = run(capsys, "render", str(midi), "--out", str(tmp_path / "x.wav"),
                         "--soundfont", str(font), "--stems")
    assert code == 0, err
    if meter.available():
        assert re.search(r"peak -?\d+\.\d dBFS, -\d+\.\d LUFS$", err.strip()), err
    assert out.split() == [str(tmp_path / name) for name in
                           ("x.wav", "x.Track1.wav", "x.Track2.wav", "x.Track3.wav", "x.Track4.wav")]


def test_compose_stems_needs_wav(tmp_path, capsys):
    code, _, err = run(capsys, "compose", "scenes/beach.toml", "--stems", "--out-dir", str(tmp_path))
    assert code != 0 and "--stems" in err and "--wav" in err
    assert list(tmp_path.iterdir()) == []


def test_compose_score_writes_musicxml_beside_the_midi(tmp_path, capsys):
    pytest.importorskip("music21")
    target = tmp_path / "beach.musicxml"
    code, out, err = run(capsys, "compose", "scenes/beach.toml", "--out", str(tmp_path / "beach.mid"),
                         "--score", str(target))
    assert code == 0, err
    assert out.splitlines()[:2] == [str(tmp_path / "beach.mid"), str(target)]
    assert target.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_compose_score_refuses_other_suffixes_and_batches(tmp_path, capsys):
    code, _, err = run(capsys, "compose", "scenes/beach.toml", "--score", str(tmp_path / "x.doc"),
                       "--out-dir", str(tmp_path))
    assert code != 0 and ".musicxml" in err
    code, _, err = run(capsys, "compose", "scenes/beach.toml", "--seeds", "1-2", "--score",
                       str(tmp_path / "x.musicxml"), "--out-dir", str(tmp_path))
    assert code != 0 and "one scene and one seed" in err
    assert list(tmp_path.iterdir()) == []


def test_compose_score_pdf_is_engraved_with_the_midi(tmp_path, capsys, musescore):
    pytest.importorskip("music21")
    code, out, err = run(capsys, "compose", "scenes/night-market-loop.toml", "--out",
                         str(tmp_path / "loop.mid"), "--score", str(tmp_path / "loop.pdf"))
    assert code == 0, err
    assert (tmp_path / "loop.pdf").read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop.mid", "loop.pdf"]
