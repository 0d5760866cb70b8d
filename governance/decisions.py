"""Pure rules of a decision record: its reason key, its numbered recommendations, its documents.

No ORM here: the services feed these functions plain values and store what they return.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from mkip.money import format_gbp


class ReasonKey(models.TextChoices):
    SAVINGS = "savings", "Savings > threshold"
    EXPENDITURE = "expenditure", "Expenditure > threshold"
    POLICY = "policy", "Policies, Plans, Strategies"
    WARDS = "wards", "Significant effect in two or more wards"


# Which reasons follow from money and so carry the threshold in their label.
FINANCIAL_KEYS = {ReasonKey.SAVINGS: "Savings", ReasonKey.EXPENDITURE: "Expenditure"}

# Local Government Act 1972, Schedule 12A, Part 1 (England).
SCHEDULE_12A = [
    (1, "1 – Information relating to any individual"),
    (2, "2 – Information likely to reveal the identity of an individual"),
    (3, "3 – Financial or business affairs of any particular person (including the authority)"),
    (4, "4 – Consultations or negotiations on labour relations"),
    (5, "5 – Legal professional privilege"),
    (6, "6 – Notices, orders or directions the authority proposes to give or make"),
    (7, "7 – Prevention, investigation or prosecution of crime"),
]

REASON_KEY_NEEDED = "A key decision needs its reason key: choose one, or enter savings or spending over the threshold."
FINANCIAL_KEY_NOT_MET = "{kind} of {amount} is not over the key-decision threshold of {threshold}."


@dataclass(frozen=True)
class KeyDecision:
    is_key: bool
    reason_key: str


def classify(
    *,
    threshold: Decimal,
    savings: Decimal | None,
    expenditure: Decimal | None,
    chosen_key: str = "",
    chosen_is_key: bool = False,
) -> KeyDecision:
    """Whether a decision is key, and why.

    Savings or spending over the council's threshold make it key, with that
    reason (savings first, as the published records put it); otherwise the
    officer's choice stands. Raises ``ValueError`` when a financial reason is
    chosen that the figures do not support, or a key decision has no reason.

    >>> classify(threshold=Decimal("250000"), savings=Decimal("3710000"), expenditure=None)
    KeyDecision(is_key=True, reason_key='savings')
    >>> classify(threshold=Decimal("250000"), savings=None, expenditure=None, chosen_key="policy", chosen_is_key=True)
    KeyDecision(is_key=True, reason_key='policy')
    """
    if savings is not None and savings > threshold:
        return KeyDecision(True, ReasonKey.SAVINGS.value)
    if expenditure is not None and expenditure > threshold:
        return KeyDecision(True, ReasonKey.EXPENDITURE.value)
    if chosen_key in FINANCIAL_KEYS:
        amount = savings if chosen_key == ReasonKey.SAVINGS else expenditure
        raise ValueError(
            FINANCIAL_KEY_NOT_MET.format(
                kind=FINANCIAL_KEYS[chosen_key],
                amount=format_gbp(amount) if amount is not None else "nothing",
                threshold=format_gbp(threshold),
            )
        )
    if chosen_key:
        return KeyDecision(True, chosen_key)
    if chosen_is_key:
        raise ValueError(REASON_KEY_NEEDED)
    return KeyDecision(False, "")


def reason_key_label(reason_key: str, threshold: Decimal | None) -> str:
    """The reason key as a published record prints it.

    >>> reason_key_label("savings", Decimal("250000.00"))
    'Savings > £250,000'
    >>> reason_key_label("policy", None)
    'Policies, Plans, Strategies'
    """
    if not reason_key:
        return ""
    if reason_key in FINANCIAL_KEYS:
        return f"{FINANCIAL_KEYS[reason_key]} > {format_gbp(threshold)}"
    return ReasonKey(reason_key).label


# ----------------------------------------------------------- recommendations

_ROMAN = r"(?P<roman>[ivxlc]+)\."
_LETTER = r"(?:(?P<parent>[ivxlc]+)\s+)?(?P<letter>[a-z])\)"
_LABEL = re.compile(rf"^\s*(?:{_ROMAN}|{_LETTER})\s+", re.IGNORECASE)

DUPLICATE_LABEL = "The recommendation “{label}” appears twice."


@dataclass(frozen=True)
class ParsedRecommendation:
    label: str
    text: str


def parse_recommendations(text: str) -> list[ParsedRecommendation]:
    """Split the decision's text into numbered recommendations.

    Each starts on a new line with "i.", "ii." … or, under the last roman
    numeral, "a)", "b)" … (stored as "iv a)"). Lines without a number continue
    the recommendation above; text before any number is one unlabelled item.

    >>> [r.label for r in parse_recommendations("i. One\\nii. Two\\niv. That:\\na) Three\\nb) Four")]
    ['i.', 'ii.', 'iv.', 'iv a)', 'iv b)']
    """
    items: list[list[str]] = []
    parent = ""
    for line in text.splitlines():
        match = _LABEL.match(line)
        if match:
            if match["roman"]:
                parent = match["roman"].lower()
                label = f"{parent}."
            else:
                parent = (match["parent"] or parent).lower()
                label = f"{parent} {match['letter'].lower()})".strip()
            items.append([label, line[match.end() :].strip()])
        elif line.strip():
            if not items:
                # A decision of one unnumbered paragraph, as Maidstone's Information Strategy record has.
                items.append(["", ""])
            items[-1][1] = f"{items[-1][1]}\n{line.strip()}".strip()
    seen = set()
    for label, _ in items:
        if label in seen:
            raise ValueError(DUPLICATE_LABEL.format(label=label))
        seen.add(label)
    return [ParsedRecommendation(label, body) for label, body in items]


def recommendations_as_text(recommendations) -> str:
    """The inverse of :func:`parse_recommendations`, for editing."""
    lines = []
    for rec in recommendations:
        label = rec.label.split(" ", 1)[1] if " " in rec.label else rec.label
        lines.append(f"{label} {rec.text}".strip())
    return "\n".join(lines)


# ----------------------------------------------------------------- documents

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# Extension → (content type, the bytes such a file starts with).
ALLOWED_DOCUMENTS = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
}
DOCUMENT_TOO_BIG = "The file must be smaller than 20 MB."
DOCUMENT_EMPTY = "The file is empty."
DOCUMENT_WRONG_TYPE = "The file must be a PDF, Word (.docx), Excel (.xlsx) or OpenDocument (.odt, .ods) file."
DOCUMENT_NOT_WHAT_IT_SAYS = "The file’s contents do not match its .{ext} name."


def check_document(name: str, size: int, head: bytes) -> str:
    """The content type to store for an upload, or ``ValueError`` saying what is wrong with it.

    The first bytes are checked as well as the name, so a renamed executable is refused.

    >>> check_document("Appendix J.pdf", 1024, b"%PDF-1.4")
    'application/pdf'
    """
    if size <= 0:
        raise ValueError(DOCUMENT_EMPTY)
    if size > MAX_DOCUMENT_BYTES:
        raise ValueError(DOCUMENT_TOO_BIG)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_DOCUMENTS:
        raise ValueError(DOCUMENT_WRONG_TYPE)
    content_type, signatures = ALLOWED_DOCUMENTS[ext]
    if not head.startswith(signatures):
        raise ValueError(DOCUMENT_NOT_WHAT_IT_SAYS.format(ext=ext))
    return content_type
