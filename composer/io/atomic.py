"""Write files whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from composer.errors import ComposerError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(target, suffix: str = ""):
    """Yield a temporary path in the target's folder; on success it replaces the target.

    On any error the temporary file is removed, so no half-written output is ever left."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix or ".part",
                                   dir=target.parent)
    except OSError as error:
        raise ComposerError(f"{target}: cannot write here ({error.strerror or error})") from None
    os.close(fd)
    try:
        # mkstemp makes owner-only files; a finished file gets the usual mode under the umask.
        os.chmod(tmp, 0o666 & ~_umask())
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_bytes(target, data: bytes) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)
