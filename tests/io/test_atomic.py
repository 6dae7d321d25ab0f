"""The rules every output follows (composer/io/atomic.py), one test per rule."""

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from composer.errors import ComposerError
from composer.io import atomic
from composer.io.atomic import atomic_path, protect, together, write_bytes


@pytest.fixture(autouse=True)
def _no_protected_files_leak():
    saved = set(atomic._protected)
    yield
    atomic._protected.clear()
    atomic._protected.update(saved)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_new_file_is_written_whole_with_the_usual_mode(tmp_path):
    target = tmp_path / "deep" / "x.mid"
    write_bytes(target, b"abc")
    assert target.read_bytes() == b"abc"
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~atomic._umask()


def test_an_existing_file_keeps_its_mode(tmp_path):
    target = tmp_path / "x.mid"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "real.mid"
    real.write_bytes(b"old")
    link = tmp_path / "link.mid"
    link.symlink_to(real.name)
    write_bytes(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.mid"
    link.symlink_to("sub/made.mid")
    write_bytes(link, b"x")
    assert link.is_symlink() and (tmp_path / "sub" / "made.mid").read_bytes() == b"x"


def test_a_symlink_loop_is_refused_in_one_line(tmp_path):
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(ComposerError, match="symbolic links"):
        write_bytes(tmp_path / "a", b"x")


def test_an_input_is_never_overwritten_by_any_of_its_names(tmp_path):
    scene = tmp_path / "s.toml"
    scene.write_text("title = 'x'\n")
    (tmp_path / "link").symlink_to(scene.name)
    os.link(scene, tmp_path / "hard")
    protect(scene)
    for name in ("s.toml", "link", "hard"):
        with pytest.raises(ComposerError, match="is an input of this command"):
            write_bytes(tmp_path / name, b"MThd")
    assert scene.read_text() == "title = 'x'\n"
    assert _leftovers(tmp_path) == []


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(ComposerError, match="is a folder"):
        write_bytes(tmp_path, b"x")


def test_dev_null_is_written_into_never_replaced():
    before = os.stat("/dev/null")
    write_bytes("/dev/null", b"x" * 1000)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
def test_a_device_node_elsewhere_stays_a_device(tmp_path):
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    write_bytes(node, b"MThd")
    assert stat.S_ISCHR(node.stat().st_mode)
    assert _leftovers(tmp_path) == []


def test_a_fifo_without_a_reader_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    start = time.monotonic()
    with pytest.raises(ComposerError, match="pipe nobody reads"):
        write_bytes(fifo, b"x")
    assert time.monotonic() - start < 2
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_fifo_with_a_reader_gets_the_bytes(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    time.sleep(0.2)
    write_bytes(fifo, b"through the pipe")
    assert reader.communicate(timeout=10)[0] == b"through the pipe"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def _run(code: str, **kwargs):
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], stderr=subprocess.PIPE,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
                          timeout=60, **kwargs)


def test_dev_stdout_writes_into_a_pipe_or_a_redirected_file(tmp_path):
    code = "from composer.io.atomic import write_bytes; write_bytes('/dev/stdout', b'MThd')"
    assert _run(code).stdout == b"MThd"
    out = tmp_path / "out.mid"
    with open(out, "wb") as handle:
        assert _run(code, stdout=handle).returncode == 0
    assert out.read_bytes() == b"MThd"
    assert _leftovers(tmp_path) == []


def test_files_written_together_are_all_or_nothing(tmp_path):
    keep = tmp_path / "b.mid"
    keep.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with together():
            write_bytes(tmp_path / "a.mid", b"a")
            write_bytes(keep, b"new")
            raise RuntimeError("the render failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.mid"]
    assert keep.read_bytes() == b"old"
    with together():
        write_bytes(tmp_path / "a.mid", b"a")
        with atomic_path(tmp_path / "a.wav", suffix=".wav") as tmp:
            tmp.write_bytes(b"RIFF")
    assert (tmp_path / "a.mid").read_bytes() == b"a" and (tmp_path / "a.wav").read_bytes() == b"RIFF"


def test_two_files_written_together_may_not_be_one(tmp_path):
    (tmp_path / "x.wav").symlink_to("x.mid")
    with pytest.raises(ComposerError, match="same file as"):
        with together():
            write_bytes(tmp_path / "x.mid", b"MThd")
            write_bytes(tmp_path / "x.wav", b"RIFF")
    assert not (tmp_path / "x.mid").exists() and _leftovers(tmp_path) == []


def _writer_in_the_middle(target: Path) -> subprocess.Popen:
    """Another process that has begun writing `target` through atomic_path and is still at it."""
    code = f"""
        import time
        from composer.io.atomic import atomic_path
        with atomic_path({str(target)!r}, suffix=".wav") as tmp:
            tmp.write_bytes(b"partial")
            print("writing", flush=True)
            time.sleep(60)
    """
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    assert proc.stdout.readline() == b"writing\n"
    return proc


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_leaves_no_temporary_file(tmp_path, signum):
    target = tmp_path / "out.wav"
    proc = _writer_in_the_middle(target)
    assert len(_leftovers(tmp_path)) == 1
    proc.send_signal(signum)
    assert proc.wait(timeout=10) == -signum
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["hold", "mkstemp"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_whose_handler_runs_while_signals_are_held_leaves_no_file(tmp_path, signum, where):
    """A signal that arrives just before the few held instructions of a new temporary file, its
    Python handler running inside them (as it does when the process is slow to be scheduled: a
    batch's worker on a loaded machine): as the hold begins, or once the file exists but is not
    yet noted. The process still stops on the signal and no file is left. Before, the handler's
    own re-raise was held, the file was made and the process died at the release, leaving it
    behind. The handler is called where CPython would run it."""
    code = f"""
        import signal, tempfile
        from composer.io import atomic
        hold, make = atomic._hold_signals, tempfile.mkstemp

        def late(real):
            def call(*args, **kwargs):
                result = real(*args, **kwargs)
                atomic._on_stop({int(signum)}, None)  # the handler of a signal that came just before
                return result
            return call

        atomic._watch_signals()
        if {where!r} == "hold":
            atomic._hold_signals = late(hold)
        else:
            tempfile.mkstemp = late(make)
        with atomic.atomic_path({str(tmp_path / "out.mid")!r}) as tmp:
            tmp.write_bytes(b"MThd")
        print("not stopped")
    """
    done = _run(code)
    assert done.returncode == -signum and b"not stopped" not in done.stdout, done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_temporary_file_left_by_a_killed_writer_goes_with_the_next_write(tmp_path):
    target = tmp_path / "out.wav"
    proc = _writer_in_the_middle(target)
    proc.kill()  # SIGKILL: no handler runs
    proc.wait(timeout=10)
    assert len(_leftovers(tmp_path)) == 1
    (tmp_path / ".other.wav.1.x.wav").write_bytes(b"not ours")  # another target's: kept
    write_bytes(target, b"RIFF")
    assert target.read_bytes() == b"RIFF"
    assert _leftovers(tmp_path) == [".other.wav.1.x.wav"]
