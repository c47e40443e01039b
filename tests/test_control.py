"""Control changes and assertions, on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer.places import load_gazetteer
from mapper.extract.control import find_control, guarded, resolve_all_but
from mapper.pipeline import read_sentence

PUB = date(2016, 11, 28)  # a Monday


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def rows(text: str, gaz, **kw):
    changes, pending = find_control(read_sentence(text, PUB, article_id="t.txt", **kw), gaz)
    return changes, pending


def summary(changes):
    return sorted((c.place_id, c.from_, c.to, c.kind) for c in changes)


def test_active_capture_by_regime(gaz):
    changes, _ = rows("Government troops recaptured the Hanano district on Sunday.", gaz)
    assert summary(changes) == [("hanano", "rebel", "regime", "change")]
    assert changes[0].date == date(2016, 11, 27)


def test_passive_capture_with_by_agent(gaz):
    changes, _ = rows("Jabal Badro was seized on Saturday by pro-Assad forces.", gaz)
    assert summary(changes) == [("jabal_badro", "rebel", "regime", "change")]
    assert changes[0].date == date(2016, 11, 26)


def test_rebels_withdrew_means_regime_takes(gaz):
    changes, _ = rows("Rebels withdrew from Sakhour overnight.", gaz)
    assert summary(changes) == [("sakhour", "rebel", "regime", "change")]


def test_rebel_advance_is_rebel_gain(gaz):
    changes, _ = rows("Opposition fighters captured Dahiyet al-Assad in a surprise attack.", gaz)
    assert {(c.from_, c.to) for c in changes} == {("regime", "rebel")}


@pytest.mark.parametrize(
    "text",
    [
        "Regime forces are close to taking Sakhour.",
        "The army is on the verge of capturing Hanano.",
        "Loyalists hope to take Masakin Hanano within days.",
        "If rebels capture Sheikh Saeed, the siege would be broken.",
        "Pro-Assad forces failed to seize Sakhour.",
        "Capturing Hanano would be a turning point for the army.",
    ],
)
def test_intentions_and_conditions_are_not_changes(gaz, text):
    changes, pending = rows(text, gaz)
    assert changes == [] and pending == []


def test_guard_reads_only_the_words_before_the_verb():
    text = "Troops captured the hill, although they had hoped to advance further."
    assert not guarded(text, text.index("captured"), text.index("captured") + 8)
    text = "Troops hoped to capture the hill."
    assert guarded(text, text.index("capture"), text.index("capture") + 7)


def test_holding_out_lists_every_district(gaz):
    changes, _ = rows(
        "The opposition is still holding out in Sukkari, Kalaseh and Bustan al-Qasr.", gaz
    )
    assert summary(changes) == [
        ("bustan_al_qasr", "", "rebel", "assertion"),
        ("kalaseh", "", "rebel", "assertion"),
        ("sukkari", "", "rebel", "assertion"),
    ]


def test_apposition_last_rebel_held_district(gaz):
    changes, _ = rows("Ansari, one of the last rebel-held districts, was shelled again.", gaz)
    assert ("ansari", "", "rebel", "assertion") in summary(changes)


def test_adjective_binds_only_the_name_after_it(gaz):
    changes, _ = rows("Families fled from Sukkari to government-held Hamdaniyeh.", gaz)
    assert summary(changes) == [("hamdaniyeh", "", "regime", "assertion")]


def test_whole_old_city_expands_to_its_quarters(gaz):
    changes, _ = rows("Syrian troops took all of the Old City on Wednesday.", gaz)
    quarters = {p.id for p in gaz.expand("aleppo_old_city")}
    assert len(quarters) > 5
    assert {c.place_id for c in changes} == quarters
    assert {(c.from_, c.to, c.kind) for c in changes} == {("rebel", "regime", "change")}


def test_partial_statement_about_an_area_is_not_expanded(gaz):
    changes, _ = rows("Regime forces seized parts of east Aleppo on Sunday.", gaz)
    assert changes == []


def test_all_but_a_few_excludes_districts_still_held(gaz):
    area = gaz.get("aleppo_east")
    first, pending = rows(
        "Loyalist troops took all but a handful of districts on Monday.", gaz, context_area=area
    )
    assert first == [] and len(pending) == 1
    held, _ = rows("Rebels were holding out in Sukkari and Kalaseh on Monday.", gaz)
    out = resolve_all_but(pending, held, gaz)
    ids = {c.place_id for c in out}
    assert ids == {p.id for p in gaz.expand("aleppo_east")} - {"sukkari", "kalaseh"}
    assert {(c.from_, c.to) for c in out} == {("rebel", "regime")}


def test_subjectless_verb_takes_side_from_previous_sentence(gaz):
    changes, _ = rows(
        "Districts captured included Hanano and Jabal Badro.", gaz, context_sides=("regime",)
    )
    assert summary(changes) == [
        ("hanano", "rebel", "regime", "change"),
        ("jabal_badro", "rebel", "regime", "change"),
    ]


def test_reference_places_are_not_targets(gaz):
    changes, _ = rows("Pro-Assad forces captured Sakhour, near the border with Hanano.", gaz)
    assert [c.place_id for c in changes] == ["sakhour"]


def test_certainty_and_evidence_are_kept(gaz):
    changes, _ = rows("Activists claim that regime forces overran Sheikh Saeed on Sunday.", gaz)
    assert changes and changes[0].certainty == "claimed"
    assert changes[0].sentence.startswith("Activists claim") and changes[0].article == "t.txt"


def test_subject_pushing_the_other_side_out_wins(gaz):
    changes, _ = rows("The army pushed the rebels out of Jabal Badro on Monday.", gaz)
    assert summary(changes) == [("jabal_badro", "rebel", "regime", "change")]


def test_fell_to_a_side_named_by_a_word(gaz):
    changes, _ = rows("The district of Tariq al-Bab fell to loyalist troops on Saturday.", gaz)
    assert summary(changes) == [("tariq_al_bab", "rebel", "regime", "change")]


def test_assertion_about_a_whole_area_needs_a_whole_word(gaz):
    quarters = {p.id for p in gaz.expand("aleppo_old_city")}
    whole, _ = rows("The Old City is now fully under government control.", gaz)
    assert {c.place_id for c in whole} == quarters and {c.to for c in whole} == {"regime"}
    vague, _ = rows("Fighting raged on in the rebel-held Old City.", gaz)
    assert vague == []


def test_handover_goes_to_the_side_after_to(gaz):
    changes, _ = rows("The Kurds handed over Sheikh Maqsoud to the government on Sunday.", gaz)
    assert summary(changes) == [("sheikh_maqsoud", "kurdish", "regime", "change")]


# -- assertions: wording, apposition, dating ------------------------------------------


def test_present_tense_holding_is_dated_to_the_report(gaz):
    changes, _ = rows(
        "The insurgents still control Bustan al-Qasr and Kalaseh, locals said on Sunday.", gaz
    )
    assert summary(changes) == [
        ("bustan_al_qasr", "", "rebel", "assertion"),
        ("kalaseh", "", "rebel", "assertion"),
    ]
    assert {c.date for c in changes} == {PUB}


def test_past_tense_holding_out_keeps_the_sentence_date(gaz):
    changes, _ = rows("On Saturday the rebels were holding out in Sakhour and Hanano.", gaz)
    assert {(c.place_id, c.to) for c in changes} == {("sakhour", "rebel"), ("hanano", "rebel")}
    assert {c.date for c in changes} == {date(2016, 11, 26)}


def test_held_by_in_apposition(gaz):
    changes, _ = rows("Manbij, which has been held by the SDF since the summer, was quiet.", gaz)
    assert summary(changes) == [("manbij", "", "kurdish", "assertion")]


def test_still_in_side_hands(gaz):
    changes, _ = rows("Raqqa, the biggest city still in ISIS hands, braced for an assault.", gaz)
    assert summary(changes) == [("raqqa", "", "isis", "assertion")]


def test_one_of_the_districts_the_side_holds_with_a_list(gaz):
    changes, _ = rows(
        "Buses were meant to leave from Kalaseh, one of three neighbourhoods the opposition "
        "still holds with Sukkari and al-Mashhad.",
        gaz,
    )
    assert {(c.place_id, c.to) for c in changes} == {
        ("kalaseh", "rebel"),
        ("sukkari", "rebel"),
        ("mashhad", "rebel"),
    }


def test_side_villages_in_apposition(gaz):
    changes, _ = rows("Nubl and Zahraa, the two pro-government villages, were shelled.", gaz)
    assert {(c.place_id, c.to) for c in changes} == {("nubl", "regime"), ("zahraa_town", "regime")}


def test_possessive_side_stronghold(gaz):
    changes, _ = rows("Thousands fled to the rebels' stronghold of Idlib city.", gaz)
    assert {(c.place_id, c.to) for c in changes} == {("idlib", "rebel")}


def test_side_held_province(gaz):
    changes, _ = rows("Aid finally reached rebel-held Idlib Province.", gaz)
    assert summary(changes) == [("idlib_province", "", "rebel", "assertion")]


def test_fighters_evacuated_from_districts_are_there(gaz):
    changes, _ = rows(
        "State television said the evacuation of gunmen from the districts of Ansari and "
        "Zebdiyeh would start at dawn.",
        gaz,
    )
    assert {(c.place_id, c.to, c.kind) for c in changes} == {
        ("ansari", "rebel", "assertion"),
        ("zebdiyeh", "rebel", "assertion"),
    }


def test_label_of_a_place_changing_hands_is_not_an_assertion(gaz):
    changes, _ = rows("Troops took Ansari, the last district held by the rebels, on Sunday.", gaz)
    assert summary(changes) == [("ansari", "rebel", "regime", "change")]


# -- changes: quoted verbs, towns without districts, moving in --------------------------


def test_quoted_verb_still_binds(gaz):
    changes, _ = rows('State media said troops had "liberated" Sheikh Lutfi at dawn.', gaz)
    assert summary(changes) == [("sheikh_lutfi", "rebel", "regime", "change")]


def test_city_without_districts_changes_hands_whole(gaz):
    changes, _ = rows("Islamic State fighters overran Palmyra again on Sunday.", gaz)
    assert ("palmyra", "isis") in {(c.place_id, c.to) for c in changes}
    assert rows("ISIS seized parts of Palmyra on Sunday.", gaz)[0] == []


def test_forces_moving_into_a_district(gaz):
    changes, _ = rows(
        "YPG units moved into the adjoining Sheikh Fares district after the rebels pulled back.",
        gaz,
    )
    assert summary(changes) == [("sheikh_fares", "unknown", "kurdish", "change")]


# Sentences for the lexicon checks below: assertions in many shapes, written here.
_ASSERTING = [
    "Rebels were holding out in Bustan al-Qasr and Kalaseh as the shelling went on.",
    "The army still controls the citadel, a state television map showed.",
    "Fighters evacuated the last opposition pockets of Sukkari overnight.",
    "Sheikh Saeed, one of the few rebel districts left, was quiet.",
    "Al-Bab remains in control of the Islamic State, the monitor said.",
    "Jabal Badro, held by the Kurdish-led SDF, saw clashes.",
    "The YPG, which now holds Sheikh Maqsoud, denied the report.",
    "Madaya, the largest town in rebel hands, is under siege.",
    "Under the control of the regime since July, Bani Zeid was emptied.",
    "The edge of opposition territory ran along Salah al-Din.",
    "Sukkari and Fardous are the districts that the rebels still hold with Kalaseh.",
    "Government-run quarters such as Midan stayed calm.",
    "A loyalist stronghold in Nubl held out; it was under regime control.",
    "Buses began evacuating the remaining gunmen and their families from Zabadani.",
    "REBEL-HELD AREAS OF ALEPPO SHRANK TO A FEW BLOCKS, an analyst wrote.",
]


def _assertion_blocks():
    import tomllib
    from importlib.resources import files

    raw = tomllib.loads(files("mapper").joinpath("data", "control_verbs.toml").read_text("utf-8"))
    return raw["assertion"]


def test_every_assertion_block_names_the_words_it_needs():
    """The ``needs`` prefilter may skip a block only when no match could be found."""
    from mapper.extract.control import _lexicon

    texts = list(_ASSERTING)
    for path in sorted((__import__("pathlib").Path(__file__).parent / "corpus").glob("*.txt")):
        texts.append(path.read_text(encoding="utf-8"))
    hits = 0
    for rule in _lexicon().assertions:
        assert rule.needs and all(w == w.lower() and len(w.split()) == 1 for w in rule.needs)
        for text in texts:
            for m in rule.fallback.finditer(text):
                hits += 1
                assert any(w in m.group(0).lower() for w in rule.needs), (m.group(0), rule.needs)
    assert hits > len(_ASSERTING)  # the check saw matches of many blocks
    assert len(_lexicon().assertions) == len(_assertion_blocks())


# Sentences for the change-verb checks below: every [[change]] block, written here.
_CHANGING = [
    "Areas captured included Hanano and Sakhour, the army said.",
    "Government troops recaptured the Hanano district and re-took Sakhour.",
    "Rebels overran Sheikh Saeed and took control of Karm al-Jabal after they stormed it.",
    "The army pushed the remaining rebel fighters out of Masakin Hanano.",
    "The Kurds handed over Sheikh Maqsoud to the government; the YPG ceded control of Ashrafieh.",
    "Rebels withdrew from Sakhour and pulled out of Hanano; they lost control of Bustan al-Basha.",
    "Hanano fell to the army; Sakhour has fallen, the monitor said.",
    "The fall of Hanano and the collapse of Sakhour came within hours.",
    "Loyalists gained control of Jabal Badro and swept into Haidariya, then marched into Sakhour.",
]


def test_every_change_block_names_the_words_it_needs():
    """The ``needs`` prefilter may skip a [[change]] block only when it could not match."""
    import re

    from mapper.extract.control import _lexicon

    lex = _lexicon()
    texts = list(_CHANGING)
    for path in sorted((__import__("pathlib").Path(__file__).parent / "corpus").glob("*.txt")):
        texts.append(path.read_text(encoding="utf-8"))
    seen = set()
    for i, block in enumerate(lex.change_blocks):
        needs = [w for w, bits in lex.needed if bits >> i & 1]
        assert needs and all(w == w.lower() and len(w.split()) == 1 for w in needs)
        for text in texts:
            for m in re.finditer(rf"\b(?:{block})\b", text, re.I):
                seen.add(i)
                assert any(w in m.group(0).lower() for w in needs), (m.group(0), needs)
    assert seen == set(range(len(lex.change_blocks)))  # the check saw matches of every block


def test_scanning_only_the_needed_blocks_finds_the_same_cues():
    """Leaving out the [[change]] blocks whose words a sentence lacks changes no match."""
    from mapper.extract.control_lexicon import changes_in, lexicon, needs_in

    lex = lexicon()
    texts = list(_CHANGING) + list(_ASSERTING)
    for path in sorted((__import__("pathlib").Path(__file__).parent / "corpus").glob("*.txt")):
        texts.extend(path.read_text(encoding="utf-8").lower().split("\n"))
    for text in texts:
        low = text.lower()
        needs = needs_in(low)
        assert needs == _naive_needs(lex, low)
        every = [(m.span(), m.lastgroup) for m in changes_in(lex.change_bits).finditer(low)]
        blocks = needs & lex.change_bits
        some = [(m.span(), m.lastgroup) for m in changes_in(blocks).finditer(low)] if blocks else []
        assert some == every, text


def _naive_needs(lex, low):
    bits = 0
    for word, blocks in lex.needed:
        if word in low:
            bits |= blocks
    return bits


def test_lower_casing_that_changes_length_reads_the_same(gaz):
    """"İ" lower-cases to two characters: the case-insensitive patterns take over."""
    plain = "Rebels still hold Sukkari and Kalaseh, said a man from Istanbul."
    dotted = plain.replace("Istanbul", "İstanbul")
    assert len(dotted.lower()) != len(dotted)
    got = [summary(rows(t, gaz)[0]) for t in (plain, dotted, plain.upper())]
    assert got[0] == got[1] == got[2]
    assert ("sukkari", "", "rebel", "assertion") in got[0]


def test_lower_pattern_keeps_escapes_and_group_names():
    from mapper.extract.control import lower_pattern

    assert lower_pattern(r"(?P<Side>Rebel)\S+\W") == r"(?P<Side>rebel)\S+\W"


@pytest.mark.parametrize(
    "text, expected",
    [
        # an adjective between the verb and the name
        ("Government troops overran the historic Old City on Wednesday.", ("citadel", "rebel", "regime")),
        # "wrested control of" and a list whose second name has an adjective
        ("Pro-government fighters wrested control of Bab al-Nayrab and the nearby al-Maadi district.",
         ("maadi", "rebel", "regime")),
        # state media's phrase for a capture
        ("State TV said the army restored security and stability to the Qarleq neighbourhood.",
         ("qarleq", "rebel", "regime")),
        # the side after "the hands of" wins, not the side of the sentence before
        ("Salah al-Din district fell into the hands of the army this afternoon.", ("salaheddin", "rebel", "regime")),
        ("Sheikh Saeed fell under the control of the rebels.", ("sheikh_saeed", "regime", "rebel")),
        # a noun with its agent inside: "the takeover by X of A"
        ("Following the takeover by Government forces of Salah ad-Din and al-Kalaseh, people fled.",
         ("kalaseh", "rebel", "regime")),
        ("The rebels' takeover of Dahiyet al-Assad surprised the army.", ("dahiyet_al_assad", "regime", "rebel")),
    ],
)
def test_more_change_phrasings(gaz, text, expected):
    changes, _ = rows(text, gaz, context_sides=("rebel",))
    assert expected in {(c.place_id, c.from_, c.to) for c in changes if c.kind == "change"}


def test_relative_clause_names_the_holder(gaz):
    changes, _ = rows("The Citadel, which the army has held throughout the war, was hit.", gaz)
    assert summary(changes) == [("citadel", "", "regime", "assertion")]
    # "had held": who held it before, not who holds it now
    changes, _ = rows("Hanano, which the rebels had held since 2012, was shelled.", gaz)
    assert summary(changes) == []
