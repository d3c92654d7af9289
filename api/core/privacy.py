"""Privacy at the edge: clean what people type and redact personal identifiers.

Redaction runs before anything is stored or sent on to Rasa. Placeholders name what was
removed ("[phone number]") so the sentence still makes sense to the assistant and to anyone
reading a transcript.
"""

from __future__ import annotations

import re
import unicodedata

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


_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
_BIRTH_CONTEXT = re.compile(
    r"(?:\bborn\b|\bd\.?o\.?b\b\.?|date\s+of\s+birth|birth\s*day|\bbday\b)[^.\n]{0,25}$",
    re.IGNORECASE,
)

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# National Insurance number: two letters, six digits, A-D; people add spaces in pairs.
_NI_NUMBER = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D]\b",
    re.IGNORECASE,
)
# Unique pupil number: a check letter, then 12 digits (or 11 digits and a letter when temporary).
_UPN = re.compile(r"\b[A-Z][ -]?\d{3}[ -]?\d{4}[ -]?\d{2}[ -]?\d{2}[\dA-Z]\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(?:[0-2]?\d|3[01])[/.\-](?:0?\d|1[0-2])[/.\-](?:\d{4}|\d{2})\b")
_ISO_DATE = re.compile(r"\b(?:19|20)\d{2}-(?:0?\d|1[0-2])-(?:[0-2]?\d|3[01])\b")
_TEXT_DATE = re.compile(
    rf"\b(?:{_DAY}\s+(?:of\s+)?{_MONTHS},?\s+(?:19|20)\d{{2}}"
    rf"|{_MONTHS}\s+{_DAY},?\s+(?:19|20)\d{{2}})\b",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"\b{_MONTHS}\s+(?:19|20)\d{{2}}\b", re.IGNORECASE)
# UK phone numbers: 0 or +44/0044 (optionally "(0)"), then 9 or 10 more digits with the
# spaces, dashes, dots and brackets people put between them.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s.\-)(]{0,2}\d){8,9}(?![\d])"
)
# NHS number: 10 digits, usually written 3-3-4.
_NHS_NUMBER = re.compile(r"(?<![\d+])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d])")
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ ]?(\d[ABD-HJLNP-UW-Z]{2}))\b",
    re.IGNORECASE,
)
# Anything else that looks like a long identifier (9+ digits) is redacted rather than guessed at.
_LONG_NUMBER = re.compile(r"(?<![\d\[])\d(?:[ -]?\d){8,}(?![\d])")
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$")


def _date(match: re.Match[str]) -> str:
    before = match.string[max(0, match.start() - 40) : match.start()]
    return "[date of birth]" if _BIRTH_CONTEXT.search(before) else "[date]"


def _birth_month(match: re.Match[str]) -> str:
    before = match.string[max(0, match.start() - 40) : match.start()]
    return "[date of birth]" if _BIRTH_CONTEXT.search(before) else match.group(0)


def _postcode(match: re.Match[str]) -> str:
    inward = match.group(1) or ""
    # "year 6 2nd term" is not a postcode: lower-case ordinals are words, not inward codes.
    if inward and _ORDINAL.match(inward) and inward[1:].islower():
        return match.group(0)
    return "[postcode]"


def redact(text: str) -> str:
    """Replace personal identifiers with placeholders that keep the sentence readable."""
    text = _EMAIL.sub("[email]", text)
    text = _NI_NUMBER.sub("[NI number]", text)
    text = _UPN.sub("[pupil number]", text)
    text = _TEXT_DATE.sub(_date, text)
    text = _ISO_DATE.sub(_date, text)
    text = _NUMERIC_DATE.sub(_date, text)
    text = _MONTH_YEAR.sub(_birth_month, text)
    text = _PHONE.sub("[phone number]", text)
    text = _NHS_NUMBER.sub("[NHS number]", text)
    text = _POSTCODE.sub(_postcode, text)
    return _LONG_NUMBER.sub("[number]", text)
