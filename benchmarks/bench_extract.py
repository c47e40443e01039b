"""Speed and memory of the whole extraction on a generated corpus of live blogs.

Writes a corpus of synthetic live-blog articles (UPDATE entries, an original
entry, captions, link lines and reader comments; sentences drawn from templates
with gazetteer place names, dates, numbers and actors) with a ``manifest.csv``
to a temporary folder, then prints:

* tagging alone: ``PlaceTagger.tag`` plus context resolution over every text,
  MB/s of CPU time on one core, with the peak memory of that stream (reading
  and tagging hold one article at a time: it must stay flat);
* the whole extraction, ``mapper.pipeline.extract`` (reading, entries,
  sentences, attributes, control, events, merging, frames), MB/s of CPU and
  wall time, streaming as ``mapper build`` does (``keep_text=False``: the
  result keeps no article text);
* peak resident memory of a fresh process extracting the first 10 MB, 25 MB
  and all of the corpus, to show whether memory stays flat as the corpus grows.

Each run is a separate process (peak RSS only ever grows within one), on the
same files in the same order.  Figures are CPU time (``time.process_time``)
because the machine may be shared; wall time is printed beside it.

    python benchmarks/bench_extract.py [--mb 50] [--checkpoints 10,25] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("November", "December")
_NUMBERS = (
    "two",
    "three",
    "five",
    "seven",
    "a dozen",
    "dozens of",
    "at least 12",
    "more than 40",
    "15",
    "23",
    "about 60",
    "nearly 100",
    "scores of",
    "eight",
    "11",
)
_VICTIMS = ("civilians", "people", "children", "fighters", "residents", "rebels", "soldiers")
_ACTORS = (
    "regime forces",
    "pro-Assad forces",
    "the Syrian army",
    "government troops",
    "rebels",
    "opposition fighters",
    "Jabhat Fateh al-Sham",
    "Iranian-backed militias",
    "Hezbollah fighters",
    "Russian warplanes",
    "Kurdish YPG units",
    "the Islamic State",
    "Turkish-backed rebels",
    "loyalist militias",
    "Free Syrian Army factions",
)
_SOURCES = (
    "activists said",
    "the Syrian Observatory for Human Rights reported",
    "state media claimed",
    "a rescuer told reporters",
    "local sources said",
    "opposition outlets reported",
    "a pro-regime site said",
    "witnesses said",
)
_HEDGES = ("reportedly", "apparently", "allegedly", "", "", "", "")
_FILLER = (
    "The statement was not independently verified.",
    "Aid agencies warned of a catastrophe as temperatures dropped below freezing.",
    "Families sheltered in basements while the bombardment continued through the night.",
    "Diplomats met again in Geneva but no agreement was announced.",
    "Hospitals were out of fuel and the last ambulances had been destroyed.",
    "The UN envoy called for a humanitarian pause to let the wounded out.",
    "Foreign ministers traded accusations at the Security Council.",
    "Communications were cut for several hours, making reports hard to confirm.",
    "Prices of bread and fuel have tripled since the siege began.",
    "Video posted online showed columns of smoke over the old quarters.",
)
_TEMPLATES = (
    "{actor} {hedge} captured {p1} on {weekday}, {source}.",
    "{actor} took control of {p1} and {p2} after heavy fighting, {source}.",
    "{p1} fell to {actor} early on {weekday}.",
    "{actor} withdrew from {p1} towards {p2} overnight.",
    "{num} {victims} were killed in airstrikes on {p1} on {weekday}, {source}.",
    "Shelling of {p1} killed {num} {victims} and wounded dozens more.",
    "{actor} shelled {p1} and {p2}, {source}.",
    "Clashes continued on the edge of {p1}, where {actor} tried to advance from {p2}.",
    "On {day} {month}, {actor} {hedge} reached the outskirts of {p1}.",
    "Residents of {p1} said the bombing had not stopped since {weekday}.",
    "{actor} still hold {p1}, according to a map published on {weekday}.",
    "A barrel bomb hit a market in {p1}, killing {num} {victims}.",
    "Buses left {p1} for {p2} carrying {num} {victims}.",
    "{actor} said they had repelled an attack on {p1} {hedge}.",
    "Areas occupied included {p1}, {p2} and {p3}.",
    "By the evening of {day} {month} the front line ran through {p1}.",
)
_COMMENT_NAMES = ("Abu Omar", "Reader from Idlib", "J. Smith", "Observer", "Nour")


def _sentence(rng: random.Random, names: list[str]) -> str:
    if rng.random() < 0.45:
        return rng.choice(_FILLER)
    p1, p2, p3 = rng.sample(names, 3)
    text = (
        rng.choice(_TEMPLATES)
        .format(
            actor=rng.choice(_ACTORS),
            hedge=rng.choice(_HEDGES),
            source=rng.choice(_SOURCES),
            p1=p1,
            p2=p2,
            p3=p3,
            weekday=rng.choice(_WEEKDAYS),
            num=rng.choice(_NUMBERS),
            victims=rng.choice(_VICTIMS),
            day=rng.randint(1, 28),
            month=rng.choice(_MONTHS),
        )
        .replace("  ", " ")
    )
    return text[0].upper() + text[1:]


def _paragraph(rng: random.Random, names: list[str]) -> str:
    return " ".join(_sentence(rng, names) for _ in range(rng.randint(1, 5)))


def make_article(rng: random.Random, names: list[str], title: str, size: int) -> str:
    """One live blog of about ``size`` characters: updates, original entry, comments."""
    parts = [
        title,
        "",
        f"PHOTO: Smoke over {rng.choice(names)} on {rng.choice(_WEEKDAYS)}",
        "",
        f"Analysis: What Comes After {rng.choice(names)}",
        "",
        "Jump to Original Entry",
        "",
    ]
    length = sum(len(p) + 1 for p in parts)
    minutes = 24 * 60 * 3  # a blog running for days: times wrap past midnight
    body_size = size * 0.85
    while length < body_size:
        minutes -= rng.randint(5, 40)
        minutes %= 24 * 60
        heading = f"UPDATE {minutes // 60:02d}{minutes % 60:02d} GMT: "
        entry = [heading + _paragraph(rng, names)]
        entry += [_paragraph(rng, names) for _ in range(rng.randint(0, 3))]
        block = "\n\n".join(entry)
        parts += [block, ""]
        length += len(block) + 2
    parts += [
        "ORIGINAL ENTRY: " + _paragraph(rng, names),
        "",
        _paragraph(rng, names),
        "",
        "Comments",
        "",
    ]
    while length < size:
        block = f"{rng.choice(_COMMENT_NAMES)} says:\n{_paragraph(rng, names)}"
        parts += [block, ""]
        length += len(block) + 2
    return "\n".join(parts) + "\n"


def write_corpus(folder: Path, mb: float, seed: int = 16) -> list[tuple[str, int]]:
    """Write articles and ``manifest.csv`` into ``folder``; return (file, bytes) in order."""
    from gazetteer.places import load_gazetteer

    rng = random.Random(seed)
    gaz = load_gazetteer(user_layer=False)
    # Reports in English spell places in Latin letters; one name in twenty is in Arabic.
    spellings = sorted({s for p in gaz.places if p.on_map for s in gaz.spellings(p)})
    arabic = [s for s in spellings if any("\u0600" <= ch <= "\u06ff" for ch in s)]
    latin = [s for s in spellings if s not in set(arabic)]
    names = latin * 19 + arabic[: len(latin)]
    files: list[tuple[str, int]] = []
    total, first = 0, date(2016, 11, 15)
    with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        manifest = csv.writer(fh)
        manifest.writerow(["file", "published", "title", "source"])
        while total < mb * 1_000_000:
            i = len(files)
            published = first + timedelta(days=i % 35)
            title = f"Syria Daily, {published:%b %d}: Battle for {rng.choice(names)}"
            data = make_article(rng, names, title, rng.randint(8_000, 60_000)).encode("utf-8")
            name = f"{i:05d}_live.txt"
            (folder / name).write_bytes(data)
            manifest.writerow([name, published.isoformat(), title, "generated"])
            files.append((name, len(data)))
            total += len(data)
    return files


# -- the measured runs, each in its own process ------------------------------------


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _run_tagging(paths: list[str], checkpoints: list[float]) -> dict:
    """Read and tag every article as a stream; peak RSS as each checkpoint (MB) is passed."""
    from gazetteer.resolve import resolve_hits
    from mapper.extract.articles import iter_articles
    from mapper.pipeline import _tools

    gaz, tagger = _tools()
    nbytes = hits = 0
    tag_cpu = resolve_cpu = 0.0
    rss: dict[str, float] = {"0": _peak_rss_mb()}
    todo = sorted(checkpoints)
    for article in iter_articles(paths):
        while todo and nbytes >= todo[0] * 1_000_000:
            rss[f"{todo.pop(0):g}"] = _peak_rss_mb()
        t0 = time.process_time()
        found = tagger.tag(article.text)
        t1 = time.process_time()
        resolve_hits(found, gaz, article.text)
        tag_cpu += t1 - t0
        resolve_cpu += time.process_time() - t1
        hits += len(found)
        nbytes += len(article.text.encode("utf-8"))
    rss["end"] = _peak_rss_mb()
    return {"bytes": nbytes, "tag": tag_cpu, "resolve": resolve_cpu, "hits": hits, "rss": rss}


def _run_extract(paths: list[str], checkpoints: list[float]) -> dict:
    """One ``extract`` over ``paths`` (``checkpoints`` unused: peak RSS is per process).

    The result's frames are built on first use (``mapper extract`` and
    ``mapper build`` never ask for them); they are timed apart, after the
    peak memory of the extraction itself is read.
    """
    from mapper.pipeline import _tools, extract

    _tools()  # gazetteer and tagger load once per process; not part of the per-MB cost
    base_rss = _peak_rss_mb()
    t0, w0 = time.process_time(), time.perf_counter()
    result = extract(paths, keep_text=False)
    cpu, wall = time.process_time() - t0, time.perf_counter() - w0
    rss = _peak_rss_mb()
    t1 = time.process_time()
    frames = len(result.events) + len(result.control_changes) + len(result.mentions)
    frames_cpu = time.process_time() - t1
    kept = sum(len(a.text) for a in result.articles)
    return {
        "cpu": cpu,
        "wall": wall,
        "rss": rss,
        "base_rss": base_rss,
        "frames_cpu": frames_cpu,
        "frames_rss": _peak_rss_mb(),
        "frame_rows": frames,
        "events": len(result.records.events),
        "changes": len(result.records.control_changes),
        "mentions": len(result.records.mentions),
        "kept_chars": kept,
    }


def _child(kind: str, folder: Path, files: list[str], checkpoints: str = "") -> dict:
    """Run one measurement in a fresh interpreter and return its figures."""
    cmd = [sys.executable, __file__, "--_child", kind, checkpoints, str(folder), *files]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"bench_extract: the {kind} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _prefix(files: list[tuple[str, int]], mb: float) -> list[str]:
    out, total = [], 0
    for name, size in files:
        if total >= mb * 1_000_000:
            break
        out.append(name)
        total += size
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (default 50)")
    parser.add_argument(
        "--checkpoints",
        default="10,25",
        help="smaller prefixes (MB) whose peak memory is compared (default 10,25)",
    )
    parser.add_argument("--keep", metavar="DIR", help="write the corpus here and keep it")
    parser.add_argument("--_child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._child:
        kind, marks, folder, *names = args._child
        paths = [str(Path(folder) / n) for n in names]
        run = _run_tagging if kind == "tag" else _run_extract
        print(json.dumps(run(paths, [float(c) for c in marks.split(",") if c])))
        return

    with tempfile.TemporaryDirectory(prefix="bench_extract_") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        files = write_corpus(folder, args.mb)
        total = sum(s for _, s in files)
        print(
            f"corpus: {len(files)} articles, {total / 1e6:.1f} MB written in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        everything = [n for n, _ in files]

        sizes = sorted({float(c) for c in args.checkpoints.split(",") if c} | {args.mb})
        tag = _child("tag", folder, everything, ",".join(f"{c:g}" for c in sizes))
        mb_text, both = tag["bytes"] / 1e6, tag["tag"] + tag["resolve"]
        print(
            f"tagging: {mb_text:.1f} MB, {tag['hits']:,} names "
            f"({tag['hits'] / mb_text / 1000:.1f} per kB; the seeds have about 7), "
            f"{tag['tag']:.1f} s CPU, "
            f"{mb_text / tag['tag']:.1f} MB/s on one core; with context resolution "
            f"{both:.1f} s CPU, {mb_text / both:.1f} MB/s"
        )
        marks = ", ".join(f"{k} MB: {v:.0f}" for k, v in tag["rss"].items() if k != "end")
        print(
            f"  reading + tagging as a stream, peak RSS (MB) after {marks}; at the end "
            f"{tag['rss']['end']:.0f}"
        )

        for mb in sizes:
            names = everything if mb >= args.mb else _prefix(files, mb)
            got = sum(s for n, s in files if n in set(names)) / 1e6
            run = _child("extract", folder, names)
            print(
                f"extract {got:5.1f} MB: {run['cpu']:6.1f} s CPU ({got / run['cpu']:.2f} MB/s), "
                f"{run['wall']:6.1f} s wall ({got / run['wall']:.2f} MB/s); "
                f"peak RSS {run['rss']:.0f} MB (after loading the gazetteer "
                f"{run['base_rss']:.0f} MB); {run['events']:,} events, "
                f"{run['changes']:,} control rows, {run['mentions']:,} mentions; "
                f"article text still held by the result: {run['kept_chars'] / 1e6:.1f} M chars"
            )
            print(
                f"  + the result's frames (built on first use): {run['frames_cpu']:.1f} s CPU, "
                f"peak RSS then {run['frames_rss']:.0f} MB"
            )


if __name__ == "__main__":
    main()
