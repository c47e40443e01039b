"""Accuracy floors: the extractor scored against the hand-made gold, so a regression fails.

Two gold sets (see ``docs/gold_format.md``): the five seed reports (``seeds/`` with
``tests/gold``) and the thirty-eight reports written for this project in other words and
spellings (``tests/corpus`` with ``tests/corpus/gold``), the stand-in for reports
the extractor has never seen (c11-c14 were annotated before the extractor read
them: blind, the corpus scored 0.992, 0.882 and 0.848; c15-c18 too: blind, the
corpus scored 0.980, 0.895 and 0.881; c19-c22 too: blind, the corpus scored 0.991,
0.856 and 0.859; c23-c26 too: blind, the corpus scored 0.989, 0.833 and 0.877;
c27-c30 too: blind, the corpus scored 0.994, 0.908 and 0.915; c31-c34 too: blind, the
corpus scored 0.988, 0.883 and 0.890; c35-c38 too: blind, the corpus scored 0.988, 0.897
and 0.904).
The floors sit a little below the scores reached when they were set (seeds: places
0.996, control 0.964, incidents 0.771; corpus: places 0.991, control 0.916,
incidents 0.905; the control floor went down from 0.91 to 0.89 when the harder
c23-c26 joined the corpus, and back up with the rules their misses led to and with
dating each clause of a sentence by its own date phrase; the incidents floor went
down from 0.93 to 0.92 when c27-c30 joined, whose rights update and explainer tell
incidents at places they do not name, and to 0.90 when c31-c34 joined, whose diary,
map thread and medical release tell strikes and captures in words no rule reads yet
(c01-c30 alone still score 0.998, 0.931 and 0.930), and the control floor to 0.91 when
c35-c38 joined, whose party statement and general staff bulletin tell changes through the
speaker's own forces, a pronoun and a bulletin's numbered items (c01-c34 alone still score
0.996, 0.924 and 0.911)), so that noise from a harmless change passes
and a real loss does not.  Raise them when the extractor gets better.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mapper.evaluate import evaluate, format_scores
from mapper.extract.output import write_outputs
from mapper.pipeline import extract

ROOT = Path(__file__).resolve().parent.parent

# (articles, gold, {layer: F1 floor})
SETS = {
    "seeds": (
        ROOT / "seeds",
        ROOT / "tests" / "gold",
        {"places": 0.97, "control": 0.92, "incidents": 0.73},
    ),
    "corpus": (
        ROOT / "tests" / "corpus",
        ROOT / "tests" / "corpus" / "gold",
        {"places": 0.99, "control": 0.91, "incidents": 0.90},
    ),
}


@pytest.fixture(scope="module", params=sorted(SETS))
def scored(request, tmp_path_factory):
    articles, gold, floors = SETS[request.param]
    out = tmp_path_factory.mktemp(f"pred_{request.param}")
    write_outputs(extract([articles]), out)
    return request.param, evaluate(gold, out), floors


@pytest.mark.parametrize("layer", ["places", "control", "incidents"])
def test_f1_floor(scored, layer):
    name, scores, floors = scored
    got = getattr(scores, layer)
    assert got.f1 >= floors[layer], (
        f"{name} {layer} F1 {got.f1:.3f} < {floors[layer]}\n" + format_scores(scores, details=True)
    )


def test_scores_cover_every_gold_article(scored):
    name, scores, _ = scored
    articles, gold, _ = SETS[name]
    assert len(scores.articles) == len(list(gold.glob("*.json"))) > 0
