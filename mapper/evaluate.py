"""Score an extraction against hand-annotated gold data.

Three layers are scored with precision, recall and F1 (the gold format and the
annotation rules are in ``docs/gold_format.md``):

places
    every place mention; a prediction matches a gold mention of the same article
    when the place ids agree and the character spans overlap (one-to-one).
control changes
    an article-independent set of ``(place_id, side, date)``: the same change told
    by two articles is one item.  A gold statement about a whole (``aleppo_old_city``,
    ``aleppo_east``) is also matched by predictions about the places under it, so an
    extractor may report the whole or expand it to districts; either way the gold
    statement counts once.
incidents
    an article-independent set of ``(sub_event_type, place_id, date)``.

Gold items may list acceptable alternatives (``alt_place_ids``, ``alt_dates``,
``alt_sub_event_types``) where the text is genuinely ambiguous, and may be marked
``scored: false``: such an item is never a miss, and a prediction that matches it
is neither a hit nor a false positive.  A gold date of ``YYYY-MM`` (month or period
precision) is matched by any predicted day of that month.

Reader comments are left out unless ``include_comments`` is set: gold items flagged
``in_comments`` and predictions whose evidence lies in an article's comment section.
Predictions for articles that have no gold file are ignored.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from mapper.errors import InputError

#: Prediction files inside an extraction output folder.
MENTIONS_FILE = "mentions.csv"
CONTROL_FILE = "control_changes.csv"
EVENTS_FILE = "events.geojson"

_TRUE = {"true", "1", "yes", "t", "y"}


@dataclass(frozen=True, slots=True)
class LayerScore:
    """Counts and rates of one layer.

    Attributes
    ----------
    name : str
        ``places``, ``control`` or ``incidents``.
    tp, fp, fn : int
        Matched gold items, unmatched predictions, unmatched gold items.
    n_gold, n_pred : int
        Scored gold items and counted (deduplicated, in-scope) predictions.
    ignored : int
        Predictions that matched only unscored gold items (neither hit nor error).
    misses, false_positives : tuple of str
        One readable line per unmatched gold item / prediction, sorted.
    """

    name: str
    tp: int
    fp: int
    fn: int
    n_gold: int
    n_pred: int
    misses: tuple[str, ...] = ()
    false_positives: tuple[str, ...] = ()
    ignored: int = 0

    @property
    def precision(self) -> float:
        """TP / (TP + FP); 1.0 when nothing was predicted and nothing expected."""
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        """TP / (TP + FN)."""
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass(frozen=True, slots=True)
class Scores:
    """Scores of the three layers for one gold folder and one prediction folder."""

    places: LayerScore
    control: LayerScore
    incidents: LayerScore
    articles: tuple[str, ...]
    include_comments: bool = False

    @property
    def layers(self) -> tuple[LayerScore, ...]:
        """The three layers in display order."""
        return (self.places, self.control, self.incidents)


@dataclass(frozen=True, slots=True)
class _GoldItem:
    """A gold control change or incident with its acceptable alternatives."""

    key: tuple[str, str, str]
    places: frozenset[str]
    second: frozenset[str]  # sides (control) or sub-event types (incidents)
    dates: frozenset[str]
    scored: bool
    articles: frozenset[str] = field(default_factory=frozenset)

    def matches(self, place: str, second: str, date: str) -> bool:
        """True when a predicted key is acceptable for this item."""
        return (
            place in self.places
            and second in self.second
            and any(date == d or (len(d) < 10 and date.startswith(d)) for d in self.dates)
        )


def _ratio(num: int, den: int) -> float:
    return 1.0 if den == 0 else num / den


def _truthy(value: object) -> bool:
    return str(value).strip().lower() in _TRUE


# --------------------------------------------------------------------------- gold


def load_gold(gold_dir: str | Path) -> dict[str, dict]:
    """Read every ``*.json`` gold file of a folder.

    Parameters
    ----------
    gold_dir : str or Path
        Folder of gold files, one per article (see ``docs/gold_format.md``).

    Returns
    -------
    dict
        Article file name -> parsed gold document.

    Raises
    ------
    InputError
        When the folder is missing, holds no gold file, or a file is not valid JSON.
    """
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise InputError(f"gold folder {folder} does not exist; pass a folder of gold *.json files")
    docs: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            docs[Path(doc["article"]).name] = doc
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"{path}: not a gold file ({exc}); see docs/gold_format.md") from exc
    if not docs:
        raise InputError(f"gold folder {folder} holds no *.json gold file")
    return docs


@cache
def _parents(places_csv: str) -> dict[str, str]:
    with open(places_csv, encoding="utf-8", newline="") as f:
        return {row["id"]: row.get("parent", "") for row in csv.DictReader(f)}


def _default_places_csv() -> str:
    from gazetteer.paths import shipped_file

    return str(shipped_file("places.csv"))


def _with_descendants(ids: Iterable[str], parents: dict[str, str]) -> frozenset[str]:
    """The ids plus every place under them in the gazetteer tree."""
    wanted = set(ids)
    out = set(wanted)
    for pid in parents:
        node, seen = parents.get(pid, ""), set()
        while node and node not in seen:
            if node in wanted:
                out.add(pid)
                break
            seen.add(node)
            node = parents.get(node, "")
    return frozenset(out)


def _item_key(item: dict, layer: str) -> tuple[tuple[str, str, str], list[str]]:
    """Primary key of a gold item and its acceptable second fields (side or types)."""
    if layer == "control":
        return (item["place_id"], item["side"], item["date"]), [item["side"]]
    types = [item["sub_event_type"], *item.get("alt_sub_event_types", [])]
    return (item["place_id"], item["sub_event_type"], item["date"]), types


def _gold_items(
    docs: dict[str, dict], layer: str, comments: bool, parents: dict | None
) -> list[_GoldItem]:
    """Merge the control or incident items of all articles on their primary key.

    With ``parents`` (control), each item also accepts the places under its own.
    """
    merged: dict[tuple[str, str, str], tuple[set, set, set, list, set]] = {}
    for article, doc in docs.items():
        for item in doc.get(layer, []):
            if item.get("in_comments") and not comments:
                continue
            key, second = _item_key(item, layer)
            places, seconds, dates, scored, articles = merged.setdefault(
                key, (set(), set(), set(), [], set())
            )
            places.update([item["place_id"], *item.get("alt_place_ids", [])])
            seconds.update(second)
            dates.update([item["date"], *item.get("alt_dates", [])])
            scored.append(bool(item.get("scored", True)))
            articles.add(article)
    items = []
    for key, (places, seconds, dates, scored, articles) in sorted(merged.items()):
        ok_places = _with_descendants(places, parents) if parents is not None else places
        items.append(
            _GoldItem(
                key,
                frozenset(ok_places),
                frozenset(seconds),
                frozenset(dates),
                any(scored),
                frozenset(articles),
            )
        )
    return items


# ---------------------------------------------------------------------- predictions


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise InputError(
            f"prediction file {path} is missing; run `mapper extract ... -o {path.parent}` first"
        )
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _in_comment_section(doc: dict, start: object) -> bool:
    cstart = doc.get("comments_start")
    try:
        return cstart is not None and int(start) >= int(cstart)
    except (TypeError, ValueError):
        return False


def _scored_article(row: dict[str, str], docs: dict[str, dict], comments: bool) -> str | None:
    """The gold article a predicted row belongs to, or None when it is not scored
    (another article, or reader comments when they are left out)."""
    article = Path(row.get("article", "")).name
    if article not in docs:
        return None
    if not comments and (
        _truthy(row.get("in_comments")) or _in_comment_section(docs[article], row.get("start"))
    ):
        return None
    return article


def _pred_mentions(
    pred: Path, docs: dict[str, dict], comments: bool
) -> dict[str, list[tuple[int, int, str]]]:
    out: dict[str, list[tuple[int, int, str]]] = {a: [] for a in docs}
    for row in _read_csv(pred / MENTIONS_FILE):
        article = _scored_article(row, docs, comments)
        if article is None:
            continue
        try:
            out[article].append((int(row["start"]), int(row["end"]), row["place_id"]))
        except (KeyError, ValueError) as exc:
            raise InputError(f"{pred / MENTIONS_FILE}: bad row {row} ({exc})") from exc
    return out


def _pred_control(pred: Path, docs: dict[str, dict], comments: bool) -> set[tuple[str, str, str]]:
    keys = set()
    for row in _read_csv(pred / CONTROL_FILE):
        if _scored_article(row, docs, comments) is None:
            continue
        try:
            keys.add((row["place_id"], row["to"], row["date"][:10]))
        except KeyError as exc:
            raise InputError(f"{pred / CONTROL_FILE}: column {exc} missing") from exc
    return keys


def _pred_events(pred: Path, docs: dict[str, dict], comments: bool) -> set[tuple[str, str, str]]:
    path = pred / EVENTS_FILE
    if not path.is_file():
        raise InputError(
            f"prediction file {path} is missing; run `mapper extract ... -o {pred}` first"
        )
    try:
        features = json.loads(path.read_text(encoding="utf-8")).get("features", [])
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid GeoJSON ({exc})") from exc
    keys = set()
    for feat in features:
        props = feat.get("properties", {})
        sources = [
            s for s in props.get("sources", []) if Path(str(s.get("article", ""))).name in docs
        ]
        if not sources:
            continue
        if not comments:
            in_main = [
                s
                for s in sources
                if not _in_comment_section(docs[Path(s["article"]).name], s.get("start"))
            ]
            if _truthy(props.get("in_comments")) or not in_main:
                continue
        keys.add(
            (
                props.get("place_id", ""),
                props.get("sub_event_type", ""),
                str(props.get("date", ""))[:10],
            )
        )
    return keys


# -------------------------------------------------------------------------- scoring


def _score_places(
    docs: dict[str, dict], preds: dict[str, list[tuple[int, int, str]]], comments: bool
) -> LayerScore:
    tp = fp = fn = n_gold = n_pred = 0
    misses, fps = [], []
    for article, doc in sorted(docs.items()):
        gold = [g for g in doc.get("places", []) if comments or not g.get("in_comments")]
        pred = sorted(set(preds.get(article, [])))
        used = [False] * len(pred)
        n_gold += len(gold)
        n_pred += len(pred)
        for g in gold:
            ok_ids = {g["place_id"], *g.get("alt_place_ids", [])}
            hit = next(
                (
                    i
                    for i, (s, e, pid) in enumerate(pred)
                    if not used[i] and pid in ok_ids and s < g["end"] and g["start"] < e
                ),
                None,
            )
            if hit is None:
                fn += 1
                misses.append(
                    f"{article} {g['start']}-{g['end']} {g['surface']!r} -> {g['place_id']}"
                )
            else:
                used[hit] = True
                tp += 1
        for (s, e, pid), u in zip(pred, used, strict=True):
            if not u:
                fp += 1
                fps.append(f"{article} {s}-{e} -> {pid}")
    return LayerScore("places", tp, fp, fn, n_gold, n_pred, tuple(misses), tuple(fps))


def _contradicts(key: tuple[str, str, str], scored: list[_GoldItem]) -> bool:
    """True when a scored gold item gives the same place another (non-contested) side that day."""
    place, side, date = key
    if side == "contested":  # fighting for a place does not deny who holds it
        return False
    return any(
        g.key[0] == place
        and side not in g.second
        and "contested" not in g.second
        and g.matches(place, next(iter(g.second)), date)
        for g in scored
    )


def _score_set(
    name: str, items: list[_GoldItem], pred: set[tuple[str, str, str]], contradicts: bool = False
) -> LayerScore:
    """Match deduplicated predicted keys to merged gold items.

    A prediction that only matches an unscored item is ignored, unless
    ``contradicts`` is set and a scored item names that very place with another
    side on that date (an unscored whole does not excuse a wrong district).
    """
    scored = [g for g in items if g.scored]
    matched: set[tuple[str, str, str]] = set()
    fps = []
    ignored = 0
    for key in sorted(pred):
        hits = [g for g in items if g.matches(*key)]
        matched.update(g.key for g in hits if g.scored)
        if any(g.scored for g in hits):
            continue
        if not hits or (contradicts and _contradicts(key, scored)):
            fps.append(" ".join(key))
        else:
            ignored += 1
    misses = [
        " ".join(g.key) + f"  ({', '.join(sorted(g.articles))})"
        for g in scored
        if g.key not in matched
    ]
    tp = sum(1 for g in scored if g.key in matched)
    return LayerScore(
        name, tp, len(fps), len(misses), len(scored), len(pred), tuple(misses), tuple(fps), ignored
    )


def evaluate(
    gold_dir: str | Path,
    pred_dir: str | Path,
    *,
    include_comments: bool = False,
    places_csv: str | Path | None = None,
) -> Scores:
    """Score an extraction output folder against a gold folder.

    Parameters
    ----------
    gold_dir : str or Path
        Folder of gold ``*.json`` files (``tests/gold`` for the seeds).
    pred_dir : str or Path
        Output folder of ``mapper extract`` holding ``mentions.csv``,
        ``control_changes.csv`` and ``events.geojson``.
    include_comments : bool, default False
        Also score reader comments.
    places_csv : str or Path, optional
        Gazetteer used to expand wholes to the places under them; the shipped
        ``gazetteer/data/places.csv`` by default.

    Returns
    -------
    Scores
        Per-layer counts, precision, recall, F1, misses and false positives.

    Raises
    ------
    InputError
        When a gold or prediction file is missing or malformed.
    """
    docs = load_gold(gold_dir)
    pred = _pred_folder(pred_dir)
    parents = _parents(str(places_csv or _default_places_csv()))
    return _evaluate_docs(docs, pred, parents, include_comments)


def evaluate_by_article(
    gold_dir: str | Path,
    pred_dir: str | Path,
    *,
    include_comments: bool = False,
    places_csv: str | Path | None = None,
) -> dict[str, Scores]:
    """Score each gold article on its own: the article's gold against its own predictions.

    Stricter than :func:`evaluate` for control changes and incidents: there, a
    prediction read in one article may match another article's gold item (the
    same change told twice is one item); here it must match the gold of the
    article it was read in.  An incident counts for every article among its
    sources.  Parameters and errors as in :func:`evaluate`.

    Returns
    -------
    dict
        Gold article file name -> its :class:`Scores`, by name.
    """
    docs = load_gold(gold_dir)
    pred = _pred_folder(pred_dir)
    parents = _parents(str(places_csv or _default_places_csv()))
    return {
        name: _evaluate_docs({name: doc}, pred, parents, include_comments)
        for name, doc in sorted(docs.items())
    }


def _pred_folder(pred_dir: str | Path) -> Path:
    pred = Path(pred_dir)
    if not pred.is_dir():
        raise InputError(
            f"prediction folder {pred} does not exist; run `mapper extract -o {pred}` first"
        )
    return pred


def _evaluate_docs(docs: dict[str, dict], pred: Path, parents: dict[str, str], c: bool) -> Scores:
    """Scores of the predictions in ``pred`` that belong to the articles of ``docs``."""
    places = _score_places(docs, _pred_mentions(pred, docs, c), c)
    control = _score_set(
        "control", _gold_items(docs, "control", c, parents), _pred_control(pred, docs, c), True
    )
    incidents = _score_set(
        "incidents", _gold_items(docs, "incidents", c, None), _pred_events(pred, docs, c)
    )
    return Scores(places, control, incidents, tuple(sorted(docs)), c)


def format_scores(scores: Scores, details: bool = False) -> str:
    """Render scores as a small text table, optionally with misses and false positives.

    Parameters
    ----------
    scores : Scores
        Result of :func:`evaluate`.
    details : bool, default False
        Append every miss (gold not found) and false positive (prediction not in gold).

    Returns
    -------
    str
        Text ending with a newline.
    """
    scope = "main text + comments" if scores.include_comments else "main text"
    lines = [
        f"{len(scores.articles)} article(s), {scope}",
        f"{'layer':<10} {'P':>6} {'R':>6} {'F1':>6} "
        f"{'TP':>5} {'FP':>5} {'FN':>5} {'gold':>5} {'pred':>5} {'ignored':>7}",
    ]
    for s in scores.layers:
        lines.append(
            f"{s.name:<10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
            f"{s.tp:5d} {s.fp:5d} {s.fn:5d} {s.n_gold:5d} {s.n_pred:5d} {s.ignored:7d}"
        )
    if details:
        for s in scores.layers:
            lines.append(f"\n[{s.name}] misses ({len(s.misses)}):")
            lines.extend(f"  - {m}" for m in s.misses)
            lines.append(f"[{s.name}] false positives ({len(s.false_positives)}):")
            lines.extend(f"  + {m}" for m in s.false_positives)
    return "\n".join(lines) + "\n"


def format_by_article(scores: dict[str, Scores]) -> str:
    """One line per article: each layer's F1 with its number of gold items; then their mean.

    An article with neither gold items nor predictions in a layer shows ``-``
    there and is left out of that layer's mean.

    Parameters
    ----------
    scores : dict
        Result of :func:`evaluate_by_article`.

    Returns
    -------
    str
        Text ending with a newline.
    """
    width = max([len(name) for name in scores] + [7])

    def cell(f1: float | None, gold: int | str = "") -> str:
        return f"{'-' if f1 is None else f'{f1:.3f}':>6} {f'({gold})' if gold != '' else '':<6}"

    lines = [f"{'article':<{width}}  " + "  ".join(f"{n:<13}" for n in ("places F1", "control F1", "incidents F1"))]
    sums: list[list[float]] = [[], [], []]
    for name, sc in scores.items():
        cells = []
        for i, s in enumerate(sc.layers):
            if s.n_gold or s.n_pred:
                sums[i].append(s.f1)
                cells.append(cell(s.f1, s.n_gold))
            else:
                cells.append(cell(None))
        lines.append(f"{name:<{width}}  " + "  ".join(cells))
    means = [cell(sum(v) / len(v) if v else None) for v in sums]
    lines.append(f"{'mean':<{width}}  " + "  ".join(means))
    return "\n".join(line.rstrip() for line in lines) + "\n"
