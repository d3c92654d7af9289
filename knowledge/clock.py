"""The statutory clock: what happened and when, turned into dated milestones with their rule.

Pure functions: each takes dates (and, where a working day matters, the ``WorkingDays`` read
from content/bank_holidays.yml) and returns ``Milestone``s naming the regulation or rule, the
id of its source in content/sources.yml and, where the law lets the date move, a note saying
how. Nothing here applies an exception silently: the due date is always the ordinary one.

How time is counted (each function's docstring names the words it follows):

- "within N weeks of" an event (SEND Regulations 2014 regs 5(1), 10(1), 13(2), 20(10)): the day
  of the event is not counted, so the period ends on the same weekday N weeks later (a request
  received on Monday 6 January 2025 has its 6-week date on Monday 17 February 2025).
- "at least 15 days, beginning with the day on which the draft plan was served" (reg 13(1)(a)):
  the day of service is day 1, so the 15th day is the day of service plus 14.
- "at least two weeks' notice" (reg 20(3)): notice given no later than 14 days before the meeting.
- "within 2 months after" / "within 1 month from" (HESC Rules 2008 r.20(1)(c), SEND Regulations
  reg 33): the corresponding date in the later month; where that month is shorter and has no
  such day, its last day (31 January + 1 month = 28 February, or 29 February in a leap year).
- A council's time limits under the SEND Regulations are calendar periods: weekends, bank
  holidays and August do not stop them. Only the tribunal's rule 12 moves a date, and only for
  time limits under the tribunal's rules (the appeal itself), not for the council's duties or for
  contacting a mediation adviser (reg 33).
- A working day (HESC Rules 2008 r.1(3)): not a Saturday or Sunday, Christmas Day, Good Friday or
  an England and Wales bank holiday (the list in content/bank_holidays.yml).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from knowledge._fields import Fields
from knowledge.errors import KnowledgeError
from knowledge.model import Source
from knowledge.sources import resolve_sources

# "before 15 February" / "before 31 March" (reg 18(1)(b) and (a)), as (month, day).
PHASE_TRANSFER_BEFORE = (2, 15)
POST16_TRANSFER_BEFORE = (3, 31)

_SCHOOL_CLOSED_NOTE = (
    "The law lets this date move only in set cases, for example when the council asked a school "
    "for advice in the week before it closed for 4 weeks or more (such as the summer holiday), "
    "reg {reg}. The council must then still act as soon as practicable, and should tell you why."
)
_DRAFT_PRACTICE_NOTE = (
    "Many guides say the draft plan comes 'at week 16'. That is practice, not law: the "
    "regulations set no date for the draft, only at least 15 days to comment on it (reg 13(1)) "
    "and the final plan by week 20 (reg 13(2))."
)


class ClockError(KnowledgeError):
    """A date the clock cannot count: a working day outside the years of bank holidays listed."""


@dataclass(frozen=True)
class Milestone:
    """One dated step: the last day for it, the rule it comes from and where to read that rule."""

    name: str
    due: date
    rule: str
    source: str  # an id in content/sources.yml
    note: str | None = None


@dataclass(frozen=True)
class WorkingDays:
    """England and Wales working days for the years listed in content/bank_holidays.yml."""

    bank_holidays: frozenset[date]
    first_year: int
    last_year: int

    def is_working_day(self, day: date) -> bool:
        if not self.first_year <= day.year <= self.last_year:
            raise ClockError(
                f"{day.isoformat()}: bank holidays are listed for {self.first_year} to "
                f"{self.last_year} only (content/bank_holidays.yml)"
            )
        return day.weekday() < 5 and day not in self.bank_holidays

    def first_working_day_from(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself is not counted)."""
        for _ in range(count):
            day = self.first_working_day_from(day + timedelta(days=1))
        return day


def parse_working_days(root: Fields, sources: Mapping[str, Source]) -> WorkingDays:
    """content/bank_holidays.yml: the years covered and every bank holiday in them."""
    first = root.raw("first_year")
    last = root.raw("last_year")
    if not isinstance(first, int) or not isinstance(last, int) or first > last:
        root.fail("first_year", "expected two years, first_year no later than last_year")
    raw = root.raw("bank_holidays")
    if not isinstance(raw, list) or not raw:
        root.fail("bank_holidays", "expected a non-empty list of dates written as YYYY-MM-DD")
    days: set[date] = set()
    for index, value in enumerate(raw):
        if not isinstance(value, date) or not first <= value.year <= last:
            root.fail(f"bank_holidays[{index}]", f"expected a date in {first} to {last}")
        days.add(value)
    resolve_sources(root, sources)
    return WorkingDays(frozenset(days), first, last)


# -- counting -------------------------------------------------------------------------------


def weeks_after(day: date, weeks: int) -> date:
    """The end of "within ``weeks`` weeks of ``day``": the same weekday, ``weeks`` weeks on."""
    return day + timedelta(weeks=weeks)


def months_after(day: date, months: int) -> date:
    """The corresponding date ``months`` later, or that month's last day if it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def days_beginning_with(day: date, days: int) -> date:
    """The last of ``days`` days "beginning with" ``day`` (``day`` is the first of them)."""
    return day + timedelta(days=days - 1)


def tribunal_time_limit(end: date, working_days: WorkingDays) -> tuple[date, str | None]:
    """Where HESC Rules r.12 moves the end of the time for an appeal, and why (None: unmoved).

    r.12(3)(a): an appeal time limit ending on 25 December to 1 January, or on any day in
    August, is met on "the first working day after 1st January or 31st August". r.12(2): any
    other limit ending on a day that is not a working day is met on the next working day.
    """
    if end.month == 8:
        moved = working_days.first_working_day_from(date(end.year, 9, 1))
        return moved, f"It falls in August ({_say(end)}), so it moves to {_say(moved)}."
    if (end.month, end.day) >= (12, 25) or (end.month, end.day) == (1, 1):
        new_year = date(end.year + 1 if end.month == 12 else end.year, 1, 1)
        moved = working_days.first_working_day_from(new_year + timedelta(days=1))
        return moved, (
            f"It falls between 25 December and 1 January ({_say(end)}), so it moves to "
            f"{_say(moved)}."
        )
    moved = working_days.first_working_day_from(end)
    if moved != end:
        return moved, f"{_say(end)} is not a working day, so it moves to {_say(moved)}."
    return end, None


# -- milestones -----------------------------------------------------------------------------


def after_request(received: date) -> list[Milestone]:
    """The council's time limits counted from the day it received a request for an assessment.

    reg 5(1): decide "within 6 weeks of ... receiving a request"; reg 10(1): if, after assessing,
    no plan will be issued, say so "within 16 weeks of the local authority receiving a request";
    reg 13(2): send the final plan "within 20 weeks of the local authority receiving a request".
    """
    return [
        Milestone(
            name="Council decides whether to carry out an EHC needs assessment",
            due=weeks_after(received, 6),
            rule="SEND Regulations 2014, reg 5(1)",
            source="send_regs_2014_reg_5",
            note=_SCHOOL_CLOSED_NOTE.format(reg="5(4)"),
        ),
        Milestone(
            name="If the council assessed and decided no plan is needed, it tells you by",
            due=weeks_after(received, 16),
            rule="SEND Regulations 2014, reg 10(1)",
            source="send_regs_2014_reg_10",
            note=f"{_SCHOOL_CLOSED_NOTE.format(reg='10(4)')} {_DRAFT_PRACTICE_NOTE}",
        ),
        Milestone(
            name="Final EHC plan sent",
            due=weeks_after(received, 20),
            rule="SEND Regulations 2014, reg 13(2)",
            source="send_regs_2014_reg_13",
            note=_SCHOOL_CLOSED_NOTE.format(reg="13(3), which uses the reasons in reg 10(4)"),
        ),
    ]


def draft_plan(served: date) -> Milestone:
    """The last of the (at least) 15 days to comment on a draft plan, reg 13(1)(a).

    The regulation counts "at least 15 days, beginning with the day on which the draft plan was
    served": that day is the first of the 15.
    """
    return Milestone(
        name="Last day to comment on the draft plan, ask for a school and ask for a meeting",
        due=days_beginning_with(served, 15),
        rule="SEND Regulations 2014, reg 13(1)(a)",
        source="send_regs_2014_reg_13",
        note=(
            "These are calendar days counted from the day the draft was served, not working "
            "days. 'At least' 15: the council can give longer, never less."
        ),
    )


def annual_review(meeting: date) -> list[Milestone]:
    """Review of a plan where the child or young person attends a school or other institution.

    reg 20(3): "At least two weeks' notice of the date of the meeting must be given"; reg 20(4):
    advice and information circulated "at least two weeks in advance of the review meeting";
    reg 20(10): the council's decision within 4 weeks of the review meeting.
    """
    notice_by = meeting - timedelta(weeks=2)
    return [
        Milestone(
            name="Notice of the review meeting given by",
            due=notice_by,
            rule="SEND Regulations 2014, reg 20(3)",
            source="send_regs_2014_reg_20",
        ),
        Milestone(
            name="Advice and information about your child sent to you by",
            due=notice_by,
            rule="SEND Regulations 2014, reg 20(4)",
            source="send_regs_2014_reg_20",
        ),
        Milestone(
            name="Council tells you whether it will keep, amend or stop the plan",
            due=weeks_after(meeting, 4),
            rule="SEND Regulations 2014, reg 20(10)",
            source="send_regs_2014_reg_20",
        ),
    ]


def phase_transfer(year_of_transfer: int, *, to_post16: bool) -> Milestone:
    """The plan reviewed and amended before a move between phases of education, reg 18(1).

    "before 31 March in the calendar year of the ... transfer from secondary school to a post-16
    institution" (18(1)(a)); "15 February in the calendar year of the child's transfer in any other
    case" (18(1)(b)). "Before" the date, so the last day is the day before it.
    """
    month, day = POST16_TRANSFER_BEFORE if to_post16 else PHASE_TRANSFER_BEFORE
    limit = date(year_of_transfer, month, day)
    last = limit - timedelta(days=1)
    return Milestone(
        name="Plan reviewed and amended to name the next school or college",
        due=last,
        rule=f"SEND Regulations 2014, reg 18(1)({'a' if to_post16 else 'b'})",
        source="send_regs_2014_reg_18",
        note=(
            f"The regulation says 'before {_say(limit)}', so the last day is {_say(last)}; "
            f"many guides say 'by {limit.day} {limit:%B}'."
        ),
    )


def appeal_deadline(
    decision_letter: date, mediation_certificate: date | None, working_days: WorkingDays
) -> Milestone:
    """The last day for the tribunal to receive an appeal, HESC Rules r.20(1)(c) and r.12.

    r.20(1)(c): "within 2 months after written notice of the decision being challenged was sent"
    or "within 1 month from the date of issue of the mediation certificate if that date would be
    a later date"; then r.12 moves an end in August, from 25 December to 1 January, or on a day
    that is not a working day.
    """
    end = months_after(decision_letter, 2)
    rule = "HESC Rules 2008, r.20(1)(c)(i)"
    why = "2 months after the decision letter was sent."
    if mediation_certificate is not None and months_after(mediation_certificate, 1) > end:
        end = months_after(mediation_certificate, 1)
        rule = "HESC Rules 2008, r.20(1)(c)(ii)"
        why = "1 month from the mediation certificate, later than 2 months from the letter."
    due, moved = tribunal_time_limit(end, working_days)
    if moved is not None:
        rule += " and r.12"
    note = " ".join(
        part
        for part in (
            why,
            moved,
            "The tribunal must receive it by 5pm (r.12(1)). We count from the date on the letter: "
            "if it was sent later, the 2 months run from the day it was sent.",
        )
        if part
    )
    return Milestone(
        name="Tribunal receives your appeal by",
        due=due,
        rule=rule,
        source="hesc_rules_2008_r20",
        note=note,
    )


def after_decision_letter(
    decision_letter: date,
    working_days: WorkingDays,
    *,
    adviser_told_no_mediation: date | None = None,
    mediation_certificate: date | None = None,
) -> list[Milestone]:
    """After a decision you can appeal: the mediation adviser, the certificate and the appeal.

    reg 33: contact the mediation adviser "within 2 months after written notice of the local
    authority's decision was sent". reg 34(1): if you tell the adviser you do not want mediation,
    the certificate within 3 working days. Then the appeal deadline (``appeal_deadline``).
    """
    milestones = [
        Milestone(
            name="Contact the mediation adviser by",
            due=months_after(decision_letter, 2),
            rule="SEND Regulations 2014, reg 33",
            source="send_regs_2014_mediation",
            note=(
                "Not needed if the appeal is only about the school or college named in the plan. "
                "The tribunal's August and Christmas rule does not move this date."
            ),
        )
    ]
    if adviser_told_no_mediation is not None:
        milestones.append(
            Milestone(
                name="Mediation adviser sends your certificate by",
                due=working_days.add_working_days(adviser_told_no_mediation, 3),
                rule="SEND Regulations 2014, reg 34(1)",
                source="send_regs_2014_mediation",
                note="Working days: weekends and bank holidays are not counted.",
            )
        )
    milestones.append(appeal_deadline(decision_letter, mediation_certificate, working_days))
    return milestones


def _say(day: date) -> str:
    """A date as parents write it: 1 September 2025."""
    return f"{day.day} {day:%B %Y}"
