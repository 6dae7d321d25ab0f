"""Re-rolling one moment: which moment a user means, and the seed it is composed afresh with.

    reroll = parse_reroll(scene, "the light goes gold")        # a fresh seed, chosen here
    reroll = parse_reroll(scene, "the light goes gold:4821")   # that seed again
    reroll = parse_reroll(scene, "2:4821")                     # the second moment, by number

The re-roll has its own seed, so the scene's seed and the re-roll together give the piece exactly;
a re-roll without a seed picks one (from the system's randomness) and the piece records it (a
`reroll:` text event, `explain`, the line `compose` prints) so the same command reproduces it.
How a moment is composed afresh while everything around it stays is each stage's own business
(composer.harmony.reharmonize, composer.melody.Redo, composer.arrange.splice, composer.perform).
"""

from __future__ import annotations

import difflib
import random
from dataclasses import dataclass

from composer.errors import SceneError
from composer.scene.model import Scene
from composer.scene.text import normalise

MAX_REROLL_SEED = 99_999  # a fresh seed stays short enough to read out and type back


@dataclass(frozen=True)
class Reroll:
    index: int  # the moment's place, from 0 (its section in the plan)
    name: str
    seed: int

    @property
    def spec(self) -> str:
        """What `--reroll` takes to compose this again."""
        return f"{self.name or self.index + 1}:{self.seed}"

    def describe(self) -> str:
        return f'moment {self.index + 1} "{self.name}" re-rolled with seed {self.seed}'


def parse_reroll(scene: Scene, text: str, seed: int | None = None) -> Reroll:
    """A moment's name or 1-based number, with ':SEED' after it or `seed` given apart; else a
    fresh seed. Errors name the scene file and list the moments."""
    moments = scene.moments
    if len(moments) < 2:
        why = "it has no [[moments]]" if not moments else "it has one moment, which is the whole piece (use --seed)"
        raise SceneError(f"--reroll composes one moment afresh, but {why}", file=scene.source)
    text = text.strip()
    names = [normalise(m.name) for m in moments]
    head, given = text, None
    if normalise(text) not in names and ":" in text:
        left, _, right = text.rpartition(":")
        if right.strip().isdigit():
            head, given = left.strip(), int(right)
    if given is not None and seed is not None and given != seed:
        raise SceneError(f"--reroll '{text}' and --reroll-seed {seed} give two seeds; give one",
                         file=scene.source)
    seed = given if given is not None else seed
    if seed is not None and not 0 <= seed <= 2**31 - 1:
        raise SceneError(f"--reroll: a seed goes from 0 to {2**31 - 1}, not {seed}", file=scene.source)
    listing = ", ".join(f"{i + 1} '{m.name}'" for i, m in enumerate(moments))
    if head.isdigit():
        index = int(head) - 1
        if not 0 <= index < len(moments):
            raise SceneError(f"--reroll {head}: there are {len(moments)} moments ({listing})",
                             file=scene.source)
    elif normalise(head) in names:
        index = names.index(normalise(head))
    else:
        near = difflib.get_close_matches(normalise(head), names, 1)
        raise SceneError(f"--reroll: no moment named '{head}' (moments: {listing})", file=scene.source,
                         suggestion=moments[names.index(near[0])].name if near else None)
    if seed is None:
        seed = random.SystemRandom().randint(1, MAX_REROLL_SEED)
    return Reroll(index, moments[index].name, seed)


def parse_rerolls(scene: Scene, texts, seed: int | None = None) -> tuple[Reroll, ...]:
    """Several --reroll options, applied in order; `seed` (--reroll-seed) only with one."""
    if seed is not None and len(texts) != 1:
        raise SceneError(f"--reroll-seed is the seed of one --reroll, not of {len(texts)}; "
                         "write each as MOMENT:SEED", file=scene.source)
    rerolls = tuple(parse_reroll(scene, text, seed) for text in texts)
    seen: dict[int, Reroll] = {}
    for r in rerolls:
        if r.index in seen:
            raise SceneError(f"--reroll: moment {r.index + 1} '{r.name}' is re-rolled twice; "
                             "give it once", file=scene.source)
        seen[r.index] = r
    return rerolls
