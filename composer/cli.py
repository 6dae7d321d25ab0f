"""The `memory-composer` command. Thin: each subcommand lives in composer/commands/ and is imported
only when it runs, so `compose` starts fast and never loads audio or analysis libraries."""

from __future__ import annotations

import importlib
import sys

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


def main(argv=None) -> int:
    """Entry point: one line for any error the user can fix, never a traceback."""
    try:
        cli.main(args=argv, prog_name="memory-composer", standalone_mode=False)
    except ComposerError as error:
        click.echo(f"memory-composer: {error}", err=True)
        return error.exit_code
    except click.exceptions.Abort:
        click.echo("memory-composer: interrupted", err=True)
        return 130
    except KeyboardInterrupt:
        click.echo("memory-composer: interrupted", err=True)
        return 130
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except OSError as error:
        click.echo(f"memory-composer: {error.filename or ''}: {error.strerror or error}", err=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
