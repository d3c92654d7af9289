"""Who counts as a young person: the one age rule the topic answers and the triage share.

Children and Families Act 2014, section 83(2): a "young person" is a person over compulsory
school age and under 25. Compulsory school age ends in the school year a child turns 16, and the
guide asks for an age in whole years, so a young person here is 16 to 24 inclusive. A young person
can ask the council for an EHC needs assessment themselves (section 36(1)); from 25 they are no
longer a young person, so an assessment is not usually possible.
"""

from __future__ import annotations

YOUNG_PERSON_MIN_AGE = 16  # over compulsory school age
YOUNG_PERSON_MAX_AGE = 24  # "under 25"
# Where the rule comes from, an id in content/sources.yml.
YOUNG_PERSON_SOURCE = "cfa_2014_s83"


def is_young_person(age: int | None) -> bool:
    """True from 16 up to and including 24; False for a child, a 25-year-old or no age."""
    return age is not None and YOUNG_PERSON_MIN_AGE <= age <= YOUNG_PERSON_MAX_AGE


def is_past_young_person_age(age: int | None) -> bool:
    """True from 25: too old to be a young person under the Act."""
    return age is not None and age > YOUNG_PERSON_MAX_AGE
