"""How a contact and its phone numbers are written, once, for every reply that gives one.

Numbers are written in bold ("call **0800 1111**"): the widget turns a bold number into a
tap-to-call link, and the adviser console's case notes drop the bold. A council file gives
numbers as people write them, digits and single spaces (checked by ``is_phone_number``).
"""

from __future__ import annotations

import re

from knowledge.model import Contact

# UK numbers as people write them: digits and single spaces, 3 to 13 digits (999, 116 123, 85258).
_PHONE = re.compile(r"^\d+( \d+)*$")


def is_phone_number(value: str) -> bool:
    """Digits and single spaces, as a number is written in the council file and in replies."""
    return bool(_PHONE.match(value))


def phone(number: str) -> str:
    """A number as replies write it: in bold, so the widget can make it a tap-to-call link."""
    return f"**{number}**"


def contact_line(contact: Contact) -> str:
    """How to reach a contact in one sentence, with opening hours when known."""
    ways = [
        f"Call {phone(contact.phone)}" if contact.phone else "",
        f"text {phone(contact.text)}" if contact.text else "",
        f"email {contact.email}" if contact.email else "",
        f"visit {contact.website}" if contact.website else "",
    ]
    line = ", ".join(w for w in ways if w)
    if line:
        line = line[0].upper() + line[1:] + "."
    if contact.hours:
        line += f" Hours: {contact.hours}."
    return line.strip()


def format_contact(contact: Contact) -> str:
    """One line for a contact: name, how to reach it, then what it is for."""
    ways = []
    if contact.phone:
        ways.append(f"call {phone(contact.phone)}")
    if contact.text:
        ways.append(f"text {phone(contact.text)}")
    if contact.email:
        ways.append(f"email {contact.email}")
    if not ways and contact.website:
        ways.append(contact.website)
    line = f"{contact.name}: {' or '.join(ways)}"
    if contact.description:
        line += f" ({contact.description})"
    return line
