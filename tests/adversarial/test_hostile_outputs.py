"""Where a hostile --out can point, and what must survive: inputs, devices, links, modes."""

import os
import stat

import pytest

from hostile import SHORT, refused, run, spawn, temporaries


@pytest.fixture
def scene(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(SHORT)
    return path


def _untouched(scene):
    assert scene.read_text() == SHORT


def test_the_input_scene_is_never_overwritten_by_any_name(tmp_path, scene, capsys):
    (tmp_path / "link.mid").symlink_to(scene.name)
    os.link(scene, tmp_path / "hard.mid")
    assert "name it .mid" in refused(capsys, "compose", scene, "--out", scene)
    for name in ("link.mid", "hard.mid"):
        assert "is an input" in refused(capsys, "compose", scene, "--out", tmp_path / name)
    _untouched(scene)
    assert (tmp_path / "link.mid").is_symlink()
    assert temporaries(tmp_path) == []


def test_remember_never_overwrites_the_file_it_reads(tmp_path, capsys):
    text = tmp_path / "memory.mid"
    text.write_text("a calm evening by the sea")
    assert "is an input" in refused(capsys, "remember", "--from-file", text, "--out", text,
                                    "--scene-out", tmp_path / "m.toml")
    assert text.read_text() == "a calm evening by the sea"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memory.mid"]


def test_midi_is_never_written_into_a_wav_name(tmp_path, scene, capsys):
    assert "name it .mid" in refused(capsys, "compose", scene, "--out", tmp_path / "x.wav", "--wav")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.toml"]


def test_wav_beside_the_midi_may_not_be_the_midi(tmp_path, scene, capsys):
    (tmp_path / "x.wav").symlink_to("x.mid")
    assert "same file" in refused(capsys, "compose", scene, "--out", tmp_path / "x.mid", "--png",
                                  "--wav")
    assert not (tmp_path / "x.mid").exists() and temporaries(tmp_path) == []


def test_a_failed_render_leaves_no_midi_and_keeps_the_old_one(tmp_path, scene, capsys, monkeypatch):
    monkeypatch.setenv("MEMORY_COMPOSER_SOUNDFONT", str(tmp_path / "missing.sf2"))
    target = tmp_path / "x.mid"
    refused(capsys, "compose", scene, "--out", target, "--wav")
    assert not target.exists()
    target.write_bytes(b"the old piece")
    refused(capsys, "compose", scene, "--out", target, "--wav")
    assert target.read_bytes() == b"the old piece"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.toml", "x.mid"]


def test_an_existing_folder_as_out_is_one_line(tmp_path, scene, capsys):
    (tmp_path / "d").mkdir()
    assert "directory" in refused(capsys, "compose", scene, "--out", tmp_path / "d")
    assert "directory" in refused(capsys, "remember", "calm sea", "--out", tmp_path / "d")


def test_dev_null_stays_a_device(scene, capsys):
    code, out, _ = run(capsys, "compose", scene, "--out", "/dev/null")
    assert code == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
def test_a_device_node_as_out_stays_a_device(tmp_path, scene, capsys):
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    code, _, _ = run(capsys, "compose", scene, "--out", node)
    assert code == 0 and stat.S_ISCHR(node.stat().st_mode)
    assert "--wav and --png" in refused(capsys, "compose", scene, "--out", node, "--wav")
    assert temporaries(tmp_path) == []


def test_a_fifo_nobody_reads_is_refused_at_once(tmp_path, scene, capsys):
    fifo = tmp_path / "out.mid"
    os.mkfifo(fifo)
    assert "pipe nobody reads" in refused(capsys, "compose", scene, "--out", fifo, seconds=5)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_symlink_is_written_through_and_a_file_keeps_its_mode(tmp_path, scene, capsys):
    real = tmp_path / "real.mid"
    real.write_bytes(b"old")
    real.chmod(0o600)
    (tmp_path / "link.mid").symlink_to("real.mid")
    code, _, _ = run(capsys, "compose", scene, "--out", tmp_path / "link.mid")
    assert code == 0 and (tmp_path / "link.mid").is_symlink()
    assert real.read_bytes()[:4] == b"MThd" and stat.S_IMODE(real.stat().st_mode) == 0o600


def test_dev_stdout_carries_the_music_and_the_report_goes_to_stderr(tmp_path, scene):
    proc = spawn(["compose", str(scene), "--out", "/dev/stdout"], cwd=tmp_path)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and out[:4] == b"MThd" and b"Short" in err


def test_remember_leaves_no_scene_when_its_midi_cannot_be_written(tmp_path, capsys):
    (tmp_path / "file").write_text("a file, not a folder")
    refused(capsys, "remember", "a calm evening by the sea", "--scene-out", tmp_path / "m.toml",
            "--out", tmp_path / "file" / "m.mid")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
