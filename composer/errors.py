"""One error family. The CLI prints str(error) as a single line and exits non-zero."""

from __future__ import annotations


class ComposerError(Exception):
    """Anything the user can fix; never shown with a traceback."""

    exit_code = 1


class SceneError(ComposerError):
    """A scene file that cannot be read or does not make sense.

    Rendered as 'FILE: line N: field: message (did you mean 'x'?)', leaving out what is unknown.
    """

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, field: str | None = None,
                 line: int | None = None, suggestion: str | None = None):
        self.message = message
        self.file = file
        self.field = field
        self.line = line
        self.suggestion = suggestion
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [p for p in (self.file, f"line {self.line}" if self.line else None, self.field) if p]
        text = ": ".join(where + [self.message])
        if self.suggestion:
            text += f" (did you mean '{self.suggestion}'?)"
        return text.replace("\n", " ")


class RenderError(ComposerError):
    """Audio could not be made: a missing library or SoundFont, an unwritable file."""

    exit_code = 3


class DeviceError(ComposerError):
    """Live playback failed: no PortAudio, no output device, device busy."""

    exit_code = 4
