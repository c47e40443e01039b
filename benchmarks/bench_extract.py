"""Speed and memory of the whole extraction on a generated corpus of live blogs.

Writes a corpus of synthetic live-blog articles (UPDATE entries, an original
entry, captions, link lines and reader comments; sentences drawn from templates
with gazetteer place names, dates, numbers and actors) with a ``manifest.csv``
to a temporary folder, then prints:

* tagging alone: ``PlaceTagger.tag`` plus context resolution over every text,
  MB/s of CPU time on one core, with the peak memory of that stream (reading
  and tagging hold one article at a time: it must stay flat);
* the whole extraction as ``mapper extract`` runs it (``mapper.pipeline.extract_to``:
  reading, entries, sentences, attributes, control, events, then merging and
  sorting through the on-disk spool and writing the four output files), in one
  process on the first 10 MB, 25 MB and all of the corpus (MB/s per core, and
  whether peak memory stays flat as the corpus grows), then on the whole corpus
  with worker processes (``--jobs``; wall-clock MB/s is what a user waits).

Each run is a separate process (peak RSS only ever grows within one), on the
same files in the same order.  CPU time counts the worker processes too; wall
time is printed beside it (the machine may be shared).

The speed of the extraction depends on what the text is made of: how many
sentences a kB holds, how many name a place, how many of those tell an event or
a change of hands.  ``--mix dense`` (the default) writes a corpus as dense in
events as our test reports, seven times denser than the real reports in
``seeds/``, in short sentences: the slowest case.  ``--mix seeds`` writes one
like the seeds on each of those counts.  A profile line for the generated text,
for ``seeds/`` and for ``tests/corpus/`` prints the counts side by side, with the
speed of reading each alone (so the generated text can be checked against the
real one, not taken on trust).

    python benchmarks/bench_extract.py [--mb 50] [--mix dense|seeds] [--checkpoints 10,25] [--jobs 2] [--keep DIR]
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
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from mapper.extract.parallel import usable_cores

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
#: Sentences that name places but tell no event: the analysis, colour, background and
#: statements of who holds what that make up most of a real report (the seeds tell about
#: one event per 1.4 kB, yet name a place every 150 characters).
_SCENES = (
    "Residents of {p1} described the scene in messages to relatives abroad.",
    "Before the war {p1} was home to some thirty thousand people.",
    "The road from {p1} to {p2} runs past the old cement works.",
    "Many families in {p1} have relatives in {p2} and {p3}.",
    "Journalists could not reach {p1} to check the accounts.",
    "The souk of {p1} was once known across the region for its soap.",
    "Doctors in {p1} asked for blood donors and fuel for generators.",
    "{p1} and {p2} lie on either side of the old railway line.",
    "A teacher from {p1} said her school had been closed for months.",
    "The view from {p1} takes in the citadel and the minarets of {p2}.",
    "{p1} remains under the control of {actor}, {source}.",
    "{actor} are still holding out in {p1} and {p2}.",
    "{actor} still control {p1}, {p2} and {p3}, {source}.",
    "Only {p1} and {p2} remain in the hands of {actor}.",
    "{actor} remain in control of {p1}, {p2} and {p3}.",
)
#: Clauses that lengthen a sentence without a place, an event or a date: real reports'
#: sentences run to about 130 characters, the templates' to about 70.
_CLAUSES = (
    ", as aid agencies pleaded for access to the wounded",
    ", according to people who spoke on condition of anonymity",
    ", although the account could not be independently confirmed",
    ", in what residents described as the hardest week of the winter",
    ", with the temperature falling below freezing at night",
    ", even as diplomats went on talking of a political solution",
    ", a claim that could not be checked from outside the city",
    ", while thousands of people waited in the cold for news of relatives",
    ", and the last doctors asked again for fuel and medicine",
    ", in the words of one volunteer who has stayed since the summer",
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


@dataclass(frozen=True)
class Mix:
    """Shares of the kinds of sentence in the generated text (the rest tell events).

    Attributes
    ----------
    filler : float
        Sentences without a place name.
    scene : float
        Sentences naming places without an event (see ``_SCENES``).
    clause : float
        Share of sentences lengthened by a clause without a place (see ``_CLAUSES``).
    """

    filler: float
    scene: float
    clause: float = 0.0


#: The corpora the benchmark can write.  What an extraction costs depends on how many
#: sentences a kB holds, how many of them name a place and how many of those tell an
#: event or a change of hands (the profile line of the output counts each).
#: "dense" is as dense in events as our test reports (tests/corpus): 5.2 events and
#: 3.6 control rows read per kB, seven times the seeds' events, in short sentences
#: (about 70 characters), so it measures the slowest case.  "seeds" matches the five
#: real reports in ``seeds/`` on all of those: about 126 characters a sentence (the
#: seeds: 130), 6.5 place names per kB (7.1), a place in 53% of the sentences (49%),
#: 0.74 events and 1.95 control rows per kB (0.73 and 2.1).
MIXES = {"dense": Mix(filler=0.45, scene=0.0), "seeds": Mix(filler=0.51, scene=0.37, clause=1.0)}


def _sentence(rng: random.Random, names: list[str], mix: Mix) -> str:
    r = rng.random()
    if r < mix.filler:
        return _lengthen(rng, rng.choice(_FILLER), mix)
    p1, p2, p3 = rng.sample(names, 3)
    text = (
        rng.choice(_SCENES if r < mix.filler + mix.scene else _TEMPLATES)
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
    return _lengthen(rng, text[0].upper() + text[1:], mix)


def _lengthen(rng: random.Random, sentence: str, mix: Mix) -> str:
    """``sentence``, given a clause of ``_CLAUSES`` before its full stop as often as ``mix`` says."""
    # No draw at all when the mix adds no clauses: the dense corpus stays as it was.
    if mix.clause and rng.random() < mix.clause:
        return sentence[:-1] + rng.choice(_CLAUSES) + sentence[-1]
    return sentence


def _paragraph(rng: random.Random, names: list[str], mix: Mix) -> str:
    return " ".join(_sentence(rng, names, mix) for _ in range(rng.randint(1, 5)))


def make_article(rng: random.Random, names: list[str], title: str, size: int, mix: Mix = MIXES["dense"]) -> str:
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
        entry = [heading + _paragraph(rng, names, mix)]
        entry += [_paragraph(rng, names, mix) for _ in range(rng.randint(0, 3))]
        block = "\n\n".join(entry)
        parts += [block, ""]
        length += len(block) + 2
    parts += [
        "ORIGINAL ENTRY: " + _paragraph(rng, names, mix),
        "",
        _paragraph(rng, names, mix),
        "",
        "Comments",
        "",
    ]
    while length < size:
        block = f"{rng.choice(_COMMENT_NAMES)} says:\n{_paragraph(rng, names, mix)}"
        parts += [block, ""]
        length += len(block) + 2
    return "\n".join(parts) + "\n"


def write_corpus(folder: Path, mb: float, seed: int = 16, mix: Mix = MIXES["dense"]) -> list[tuple[str, int]]:
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
            data = make_article(rng, names, title, rng.randint(8_000, 60_000), mix).encode("utf-8")
            name = f"{i:05d}_live.txt"
            (folder / name).write_bytes(data)
            manifest.writerow([name, published.isoformat(), title, "generated"])
            files.append((name, len(data)))
            total += len(data)
    return files


# -- the measured runs, each in its own process ------------------------------------


#: Real and hand-written reports to profile beside the generated text, where present.
_REAL = {
    "seeds/": Path(__file__).resolve().parents[1] / "seeds",
    "tests/corpus/": Path(__file__).resolve().parents[1] / "tests" / "corpus",
}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _run_tagging(paths: list[str], checkpoints: list[float]) -> dict:
    """Read and tag every article as a stream; peak RSS as each checkpoint (MB) is passed."""
    from gazetteer.resolve import resolve_hits
    from mapper.extract.articles import iter_articles
    from mapper.extract.reader import tools

    gaz, tagger = tools()
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


def _run_extract(paths: list[str], jobs: int) -> dict:
    """One ``extract_to`` over ``paths`` into a temporary folder, as ``mapper extract`` runs it.

    CPU time counts this process and its worker processes; peak RSS is given
    for this process and for the largest worker apart (each holds the gazetteer).
    """
    from mapper.extract.reader import tools
    from mapper.pipeline import extract_to

    tools()  # gazetteer and tagger load once per process; not part of the per-MB cost
    base_rss = _peak_rss_mb()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0, w0 = time.process_time(), time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench_out_") as out:
        report = extract_to(paths, out, jobs=jobs)
        written = sum(f.stat().st_size for f in report.files)
    wall = time.perf_counter() - w0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    children = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {
        "cpu": time.process_time() - t0 + children,
        "wall": wall,
        "rss": _peak_rss_mb(),
        "worker_rss": after.ru_maxrss / 1024,
        "base_rss": base_rss,
        "events": report.counts.events,
        "changes": report.counts.changes,
        "mentions": report.counts.mentions,
        "written": written,
    }


def _run_profile(paths: list[str], rounds: int) -> dict:
    """What the text is made of as the extractor reads it, and the CPU of reading it.

    Counts sentences, those naming a place, place names, events (before merging)
    and control rows; times ``extract_article`` alone (no merging, no writing)
    over the articles ``rounds`` times, after a first untimed round.
    """
    from mapper.extract.articles import iter_articles
    from mapper.extract.entries import split_entries
    from mapper.extract.reader import extract_article, warm_up
    from mapper.extract.sentences import split_sentences

    warm_up()
    articles = list(iter_articles(paths))
    counts = dict.fromkeys(("bytes", "sentences", "placed", "names", "events", "rows"), 0)
    for article in articles:
        part = extract_article(article)
        starts = sorted(m.start for m in part.mentions)
        for entry in split_entries(article):
            for s, e in split_sentences(article.text, entry.start, entry.end):
                counts["sentences"] += 1
                counts["placed"] += bisect_left(starts, s) < bisect_left(starts, e)
        counts["bytes"] += len(article.text.encode("utf-8"))
        counts["names"] += len(part.mentions)
        counts["events"] += len(part.events)
        counts["rows"] += len(part.changes)
    t0 = time.process_time()
    for _ in range(rounds):
        for article in articles:
            extract_article(article)
    return {**counts, "cpu": (time.process_time() - t0) / rounds}


def _profile_line(label: str, p: dict) -> str:
    kb = p["bytes"] / 1000
    return (
        f"  {label:<22} {kb:7.0f} kB: {p['bytes'] / p['sentences']:4.0f} characters a sentence, "
        f"{p['placed'] / p['sentences']:4.0%} naming a place; per kB {p['names'] / kb:4.1f} names, "
        f"{p['events'] / kb:4.2f} events, {p['rows'] / kb:4.2f} control rows; "
        f"read at {p['bytes'] / 1e6 / p['cpu']:.2f} MB/s per core"
    )


def _child(kind: str, folder: Path, files: list[str], option: str = "") -> dict:
    """Run one measurement in a fresh interpreter and return its figures."""
    cmd = [sys.executable, __file__, "--_child", kind, option, str(folder), *files]
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
    parser.add_argument(
        "--mix", choices=sorted(MIXES), default="dense",
        help="event density of the corpus: as the test reports (dense, the default) or as the seeds",
    )
    parser.add_argument(
        "--jobs", default=f"{usable_cores()}",
        type=lambda t: [int(j) for j in t.split(",") if j],
        help="worker counts to time on the whole corpus besides 1 (default: the usable cores)",
    )
    parser.add_argument("--_child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._child:
        kind, option, folder, *names = args._child
        paths = [str(Path(folder) / n) for n in names]
        if kind == "tag":
            print(json.dumps(_run_tagging(paths, [float(c) for c in option.split(",") if c])))
        elif kind == "profile":
            print(json.dumps(_run_profile(paths, int(option))))
        else:
            print(json.dumps(_run_extract(paths, int(option))))
        return

    with tempfile.TemporaryDirectory(prefix="bench_extract_") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        files = write_corpus(folder, args.mb, mix=MIXES[args.mix])
        total = sum(s for _, s in files)
        print(
            f"corpus ({args.mix}): {len(files)} articles, {total / 1e6:.1f} MB written in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        everything = [n for n, _ in files]

        # The generated text beside the real reports, on what drives the cost of reading.
        print("profile (reading alone: one process, no merging, no writing):")
        print(_profile_line(f"generated ({args.mix})", _child("profile", folder, _prefix(files, 2), "1")))
        for name, real in _REAL.items():
            if (real / "manifest.csv").is_file():
                print(_profile_line(name, _child("profile", real, ["."], "10")))

        sizes = sorted({float(c) for c in args.checkpoints.split(",") if c} | {args.mb})
        tag = _child("tag", folder, everything, ",".join(f"{c:g}" for c in sizes))
        mb_text, both = tag["bytes"] / 1e6, tag["tag"] + tag["resolve"]
        print(
            f"tagging: {mb_text:.1f} MB, {tag['hits']:,} names "
            f"({tag['hits'] / mb_text / 1000:.1f} per kB), "
            f"{tag['tag']:.1f} s CPU, "
            f"{mb_text / tag['tag']:.1f} MB/s on one core; with context resolution "
            f"{both:.1f} s CPU, {mb_text / both:.1f} MB/s"
        )
        marks = ", ".join(f"{k} MB: {v:.0f}" for k, v in tag["rss"].items() if k != "end")
        print(
            f"  reading + tagging as a stream, peak RSS (MB) after {marks}; at the end "
            f"{tag['rss']['end']:.0f}"
        )

        print("whole extraction, streamed to the output files as `mapper extract` does:")
        runs = [(mb, 1) for mb in sizes] + [(args.mb, jobs) for jobs in args.jobs if jobs > 1]
        for mb, jobs in runs:
            names = everything if mb >= args.mb else _prefix(files, mb)
            got = sum(s for n, s in files if n in set(names)) / 1e6
            run = _child("extract", folder, names, str(jobs))
            print(
                f"  {got:5.1f} MB, {jobs} process{'es' if jobs > 1 else ''}: "
                f"{run['cpu']:6.1f} s CPU ({got / run['cpu']:.2f} MB/s per core), "
                f"{run['wall']:6.1f} s wall ({got / run['wall']:.2f} MB/s); peak RSS "
                f"{run['rss']:.0f} MB (gazetteer loaded: {run['base_rss']:.0f} MB)"
                + (f", largest worker {run['worker_rss']:.0f} MB" if jobs > 1 else "")
                + f"; {run['events']:,} events, {run['changes']:,} control rows, "
                f"{run['mentions']:,} mentions, {run['written'] / 1e6:.0f} MB written"
            )


if __name__ == "__main__":
    main()
