"""Context rules choose among places that share a spelling; the rule is recorded."""

from gazetteer.matcher import NameHit
from gazetteer.places import Gazetteer
from gazetteer.records import Place
from gazetteer.resolve import resolve_hits


def _gaz():
    # A small world written for the test: two places called "Old Quarter".
    return Gazetteer([
        Place("syria", "Syria", "country", "", 35.0, 38.0),
        Place("prov_a", "Province A", "province", "syria", 36.2, 37.2),
        Place("town_a", "Town A", "town", "prov_a", 36.2, 37.2),
        Place("oq_a", "Old Quarter", "district", "town_a", 36.201, 37.201, ambiguous_with=("oq_b",)),
        Place("town_b", "Town B", "town", "prov_a", 36.5, 37.6),
        Place("oq_b", "Old Quarter", "district", "town_b", 36.501, 37.601, ambiguous_with=("oq_a",)),
        Place("town_c", "Town C", "town", "prov_a", 36.52, 37.62),
        Place("dup", "Dup", "city", "prov_a", 36.3, 37.3),
        Place("dup_prov", "Dup Province", "province", "syria", 36.4, 37.4, aliases=("Dup",)),
    ])


def hit(start, surface, *cands):
    return NameHit(start, start + len(surface), surface, surface, tuple(cands))


def test_unique():
    gaz = _gaz()
    [r] = resolve_hits([hit(0, "Town A", "town_a")], gaz)
    assert (r.place_id, r.rule, r.score) == ("town_a", "unique", 1.0)


def test_containment_beats_prior():
    gaz = _gaz()
    hits = [hit(0, "Town B", "town_b"), hit(20, "Old Quarter", "oq_a", "oq_b")]
    r = resolve_hits(hits, gaz)[1]
    assert (r.place_id, r.rule) == ("oq_b", "containment")


def test_proximity_when_nothing_contains():
    gaz = _gaz()
    hits = [hit(0, "Town C", "town_c"), hit(20, "Old Quarter", "oq_a", "oq_b")]
    r = resolve_hits(hits, gaz)[1]
    assert (r.place_id, r.rule) == ("oq_b", "proximity")


def test_kind_word_after_the_name():
    gaz = _gaz()
    text = "Dup Province was shelled"
    r = resolve_hits([hit(0, "Dup", "dup", "dup_prov")], gaz, text)[0]
    assert (r.place_id, r.rule) == ("dup_prov", "kind-word")


def test_prior_prefers_the_place_whose_name_was_written():
    gaz = _gaz()
    r = resolve_hits([hit(0, "Dup", "dup", "dup_prov")], gaz, "Dup was shelled")[0]
    assert (r.place_id, r.rule) == ("dup", "prior")
