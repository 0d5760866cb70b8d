"""Risk scores: likelihood × impact on the usual five-by-five matrix, banded red, amber, green. Pure."""

from typing import Literal

SCALE = range(1, 6)
Band = Literal["red", "amber", "green"]

# Councils' matrices differ; these bands are the common 5×5 convention (15+ red, 8–12 amber).
RED_FROM = 15
AMBER_FROM = 8


def score(likelihood: int, impact: int) -> int:
    """Likelihood times impact, each on a scale of 1 to 5.

    >>> score(4, 5)
    20
    """
    if likelihood not in SCALE or impact not in SCALE:
        raise ValueError(f"likelihood and impact run from 1 to 5, not {likelihood} and {impact}")
    return likelihood * impact


def band(points: int) -> Band:
    """The rating of a score.

    >>> [band(n) for n in (4, 8, 12, 15)]
    ['green', 'amber', 'amber', 'red']
    """
    if points >= RED_FROM:
        return "red"
    if points >= AMBER_FROM:
        return "amber"
    return "green"
