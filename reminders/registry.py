"""Every kind of reminder, one small function each, found in one registry.

A kind is a function of today's date returning what is due: for each person responsible, the
date that matters, the page to open and why they are told. The scan (:mod:`reminders.scan`)
asks every kind, so a new kind (a forward-plan entry to publish, a notice due) is one more
function with ``@reminder_kind(...)`` and nothing else changes.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Due:
    """One reminder owed to one person.

    ``send_on`` is the first day to send it (a scan on a later day still sends one not yet sent,
    until ``due_on`` passes); ``object_key`` names the thing (``decision:12``) so that a changed
    date of the same thing is recognised as a correction.
    """

    person: object
    due_on: date
    send_on: date
    kind: str
    object_key: str
    link: str
    why: str


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    find: Callable[[date], Iterable[Due]]


REGISTRY: dict[str, Kind] = {}


def reminder_kind(code: str, label: str) -> Callable:
    """Register ``find(today) -> Iterable[Due]`` as the kind ``code``, shown to people as ``label``."""

    def register(find):
        REGISTRY[code] = Kind(code, label, find)
        return find

    return register


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.code, kind.label) for kind in REGISTRY.values()]
