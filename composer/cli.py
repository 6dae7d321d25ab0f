"""The `memory-composer` command. Thin: each subcommand lives in composer/commands/ and is imported
only when it runs, so `compose` starts fast and never loads audio or analysis libraries."""

from __future__ import annotations

import importlib
import importlib.util
import os
import signal
import sys
import unicodedata
from pathlib import Path

import click

from composer.errors import ComposerError

# name -> "module:attribute" of a click command
COMMANDS = {
    "compose": "composer.commands.compose:compose",
    "explain": "composer.commands.explain:explain",
    "remember": "composer.commands.remember:remember",
    "render": "composer.commands.audio:render",
    "play": "composer.commands.audio:play",
    "devices": "composer.commands.audio:devices",
    "evaluate": "composer.commands.evaluate:evaluate",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(name for name in COMMANDS if self._available(name))

    @staticmethod
    def _available(name: str) -> bool:
        return importlib.util.find_spec(COMMANDS[name].split(":")[0]) is not None

    def get_command(self, ctx, name):
        if name not in COMMANDS or not self._available(name):
            return None
        module, attribute = COMMANDS[name].split(":")
        return getattr(importlib.import_module(module), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="memory-composer")
def cli():
    """Compose music from a moment: a scene file becomes a MIDI piece, audio, live sound."""


class Stopped(BaseException):
    """A stop signal (SIGTERM, SIGHUP) turned into an exception, so what is under way is undone
    on the way out; not an Exception, so no `except Exception` swallows it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown(text: str) -> str:
    """Text safe to print on a terminal: control characters (which could move the cursor, clear
    the screen or break the one-line promise) and bytes that were not UTF-8 in a file name
    (surrogate escapes) are shown as escapes, the rest as it is."""
    out = []
    for ch in str(text):
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte of a non-UTF-8 file name (os.fsdecode)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        elif unicodedata.category(ch) == "Cc":
            out.append(_ESCAPES.get(ch) or f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def path_type(**options) -> click.Path:
    """A file or folder a command takes. Click is not asked whether it can be read: the reader says
    why it cannot, on one line naming the file, the same way in every command."""
    return click.Path(readable=False, path_type=Path, **options)


def _say(message: str) -> None:
    click.echo(f"memory-composer: {shown(message)}", err=True)


def main(argv=None) -> int:
    """Entry point: one line for any error, never a traceback (MEMORY_COMPOSER_DEBUG=1 shows
    the traceback of an internal error, for whoever fixes it)."""
    try:
        cli.main(args=argv, prog_name="memory-composer", standalone_mode=False)
    except ComposerError as error:
        _say(str(error))
        return error.exit_code
    except Stopped as stop:
        _say(f"stopped ({signal.Signals(stop.signum).name})")
        return 128 + stop.signum
    except (click.exceptions.Abort, KeyboardInterrupt):
        _say("interrupted")
        return 130
    except click.exceptions.NoArgsIsHelpError as error:
        error.show()  # the help text itself, asked for by giving nothing
        return error.exit_code
    except click.UsageError as error:
        # Click's usual three lines (usage, a hint, the error) become one.
        where = error.ctx.command_path if error.ctx is not None else "memory-composer"
        _say(f"{' '.join(error.format_message().split())} (see '{where} --help')")
        return error.exit_code
    except click.ClickException as error:
        _say(" ".join(error.format_message().split()))
        return error.exit_code
    except OSError as error:
        _say(f"{error.filename or ''}: {error.strerror or error}")
        return 1
    except Exception as error:  # noqa: BLE001 - a bug: still one line, and a way to see more
        if os.environ.get("MEMORY_COMPOSER_DEBUG"):
            raise
        _say(f"internal error: {type(error).__name__}: {' '.join(str(error).split())} "
             "(MEMORY_COMPOSER_DEBUG=1 shows where)")
        return 70
    return 0


if __name__ == "__main__":
    # `python -m composer.cli`: run the module the commands import (composer.cli), not this copy
    # of it named __main__, so the exceptions they raise are the ones caught here.
    from composer.cli import main as _main

    sys.exit(_main())
