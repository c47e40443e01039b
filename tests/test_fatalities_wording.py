"""Fatality counts in wordings met in unseen reports (sentences written for these tests)."""

from __future__ import annotations

import pytest

from mapper.extract.fatalities import extract_fatalities


def _count(sentence: str) -> int | None:
    got = extract_fatalities(sentence)
    if got is not None:
        assert sentence[got.start:got.end] == got.phrase
    return got.count if got else None


@pytest.mark.parametrize(("sentence", "count"), [
    # a capitalised number word opening the sentence, before an adjective
    ("Fourteen Iranian advisers were killed near the airbase, two security sources said.", 14),
    ("Nine young conscripts died at the outpost, three medics told the agency.", 9),
    ("Activists said twenty-three Kurdish fighters were slain overnight.", 23),
    ("Eleven Russian military policemen were killed in the ambush.", 11),
    # a later count that is the subject of a report verb is not a gapped clause
    ("At least 8 people died in the shelling, two rescue workers reported.", 8),
    # but a gapped clause still is one
    ("Four men were killed in Jisr al-Shughour and three in Ariha.", 7),
    ("Shelling killed two people in Douma, five in Harasta and one man in Arbin.", 8),
])
def test_number_words_before_adjectives_and_reported_counts(sentence: str, count: int) -> None:
    assert _count(sentence) == count


@pytest.mark.parametrize(("sentence", "count"), [
    # counts joined by "and" share the death word after the last of them
    ("Thirteen Turkish soldiers and two civilians were killed in the blast.", 15),
    ("Six fighters and four children died when the depot exploded.", 10),
    ("A mother and her four children were killed by the barrel bomb.", 5),
    # an object of another verb is not a subject that died
    ("Rebels captured 30 soldiers and five civilians were killed.", 5),
])
def test_counts_joined_by_and_are_summed(sentence: str, count: int) -> None:
    assert _count(sentence) == count


@pytest.mark.parametrize(("sentence", "count"), [
    ("The air strike killed a family of seven in their home.", 7),
    ("A family of six perished when the building collapsed.", 6),
    ("A family of four, including two toddlers, was killed in the raid.", 4),
    ("Shells killed nine members of one family in the village.", 9),
    ("Eight members of the same family died in the fire.", 8),
    ("The raid killed an entire family.", None),
])
def test_a_family_of_n_is_n(sentence: str, count: int | None) -> None:
    assert _count(sentence) == count


@pytest.mark.parametrize(("sentence", "count"), [
    ("The truck bomb left 14 dead in the market.", 14),
    ("The shelling left at least nine people dead and 40 wounded.", 9),
    ("Clashes erupted, leaving some twenty fighters dead.", 20),
    ("The raid, which left three civilians dead, drew condemnation.", 3),
    ("The convoy left 200 people behind.", None),
    ("The assault claimed the lives of eighteen soldiers.", 18),
    ("The bombing has claimed the lives of at least 31 people.", 31),
    ("Fighting cost the lives of 12 rebels on Sunday.", 12),
    ("Fifteen lives were lost when the ferry was shelled.", 15),
    ("The doctors saved the lives of 40 children.", None),
    ("A death toll of 27 was given by the ministry.", 27),
    ("The dead included four women.", 4),
    ("Among the dead were two paramedics.", 2),
    ("Jets struck the market, killing at least 19 and wounding 50.", 19),
    ("Rescuers pulled 21 bodies from the rubble.", 21),
    ("Sixty people died in the siege.", 60),
    ("Five were killed and 17 injured in the attack.", 5),
    ("Two brothers were shot dead at their farm.", 2),
    ("A child was killed by a sniper.", 1),
    ("A dozen guards died in the attack.", 12),
    ("Scores of civilians were killed in the raids.", 20),
    ("Hundreds of people have been killed since March.", 100),
    # a not-death word describing the people is not what became of them
    ("Seventeen displaced people were killed when the camp was shelled.", 17),
    ("Some 30 wounded fighters were executed in the hospital.", 30),
    ("About 25 wounded civilians were evacuated by the Red Crescent.", None),
    ("Jihadists burned alive two captured pilots.", 2),
])
def test_other_wordings_of_the_dead(sentence: str, count: int | None) -> None:
    assert _count(sentence) == count


@pytest.mark.parametrize("sentence", [
    "Thirty people were wounded in the blast that killed the commander.",
    "About 400 were evacuated after the killing of the mayor.",
    "Troops arrested 60 men accused of murder.",
    "Forty buses took the bodies away.",
    "The killings began in 2013.",
    "Resolution 2254 calls for an end to the killing.",
    "Article 8 of the agreement bans the execution of prisoners.",
    "On 14 December, gunmen killed the imam.",
    "By 1745 GMT, the shelling had killed the imam.",
    "Two weeks later, gunmen killed the imam.",
])
def test_non_counts_near_death_words(sentence: str) -> None:
    assert _count(sentence) is None


def test_a_breakdown_inside_a_count_is_not_added() -> None:
    assert _count("Strikes killed 45 people, 20 of them children, in Idlib.") == 45
    assert _count("Fifty people, among them eight women, were killed.") == 50


@pytest.mark.parametrize(("sentence", "count"), [
    # a tally verb before the number says nothing of who died; the words before it do
    ("The death toll from the shelling has reached 23.", 23),
    ("The number of dead had reached at least 40 by nightfall, medics said.", 40),
    ("The number of people killed in the siege reaches 61.", 61),
    ("Some 500 refugees reached the border after the killings.", None),
    # reported deaths are no hypothesis; threatened ones are
    ("Nine soldiers are believed to have been killed in the ambush.", 9),
    ("Three aid workers were reported to have been killed.", 3),
    ("The gunmen threatened to kill 50 hostages.", None),
    ("Half a dozen rebels died in the clashes.", 6),
])
def test_tallies_reports_and_half_a_dozen(sentence: str, count: int | None) -> None:
    assert _count(sentence) == count


@pytest.mark.parametrize(("sentence", "count"), [
    # a count that kills someone named after the verb is the killers, not the dead
    ("Four gunmen killed the village headman.", None),
    ("Two drones killed their commander on Friday.", None),
    ("A shell hit the minibus carrying 22 passengers, killing the driver.", None),
    ("About 40 militants stormed the checkpoint and executed its guards.", None),
    # passive, or a time after the verb: the count died
    ("Five people were killed the day the truce began.", 5),
    ("Eleven people killed the previous night were buried on Monday.", 11),
    ("Six civilians were reportedly killed.", 6),
    # "a" with an age before the person counts one
    ("A 12-year-old girl was killed by sniper fire.", 1),
    ("An 80-year-old man died under the rubble.", 1),
    ("A 19-year-old nurse died at 4:30 on December 5.", 1),
])
def test_killers_are_not_the_dead(sentence: str, count: int | None) -> None:
    assert _count(sentence) == count


@pytest.mark.parametrize(("sentence", "count"), [
    # a relative after "and" is one more of the dead
    ("A woman and her baby were killed when the shell struck.", 2),
    ("The sniper shot dead a farmer and his nephew.", 2),
    ("An old man and his two grandsons died in the fire.", 3),
    # but not a relative who speaks
    ("His brother said the shelling killed seven people.", 7),
    ("Rebels killed five soldiers and their commander said nothing.", 5),
])
def test_a_relative_joined_by_and_counts_one(sentence: str, count: int | None) -> None:
    assert _count(sentence) == count
