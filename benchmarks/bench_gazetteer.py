"""Speed of gazetteer lookups and of tagging place names in text.

Prints: lookups of 10,000 names (known spellings, unseen variants, misses) and
tagging throughput in MB/s of CPU time on a generated corpus.

    python benchmarks/bench_gazetteer.py [--mb 20]
"""

from __future__ import annotations

import argparse
import random
import time

from gazetteer.matcher import PlaceTagger
from gazetteer.places import load_gazetteer

_VARIANTS = (("ee", "i"), ("ou", "u"), ("eh", "a"), ("'", ""), ("al-", "el-"), ("q", "k"), ("ll", "l"))


def _names(gaz, n: int, rng: random.Random) -> list[str]:
    spellings = [s for p in gaz.places for s in gaz.spellings(p)]
    out = []
    for i in range(n):
        s = rng.choice(spellings)
        if i % 3 == 1:  # an unseen variant
            a, b = rng.choice(_VARIANTS)
            s = s.replace(a, b)
        elif i % 3 == 2:  # probably a miss
            s = s[::-1]
        out.append(s)
    return out


def _corpus(gaz, mb: float, rng: random.Random) -> str:
    names = [p.name for p in gaz.places if p.on_map]
    filler = ("Residents said that the bombardment continued through the night while "
              "rescuers searched the rubble for survivors near the front line. ").split()
    words, size = [], 0
    while size < mb * 1_000_000:
        w = rng.choice(names) if rng.random() < 0.04 else rng.choice(filler)
        words.append(w)
        size += len(w) + 1
    return " ".join(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of the generated tagging corpus")
    args = parser.parse_args()
    rng = random.Random(7)
    gaz = load_gazetteer(user_layer=False)

    names = _names(gaz, 10_000, rng)
    t0 = time.perf_counter()
    found = sum(1 for n in names if gaz.find(n))
    dt = time.perf_counter() - t0
    print(f"lookup: 10,000 names in {dt:.3f} s ({10_000 / dt:,.0f}/s), {found} matched")

    t0 = time.perf_counter()
    tagger = PlaceTagger(gaz)
    print(f"tagger: {tagger.size} folded keys built in {time.perf_counter() - t0:.3f} s")
    text = _corpus(gaz, args.mb, rng)
    tagger.tag(text[:100_000])  # warm the word cache
    t0 = time.process_time()
    hits = tagger.tag(text)
    dt = time.process_time() - t0
    print(f"tagging: {len(text) / 1e6:.1f} MB, {len(hits):,} names, {dt:.2f} s CPU, "
          f"{len(text) / 1e6 / dt:.1f} MB/s on one core")


if __name__ == "__main__":
    main()
