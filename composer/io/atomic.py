"""Every file the program writes goes through here, under the rules of a careful tool.

- Whole or not at all: a temporary file beside the target, then a rename. The temporary file is
  removed on any error, and on SIGTERM or SIGHUP (a handler is registered while one exists); one
  left by a process killed outright (SIGKILL) is removed by the next write to the same target.
- Never an input: a file the command reads (`protect`) is refused as an output, by its inode, so
  a hard link or a symlink to it is refused too.
- A symlink is written through: its target is replaced, the link stays.
- A character device or a pipe (/dev/null, /dev/stdout, a FIFO with a reader) is written into,
  never replaced by a rename; a FIFO without a reader, a socket, a block device or a folder is
  refused in one line.
- An existing file keeps its mode (and, for root, its owner).
- Several files that belong together (a piece's MIDI, WAV and piano roll) are committed together
  (`together`): if one fails, none is written, and two of them may not be the same file.
"""

from __future__ import annotations

import atexit
import contextlib
import contextvars
import os
import shutil
import signal
import stat
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from composer.errors import ComposerError

# Symlinks followed before a path is called a loop (Linux allows 40).
_MAX_LINKS = 40
# Files this process reads, by (device, inode): never replaced or written into.
_protected: set[tuple[int, int]] = set()
# Temporary files alive now, removed if the process is told to stop.
_live: set[str] = set()
# Writes waiting to be committed together (None: each write commits at once).
_group: contextvars.ContextVar[list | None] = contextvars.ContextVar("atomic_group", default=None)
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def protect(*paths) -> None:
    """Never write over these files (the command's inputs), whatever name the output is given."""
    for path in paths:
        with contextlib.suppress(OSError, ValueError):
            info = os.stat(path)
            if stat.S_ISREG(info.st_mode):
                _protected.add((info.st_dev, info.st_ino))


@dataclass
class _Target:
    """Where a write ends: `final` is renamed onto (a regular file, or nothing yet) unless
    `through` is set, the path opened and written into (a device, a pipe, /dev/stdout)."""

    shown: str
    final: str
    through: str | None
    info: os.stat_result | None
    fifo: bool = False


def _refuse(shown: str, why: str) -> ComposerError:
    return ComposerError(f"{shown}: {why}")


def _resolve(path: str) -> tuple[str, bool]:
    """The path a symlink chain ends at, and whether it passes through /proc (/dev/stdout,
    /dev/fd/N: their targets are open files, not names a rename could replace)."""
    current = os.path.abspath(path)
    for _ in range(_MAX_LINKS):
        parent = os.path.realpath(os.path.dirname(current))
        if parent == "/proc" or parent.startswith("/proc/"):
            return current, True
        full = os.path.join(parent, os.path.basename(current))
        if not os.path.islink(full):
            return full, False
        current = os.path.join(parent, os.readlink(full))
    raise OSError(40, "too many levels of symbolic links")


def check_target(target) -> _Target:
    """The rules above applied to one output path; ComposerError (one line) when refused."""
    shown = os.fsdecode(os.fspath(target))
    try:
        final, magic = _resolve(shown)
        try:
            info = os.stat(shown)
        except FileNotFoundError:
            info = None
    except OSError as error:
        raise _refuse(shown, f"cannot write here ({error.strerror or error})") from None
    if info is None:
        if magic:
            raise _refuse(shown, "cannot write here (it names no file)")
        return _Target(shown, final, None, None)
    mode = info.st_mode
    if (info.st_dev, info.st_ino) in _protected:
        raise _refuse(shown, "is an input of this command; refusing to write over it")
    if stat.S_ISDIR(mode):
        raise _refuse(shown, "is a folder; give a file name")
    if stat.S_ISREG(mode):
        return _Target(shown, final, shown if magic else None, info)
    if stat.S_ISCHR(mode):
        return _Target(shown, final, shown, info)
    if stat.S_ISFIFO(mode):
        return _Target(shown, final, shown, info, fifo=True)
    kind = "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) \
        else "not a regular file"
    raise _refuse(shown, f"is {kind}; refusing to write into it")


def is_stream(target) -> bool:
    """True for an existing device or pipe (/dev/null, /dev/stdout into a pipe): written into,
    it holds no file name of its own for siblings (.wav, .png) to be named after."""
    try:
        mode = os.stat(target).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _same(a: _Target, b: _Target) -> bool:
    if a.info is not None and b.info is not None:
        return (a.info.st_dev, a.info.st_ino) == (b.info.st_dev, b.info.st_ino)
    return a.through is None and b.through is None and a.final == b.final


@dataclass
class _Pending:
    target: _Target
    tmp: str


# A stop whose handler ran while signals were held (_begin): carried out when they are released.
_deferred: list[int] = []
_holding = False


def _on_stop(signum, frame) -> None:
    """SIGTERM/SIGHUP while a temporary file exists: remove it, then stop as the signal asks. A
    signal that came just before _begin held them has its handler run inside the held
    instructions, where the file may exist but not yet be noted: the stop waits for the release."""
    if _holding:
        _deferred.append(signum)
        return
    _stop(signum)


def _stop(signum: int) -> None:
    cleanup()
    signal.signal(signum, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signum})  # the re-raise must not be held
    os.kill(os.getpid(), signum)


def _watch_signals() -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in _STOP_SIGNALS:
        with contextlib.suppress(ValueError, OSError):
            if signal.getsignal(sig) == signal.SIG_DFL:
                signal.signal(sig, _on_stop)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def _sweep(folder: str, name: str) -> None:
    """Remove temporary files for this target left by a process that no longer exists (killed
    with SIGKILL, or the machine lost power): their names carry the writer's process id."""
    prefix = f".{name}."
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if not entry.name.startswith(prefix):
                continue
            pid = entry.name[len(prefix):].split(".", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)) \
                    and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _hold_signals():
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)


def _release_signals(held) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def cleanup() -> None:
    """Remove every temporary file this process still has (on a signal, at exit)."""
    for tmp in list(_live):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        _live.discard(tmp)


atexit.register(cleanup)


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)
    _live.discard(tmp)


def _open_through(target: _Target) -> int:
    """Open a device, pipe or /proc-named file for writing, never blocking on a FIFO nobody reads."""
    flags = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0)
    if target.fifo:
        flags |= os.O_NONBLOCK
    elif target.info is not None and stat.S_ISREG(target.info.st_mode):
        flags |= os.O_TRUNC
    try:
        fd = os.open(target.through, flags)
    except OSError as error:
        if target.fifo and error.errno == 6:  # ENXIO: no reader
            raise _refuse(target.shown, "is a pipe nobody reads; refusing to wait for one") from None
        raise _refuse(target.shown, f"cannot write here ({error.strerror or error})") from None
    if target.fifo:
        os.set_blocking(fd, True)
    return fd


def _commit(pending: _Pending) -> None:
    target, tmp = pending.target, pending.tmp
    try:
        if target.through is not None:
            fd = _open_through(target)
            with open(fd, "wb") as out, open(tmp, "rb") as data:
                shutil.copyfileobj(data, out)
            _discard(tmp)
            return
        if target.info is not None:
            # Replacing a file keeps what its owner chose: its mode and, where we may, its owner.
            os.chmod(tmp, stat.S_IMODE(target.info.st_mode))
            if os.geteuid() == 0:
                with contextlib.suppress(OSError):
                    os.chown(tmp, target.info.st_uid, target.info.st_gid)
        os.replace(tmp, target.final)
        _live.discard(tmp)
    except ComposerError:
        _discard(tmp)
        raise
    except OSError as error:
        _discard(tmp)
        raise _refuse(target.shown, f"cannot write here ({error.strerror or error})") from None


def _begin(target, suffix: str) -> _Pending:
    checked = check_target(target)
    group = _group.get()
    if group is not None:
        for other in group:
            if _same(other.target, checked):
                raise _refuse(checked.shown, f"is the same file as {other.target.shown}; "
                                             "refusing to write both into it")
    # A device or pipe is written from a temporary file elsewhere: /dev is not ours to litter.
    folder = os.path.dirname(checked.final) if checked.through is None else tempfile.gettempdir()
    name = os.path.basename(checked.final) if checked.through is None else "memory-composer"
    _watch_signals()
    # A stop signal between creating the file and noting it would leave it behind: held off
    # for those few instructions.
    global _holding
    held = _hold_signals()
    _holding = True
    try:
        os.makedirs(folder, exist_ok=True)
        _sweep(folder, name)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.{os.getpid()}.", suffix=suffix or ".part",
                                   dir=folder)
        os.close(fd)
        _live.add(tmp)
    except OSError as error:
        raise _refuse(checked.shown, f"cannot write here ({error.strerror or error})") from None
    finally:
        _holding = False
        _release_signals(held)
        if _deferred:
            _stop(_deferred[0])
    # mkstemp makes owner-only files; a new file gets the usual mode under the umask.
    with contextlib.suppress(OSError):
        os.chmod(tmp, 0o666 & ~_umask())
    return _Pending(checked, tmp)


@contextlib.contextmanager
def atomic_path(target, suffix: str = ""):
    """Yield a temporary path for `target`; when the block ends without error the file is
    committed to `target` under the rules above (at once, or at the end of `together`).

    On any error the temporary file is removed, so no half-written output is ever left."""
    pending = _begin(target, suffix)
    try:
        yield Path(pending.tmp)
    except BaseException:
        _discard(pending.tmp)
        raise
    group = _group.get()
    if group is not None:
        group.append(pending)
    else:
        _commit(pending)


@contextlib.contextmanager
def together():
    """Writes inside this block are committed at its end, all of them, or none on an error."""
    if _group.get() is not None:  # already inside one: the outer block commits
        yield
        return
    group: list[_Pending] = []
    token = _group.set(group)
    try:
        yield
    except BaseException:
        for pending in group:
            _discard(pending.tmp)
        raise
    finally:
        _group.reset(token)
    for i, pending in enumerate(group):
        try:
            _commit(pending)
        except BaseException:
            for rest in group[i + 1:]:
                _discard(rest.tmp)
            raise


def write_bytes(target, data: bytes) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)
