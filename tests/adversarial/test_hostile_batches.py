"""Batches and seeds: one weak scene, unbounded ranges, colliding names, Ctrl-C and SIGTERM."""

import os
import signal
import time

import pytest

import composer
from hostile import SHORT, refused, run, spawn, temporaries, wait_group_gone


@pytest.mark.parametrize("seeds", ["0-2147483646", "0-10000", "1-5000,5001-10001"])
def test_too_many_seeds_are_counted_not_built(tmp_path, capsys, seeds):
    scene = tmp_path / "s.toml"
    scene.write_text(SHORT)
    assert "at most 10000 seeds" in refused(capsys, "compose", scene, "--seeds", seeds, seconds=2)


@pytest.mark.parametrize("seeds", ["1-", "-5", "a", "1-2-3", "", ",", "5-1", "1,,2", "99999999999",
                                   "1" * 400, "1 - x", "0x10"])
def test_seed_junk_is_one_line(tmp_path, capsys, seeds):
    scene = tmp_path / "s.toml"
    scene.write_text(SHORT)
    assert "--seeds" in refused(capsys, "compose", scene, "--seeds", seeds, seconds=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.toml"]


def test_scenes_sharing_a_name_and_a_folder_name_get_their_own_files(tmp_path, capsys):
    for top in ("a", "b"):
        (tmp_path / top / "x").mkdir(parents=True)
        (tmp_path / top / "x" / "s.toml").write_text(SHORT)
    code, out, err = run(capsys, "compose", tmp_path / "a/x/s.toml", tmp_path / "b/x/s.toml",
                         "--seeds", "1-2", "--jobs", "1", "--out-dir", tmp_path / "o")
    assert code == 0 and "4 composed, 0 failed" in err
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == [
        "a-x-s-1.mid", "a-x-s-2.mid", "b-x-s-1.mid", "b-x-s-2.mid"]


def test_a_bad_scene_in_a_big_batch_is_reported_once_with_its_count(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('mood = "calm"\nlength = -3\n')
    code, out, err = run(capsys, "compose", bad, "--seeds", "1-1000", "--out-dir", tmp_path / "o",
                         seconds=10)
    assert code != 0 and out == ""
    assert err.count("bad.toml") == 1 and "(1000 pieces not composed)" in err
    assert "0 composed, 1000 failed" in err


def test_any_failure_of_one_job_is_reported_on_its_line_and_the_rest_compose(tmp_path, capsys,
                                                                            monkeypatch):
    real = composer.compose

    def flaky(scene, seed=None, **kwargs):  # a bug in one stage, for one seed
        if seed == 2:
            raise ZeroDivisionError("division by zero")
        return real(scene, seed, **kwargs)

    monkeypatch.setattr(composer, "compose", flaky)
    scene = tmp_path / "s.toml"
    scene.write_text(SHORT)
    code, out, err = run(capsys, "compose", scene, "--seeds", "1-3", "--jobs", "1",
                         "--out-dir", tmp_path / "o")
    assert code != 0
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["s-1.mid", "s-3.mid"]
    line = next(line for line in err.splitlines() if "ZeroDivisionError" in line)
    assert "s.toml" in line and "seed 2" in line and "2 composed, 1 failed" in err


def _batch(tmp_path, count=300):
    scene = tmp_path / "s.toml"
    scene.write_text(SHORT)
    proc = spawn(["compose", "s.toml", "--seeds", f"1-{count}", "--jobs", "2", "--out-dir", "o"],
                 cwd=tmp_path)
    start = time.monotonic()
    first = proc.stdout.readline()
    # Progress as it goes: the first piece is shown long before the batch could end.
    assert first.startswith(b"o/s-1.mid"), first
    assert proc.poll() is None and time.monotonic() - start < 30
    return proc


def test_ctrl_c_stops_a_batch_promptly_and_leaves_no_worker_or_temporary_file(tmp_path):
    proc = _batch(tmp_path)
    os.killpg(proc.pid, signal.SIGINT)  # as the terminal sends it: to the whole group
    start = time.monotonic()
    _, err = proc.communicate(timeout=15)
    assert time.monotonic() - start < 5
    assert proc.returncode == 130 and err.decode().strip().splitlines()[-1] == \
        "memory-composer: interrupted", err
    assert b"Traceback" not in err
    assert wait_group_gone(proc.pid)
    assert len(list((tmp_path / "o").iterdir())) < 300 and temporaries(tmp_path) == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_to_the_parent_stops_its_workers(tmp_path, signum):
    proc = _batch(tmp_path)
    proc.send_signal(signum)  # the parent only, as `kill PID` does
    start = time.monotonic()
    _, err = proc.communicate(timeout=15)
    assert time.monotonic() - start < 5 and proc.returncode == 128 + signum
    assert err.decode().splitlines() == [f"memory-composer: stopped ({signal.Signals(signum).name})"]
    assert b"Traceback" not in err
    assert wait_group_gone(proc.pid), "workers still running"
    assert temporaries(tmp_path) == []


def test_a_batch_with_wav_writes_the_mix_beside_each_piece_and_no_stems(tmp_path, capsys):
    scene = tmp_path / "s.toml"
    scene.write_text(SHORT)
    code, _, err = run(capsys, "compose", scene, "--seeds", "1-2", "--jobs", "1", "--wav",
                       "--out-dir", tmp_path / "o")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["s-1.mid", "s-1.wav", "s-2.mid",
                                                                 "s-2.wav"]
