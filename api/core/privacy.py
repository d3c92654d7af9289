"""Privacy at the edge: clean what people type and redact personal identifiers.

Redaction runs before anything is stored, logged or sent on to Rasa. Placeholders name what was
removed ("[phone number]", "[name]") so the sentence still makes sense to the assistant and to
anyone reading a transcript.

Phone numbers are found by `phonenumbers` (Google's libphonenumber rules, offline). The rest are
patterns written here, because no maintained library fits offline: Presidio finds names only
with a spaCy NER model (which cannot be downloaded here) and its pattern recognisers are
regular expressions like these for other countries' formats; spaCy's rule matcher without a
model matches token shapes, which is what the name patterns below already do. Names are found
the way parents write them: after a cue ("my son Jack", "her name is Lily", "I'm Priya",
"Mrs Patel") or next to a family word ("Noah, my son"), never as any capitalised word, so
"SENCO", "Year 6", "Monday" or "Leeds" stay. Measured on tests/api/redaction_labelled.yml by
bench/redaction_eval.py.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

# Control characters (C0 and C1, except tab and newline), zero-width and direction-override
# characters that can hide text, the byte-order mark, and lone surrogates (which cannot be
# encoded as UTF-8 and would otherwise fail deep inside the database driver).
_UNWANTED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """NFC-normalise, drop control characters and squeeze runs of spaces; keep line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _UNWANTED.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


# --- dates ------------------------------------------------------------------------------------

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety)"
)
_ORDINAL_WORDS = (
    r"(?:(?:(?:twenty|thirty)[\s-]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth"
    r"|ninth)|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth|twentieth|thirtieth)"
)
# "two thousand and fifteen", "twenty sixteen", "nineteen ninety nine"
_YEAR_WORDS = (
    rf"(?:two\s+thousand(?:\s+and)?(?:[\s-]+{_NUMBER_WORDS}){{0,2}}"
    rf"|(?:twenty|nineteen)(?:[\s-]+{_NUMBER_WORDS}){{1,2}})"
)
_YEAR = rf"(?:(?:19|20)\d{{2}}|{_YEAR_WORDS})"
_DAY_ANY = rf"(?:(?:the\s+)?(?:{_DAY}|{_ORDINAL_WORDS}))"
_BIRTH_CONTEXT = re.compile(
    r"(?:\bborn\b|\bd\.?o\.?b\b\.?|date\s+of\s+birth|birth\s*day|\bbday\b)[^.\n]{0,25}$",
    re.IGNORECASE,
)
_TEXT_DATE = re.compile(
    rf"\b(?:{_DAY_ANY}\s+(?:of\s+)?{_MONTHS},?\s+{_YEAR}"
    rf"|{_MONTHS}\s+(?:the\s+)?{_DAY},?\s+{_YEAR})\b",
    re.IGNORECASE,
)
# Without a year a date is only someone's birthday when the words say so ("born on the 2nd
# of October"); "the meeting is on 14 March" stays.
_TEXT_DAY_MONTH = re.compile(rf"\b{_DAY_ANY}\s+(?:of\s+)?{_MONTHS}(?![\w])", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(?:[0-2]?\d|3[01])[/.\-](?:0?\d|1[0-2])[/.\-](?:\d{4}|\d{2})\b")
_ISO_DATE = re.compile(r"\b(?:19|20)\d{2}[-/.](?:0?\d|1[0-2])[-/.](?:[0-2]?\d|3[01])\b")
_SPACED_DATE = re.compile(r"\b(?:[0-2]?\d|3[01])\s(?:0?\d|1[0-2])\s(?:19|20)\d{2}\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTHS}\s+{_YEAR}\b", re.IGNORECASE)


def _born_before(match: re.Match[str]) -> bool:
    before = match.string[max(0, match.start() - 40) : match.start()]
    return _BIRTH_CONTEXT.search(before) is not None


def _date(match: re.Match[str]) -> str:
    return "[date of birth]" if _born_before(match) else "[date]"


def _birth_only(match: re.Match[str]) -> str:
    return "[date of birth]" if _born_before(match) else match.group(0)


# --- emails, including "jane dot smith at example dot com" -------------------------------------

_AT = r"(?:\s*@\s*|\s*[\[({]\s*at\s*[\])}]\s*|\s+at\s+)"
_DOT = r"(?:\.|\s\.\s|\s*[\[({]\s*dot\s*[\])}]\s*|\s+dot\s+)"
_LOCAL_PART = rf"[A-Za-z0-9_%+'-]+(?:{_DOT}[A-Za-z0-9_%+'-]+)*"
_TOP_LEVEL = r"(?:com|org|net|uk|info|biz|io|me|ie|eu|edu|gov|co)"
_MAIL_PROVIDERS = r"(?:gmail|googlemail|hotmail|outlook|yahoo|icloud|btinternet|aol|live|sky)"
_EMAIL = re.compile(
    rf"(?<![\w.]){_LOCAL_PART}{_AT}"
    rf"(?:[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*{_DOT}{_TOP_LEVEL}|{_MAIL_PROVIDERS})\b",
    re.IGNORECASE,
)
# "at" alone is a common word: "we're at school dot..." never happens, but "I'm at home" does,
# so the spelled-out form needs a domain that ends in a real top-level name (or a mail provider).

# --- numbers ----------------------------------------------------------------------------------

# National Insurance number: two letters, six digits in pairs, then A-D (often left off).
_NI_NUMBER = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}(?:[ -]?[A-D])?\b",
    re.IGNORECASE,
)
# Unique pupil number: a check letter, then 12 digits (or 11 digits and a letter when temporary).
_UPN = re.compile(r"\b[A-Z][ -]?\d{3}[ -]?\d{4}[ -]?\d{2}[ -]?\d{2}[\dA-Z]\b", re.IGNORECASE)
# NHS number: ten digits, in any grouping, with any separator people type between them.
_SEPARATOR = r"(?:\s?[-–—./_]\s?|\s)"
_NHS_NUMBER = re.compile(rf"(?<![\d+])\d(?:{_SEPARATOR}?\d){{9}}(?![\d])")
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ ]?(\d[ABD-HJLNP-UW-Z]{2}))\b",
    re.IGNORECASE,
)
# Anything else that looks like a long identifier (9+ digits) is redacted rather than guessed at.
_LONG_NUMBER = re.compile(rf"(?<![\d\[])\d(?:{_SEPARATOR}?\d){{8,}}(?![\d])")
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$")


def _postcode(match: re.Match[str]) -> str:
    inward = match.group(1) or ""
    # "year 6 2nd term" is not a postcode: lower-case ordinals are words, not inward codes.
    if inward and _ORDINAL.match(inward) and inward[1:].islower():
        return match.group(0)
    return "[postcode]"


def _phone_numbers(text: str) -> str:
    """Replace what libphonenumber recognises as a UK (or international) phone number."""
    found = [
        (match.start, match.end)
        for match in phonenumbers.PhoneNumberMatcher(text, "GB", phonenumbers.Leniency.POSSIBLE)
        # A number people dial starts with 0, + or a bracket; ten bare digits are more likely
        # an NHS number, and short codes (116 123, 0800 1111) are helplines we tell parents.
        if match.raw_string[:1] in "0+(" and sum(c.isdigit() for c in match.raw_string) >= 10
    ]
    for start, end in reversed(found):
        text = f"{text[:start]}[phone number]{text[end:]}"
    return text


# --- addresses and schools ----------------------------------------------------------------------

_CAPITALISED = r"[A-Z][a-zA-Z'’.-]*"
_STREET_TYPES = (
    r"(?i:road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|grove|crescent|cres|way|court|ct"
    r"|gardens|gdns|place|pl|terrace|walk|rise|square|sq|row|view|hill|mews|parade|green|park"
    r"|vale|fields|meadows|end)"
)
_HOUSE = r"(?:(?i:flat|apartment|unit)\s+\d+[a-zA-Z]?,?\s+)?\d{1,4}[a-zA-Z]?,?"
_STREET = re.compile(rf"\b{_HOUSE}\s+(?:{_CAPITALISED}\s+){{1,3}}{_STREET_TYPES}\b\.?(?!\w)")
# "71 Queensway", "2 The Paddocks": no street type, but the words before say it is an address.
_ADDRESS_AFTER_CUE = re.compile(
    r"(\b(?i:live at|live on|we're at|we are at|i'm at|address is|address:|house is|flat is"
    r"|to me at|post it to|send it to|letters to|up from|moved to)\s+)"
    rf"(?i:number\s+)?\d{{1,4}}[a-zA-Z]?,?(?:\s+{_CAPITALISED}){{1,3}}"
)

_SCHOOL_TYPES = (
    r"(?:Primary(?:\s+(?:School|Academy))?|Infants?(?:\s+School)?|Junior(?:\s+School)?"
    r"|Academy|School|College|Nursery|Pre-?[Ss]chool|High(?:\s+School)?|Secondary(?:\s+School)?"
    r"|Grammar(?:\s+School)?|Montessori|Childcare|Centre|Sixth\s+Form(?:\s+College)?)"
)
# A word that may start a school's name: not an article or a describing word ("the Virtual
# School", "The Academy Trust", "a Special School" are kinds, not names).
_NOT_A_SCHOOL_NAME = (
    r"(?:The|A|An|My|Our|His|Her|Their|This|That|Virtual|Special|Independent|Local|Free|New"
    r"|Mainstream|Residential|Primary|Secondary|Junior|Infant|High|Grammar|Nursery|Church"
    r"|State|Private|Faith|Catholic|Academy|School|College|Sixth|Alternative|Hospital|Home"
    r"|Year|Forest|Sunday|Summer|Holiday|Special)\b"
)
_SCHOOL = re.compile(
    rf"\b(?:(?:St\.?|Saint)\s+)?(?!{_NOT_A_SCHOOL_NAME}){_CAPITALISED}"
    rf"(?:\s+(?:{_CAPITALISED}|of|and|C\s+of\s+E|&)){{0,5}}?\s+{_SCHOOL_TYPES}\b"
)

# --- names --------------------------------------------------------------------------------------

_FAMILY = (
    r"(?:son|daughter|boy|girl|lad|lass|child|kid|baby|grandson|granddaughter|grandchild|nephew|niece"
    r"|stepson|stepdaughter|step-son|step-daughter|foster\s+son|foster\s+daughter"
    r"|foster\s+child|husband|wife|partner|brother|sister|eldest|youngest|middle\s+one"
    r"|little\s+girl|little\s+boy|little\s+one|twins|dad|mum|mom|father|mother|ex|carer)"
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words that follow a cue but are not names.
_NOT_NAMES = _words(
    """mum mom dad nan nana nanny gran granny grandma grandad grandpa auntie aunt uncle
    carer parent mother father sister brother son daughter senco ta tas ehcp ehc send sen
    year reception nursery autism autistic adhd asd dyslexic dyslexia english welsh scottish
    irish british muslim christian jewish sikh hindu polish monday tuesday wednesday thursday
    friday saturday sunday january february march april june july august september october
    november december not just also here really so very still back new the a an and but sorry
    hi hello thanks thank ok okay in at on from with worried writing looking trying currently
    now again please yes no or nor i me my we our his her their he she it they you your is was has
    had will can who what when where why how which that this there then if as of for to by
    about after before because being been do does did doing going gone get gets got getting
    have having just only even more most much many some any every each all both few other
    such own same too than nearly almost always never often sometimes usually first last
    next one two three four five six seven eight nine ten eleven twelve year years old aged
    age months weeks days home school college class lazy fine ok struggling wondering
    confused desperate concerned anxious scared stressed tired exhausted upset sad angry
    frustrated happy glad mainstream private special local council mrs mr ms miss mx dr"""
)
_LOWER_NAME_STOP = _NOT_NAMES | _words(
    """loves likes hates needs wants keeps goes gets attends struggles uses takes says said
    started starts won't can't doesn't isn't wasn't didn't hasn't haven't couldn't wouldn't
    shouldn't cannot could would should might must shall may also recently finally suddenly
    still really absolutely totally completely barely hardly refuses refused seems seemed
    became becomes turned turns missed misses went came comes lives lived sleeps cries
    screams hits bites runs eats reads writes speaks talks plays sees feels felt thinks
    thought knows knew told tells asked asks who whose whom nonverbal non-verbal deaf
    blind disabled diagnosed autistic undiagnosed adopted fostered"""
)
_NAME_WORD = r"(?:O['’]|Mc|Mac)?[A-Za-z][a-z'’]*(?:-[A-Za-z][a-z'’]*)?"
_CAP_NAME_WORD = r"(?:O'|Mc|Mac)?[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
_SURNAMES = rf"(?:\s+(?!(?:and|or)\b){_CAP_NAME_WORD})*"
# After these the next word is a name whatever its case ("my son is called jack").
_STRONG_CUE = re.compile(
    r"\b(?:(?:is|was|be|being|he's|she's|they're|child's|kid's)\s+called|named"
    r"|(?:my|his|her|their|our|(?:son|daughter|child|kid)'s)\s+name\s+is"
    r"|(?:my|his|her|their|our|(?:son|daughter|child|kid)'s)\s+name's"
    r"|(?:his|her|their)\s+name\s+is|call\s+(?:me|him|her|them))\s+",
    re.IGNORECASE,
)
# After these only a capitalised word is a name ("I'm Priya", but "I'm worried").
_WEAK_CUE = re.compile(
    r"\b(?:i'm|i\s+am|im|this\s+is|ask\s+for|speak\s+to|spoke\s+to"
    r"|(?:mum|mom|mother|dad|father|parent|carer|grandma|nan)\s+(?:of|to))\s+",
    re.IGNORECASE,
)
_FAMILY_CUE = re.compile(
    rf"\b(?:my|our|his|her|their)\s+{_FAMILY}\b(?:,|\s)*\(?\s*(?=[A-Za-z])", re.IGNORECASE
)
_TITLE = re.compile(
    rf"\b(?:Mrs|Mr|Ms|Miss|Mx|Dr|Doctor|Nurse|Sister|Prof)\.?\s+(?={_CAP_NAME_WORD})"
)
# "Noah, my son, ...", "Jack my son keeps ..."
_NAME_THEN_FAMILY = re.compile(
    rf"\b({_CAP_NAME_WORD}{_SURNAMES})(?=,?\s+(?:my|our|his|her)\s+{_FAMILY}\b)"
)
# "Harry's teacher", "Freya's EHCP review"
_POSSESSIVE = re.compile(
    rf"\b({_CAP_NAME_WORD})['’]s\s+(?=(?:teacher|teachers|TA|SENCO|EHCP|EHC|plan|school|class"
    rf"|review|mum|dad|needs|support|diagnosis|key\s+worker|social\s+worker|nursery|1:1"
    rf"|paediatrician|consultant)\b)"
)


_NAME_WORD_AT = re.compile(rf"{_NAME_WORD}(?![\w])")
_SURNAME_AT = re.compile(rf"\s+({_CAP_NAME_WORD})(?![\w'’])")
_AND_NAME_AT = re.compile(rf"\s+and\s+({_CAP_NAME_WORD})(?![\w'’])")


# A lower-case word after "my son" is a name only when the sentence goes on as it would after
# one ("my son jack is 8"); "my son finds it hard" and "does my son need" are not names.
_AFTER_LOWER_NAME = re.compile(r"(?:\s+(?:is|has|was|who|aged)\b|['’]s\b)")
# "I'm", "I've", "it's": contractions, never names ("I'm his mum" is not "Noah, his mum").
_CONTRACTION = re.compile(r"^[A-Za-z]+['’](?:m|ve|ll|d|re|s|t)$", re.IGNORECASE)


def _name_at(
    text: str, start: int, *, any_case: bool, lower_needs_context: bool = False
) -> tuple[int, int] | None:
    """The span of a name (with any surnames) starting at `start`, if the word there is one."""
    match = _NAME_WORD_AT.match(text, start)
    if match is None:
        return None
    word = match.group(0)
    lower = word.lower().rstrip("'’")
    if lower in _NOT_NAMES or (word.isupper() and len(word) > 1) or _CONTRACTION.match(word):
        return None
    if word[0].islower():
        if not any_case or lower in _LOWER_NAME_STOP or len(word) < 2:
            return None
        if lower_needs_context and not _AFTER_LOWER_NAME.match(text, match.end()):
            return None
    end = match.end()
    while (surname := _SURNAME_AT.match(text, end)) and surname.group(1).lower() not in _NOT_NAMES:
        end = surname.end()
    return start, end


def _names(text: str) -> str:
    spans: list[tuple[int, int]] = []
    cues = ((_STRONG_CUE, True, False), (_WEAK_CUE, False, False), (_FAMILY_CUE, True, True))
    for cue, any_case, lower_needs_context in cues:
        for match in cue.finditer(text):
            span = _name_at(
                text, match.end(), any_case=any_case, lower_needs_context=lower_needs_context
            )
            if span is not None:
                spans.append(span)
                pair = _AND_NAME_AT.match(text, span[1])
                if pair is not None and pair.group(1).lower() not in _NOT_NAMES:
                    spans.append(pair.span(1))
    for match in _TITLE.finditer(text):
        span = _name_at(text, match.end(), any_case=False)
        if span is not None:
            spans.append(span)
    for pattern in (_NAME_THEN_FAMILY, _POSSESSIVE):
        for match in pattern.finditer(text):
            first = match.group(1).split()[0]
            if first.lower() not in _NOT_NAMES and not _CONTRACTION.match(first):
                spans.append(match.span(1))
    for start, end in sorted(_merge(spans), reverse=True):
        text = f"{text[:start]}[name]{text[end:]}"
    return text


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def redact(text: str) -> str:
    """Replace personal identifiers with placeholders that keep the sentence readable."""
    text = _EMAIL.sub("[email]", text)
    text = _NI_NUMBER.sub("[NI number]", text)
    text = _UPN.sub("[pupil number]", text)
    text = _TEXT_DATE.sub(_date, text)
    text = _TEXT_DAY_MONTH.sub(_birth_only, text)
    text = _ISO_DATE.sub(_date, text)
    text = _NUMERIC_DATE.sub(_date, text)
    text = _SPACED_DATE.sub(_birth_only, text)
    text = _MONTH_YEAR.sub(_birth_only, text)
    text = _phone_numbers(text)
    text = _NHS_NUMBER.sub("[NHS number]", text)
    text = _POSTCODE.sub(_postcode, text)
    text = _LONG_NUMBER.sub("[number]", text)
    text = _STREET.sub("[address]", text)
    text = _ADDRESS_AFTER_CUE.sub(r"\1[address]", text)
    text = _SCHOOL.sub("[school]", text)
    return _names(text)
