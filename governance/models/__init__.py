"""Governance records: decisions and gateways, benefits realisation, risk registers, bodies and contacts.

One module per family; this package names the models Django and the rest of the app import.
"""

from governance.models.benefits import ActionStatus, BenefitReport, OperationalAction, Priority
from governance.models.choices import APPROVING_STATUSES, DecisionMaker, DecisionStatus, Rag
from governance.models.decision import (
    BOARD_DECISIONS_HAVE_NO_COUNCIL,
    DECIDED_AFTER_PUBLICATION,
    EFFECTIVE_BEFORE_PUBLICATION,
    OVERRIDE_NEEDS_REASON,
    Decision,
    DecisionDocument,
    DecisionQuerySet,
    DeclaredInterest,
    GatewayHistory,
    Recommendation,
    document_path,
)
from governance.models.forward_plan import ForwardPlanEntry, NoticeRoute
from governance.models.registers import (
    Body,
    BodyKind,
    BodyMember,
    Contact,
    Risk,
    RiskCategory,
    RiskReview,
    RiskStatus,
)

__all__ = [
    "APPROVING_STATUSES",
    "BOARD_DECISIONS_HAVE_NO_COUNCIL",
    "DECIDED_AFTER_PUBLICATION",
    "EFFECTIVE_BEFORE_PUBLICATION",
    "OVERRIDE_NEEDS_REASON",
    "ActionStatus",
    "BenefitReport",
    "Body",
    "BodyKind",
    "BodyMember",
    "Contact",
    "Decision",
    "DecisionDocument",
    "DecisionMaker",
    "DecisionQuerySet",
    "DecisionStatus",
    "DeclaredInterest",
    "ForwardPlanEntry",
    "GatewayHistory",
    "NoticeRoute",
    "OperationalAction",
    "Priority",
    "Rag",
    "Recommendation",
    "Risk",
    "RiskCategory",
    "RiskReview",
    "RiskStatus",
    "document_path",
]
