"""Personal identifiers never reach Rasa or the database; placeholders keep sentences readable."""

from __future__ import annotations

import sqlite3

import httpx
import pytest
from api_support import ScriptedRasa

from api.core.config import Settings
from api.core.privacy import clean_text, redact

IDENTIFIERS = {
    # email addresses
    "jo.bloggs@example.com": "[email]",
    "JO_BLOGGS+school@mail.example.co.uk": "[email]",
    "o'neill.family@example.org.uk": "[email]",
    # UK phone numbers as people write them
    "07700 900123": "[phone number]",
    "07700900123": "[phone number]",
    "07700-900-123": "[phone number]",
    "+44 7700 900123": "[phone number]",
    "+447700900123": "[phone number]",
    "+44 (0)7700 900123": "[phone number]",
    "0044 7700 900 123": "[phone number]",
    "(01632) 960001": "[phone number]",
    "01632 960001": "[phone number]",
    "020 7946 0018": "[phone number]",
    "0207 946 0018": "[phone number]",
    "+44 20 7946 0018": "[phone number]",
    "0113 496 0000": "[phone number]",
    "0800 123 4567": "[phone number]",
    "07700.900.123": "[phone number]",
    # postcodes, upper and lower case, with and without the space
    "SW1A 1AA": "[postcode]",
    "sw1a1aa": "[postcode]",
    "ME14 1XX": "[postcode]",
    "m1 1ae": "[postcode]",
    "B33 8TH": "[postcode]",
    "CR2 6XH": "[postcode]",
    "DN55 1PT": "[postcode]",
    "EC1A1BB": "[postcode]",
    # unique pupil numbers (permanent and temporary)
    "A123456789012": "[pupil number]",
    "h801200001001": "[pupil number]",
    "T12345678901A": "[pupil number]",
    # NHS numbers
    "943 476 5919": "[NHS number]",
    "9434765919": "[NHS number]",
    "943-476-5919": "[NHS number]",
    # National Insurance numbers
    "QQ 12 34 56 C": "QQ 12 34 56 C",  # QQ is never issued: not an NI number
    "AB123456C": "[NI number]",
    "ab 12 34 56 c": "[NI number]",
    "JG 10 37 59 A": "[NI number]",
}

DATES_OF_BIRTH = [
    ("he was born on 12/03/2015", "he was born on [date of birth]"),
    ("DOB 03.09.2016", "DOB [date of birth]"),
    ("d.o.b. 3-9-16", "d.o.b. [date of birth]"),
    ("date of birth: 3rd March 2015", "date of birth: [date of birth]"),
    ("her birthday is 14 February 2014", "her birthday is [date of birth]"),
    ("born March 4, 2016 in Leeds", "born [date of birth] in Leeds"),
    ("born in June 2014", "born in [date of birth]"),
    ("born 2015-06-30", "born [date of birth]"),
    ("the review is on 12/05/2025", "the review is on [date]"),
]

ORDINARY = [
    "my son is 7 and in year 3, he has had an ehcp since 2019",
    "the SENCO said he is in y6 2nd term now",
    "we have had 3 reviews and 2 assess plan do review cycles",
    "call Childline on 0800 1111 or Samaritans on 116 123",
    "KS2 SATs are in May",
    "she got 85% in maths",
    # contractions and ordinary words after family words are not names
    "I'm his mum and I've got nothing left",
    "I've slapped my daughter hard, I'm frightened of what I'll do next",
    "a stranger online sent my daughter money and asked her to meet at the station",
    "my son finds friendships really hard",
    "I went to the Leeds SENDIASS drop in on Monday with Mum",
]


@pytest.mark.parametrize(("identifier", "placeholder"), IDENTIFIERS.items())
def test_identifiers_are_replaced_in_a_sentence(identifier: str, placeholder: str) -> None:
    redacted = redact(f"Please contact me, it is {identifier}, thanks.")

    assert redacted == f"Please contact me, it is {placeholder}, thanks."


@pytest.mark.parametrize(("text", "expected"), DATES_OF_BIRTH)
def test_dates_of_birth_are_replaced(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_messages_are_unchanged(text: str) -> None:
    assert redact(text) == text


def test_a_message_full_of_identifiers_stays_readable() -> None:
    text = (
        "Hi, I'm jo@example.com, 07700 900123, we live at ME14 1XX. My daughter (UPN "
        "A123456789012, NHS no 943 476 5919, born 01/02/2015) needs an EHC assessment. "
        "My NI number is AB 12 34 56 C."
    )

    assert redact(text) == (
        "Hi, I'm [email], [phone number], we live at [postcode]. My daughter (UPN "
        "[pupil number], NHS no [NHS number], born [date of birth]) needs an EHC assessment. "
        "My NI number is [NI number]."
    )


def test_clean_text_removes_control_and_invisible_characters() -> None:
    assert clean_text("a\u0000b\u0008c\u200bd\u202ee\ufeff f\r\n\r\n\r\n\r\ng") == "abcde f\n\ng"


async def test_neither_rasa_nor_the_database_sees_an_identifier(
    client: httpx.AsyncClient, rasa: ScriptedRasa, settings: Settings
) -> None:
    message = (
        "my email is jo.bloggs@example.com and my mobile is +44 7700 900123, postcode "
        "ME14 1XX, his UPN is A123456789012 and NHS number 943 476 5919, born 12/03/2015"
    )
    identifiers = [
        "jo.bloggs@example.com",
        "7700 900123",
        "ME14 1XX",
        "A123456789012",
        "943 476 5919",
        "12/03/2015",
    ]

    response = await client.post("/api/v1/chat", json={"message": message})
    session_id = response.json()["session_id"]
    await client.post(
        f"/api/v1/sessions/{session_id}/feedback",
        json={"helpful": False, "comment": "ring me on 07700 900123 please"},
    )

    sent = rasa.received[0]["message"]
    assert sent == (
        "my email is [email] and my mobile is [phone number], postcode [postcode], his UPN is "
        "[pupil number] and NHS number [NHS number], born [date of birth]"
    )
    database_path = settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database_path) as db:
        stored = "\n".join(
            str(row)
            for table in ("turns", "feedback", "triage_outcomes", "chat_sessions")
            for row in db.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed names)
        )
    assert "[email]" in stored
    assert "ring me on [phone number] please" in stored
    for identifier in [*identifiers, "07700 900123"]:
        assert identifier not in stored
