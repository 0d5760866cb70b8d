"""Named people from two partnerships, for the people, roles and invitations tests."""

import pytest

from partnership.models import Role
from tests.factories import CouncilFactory, PartnershipFactory, PartnershipMemberFactory, UserFactory


@pytest.fixture
def two_partnerships():
    mkip, elsewhere = PartnershipFactory(slug="mkip-test"), PartnershipFactory(slug="elsewhere")
    maidstone, swale, ashford = (CouncilFactory(name=f"{n} Borough Council") for n in ("Maidstone", "Swale", "Ashford"))
    for partnership, council in ((mkip, maidstone), (mkip, swale), (elsewhere, ashford)):
        PartnershipMemberFactory(partnership=partnership, council=council)
    people = {
        "priya": UserFactory(username="priya.mkip", role=Role.PARTNERSHIP_ADMIN, administered_partnership=mkip),
        "alan": UserFactory(username="alan.elsewhere", role=Role.PARTNERSHIP_ADMIN, administered_partnership=elsewhere),
        "sam": UserFactory(username="sam.sbc", role=Role.COUNCIL_ADMIN, council=swale),
        "maya": UserFactory(username="maya.mbc", role=Role.OFFICER, council=maidstone),
        "sid": UserFactory(username="sid.sbc", role=Role.OFFICER, council=swale),
        "ash": UserFactory(username="ash.abc", role=Role.OFFICER, council=ashford),
    }
    return {"mkip": mkip, "elsewhere": elsewhere, **people}
