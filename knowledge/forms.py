"""The guided questions (the bot's forms) and how a typed answer maps to one of their options.

content/forms.yml holds each form, its questions in order, each question's options (the value
a button sends, its title, a plain-words description) and the words parents type for each
option. ``interpret_answer`` turns what a parent typed into an option's value, or None when the
words do not answer the question; it is pure and needs nothing but the parsed content.

How an answer is read, in short: the words are normalised ("haven't" -> "have not", plurals,
small typos), split into clauses ("..., but ..."), and each clause is searched for the longest
phrases first. A phrase in a clause with a negator outside it ("the EP hasn't seen him") is
negated: it then counts as its option's ``if_negated`` value, or not at all. "Not sure" in a
clause speaks for that clause. Then the question's kind decides between what was found.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, get_args

from knowledge._fields import Fields
from knowledge.errors import ContentError

QuestionKind = Literal["yes_no", "ladder", "choice", "count"]
QUESTION_KINDS: tuple[QuestionKind, ...] = get_args(QuestionKind)
Control = Literal["leave", "restart"]
GENERAL_SETS = ("yes", "no", "not_sure")
NOT_SURE = "not_sure"

Tokens = tuple[str, ...]
_Where = Literal["anywhere", "leading", "alone", "negated"]


@dataclass(frozen=True)
class FormOption:
    """One answer to a question: what its button sends and says, and the words for it."""

    value: str
    title: str
    plain: str
    phrases: tuple[Tokens, ...] = ()
    # count for this option only inside a negated clause ("we haven't told anyone")
    negated_phrases: tuple[Tokens, ...] = ()
    # a clause holding any of these does not mean this option ("nothing has changed")
    not_when: tuple[Tokens, ...] = ()
    # shared word sets (yes, no, not_sure) that also mean this option
    includes: tuple[str, ...] = ()
    if_negated: str | None = None
    bottom: bool = False
    count: int | None = None


@dataclass(frozen=True)
class FormQuestion:
    """One question of a form, asked for ``slot``."""

    slot: str
    kind: QuestionKind
    text: str
    clarify: str
    options: tuple[FormOption, ...]
    precedence: tuple[str, ...] = ()
    # "the EP will see him", "we're waiting for the SENCO": not done yet, read as not done
    future_means_not_done: bool = False
    # a good answer with a "but not ..." ("better in maths but not reading") means this value
    mixed: str | None = None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)

    def option(self, value: str) -> FormOption:
        for option in self.options:
            if option.value == value:
                return option
        raise KeyError(f"question {self.slot!r} has no option {value!r}")


@dataclass(frozen=True)
class Form:
    """A guided flow: its questions in the order they are asked."""

    id: str
    name: str
    start_intent: str
    questions: tuple[FormQuestion, ...]

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(question.slot for question in self.questions)


@dataclass(frozen=True)
class AnswerWords:
    """Words shared by every question for "yes", "no" or "not sure"."""

    leading: tuple[Tokens, ...]
    phrases: tuple[Tokens, ...]
    alone: tuple[Tokens, ...]
    if_negated: str | None = None


@dataclass(frozen=True)
class FormMessages:
    clarify: str
    clarify_end: str
    moved_on: str
    restarted: str
    ladder_not_sure: str
    ladder_after: str
    stage_not_sure: str


@dataclass(frozen=True)
class Vocabulary:
    """Language shared by all questions: fillers, negators, clause breaks and numbers."""

    answer_words: Mapping[str, AnswerWords]
    fillers: frozenset[str]
    filler_phrases: tuple[Tokens, ...]
    negators: frozenset[str]
    clause_breaks: tuple[Tokens, ...]
    clause_starters: tuple[Tokens, ...]
    no_result: tuple[Tokens, ...]
    not_yet: tuple[Tokens, ...]
    ordinals: Mapping[str, int]
    ordinal_fillers: frozenset[str]
    numbers: Mapping[str, int]
    periods_per_year: Mapping[Tokens, int]
    not_count_after: tuple[Tokens, ...]
    not_count_before: tuple[Tokens, ...]


@dataclass(frozen=True)
class FormsContent:
    """Every form, the shared vocabulary, the control words and the bot's words around them."""

    forms: Mapping[str, Form]
    vocabulary: Vocabulary
    controls: Mapping[Control, tuple[Tokens, ...]]
    messages: FormMessages
    _by_slot: Mapping[str, tuple[Form, FormQuestion]] = field(repr=False)

    def question(self, slot: str) -> FormQuestion:
        return self._by_slot[slot][1]

    def form_of(self, slot: str) -> Form:
        return self._by_slot[slot][0]

    def form_started_by(self, intent: str | None) -> Form | None:
        return next((f for f in self.forms.values() if f.start_intent == intent), None)


# --- reading what a parent typed ------------------------------------------------------------

_CONTRACTIONS = (
    (re.compile(r"\bcan'?t\b|\bcannot\b"), "can not"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\bshan'?t\b"), "shall not"),
    (re.compile(r"\bain'?t\b"), "is not"),
    (re.compile(r"n't\b"), " not"),
    (
        re.compile(
            r"\b(do|did|does|have|has|had|is|are|was|were|would|could|should|must|need)nt\b"
        ),
        r"\1 not",
    ),
    (re.compile(r"\b(he|she|it|that|there)(?:'s|s) got\b"), r"\1 has got"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'s\b"), " is"),
    (re.compile(r"\b(i|we|they|you)ve\b"), r"\1 have"),
    (re.compile(r"\bim\b"), "i am"),
    (re.compile(r"\b(he|she|that|there|what)s\b"), r"\1 is"),
    (re.compile(r"(\d)\s*:\s*(\d)"), r"\1 to \2"),
    (re.compile(r"&"), " and "),
)
_CLAUSE_PUNCTUATION = re.compile(r"[,.;!?:\n()\[\]]+|\s-\s|\s–\s")
_WORD = re.compile(r"[a-z0-9]+")
# Everyday words that are never typos of the answer words ("there" is not "three").
_COMMON_WORDS = frozenset(
    (
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "always",
        "among",
        "another",
        "any",
        "anyone",
        "anything",
        "around",
        "asked",
        "back",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "bring",
        "brought",
        "called",
        "came",
        "could",
        "doing",
        "down",
        "during",
        "each",
        "either",
        "every",
        "first",
        "from",
        "getting",
        "given",
        "going",
        "gone",
        "good",
        "great",
        "have",
        "having",
        "here",
        "home",
        "into",
        "just",
        "know",
        "knows",
        "later",
        "least",
        "less",
        "little",
        "lives",
        "made",
        "make",
        "many",
        "might",
        "more",
        "most",
        "much",
        "must",
        "never",
        "next",
        "night",
        "only",
        "other",
        "others",
        "over",
        "really",
        "right",
        "said",
        "same",
        "says",
        "school",
        "seems",
        "seen",
        "should",
        "since",
        "some",
        "someone",
        "something",
        "still",
        "such",
        "sure",
        "take",
        "taken",
        "tell",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "thing",
        "things",
        "think",
        "this",
        "those",
        "though",
        "three",
        "through",
        "time",
        "told",
        "took",
        "under",
        "until",
        "very",
        "want",
        "wants",
        "week",
        "well",
        "went",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "with",
        "without",
        "would",
        "year",
        "years",
        "young",
        "your",
    )
)
# "when" and "where" often open an answer ("when she was in year 3"), so they are left out
_WH_WORDS = frozenset(("what", "how", "why", "who"))
_SUBJECTS = frozenset(
    ("i", "we", "you", "he", "she", "they", "it", "that", "this", "there", "the", "my", "a", "an")
)
_HEDGES = frozenset(("maybe", "possibly", "perhaps"))
_MIN_TYPO_LENGTH = 5
_QUESTION_WORDS = frozenset(
    (
        "what",
        "how",
        "why",
        "when",
        "where",
        "who",
        "which",
        "whose",
        "can",
        "could",
        "should",
        "would",
        "will",
        "is",
        "are",
        "do",
        "does",
        "did",
        "shall",
        "may",
    )
)


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, contractions spelt out ("haven't" -> "have not")."""
    cleaned = text.lower().replace("’", "'").replace("‘", "'").replace("`", "'")
    for pattern, replacement in _CONTRACTIONS:
        cleaned = pattern.sub(replacement, cleaned)
    return cleaned


def stem(word: str) -> str:
    """A plural "s" dropped, so "governors" and "governor" are one word."""
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_HEDGE_TOKENS = frozenset(stem(word) for word in _HEDGES)


def tokens_of(text: str) -> Tokens:
    """The words of already-normalised text, stemmed."""
    return tuple(stem(word) for word in _WORD.findall(text))


def phrase_tokens(phrase: str) -> Tokens:
    """A vocabulary phrase as the tokens a parent's words are compared with."""
    return tokens_of(normalise(phrase))


def starts_like_a_question(text: str) -> bool:
    """Words that open as a question: "what's an EP", "does that count"."""
    words = _WORD.findall(normalise(text))
    if len(words) < 2:
        return False
    if words[0] in _WH_WORDS:
        return True
    return words[0] in _QUESTION_WORDS and words[1] in _SUBJECTS


def looks_like_a_question(text: str) -> bool:
    """Typed words such as "what is an IEP?" or "sorry, what's a SENCO" ask something."""
    if text.strip().endswith("?") or starts_like_a_question(text):
        return True
    words = _WORD.findall(normalise(text))
    return len(words) > 3 and any(word in _WH_WORDS for word in words[1:3])


@dataclass
class _Match:
    value: str
    start: int
    end: int
    level: int  # 2: the question's own phrases; 1: shared yes/no words
    if_negated: str | None
    bottom: bool = False
    immune: bool = False


@dataclass(frozen=True)
class _Pattern:
    tokens: Tokens
    value: str
    level: int
    where: _Where
    if_negated: str | None
    bottom: bool
    not_when: tuple[Tokens, ...] = ()
    # a negative answer stays negative whatever else is negated ("nah not yet")
    immune: bool = False


def _find(tokens: Sequence[str], phrase: Tokens, start: int = 0) -> Iterable[int]:
    size = len(phrase)
    for index in range(start, len(tokens) - size + 1):
        if tuple(tokens[index : index + size]) == phrase:
            yield index


def _contains(tokens: Sequence[str], phrase: Tokens) -> bool:
    return next(iter(_find(tokens, phrase)), None) is not None


class _Reader:
    """The patterns of one question, compiled once."""

    def __init__(self, question: FormQuestion, vocabulary: Vocabulary) -> None:
        self.question = question
        self.vocabulary = vocabulary
        patterns: list[_Pattern] = []
        for option in question.options:
            negative = "no" in option.includes and option.if_negated is None
            for phrase in option.phrases:
                patterns.append(
                    _Pattern(
                        phrase,
                        option.value,
                        2,
                        "anywhere",
                        option.if_negated,
                        option.bottom,
                        option.not_when,
                        immune=negative,
                    )
                )
            for phrase in option.negated_phrases:
                patterns.append(_Pattern(phrase, option.value, 2, "negated", None, option.bottom))
            for set_name in option.includes:
                words = vocabulary.answer_words[set_name]
                # a shared "no" means this option; negated it means nothing in particular
                flip = None
                if words.if_negated is not None:
                    flip = next(
                        (o.value for o in question.options if words.if_negated in o.includes),
                        None,
                    )
                level = 3 if set_name == NOT_SURE else 1
                placed: tuple[tuple[_Where, tuple[Tokens, ...]], ...] = (
                    ("anywhere", words.phrases),
                    ("leading", words.leading),
                    ("alone", words.alone),
                )
                for where, phrases in placed:
                    for phrase in phrases:
                        patterns.append(
                            _Pattern(
                                phrase,
                                option.value,
                                level,
                                where,
                                flip,
                                option.bottom,
                                option.not_when if set_name != NOT_SURE else (),
                                immune=set_name == "no" or negative,
                            )
                        )
        # longest phrases first, so "not sure" is read before "sure"
        self.patterns = sorted(patterns, key=lambda p: -len(p.tokens))
        self.known_words = frozenset(t for p in patterns for t in p.tokens) | frozenset(
            vocabulary.numbers
        )
        self.typo_targets = sorted(w for w in self.known_words if len(w) >= 4)

    # -- words -----------------------------------------------------------------------------

    def fix_typos(self, tokens: Tokens) -> Tokens:
        fixed: list[str] = []
        for token in tokens:
            if (
                len(token) >= _MIN_TYPO_LENGTH
                and token not in self.known_words
                and token not in _COMMON_WORDS
                and not token.isdigit()
            ):
                cutoff = 0.8 if len(token) <= 6 else 0.84
                close = difflib.get_close_matches(token, self.typo_targets, n=1, cutoff=cutoff)
                # a misspelling, not another form of a word ("passed" is not "pass")
                if (
                    close
                    and close[0][0] == token[0]
                    and abs(len(close[0]) - len(token)) <= 1
                    and not token.startswith(close[0])
                ):
                    token = close[0]
            fixed.append(token)
        return tuple(fixed)

    def clauses(self, text: str) -> list[Tokens]:
        found: list[Tokens] = []
        for piece in _CLAUSE_PUNCTUATION.split(normalise(text)):
            tokens = self.fix_typos(tokens_of(piece))
            found.extend(self._split_words(tokens))
        clauses = [clause for clause in found if clause]
        # "maybe, there's a plan": a hedge on its own qualifies the clause after it
        merged: list[Tokens] = []
        for clause in clauses:
            if merged and len(merged[-1]) == 1 and merged[-1][0] in _HEDGE_TOKENS:
                merged[-1] = merged[-1] + clause
            else:
                merged.append(clause)
        return merged

    def _split_words(self, tokens: Tokens) -> list[Tokens]:
        vocabulary = self.vocabulary
        clauses: list[Tokens] = []
        current: list[str] = []
        index = 0
        while index < len(tokens):
            brk = next(
                (b for b in vocabulary.clause_breaks if tuple(tokens[index : index + len(b)]) == b),
                None,
            )
            if brk is not None:
                clauses.append(tuple(current))
                current = []
                index += len(brk)
                continue
            if tokens[index] in ("and", "so", "then") and any(
                tuple(tokens[index + 1 : index + 1 + len(s)]) == s
                for s in vocabulary.clause_starters
            ):
                clauses.append(tuple(current))
                current = []
                index += 1
                continue
            current.append(tokens[index])
            index += 1
        clauses.append(tuple(current))
        return clauses

    def _first_word(self, tokens: Tokens, taken: list[bool]) -> int:
        """Where a clause really starts, after "um", "well", "i think"..."""
        index = 0
        while index < len(tokens):
            phrase = next(
                (
                    p
                    for p in self.vocabulary.filler_phrases
                    if tuple(tokens[index : index + len(p)]) == p
                ),
                None,
            )
            if phrase is not None:
                index += len(phrase)
            elif tokens[index] in self.vocabulary.fillers and not taken[index]:
                index += 1
            else:
                break
        return index

    # -- one clause --------------------------------------------------------------------------

    def read_clause(self, tokens: Tokens) -> list[_Match]:
        vocabulary = self.vocabulary
        taken = [False] * len(tokens)
        matches: list[_Match] = []
        pending_alone: list[_Pattern] = []
        pending_negated: list[_Pattern] = []
        for pattern in self.patterns:
            if pattern.where == "alone":
                pending_alone.append(pattern)
                continue
            if pattern.where == "negated":
                pending_negated.append(pattern)
                continue
            for index in _find(tokens, pattern.tokens):
                end = index + len(pattern.tokens)
                if any(taken[index:end]):
                    continue
                if pattern.where == "leading" and index != self._first_word(tokens, taken):
                    continue
                if any(_contains(tokens, blocker) for blocker in pattern.not_when):
                    continue
                taken[index:end] = [True] * (end - index)
                matches.append(
                    _Match(
                        pattern.value,
                        index,
                        end,
                        pattern.level,
                        pattern.if_negated,
                        pattern.bottom,
                        pattern.immune,
                    )
                )
        # what is left of the clause, without fillers, may be a whole short answer ("she has")
        rest = tuple(t for t, used in zip(tokens, taken, strict=True) if not used)
        rest_without_fillers = tuple(t for t in rest if t not in vocabulary.fillers)
        for pattern in pending_alone:
            if rest and pattern.tokens in (rest, rest_without_fillers):
                if any(_contains(tokens, blocker) for blocker in pattern.not_when):
                    continue
                matches.append(
                    _Match(pattern.value, -1, -1, pattern.level, pattern.if_negated, pattern.bottom)
                )
                break
        free_negators = self._free_negators(tokens, matches)
        resolved: list[_Match] = []
        ladder_result_only = self.question.kind == "ladder" and any(
            _contains(tokens, words) for words in vocabulary.no_result
        )
        for match in matches:
            negated = not ladder_result_only and any(
                not (match.start <= position < match.end) for position in free_negators
            )
            if match.level == 3 or match.start < 0 or match.immune:
                resolved.append(match)  # "not sure", "no" and whole answers keep their sense
            elif not negated:
                resolved.append(match)
            elif match.if_negated is not None:
                resolved.append(_Match(match.if_negated, match.start, match.end, match.level, None))
        negated_clause = bool(free_negators) and not ladder_result_only
        if negated_clause:
            for pattern in pending_negated:
                if _contains(tokens, pattern.tokens):
                    resolved.append(_Match(pattern.value, -1, -1, 2, None, pattern.bottom))
                    break
        return resolved

    def _free_negators(self, tokens: Tokens, matches: list[_Match]) -> list[int]:
        """Positions of negators not part of a "not sure" answer (and, where the question
        says so, of words saying it has not happened yet: "will", "waiting for")."""
        not_sure_spans = [(m.start, m.end) for m in matches if m.level == 3 and m.start >= 0]
        positions = {i for i, token in enumerate(tokens) if token in self.vocabulary.negators}
        if self.question.future_means_not_done:
            for phrase in self.vocabulary.not_yet:
                positions.update(_find(tokens, phrase))
        return sorted(
            index
            for index in positions
            if not any(start <= index < end for start, end in not_sure_spans)
        )

    # -- counts --------------------------------------------------------------------------------

    def count_in(self, tokens: Tokens) -> int | None:
        """The number of occasions a clause talks about, or None if it gives none."""
        vocabulary = self.vocabulary
        counts: list[int] = []
        rate_per_year: float | None = None
        duration_years: float | None = None
        index = 0
        while index < len(tokens):
            token = tokens[index]
            period = self._period_at(tokens, index + 1) if token in ("every", "each") else None
            if period is not None:
                rate_per_year = float(vocabulary.periods_per_year[period[0]])
                index += 1 + period[1]
                continue
            number = int(token) if token.isdigit() else vocabulary.numbers.get(token)
            if number is None or self._not_a_count(tokens, index):
                index += 1
                continue
            after = index + 1
            if after < len(tokens) and tokens[after] in ("a", "an", "per", "each", "every"):
                period = self._period_at(tokens, after + 1)
                if period is not None:
                    rate_per_year = number * float(vocabulary.periods_per_year[period[0]])
                    index = after + 1 + period[1]
                    continue
            period = self._period_at(tokens, after)
            if period is not None:
                duration_years = number / vocabulary.periods_per_year[period[0]]
                index = after + period[1]
                continue
            counts.append(number)
            index += 1
        if rate_per_year is not None:
            counts.append(round(rate_per_year * (duration_years or 1.0)))
        if not counts:
            return None
        # "once last year and once this term" is two; "2 or 3" is at most three
        alternatives = {"or", "to", "maybe", "possibly", "perhaps"}.intersection(tokens)
        return max(counts) if alternatives else sum(counts)

    def _period_at(self, tokens: Tokens, index: int) -> tuple[Tokens, int] | None:
        for period in sorted(self.vocabulary.periods_per_year, key=len, reverse=True):
            if tuple(tokens[index : index + len(period)]) == period:
                return period, len(period)
        return None

    def _not_a_count(self, tokens: Tokens, index: int) -> bool:
        """ "year 6", "she is 9", "9 years old" are not counts of meetings."""
        before = tokens[:index]
        after = tokens[index + 1 :]
        return any(before[-len(p) :] == p for p in self.vocabulary.not_count_before) or any(
            after[: len(p)] == p for p in self.vocabulary.not_count_after
        )

    # -- the whole answer ----------------------------------------------------------------------

    def by_position(self, clauses: list[Tokens]) -> str | None:
        """ "the second one", "last one": an option by where its button is (a way out such as
        "not sure" is not counted)."""
        if self.question.kind == "count" or len(clauses) != 1:
            return None
        vocabulary = self.vocabulary
        words = [
            t
            for t in clauses[0]
            if t not in vocabulary.fillers and t not in vocabulary.ordinal_fillers
        ]
        if len(words) != 1 or words[0] not in vocabulary.ordinals:
            return None
        choices = [o.value for o in self.question.options if o.value != NOT_SURE]
        position = vocabulary.ordinals[words[0]]
        index = position - 1 if position > 0 else len(choices) + position
        return choices[index] if 0 <= index < len(choices) else None

    def interpret(self, text: str) -> str | None:
        question = self.question
        if starts_like_a_question(text):
            return None  # "what's an EP?" answers nothing yet
        per_clause: list[list[_Match]] = []
        counts: list[tuple[int, bool]] = []
        clauses = self.clauses(text)
        positional = self.by_position(clauses)
        if positional is not None:
            return positional
        contrast = False
        for number_of_clause, clause in enumerate(clauses):
            matches = self.read_clause(clause)
            if number_of_clause and not matches and self._free_negators(clause, matches):
                contrast = True  # "... but not reading"
            if any(m.level == 3 for m in matches):
                # "not sure if the EP has seen him": the clause is unsure, whatever it names
                matches = [m for m in matches if m.level == 3]
            elif question.kind == "count":
                number = self.count_in(clause)
                if number is not None:
                    future = any(_contains(clause, p) for p in self.vocabulary.not_yet)
                    negated = bool(self._free_negators(clause, matches)) or future
                    counts.append((number, negated))
            per_clause.append(matches)
        if counts:
            number = max(0 if negated else n for n, negated in counts)
            return self._option_for_count(number)
        found = [m for matches in per_clause for m in matches]
        if question.kind == "ladder":
            return self._highest_rung(found)
        decided = self._decide(found)
        if contrast and question.mixed is not None and decided is not None:
            option = question.option(decided)
            if option.if_negated is not None:  # a good answer, then "but not ..."
                return question.mixed
        return decided

    def _option_for_count(self, number: int) -> str | None:
        counted = sorted(
            (o for o in self.question.options if o.count is not None),
            key=lambda o: o.count or 0,
        )
        chosen: str | None = None
        for option in counted:
            if option.count is not None and number >= option.count:
                chosen = option.value
        return chosen

    def _highest_rung(self, found: list[_Match]) -> str | None:
        order = self.question.values
        rungs = [m.value for m in found if not m.bottom and m.value != NOT_SURE]
        if rungs:
            return max(rungs, key=order.index)
        if any(m.bottom for m in found):
            return next(o.value for o in self.question.options if o.bottom)
        if any(m.value == NOT_SURE for m in found):
            return NOT_SURE
        return None

    def _decide(self, found: list[_Match]) -> str | None:
        precedence = self.question.precedence
        for level in (2, 1, 3):
            values = list(dict.fromkeys(m.value for m in found if m.level == level))
            if not values:
                continue
            if len(values) == 1:
                return values[0]
            if precedence:
                return min(values, key=lambda v: precedence.index(v))
            return None  # "yes" and "no" at once: ask again rather than guess
        return None


_READERS: dict[tuple[int, int], _Reader] = {}


def _reader(question: FormQuestion, vocabulary: Vocabulary) -> _Reader:
    """The compiled reader of a question (content is loaded once, so this is built once)."""
    key = (id(question), id(vocabulary))
    reader = _READERS.get(key)
    if reader is None or reader.question is not question or reader.vocabulary is not vocabulary:
        reader = _READERS[key] = _Reader(question, vocabulary)
    return reader


def interpret_answer(question: FormQuestion, text: str, forms: FormsContent) -> str | None:
    """The value of the option that ``text`` answers ``question`` with, or None.

    None means the words do not answer the question: they may ask something else, or be
    too unclear to act on (the caller then asks once more, in plain words).
    """
    if not text.strip():
        return None
    return _reader(question, forms.vocabulary).interpret(text)


# A yes/no question with no topic of its own: how a reply to an offer ("Would you like to know
# X, or talk to someone?") is read, with the same words as every form question.
_ANY_OFFER = FormQuestion(
    slot="offer",
    kind="yes_no",
    text="",
    clarify="",
    options=tuple(
        FormOption(value=name, title=name, plain=name, includes=(name,)) for name in GENERAL_SETS
    ),
)


def reply_to_offer(text: str, forms: FormsContent) -> str | None:
    """ "yes", "no" or "not_sure" when ``text`` is one of those in a parent's words, else None."""
    return interpret_answer(_ANY_OFFER, text, forms)


def control_word(text: str, forms: FormsContent) -> Control | None:
    """ "stop", "something else" (leave the form) or "start again" (restart it), if said.

    Only a short message counts, so "stop the school excluding him" is not a wish to leave.
    """
    tokens = tokens_of(normalise(text))
    vocabulary = forms.vocabulary
    order: tuple[Control, ...] = ("restart", "leave")
    for control in order:
        for phrase in sorted(forms.controls[control], key=len, reverse=True):
            for index in _find(tokens, phrase):
                rest = tokens[:index] + tokens[index + len(phrase) :]
                meaningful = [t for t in rest if t not in vocabulary.fillers]
                if len(meaningful) <= 3:
                    return control
    return None


# --- asking ---------------------------------------------------------------------------------


def answer_payload(slot: str, value: str) -> str:
    """The button payload for an answer, exactly as the bot has always sent it."""
    return "/inform" + json.dumps({slot: value}, separators=(",", ":"))


def question_buttons(question: FormQuestion) -> list[dict[str, str]]:
    return [
        {"title": option.title, "payload": answer_payload(question.slot, option.value)}
        for option in question.options
    ]


def clarifying_text(question: FormQuestion, forms: FormsContent) -> str:
    """The question again in plain words, with what each option means."""
    messages = forms.messages
    lines = [messages.clarify.format(question=question.clarify)]
    lines += [f"- **{option.title}**: {option.plain}" for option in question.options]
    return "\n".join(lines) + f"\n\n{messages.clarify_end}"


# --- loading --------------------------------------------------------------------------------


def _phrases(entry: Fields, key: str) -> tuple[Tokens, ...]:
    found: list[Tokens] = []
    for phrase in entry.text_list(key):
        tokens = phrase_tokens(phrase)
        if not tokens:
            entry.fail(key, f"phrase {phrase!r} has no words once normalised")
        found.append(tokens)
    return tuple(found)


def _answer_words(entry: Fields) -> AnswerWords:
    return AnswerWords(
        leading=_phrases(entry, "leading"),
        phrases=_phrases(entry, "phrases"),
        alone=_phrases(entry, "alone"),
        if_negated=entry.opt_text("if_negated"),
    )


def _option(entry: Fields) -> FormOption:
    includes = entry.text_list("includes")
    for name in includes:
        if name not in GENERAL_SETS:
            entry.fail("includes", f"unknown word set {name!r}; expected {', '.join(GENERAL_SETS)}")
    count = entry.raw("count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
        entry.fail("count", f"expected a whole number, got {count!r}")
    return FormOption(
        value=entry.text("value"),
        title=entry.text("title"),
        plain=entry.text("plain"),
        phrases=_phrases(entry, "phrases"),
        negated_phrases=_phrases(entry, "negated_phrases"),
        not_when=_phrases(entry, "not_when"),
        includes=includes,
        if_negated=entry.opt_text("if_negated"),
        bottom=entry.flag("bottom", False),
        count=count,
    )


def _kind(entry: Fields) -> QuestionKind:
    kind = entry.text("kind")
    for known in QUESTION_KINDS:
        if kind == known:
            return known
    entry.fail("kind", f"expected one of {', '.join(QUESTION_KINDS)}, got {kind!r}")


def _question(entry: Fields) -> FormQuestion:
    kind = _kind(entry)
    options = tuple(_option(o) for o in entry.items("options"))
    values = [o.value for o in options]
    if len(set(values)) != len(values):
        entry.fail("options", "two options have the same value")
    if NOT_SURE not in values:
        entry.fail("options", "every question needs a not_sure option, so no parent is stuck")
    for option in options:
        if option.if_negated is not None and option.if_negated not in values:
            entry.fail("options", f"{option.value}: if_negated {option.if_negated!r} is no option")
    if kind == "ladder" and sum(o.bottom for o in options) != 1:
        entry.fail("options", "a ladder needs exactly one bottom option (nothing tried yet)")
    if kind == "count" and not any(o.count == 0 for o in options):
        entry.fail("options", "a count question needs an option with count: 0")
    precedence = entry.text_list("precedence")
    mixed = entry.opt_text("mixed")
    if mixed is not None and mixed not in values:
        entry.fail("mixed", f"{mixed!r} is not one of the options")
    if precedence and sorted(precedence) != sorted(values):
        entry.fail("precedence", "must list every option value once")
    return FormQuestion(
        slot=entry.text("slot"),
        kind=kind,
        text=entry.text("text"),
        clarify=entry.text("clarify"),
        options=options,
        precedence=precedence,
        future_means_not_done=entry.flag("future_means_not_done", False),
        mixed=mixed,
    )


def _token_set(entry: Fields, key: str) -> tuple[Tokens, ...]:
    return _phrases(entry, key)


def parse_forms(
    root: Fields, expected_values: Mapping[str, Iterable[str]] | None = None
) -> FormsContent:
    """Read content/forms.yml. ``expected_values`` names, per slot, the values the rest of the
    knowledge decides on (triage answers, complaint steps, stages): the options must match."""
    words = root.mapping("answer_words")
    answer_words = {name: _answer_words(words.mapping(name)) for name in GENERAL_SETS}
    fillers = root.text_list("fillers", required=True)
    numbers_entry = root.mapping("numbers")
    numbers: dict[str, int] = {}
    for word, value in numbers_entry.data.items():
        if isinstance(value, bool) or not isinstance(value, int):
            numbers_entry.fail(word, f"expected a whole number, got {value!r}")
        numbers[stem(word)] = value
    periods_entry = root.mapping("periods_per_year")
    periods: dict[Tokens, int] = {}
    for period, value in periods_entry.data.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            periods_entry.fail(period, f"expected a whole number of at least 1, got {value!r}")
        periods[phrase_tokens(period)] = value
    ordinals_entry = root.mapping("ordinals")
    ordinals: dict[str, int] = {}
    for word, value in ordinals_entry.data.items():
        if isinstance(value, bool) or not isinstance(value, int) or value == 0:
            ordinals_entry.fail(
                word, f"expected a position such as 1, 2 or -1 (last), got {value!r}"
            )
        ordinals[word] = value
    vocabulary = Vocabulary(
        answer_words=MappingProxyType(answer_words),
        fillers=frozenset(
            t for f in fillers for t in phrase_tokens(f) if len(phrase_tokens(f)) == 1
        ),
        filler_phrases=tuple(p for p in (phrase_tokens(f) for f in fillers) if len(p) > 1),
        negators=frozenset(
            t for n in root.text_list("negators", required=True) for t in phrase_tokens(n)
        ),
        clause_breaks=_token_set(root, "clause_breaks"),
        clause_starters=_token_set(root, "clause_starters"),
        no_result=_token_set(root, "no_result"),
        not_yet=_token_set(root, "not_yet"),
        ordinals=MappingProxyType(ordinals),
        ordinal_fillers=frozenset(root.text_list("ordinal_fillers", required=True)),
        numbers=MappingProxyType(numbers),
        periods_per_year=MappingProxyType(periods),
        not_count_after=_token_set(root, "not_count_after"),
        not_count_before=_token_set(root, "not_count_before"),
    )
    controls_entry = root.mapping("controls")
    controls: dict[Control, tuple[Tokens, ...]] = {
        "leave": _phrases(controls_entry, "leave"),
        "restart": _phrases(controls_entry, "restart"),
    }
    messages_entry = root.mapping("messages")
    messages = FormMessages(
        clarify=messages_entry.text("clarify"),
        clarify_end=messages_entry.text("clarify_end"),
        moved_on=messages_entry.text("moved_on"),
        restarted=messages_entry.text("restarted"),
        ladder_not_sure=messages_entry.text("ladder_not_sure"),
        ladder_after=messages_entry.text("ladder_after"),
        stage_not_sure=messages_entry.text("stage_not_sure"),
    )
    if "{question}" not in messages.clarify:
        messages_entry.fail("clarify", "must contain {question}, where the question goes")
    forms: dict[str, Form] = {}
    by_slot: dict[str, tuple[Form, FormQuestion]] = {}
    for form_id, entry in root.entries("forms"):
        form = Form(
            id=form_id,
            name=entry.text("name"),
            start_intent=entry.text("start_intent"),
            questions=tuple(_question(q) for q in entry.items("questions")),
        )
        for question in form.questions:
            if question.slot in by_slot:
                entry.fail("questions", f"slot {question.slot!r} is asked by two forms")
            by_slot[question.slot] = (form, question)
        if any(f.start_intent == form.start_intent for f in forms.values()):
            entry.fail("start_intent", f"{form.start_intent!r} already starts another form")
        forms[form_id] = form
    for slot, values in (expected_values or {}).items():
        if slot not in by_slot:
            raise ContentError(f"{root.file}: no form asks for {slot!r}")
        expected = set(values)
        actual = set(by_slot[slot][1].values)
        if expected != actual:
            raise ContentError(
                f"{root.file}: question {slot!r} must offer exactly {', '.join(sorted(expected))}"
                f" (it offers {', '.join(sorted(actual))})"
            )
    return FormsContent(
        forms=MappingProxyType(forms),
        vocabulary=vocabulary,
        controls=MappingProxyType(controls),
        messages=messages,
        _by_slot=MappingProxyType(by_slot),
    )
