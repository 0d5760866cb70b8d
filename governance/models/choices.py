"""Choices shared by the governance models and the pure modules that read them."""

from django.db import models


class DecisionMaker(models.TextChoices):
    CABINET = "cabinet", "Cabinet"
    CABINET_MEMBER = "cabinet_member", "Cabinet Member"
    COUNCIL = "council", "Full Council"
    PARTNERSHIP_BOARD = "partnership_board", "Partnership board"


class DecisionStatus(models.TextChoices):
    FOR_DETERMINATION = "for_determination", "For determination"
    APPROVED = "approved", "Recommendations Approved"
    APPROVED_AMENDED = "approved_amended", "Recommendations Approved (amended)"
    DEFERRED = "deferred", "Deferred"
    REFUSED = "refused", "Recommendations Refused"


APPROVING_STATUSES = frozenset({DecisionStatus.APPROVED, DecisionStatus.APPROVED_AMENDED})


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
