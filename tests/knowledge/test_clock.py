"""The statutory clock: every row names the regulation or rule whose words it counts by."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml

from knowledge import Knowledge
from knowledge._fields import Fields
from knowledge.clock import (
    ClockError,
    Milestone,
    WorkingDays,
    after_decision_letter,
    after_request,
    annual_review,
    appeal_deadline,
    draft_plan,
    months_after,
    parse_working_days,
    phase_transfer,
)
from knowledge.errors import ContentError

CONTENT = Path(__file__).resolve().parents[2] / "knowledge" / "content"


@pytest.fixture(scope="module")
def working_days(knowledge: Knowledge) -> WorkingDays:
    return knowledge.working_days


def by_rule(milestones: list[Milestone], rule: str) -> Milestone:
    (found,) = [m for m in milestones if m.rule == rule]
    return found


# (regulation, what happened, the clock's answer for it, the last day). Dates checked by hand.
Case = tuple[str, str, Callable[[WorkingDays], Milestone], date]
CASES: list[Case] = [
    # "within 6 weeks of ... receiving a request": the same weekday 6 weeks on
    ("SEND Regs reg 5(1)", "request received Mon 6 Jan 2025",
     lambda w: by_rule(after_request(date(2025, 1, 6)), "SEND Regulations 2014, reg 5(1)"),
     date(2025, 2, 17)),
    ("SEND Regs reg 5(1)", "leap year: request received 18 Jan 2028",
     lambda w: by_rule(after_request(date(2028, 1, 18)), "SEND Regulations 2014, reg 5(1)"),
     date(2028, 2, 29)),
    ("SEND Regs reg 10(1)", "16 weeks from a request received 6 Jan 2025",
     lambda w: by_rule(after_request(date(2025, 1, 6)), "SEND Regulations 2014, reg 10(1)"),
     date(2025, 4, 28)),
    ("SEND Regs reg 13(2)", "20 weeks ends on a bank holiday: the council's limit does not move",
     lambda w: by_rule(after_request(date(2025, 1, 6)), "SEND Regulations 2014, reg 13(2)"),
     date(2025, 5, 26)),
    ("SEND Regs reg 13(2)", "20 weeks over the summer: August counts for the council",
     lambda w: by_rule(after_request(date(2025, 5, 1)), "SEND Regulations 2014, reg 13(2)"),
     date(2025, 9, 18)),
    # "at least 15 days, beginning with the day on which the draft plan was served"
    ("SEND Regs reg 13(1)(a)", "draft served Mon 3 Mar 2025 (day 1)",
     lambda w: draft_plan(date(2025, 3, 3)), date(2025, 3, 17)),
    ("SEND Regs reg 13(1)(a)", "month end: draft served 20 Jan 2025",
     lambda w: draft_plan(date(2025, 1, 20)), date(2025, 2, 3)),
    ("SEND Regs reg 13(1)(a)", "leap year: draft served 20 Feb 2028",
     lambda w: draft_plan(date(2028, 2, 20)), date(2028, 3, 5)),
    ("SEND Regs reg 13(1)(a)", "not a leap year: draft served 20 Feb 2027",
     lambda w: draft_plan(date(2027, 2, 20)), date(2027, 3, 6)),
    # "At least two weeks' notice of the date of the meeting"
    ("SEND Regs reg 20(3)", "meeting 12 Mar 2025",
     lambda w: by_rule(annual_review(date(2025, 3, 12)), "SEND Regulations 2014, reg 20(3)"),
     date(2025, 2, 26)),
    ("SEND Regs reg 20(3)", "leap year: meeting 14 Mar 2028",
     lambda w: by_rule(annual_review(date(2028, 3, 14)), "SEND Regulations 2014, reg 20(3)"),
     date(2028, 2, 29)),
    ("SEND Regs reg 20(4)", "papers two weeks before a meeting on 12 Mar 2025",
     lambda w: by_rule(annual_review(date(2025, 3, 12)), "SEND Regulations 2014, reg 20(4)"),
     date(2025, 2, 26)),
    ("SEND Regs reg 20(10)", "4 weeks over Christmas: the council's limit does not move",
     lambda w: by_rule(annual_review(date(2025, 12, 10)), "SEND Regulations 2014, reg 20(10)"),
     date(2026, 1, 7)),
    # "before 15 February" / "before 31 March" in the calendar year of the transfer
    ("SEND Regs reg 18(1)(b)", "move to secondary school in 2026",
     lambda w: phase_transfer(2026, to_post16=False), date(2026, 2, 14)),
    ("SEND Regs reg 18(1)(a)", "move to a post-16 institution in 2027",
     lambda w: phase_transfer(2027, to_post16=True), date(2027, 3, 30)),
    # "within 2 months after written notice of the local authority's decision was sent"
    ("SEND Regs reg 33", "month end: letter 31 Dec 2025 (no 31 February)",
     lambda w: after_decision_letter(date(2025, 12, 31), w)[0], date(2026, 2, 28)),
    ("SEND Regs reg 33", "leap year: letter 31 Dec 2027",
     lambda w: after_decision_letter(date(2027, 12, 31), w)[0], date(2028, 2, 29)),
    ("SEND Regs reg 33", "ends in August: the tribunal's August rule does not apply to it",
     lambda w: after_decision_letter(date(2025, 6, 15), w)[0], date(2025, 8, 15)),
    # certificate "within 3 working days" of being told no mediation is wanted
    ("SEND Regs reg 34(1)", "told Tue 23 Dec 2025: Christmas, Boxing Day, the weekend skipped",
     lambda w: after_decision_letter(
         date(2025, 11, 1), w, adviser_told_no_mediation=date(2025, 12, 23))[1],
     date(2025, 12, 30)),
    # "within 2 months after written notice of the decision ... was sent"
    ("HESC r.20(1)(c)(i)", "letter 12 Mar 2025: 12 May is a Monday",
     lambda w: appeal_deadline(date(2025, 3, 12), None, w), date(2025, 5, 12)),
    ("HESC r.20(1)(c)(i), r.12(2)", "ends Sat 10 May 2025: next working day",
     lambda w: appeal_deadline(date(2025, 3, 10), None, w), date(2025, 5, 12)),
    ("HESC r.20(1)(c)(i), r.12(2)", "month end: letter 31 Dec 2025 -> Sat 28 Feb 2026",
     lambda w: appeal_deadline(date(2025, 12, 31), None, w), date(2026, 3, 2)),
    ("HESC r.20(1)(c)(i), r.12(3)(a)", "letter 15 Jun 2025, ends 15 Aug: 1 Sep",
     lambda w: appeal_deadline(date(2025, 6, 15), None, w), date(2025, 9, 1)),
    ("HESC r.20(1)(c)(i), r.12(3)(a)", "ends 30 Aug 2026; 31 Aug is a bank holiday anyway",
     lambda w: appeal_deadline(date(2026, 6, 30), None, w), date(2026, 9, 1)),
    ("HESC r.20(1)(c)(i), r.12(3)(a)", "boundary: ends 1 Aug 2025",
     lambda w: appeal_deadline(date(2025, 6, 1), None, w), date(2025, 9, 1)),
    ("HESC r.20(1)(c)(i)", "boundary: ends Thu 31 Jul 2025, not moved",
     lambda w: appeal_deadline(date(2025, 5, 31), None, w), date(2025, 7, 31)),
    ("HESC r.20(1)(c)(i), r.12(2)", "July letter: ends Sat 5 Sep 2026, not in August",
     lambda w: appeal_deadline(date(2026, 7, 5), None, w), date(2026, 9, 7)),
    ("HESC r.20(1)(c)(ii), r.12(3)(a)", "July certificate: 1 month ends 10 Aug 2025",
     lambda w: appeal_deadline(date(2025, 5, 20), date(2025, 7, 10), w), date(2025, 9, 1)),
    ("HESC r.20(1)(c)(i), r.12(3)(a)", "Christmas: ends 25 Dec 2025",
     lambda w: appeal_deadline(date(2025, 10, 25), None, w), date(2026, 1, 2)),
    ("HESC r.20(1)(c)(ii), r.12(3)(a)", "IPSEA's example: letter 1 Oct, certificate 29 Nov 2025",
     lambda w: appeal_deadline(date(2025, 10, 1), date(2025, 11, 29), w), date(2026, 1, 2)),
    ("HESC r.20(1)(c)(i), r.12(3)(a)", "Christmas 2027: 2 Jan is Sunday, 3 Jan a bank holiday",
     lambda w: appeal_deadline(date(2027, 10, 27), None, w), date(2028, 1, 4)),
    ("HESC r.20(1)(c)(i), r.12(3)(a)", "boundary: ends 1 Jan 2027",
     lambda w: appeal_deadline(date(2026, 11, 1), None, w), date(2027, 1, 4)),
    ("HESC r.20(1)(c)(i)", "boundary: ends Wed 24 Dec 2025, not moved",
     lambda w: appeal_deadline(date(2025, 10, 24), None, w), date(2025, 12, 24)),
    ("HESC r.20(1)(c)(i), r.12(2)", "boundary: ends Sat 2 Jan 2027, next working day",
     lambda w: appeal_deadline(date(2026, 11, 2), None, w), date(2027, 1, 4)),
    ("HESC r.20(1)(c)(ii)", "certificate later than the 2-month date",
     lambda w: appeal_deadline(date(2025, 3, 3), date(2025, 4, 20), w), date(2025, 5, 20)),
    ("HESC r.20(1)(c)(i), r.12(2)", "earlier certificate; ends Sat 3 May, Mon 5 May a holiday",
     lambda w: appeal_deadline(date(2025, 3, 3), date(2025, 3, 10), w), date(2025, 5, 6)),
    ("HESC r.20(1)(c)(ii)", "month end and leap year: certificate 31 Jan 2028",
     lambda w: appeal_deadline(date(2027, 11, 15), date(2028, 1, 31), w), date(2028, 2, 29)),
    ("HESC r.20(1)(c)(ii)", "month end: certificate 31 Jan 2025 -> Fri 28 Feb",
     lambda w: appeal_deadline(date(2024, 12, 20), date(2025, 1, 31), w), date(2025, 2, 28)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("regulation", "what", "clock", "due"), CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES]
)
def test_clock_counts_as_the_regulation_does(
    regulation: str,
    what: str,
    clock: Callable[[WorkingDays], Milestone],
    due: date,
    working_days: WorkingDays,
) -> None:
    milestone = clock(working_days)
    assert milestone.due == due, what
    # the rule the milestone names is the one the row names
    rule = milestone.rule.replace("SEND Regulations 2014, ", "SEND Regs ").replace(
        "HESC Rules 2008, ", "HESC "
    )
    assert rule.split(" and ")[0] in regulation
    assert ("r.12" in milestone.rule) == ("r.12" in regulation)


def test_the_appeal_names_rule_12_only_when_it_moved_the_date(working_days: WorkingDays) -> None:
    plain = appeal_deadline(date(2025, 3, 12), None, working_days)
    moved = appeal_deadline(date(2025, 6, 15), None, working_days)
    assert plain.rule == "HESC Rules 2008, r.20(1)(c)(i)"
    assert moved.rule == "HESC Rules 2008, r.20(1)(c)(i) and r.12"
    assert "August" in (moved.note or "")
    assert "1 September 2025" in (moved.note or "")
    assert "5pm" in (plain.note or "")


def test_exceptions_are_explained_next_to_the_dates_they_can_move() -> None:
    milestones = after_request(date(2025, 1, 6))
    for milestone, paragraph in zip(milestones, ("5(4)", "10(4)", "13(3)"), strict=True):
        assert f"reg {paragraph}" in (milestone.note or "")
        assert "4 weeks or more" in (milestone.note or "")
    # the ordinary date is kept: the exception is explained, never applied
    assert milestones[0].due == date(2025, 2, 17)


def test_the_week_16_draft_is_called_practice_not_law() -> None:
    notes = " ".join(m.note or "" for m in after_request(date(2025, 1, 6)))
    assert "week 16" in notes
    assert "practice, not law" in notes


def test_every_milestone_cites_a_known_source(knowledge: Knowledge) -> None:
    w = knowledge.working_days
    milestones = [
        *after_request(date(2025, 1, 6)),
        draft_plan(date(2025, 3, 3)),
        *annual_review(date(2025, 3, 12)),
        phase_transfer(2026, to_post16=False),
        *after_decision_letter(date(2025, 10, 1), w, adviser_told_no_mediation=date(2025, 10, 6)),
    ]
    for milestone in milestones:
        assert milestone.source in knowledge.sources, milestone
        assert (knowledge.sources[milestone.source].url or "").startswith(
            "https://www.legislation.gov.uk/"
        )


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 11, 30), 2, date(2026, 1, 30)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
    ],
)
def test_months_end_on_the_corresponding_date_or_the_month_end(
    start: date, months: int, end: date
) -> None:
    assert months_after(start, months) == end


def test_bank_holidays_are_weekdays_and_cover_each_year(working_days: WorkingDays) -> None:
    assert (working_days.first_year, working_days.last_year) == (2025, 2028)
    for year in range(2025, 2029):
        in_year = [d for d in working_days.bank_holidays if d.year == year]
        assert len(in_year) == 8, year  # England and Wales: 8 a year, substitutes included
        assert all(d.weekday() < 5 for d in in_year), year


def test_the_clock_refuses_years_it_has_no_bank_holidays_for(working_days: WorkingDays) -> None:
    with pytest.raises(ClockError, match="2029"):
        appeal_deadline(date(2028, 10, 26), None, working_days)  # 26 Dec 2028 -> January 2029


def test_bank_holiday_file_errors_name_the_field(knowledge: Knowledge) -> None:
    data = yaml.safe_load((CONTENT / "bank_holidays.yml").read_text(encoding="utf-8"))
    data["bank_holidays"].append(date(2031, 1, 1))
    with pytest.raises(ContentError, match=r"bank_holidays\[32\]"):
        parse_working_days(Fields(data, "bank_holidays.yml", "", ContentError), knowledge.sources)
