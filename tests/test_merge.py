"""Merging reports of one incident, keeping distinct incidents apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from mapper.extract.merge import event_id, fatalities_compatible, merge_events
from mapper.records import Event, Source


def make(
    article="a.txt",
    start=0,
    *,
    sub="Air/drone strike",
    place="hanano",
    day=12,
    dead=0,
    certainty="reported",
    precision="day",
    end_day=None,
    actor1="",
    hour=None,
) -> Event:
    when = datetime(2016, 12, day, hour, 0, tzinfo=UTC) if hour is not None else None
    src = Source(article, when, f"sentence at {start}", start, start + 20)
    return Event(
        event_id="",
        date=date(2016, 12, day),
        date_precision=precision,
        time_utc=when,
        event_type="Explosions/Remote violence",
        sub_event_type=sub,
        actor1=actor1,
        actor2="",
        place_id=place,
        place=place.title(),
        lat=36.2,
        lon=37.17,
        geo_precision=1,
        fatalities=dead,
        fatalities_phrase=f"{dead} killed" if dead else "",
        certainty=certainty,
        in_comments=False,
        sources=(src,),
        date_end=date(2016, 12, end_day) if end_day else None,
    )


def test_same_incident_in_two_articles_becomes_one_event():
    (ev,) = merge_events(
        [
            make("b.txt", 40, dead=0, certainty="claimed"),
            make("a.txt", 100, dead=12, actor1="Russian military forces", hour=9),
        ]
    )
    assert [s.article for s in ev.sources] == ["a.txt", "b.txt"]
    assert ev.fatalities == 12 and ev.fatalities_phrase == "12 killed"
    assert ev.certainty == "reported" and ev.actor1 == "Russian military forces"
    assert ev.event_id == event_id(ev) and len(ev.event_id) == 12


def test_different_types_same_place_and_day_stay_apart():
    out = merge_events(
        [make(sub="Air/drone strike"), make(start=50, sub="Shelling/artillery/missile attack")]
    )
    assert len(out) == 2


def test_clearly_different_counts_stay_apart():
    assert len(merge_events([make(dead=82), make("b.txt", dead=5)])) == 2


def test_close_counts_merge():
    assert len(merge_events([make(dead=25), make("b.txt", dead=27)])) == 1


def test_different_days_or_places_stay_apart():
    assert len(merge_events([make(day=12), make("b.txt", day=13)])) == 2
    assert len(merge_events([make(place="hanano"), make("b.txt", place="sakhour")])) == 2


def test_short_period_merges_with_a_day_inside_it():
    period = make("b.txt", precision="period", day=11, end_day=12)
    (ev,) = merge_events([period, make(day=12)])
    assert ev.date == date(2016, 12, 12) and ev.date_precision == "day"


def test_long_period_does_not_swallow_days():
    summary = make("b.txt", precision="period", day=1, end_day=20)
    assert len(merge_events([summary, make(day=12)])) == 2


def test_comment_and_article_reports_stay_apart():
    comment = replace(make("a.txt", 900), in_comments=True)
    assert len(merge_events([comment, make()])) == 2


def test_ids_do_not_depend_on_input_order():
    evs = [
        make("a.txt", 10),
        make("b.txt", 20, sub="Armed clash"),
        make("c.txt", 5, place="sakhour"),
    ]
    assert merge_events(evs) == merge_events(list(reversed(evs)))


def test_fatalities_compatibility():
    assert fatalities_compatible(0, 50) and fatalities_compatible(10, 11)
    assert not fatalities_compatible(82, 61) and not fatalities_compatible(3, 9)


def _merge_naively(events):
    """The rule as stated: each event joins the first earlier incident it can be."""
    from mapper.extract.merge import _combine, same_event

    clusters = []
    for ev in events:
        for i, cl in enumerate(clusters):
            if same_event(cl, ev):
                clusters[i] = _combine(cl, ev)
                break
        else:
            clusters.append(ev)
    return [replace(e, event_id=event_id(e)) for e in clusters]


def test_indexed_merge_equals_the_rule_as_stated():
    import random

    from mapper.extract.merge import merge_group

    rng = random.Random(7)
    for _ in range(40):
        events = []
        for k in range(60):
            precision = rng.choice(["day", "day", "day", "week", "period"])
            day = rng.randint(1, 20)
            end = min(28, day + rng.choice([0, 3, 6, 12])) if precision != "day" else None
            events.append(make(f"{k:03d}.txt", k, day=day, precision=precision, end_day=end,
                               dead=rng.choice([0, 0, 5, 6, 30])))
        assert merge_group(events) == _merge_naively(events)


def test_ids_and_combinations_keep_every_field():
    from dataclasses import fields

    from mapper.extract.merge import _combine, _with_id

    ev = make("a.txt", 3, precision="period", day=2, end_day=6, dead=4, actor1="Rebels", hour=7)
    assert _with_id(ev) == replace(ev, event_id=event_id(ev))
    both = _combine(ev, ev)
    assert all(getattr(both, f.name) == getattr(ev, f.name) for f in fields(ev))
