"""Independent random streams within one stage.

A stage that drew every choice from one generator, in order, re-drew everything after any change:
one more chord in an early phrase, or one cadence planned another way, moved every later note and
the piece's last close with it. A stage instead seeds one stream per place it draws for (a phrase,
a section family's motifs, the piece's close), each from one draw of the stage's generator and the
place's name, so a change in one place leaves the draws of every other place as they were.
"""

from __future__ import annotations

import random
from typing import Callable

Streams = Callable[..., random.Random]


def streams(rng: random.Random) -> Streams:
    """The streams of one generator: `draw(*place)` is a fresh generator for that place, the same
    every time it is asked for (string seeds hash with SHA-512: the same on every machine)."""
    base = rng.getrandbits(64)

    def draw(*place) -> random.Random:
        return random.Random(f"{base}:" + ":".join(str(p) for p in place))
    return draw
