"""What every hostile case checks: the exit code, exactly one line on stderr for a refusal, no
traceback, a time bound, and what is left on disk."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from composer.cli import main

ROOT = Path(__file__).resolve().parents[2]
# A short scene: composing it takes a fraction of a second.
SHORT = 'title = "Short"\nmood = "calm"\nlength = "0:12"\n'


def run(capsys, *args, seconds: float = 20.0):
    """The command in this process (fast): (exit code, stdout, stderr)."""
    start = time.monotonic()
    code = main([a if isinstance(a, str) else os.fsdecode(a) for a in args])
    out, err = capsys.readouterr()
    assert time.monotonic() - start < seconds, f"took {time.monotonic() - start:.1f} s"
    assert "Traceback" not in err
    return code, out, err


def refused(capsys, *args, seconds: float = 20.0) -> str:
    """A refusal: non-zero, nothing on stdout, one line on stderr; returns that line."""
    code, out, err = run(capsys, *args, seconds=seconds)
    assert code != 0, out
    assert out == "", out
    assert err.count("\n") == 1 and err.startswith("memory-composer: "), err
    return err


def _as_a_terminal_job() -> None:
    # A foreground job takes Ctrl-C: SIGINT at its default, whatever the tests were started
    # from (a script's background job inherits SIGINT ignored, and so would the command).
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def spawn(args, cwd: Path, **kwargs) -> subprocess.Popen:
    """The installed command as a user starts it, in its own process group (as a terminal job)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "composer.cli", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, preexec_fn=_as_a_terminal_job, **kwargs)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_group_gone(pgid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not group_alive(pgid):
            return True
        time.sleep(0.05)
    return False


def temporaries(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob(".*") if p.is_file())
