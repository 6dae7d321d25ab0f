"""Print the tables the README quotes:

1. the melody table: the project's melodies over the mood circle beside Essen folk songs, Bach
   chorale soprano lines and a random diatonic walk;
2. the craft table over the example scenes (scenes/*.toml) at seeds 1-3 (form plans, shared bars and
   tonics need several scenes with one seed);
3. the craft table over the held-out scenes (composer.evaluate.generated) at seeds 1-3;
4. with --loudness, the examples' integrated loudness in order of arousal (renders with FluidSynth).

    .venv/bin/python benchmarks/musicality.py [COUNT (300)] [--scenes N] [--seeds 1-3] [--loudness]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

# Run from anywhere: the repository root first on the path, so `composer` is this checkout.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seeds_of(text: str) -> tuple[int, ...]:
    out = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        out.extend(range(int(low), int(high or low) + 1))
    return tuple(out)


def main(argv: list[str]) -> int:
    from composer import load_scene
    from composer.commands.evaluate import DEFAULT_COUNT
    from composer.evaluate import evaluate, format_report
    from composer.evaluate.craft_report import compose_pieces, craft_report, format_craft
    from composer.evaluate.generated import circle_melodies, held_out_scenes

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--scenes", type=int, default=50, help="held-out scenes")
    parser.add_argument("--seeds", type=seeds_of, default=(1, 2, 3))
    parser.add_argument("--loudness", action="store_true")
    args = parser.parse_args(argv)

    failed = 0
    began = time.perf_counter()
    report = evaluate(circle_melodies(args.count))
    print(format_report(report))
    print(f"\n({args.count} melodies composed and measured in {time.perf_counter() - began:.1f} s)")
    failed += bool(report.failures())

    examples = [load_scene(p) for p in sorted((ROOT / "scenes").glob("*.toml"))]
    for title, scenes in (("example scenes (scenes/*.toml)", examples),
                          (f"{args.scenes} held-out scenes", list(held_out_scenes(args.scenes)))):
        began = time.perf_counter()
        craft = craft_report(compose_pieces(scenes, args.seeds))
        print(f"\n== craft: {title}, seeds {','.join(map(str, args.seeds))} ==")
        print(format_craft(craft))
        print(f"({craft.pieces} pieces composed and measured in {time.perf_counter() - began:.1f} s)")
        failed += bool(craft.failures())

    if args.loudness:
        from composer.evaluate.loudness import format_loudness, loudness_rows

        rows, ok = loudness_rows(examples)
        print("\n== loudness: example scenes at their own seeds ==")
        print(format_loudness(rows, ok))
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
