"""Control changes in the wording of wire reports, on sentences written for these tests.

Passive handovers, object-first relative clauses, words between a place and its
verb, "the same factions" of the sentence before, and other ways of saying that
ground changed hands ("clawed back", "lost X to", "came under the control of").
"""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer.places import load_gazetteer
from mapper.extract.control import find_statements
from mapper.pipeline import read_sentence

PUB = date(2016, 12, 9)
TB = "turkish_backed_rebel"


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def read(text: str, gaz, **kw) -> list[tuple[str, str, str, str, str]]:
    """(kind, role, place, to, from) of every statement of one sentence, sorted."""
    statements, _ = find_statements(read_sentence(text, PUB, article_id="t.txt", **kw), gaz)
    return sorted(
        (st.kind, st.role, t.place.id, st.to, st.from_) for st in statements for t in st.targets
    )


def changes(text: str, gaz, **kw) -> list[tuple[str, str]]:
    """(place, to) of the changes of one sentence."""
    return sorted((p, to) for kind, _, p, to, _ in read(text, gaz, **kw) if kind == "change")


# -- 1. a handover, active or passive, is a handover ------------------------------------


@pytest.mark.parametrize(
    "text, place, to, from_",
    [
        ("Sheikh Maqsoud was handed over to government troops on Tuesday.", "sheikh_maqsoud", "regime", "unknown"),
        ("Tal Rifaat was handed back to the YPG by rebel factions last year.", "tal_rifaat", "kurdish", "rebel"),
        ("The town of Marea was quietly turned over to Turkish-backed rebels.", "marea", TB, "unknown"),
        ("Sheikh Maqsoud was surrendered to the army by Kurdish fighters.", "sheikh_maqsoud", "regime", "kurdish"),
        ("After the deal Hanano was ceded to the regime.", "hanano", "regime", "unknown"),
        ("Manbij, which was turned over to the SDF in August, was calm.", "manbij", "kurdish", "unknown"),
        ("Kurdish units turned over Sheikh Maqsoud to the Syrian army.", "sheikh_maqsoud", "regime", "kurdish"),
        ("The Kurds handed Sheikh Maqsoud back to the government.", "sheikh_maqsoud", "regime", "kurdish"),
        ("Rebels surrendered Hanano to the army after talks.", "hanano", "regime", "rebel"),
        ("The YPG ceded Tal Rifaat to government forces.", "tal_rifaat", "regime", "kurdish"),
    ],
)
def test_handover_has_the_handover_role(gaz, text, place, to, from_):
    assert read(text, gaz) == [("change", "handover", place, to, from_)]


@pytest.mark.parametrize(
    "text",
    [
        "Rebels surrendered to the army in Hanano on Monday.",
        "Aid was handed over to families in Sakhour.",
        "The bodies were handed back to relatives in Hanano.",
        "Sakhour is to be handed over to the army next week.",
    ],
)
def test_not_a_handover_of_ground(gaz, text):
    assert [r for r in read(text, gaz) if r[0] == "change"] == []


# -- 2. object-first relative clauses ---------------------------------------------------


@pytest.mark.parametrize(
    "text, place, to",
    [
        ("Qabasin, which Turkish-backed rebels captured last week, was shelled on Friday.", "qabasin", TB),
        ("Akhtarin, the village that Euphrates Shield fighters seized in October, lies on the road.", "akhtarin", TB),
        ("Kobani, the border town north of Manbij that the YPG recaptured in October, was calm.", "kobani", "kurdish"),
        ("West of al-Bab, Qabasin, which the jihadists took in September, was quiet.", "qabasin", "isis"),
        ("Sakhour, which the rebels abandoned on Monday, was deserted.", "sakhour", "regime"),
        ("Residents returned to Hanano, which government troops retook on Saturday.", "hanano", "regime"),
    ],
)
def test_relative_clause_binds_its_antecedent(gaz, text, place, to):
    assert changes(text, gaz) == [(place, to)]


def test_relative_clause_binds_a_list_before_it(gaz):
    text = "Hanano and Sakhour, the districts that the army retook on Monday, were empty."
    assert changes(text, gaz) == [("hanano", "regime"), ("sakhour", "regime")]


@pytest.mark.parametrize(
    "text",
    [
        # the reference point before the antecedent is not bound
        "Manbij, the town northeast of al-Bab that the SDF took from IS in August, was calm.",
        "Manbij, the town east of Aleppo which the Kurdish-led alliance seized from IS in August, was calm.",
    ],
)
def test_relative_clause_skips_a_reference_point(gaz, text):
    assert changes(text, gaz) == [("manbij", "kurdish")]


@pytest.mark.parametrize(
    "text",
    [
        # no combatant in the clause: journalists take no ground
        "Hanano, which journalists entered on Monday, was in ruins.",
        # "said that": a reported clause, the place is no antecedent
        "State media in Hanano said that the army captured more ground.",
        # an aim
        "Sakhour, which the army hopes to capture within days, was shelled.",
    ],
)
def test_relative_clause_negatives(gaz, text):
    assert [r for r in read(text, gaz) if r[0] == "change"] == []


def test_relative_clause_of_the_same_place_as_the_main_verb_is_dropped(gaz):
    # the older capture in the relative clause is not dated to the new one
    text = "The army retook Hanano, which rebels captured last month, on Monday."
    assert changes(text, gaz) == [("hanano", "regime")]


def test_held_since_in_a_relative_clause_is_still_an_assertion(gaz):
    text = "Sakhour, which the army has held since 2012, was shelled."
    assert read(text, gaz) == [("assertion", "", "sakhour", "regime", "")]


# -- 3. a short word between the place and its verb -------------------------------------


@pytest.mark.parametrize(
    "text, place, to",
    [
        ("Qabasin itself was wrested from IS by Turkish-backed rebels.", "qabasin", TB),
        ("Akhtarin, too, fell to Turkish-backed rebels on Sunday.", "akhtarin", TB),
        ("Sakhour, however, was retaken by government troops.", "sakhour", "regime"),
        ("Hanano also fell to the army on Saturday.", "hanano", "regime"),
        ("Hanano was recaptured by the army, which then pushed towards Sakhour.", "hanano", "regime"),
    ],
)
def test_words_between_place_and_verb(gaz, text, place, to):
    assert changes(text, gaz) == [(place, to)]


def test_however_between_clauses_still_breaks(gaz):
    text = "The army shelled Hanano, however rebels captured Sakhour."
    assert changes(text, gaz) == [("sakhour", "rebel")]


# -- 4. "the same factions" of the sentence before --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Qabasin was captured by the same rebel factions in November.",
        "Qabasin was captured by those factions in November.",
        "The same rebel groups seized Qabasin in November.",
    ],
)
def test_the_same_factions_are_the_side_named_before(gaz, text):
    assert changes(text, gaz, context_sides=("turkish_backed_rebel",)) == [
        ("qabasin", TB)
    ]


def test_a_plain_side_word_keeps_its_own_side(gaz):
    # no "same": rebels named here are rebels, whatever the sentence before said
    text = "Qabasin was captured by rebel factions in November."
    assert changes(text, gaz, context_sides=("turkish_backed_rebel",)) == [("qabasin", "rebel")]
    # "the same" of another side than the one before: the side named here
    text = "Qabasin was captured by the same rebel factions in November."
    assert changes(text, gaz, context_sides=("kurdish",)) == [("qabasin", "rebel")]


# -- 5. other wording of a change ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, place, to",
    [
        ("Government forces clawed back Sheikh Saeed after a week of fighting.", "sheikh_saeed", "regime"),
        ("Islamic State lost Qabasin to Turkish-backed rebels on Thursday.", "qabasin", TB),
        ("The jihadists lost control of Akhtarin to the Euphrates Shield fighters.", "akhtarin", TB),
        ("Rebels lost Hanano to the army.", "hanano", "regime"),
        ("Qabasin changed hands on Tuesday, falling to Turkish-backed rebels.", "qabasin", TB),
        ("Akhtarin was overrun by Turkish-backed rebels.", "akhtarin", TB),
        ("Tal Rifaat came under the control of Kurdish fighters in February.", "tal_rifaat", "kurdish"),
        ("Marea came under rebel control in October.", "marea", "rebel"),
        ("Hanano fell on Saturday to government troops.", "hanano", "regime"),
        ("The army recovered control of Sakhour on Monday.", "sakhour", "regime"),
        ("Rebels won back Sheikh Saeed overnight.", "sheikh_saeed", "rebel"),
    ],
)
def test_other_wording(gaz, text, place, to):
    assert changes(text, gaz) == [(place, to)]


@pytest.mark.parametrize(
    "text",
    [
        "Qabasin changed hands twice on Tuesday.",
        "Sakhour came under heavy fire on Monday.",
        "Hanano came under attack from the army.",
        "Rebels lost ten fighters in Hanano to army shelling.",
        "The army has not recovered control of Sakhour.",
    ],
)
def test_other_wording_negatives(gaz, text):
    assert [r for r in read(text, gaz) if r[0] == "change"] == []


@pytest.mark.parametrize(
    "text, place, to",
    [
        ("Qabasin was lost to Turkish-backed rebels in November.", "qabasin", TB),
        ("Rebels gave up Hanano to the army on Monday.", "hanano", "regime"),
        ("Hanano passed to government control on Monday.", "hanano", "regime"),
        ("Sakhour returned to the control of the army on Sunday.", "sakhour", "regime"),
        ("Turkish-backed rebels drove IS militants out of Qabasin.", "qabasin", TB),
        # the subject of a passive loses, the "by ..." side wins
        ("IS militants were expelled from Qabasin by Turkish-backed rebels.", "qabasin", TB),
        ("Rebels were driven out of Sakhour by the army on Monday.", "sakhour", "regime"),
        # a relative clause between the place and its verb
        ("Hanano, which rebels had held since 2012, fell to the army on Saturday.", "hanano", "regime"),
        ("Akhtarin, which IS had held for two years, was captured by Turkish-backed rebels.", "akhtarin", TB),
    ],
)
def test_more_wording(gaz, text, place, to):
    assert changes(text, gaz) == [(place, to)]


def test_in_the_hands_of_a_side_is_an_assertion(gaz):
    assert read("Hanano is now in the hands of the army.", gaz) == [
        ("assertion", "", "hanano", "regime", "")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Rebels gave up their weapons in Hanano.",
        "Rebels withdrew from Sakhour to rebel-held areas.",
    ],
)
def test_loser_negatives(gaz, text):
    assert [r for r in read(text, gaz) if r[0] == "change" and r[3] == "rebel"] == []


def test_a_far_by_belongs_to_another_verb(gaz):
    text = (
        "Sheikh Saeed was handed over to the Kurdish units stationed nearby in a quiet deal, "
        "a move that was later condemned by the rebels."
    )
    assert read(text, gaz) == [("change", "handover", "sheikh_saeed", "kurdish", "unknown")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rebels captured Hanano in 2012.", []),
        ("The army shelled Hanano, which rebels captured in 2012.", []),
        ("Hanano, which rebels overran in mid-2012, fell to the army on Saturday.", [("hanano", "regime")]),
        # the year of the sentence itself is news
        ("Turkish-backed rebels captured Qabasin in 2016.", [("qabasin", TB)]),
        # a year before the verb belongs to another clause
        ("Held by rebels since 2012, Hanano fell to the army on Saturday.", [("hanano", "regime")]),
    ],
)
def test_a_bare_past_year_is_history(gaz, text, expected):
    assert changes(text, gaz) == expected


def test_taken_from_a_named_side(gaz):
    assert read("Kurdish fighters seized Tal Rifaat from rebels in February.", gaz) == [
        ("change", "winner", "tal_rifaat", "kurdish", "rebel")
    ]
    assert read("Manbij, which the SDF took from IS in August, was calm.", gaz) == [
        ("change", "winner", "manbij", "kurdish", "isis")
    ]


@pytest.mark.parametrize(
    "text, place, to",
    [
        # an attribution, an apposition, a reference point between commas
        ("Sakhour, activists said, fell to the army on Monday.", "sakhour", "regime"),
        ("Sakhour, according to the Observatory, fell to the army on Monday.", "sakhour", "regime"),
        ("Sakhour, a rebel bastion for four years, fell to the army on Monday.", "sakhour", "regime"),
        ("Hanano, the district next to Sakhour, fell to the army.", "hanano", "regime"),
        ("Qabasin, just east of al-Bab, was captured by Turkish-backed rebels.", "qabasin", TB),
        ("Sakhour has since been retaken by government forces.", "sakhour", "regime"),
    ],
)
def test_asides_between_place_and_verb(gaz, text, place, to):
    assert changes(text, gaz) == [(place, to)]


@pytest.mark.parametrize(
    "text",
    [
        "Shells fell near Sakhour on Monday.",
        "Rebels near Sakhour said the army had failed to capture the district.",
    ],
)
def test_asides_negatives(gaz, text):
    assert [r for r in read(text, gaz) if r[0] == "change"] == []


def test_however_after_the_auxiliary(gaz):
    assert changes("Sakhour was, however, retaken by government forces.", gaz) == [("sakhour", "regime")]


@pytest.mark.parametrize(
    "text",
    [
        "Five soldiers in Sakhour were captured by rebels on Monday.",
        "The bodies of fighters killed in Hanano were handed over to the army.",
    ],
)
def test_a_place_of_where_is_no_passive_subject(gaz, text):
    assert [r for r in read(text, gaz) if r[0] == "change"] == []


def test_ground_in_a_place_is_a_passive_subject(gaz):
    text = "Rebel positions in Hanano and Sakhour were overrun by the army."
    assert changes(text, gaz) == [("hanano", "regime"), ("sakhour", "regime")]


@pytest.mark.parametrize(
    "text",
    [
        "Those same rebels captured Qabasin in November.",
        "Qabasin was overrun by these same fighters in November.",
    ],
)
def test_those_same_fighters(gaz, text):
    assert changes(text, gaz, context_sides=("turkish_backed_rebel",)) == [("qabasin", TB)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sakhour and Hanano, both of which the army retook this week, lay in ruins.",
         [("hanano", "regime"), ("sakhour", "regime")]),
        ("Troops combed Hanano, which they recaptured on Saturday.", [("hanano", "regime")]),
        ("Qabasin, which IS lost to Turkish-backed rebels last month, was quiet.", [("qabasin", TB)]),
        ("Sheikh Maqsoud, which the Kurds handed over to the army on Tuesday, was calm.",
         [("sheikh_maqsoud", "regime")]),
        # "where" introduces no object
        ("Hanano, where rebels captured ten soldiers, was shelled.", []),
    ],
)
def test_more_relative_clauses(gaz, text, expected):
    assert changes(text, gaz) == expected


def test_history_in_a_relative_clause_leaves_the_main_change(gaz):
    text = "Qabasin, which IS took in 2014, fell to Turkish-backed rebels on Sunday."
    assert read(text, gaz) == [("change", "fell", "qabasin", TB, "isis")]


@pytest.mark.parametrize(
    "text",
    [
        "Most of the villages around al-Bab were captured by Turkish-backed rebels last month.",
        "Rebels seized three hills outside Qabasin on Monday.",
    ],
)
def test_places_around_which_ground_changed_are_reference_points(gaz, text):
    assert [r for r in read(text, gaz) if r[0] == "change"] == []
