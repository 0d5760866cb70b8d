"""Rules of the register, held by the database as well as by forms."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from partnership.models import OVERLAPPING_MEMBERSHIP, PartnershipMember, ServicePartner
from tests.factories import (
    CouncilFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
    ServicePartnerFactory,
    SharedServiceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_membership_that_ends_before_it_starts_is_refused_by_the_form_rules(maidstone):
    member = PartnershipMember(
        partnership=PartnershipFactory(), council=maidstone, joined=date(2012, 4, 1), left=date(2011, 4, 1)
    )
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "after the date it started" in str(error.value.message_dict["left"])


def test_membership_that_ends_before_it_starts_is_refused_by_the_database(maidstone):
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipMember.objects.create(
            partnership=PartnershipFactory(), council=maidstone, joined=date(2012, 4, 1), left=date(2011, 4, 1)
        )


def test_overlapping_service_membership_is_refused_with_a_clear_message(maidstone):
    service = SharedServiceFactory()
    ServicePartnerFactory(service=service, council=maidstone, joined=date(2013, 4, 1), left=date(2016, 4, 1))
    overlapping = ServicePartner(service=service, council=maidstone, joined=date(2015, 4, 1))
    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()
    assert error.value.message_dict["joined"] == [
        OVERLAPPING_MEMBERSHIP.format(council=maidstone, start="01/04/2013", end="01/04/2016")
    ]


def test_council_can_rejoin_a_service_after_leaving_it(maidstone):
    service = SharedServiceFactory()
    ServicePartnerFactory(service=service, council=maidstone, joined=date(2013, 4, 1), left=date(2016, 4, 1))
    rejoined = ServicePartner(service=service, council=maidstone, joined=date(2016, 4, 1))
    rejoined.full_clean()
    rejoined.save()
    assert service.partners.count() == 2


def test_database_refuses_two_current_memberships_of_one_service(maidstone):
    service = SharedServiceFactory()
    ServicePartnerFactory(service=service, council=maidstone, joined=date(2013, 4, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ServicePartner.objects.create(service=service, council=maidstone, joined=date(2014, 4, 1))


def test_overlapping_closed_periods_written_past_the_form_depend_on_the_database(maidstone):
    """PostgreSQL's exclusion constraint refuses them; SQLite (the demo database) relies on clean()."""
    service = SharedServiceFactory()
    ServicePartnerFactory(service=service, council=maidstone, joined=date(2013, 4, 1), left=date(2016, 4, 1))

    def write_overlap():
        with transaction.atomic():
            ServicePartner.objects.create(
                service=service, council=maidstone, joined=date(2015, 4, 1), left=date(2017, 4, 1)
            )

    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError):
            write_overlap()
        assert service.partners.count() == 1
    else:
        write_overlap()
        assert service.partners.count() == 2


def test_database_refuses_a_second_current_host(maidstone, swale):
    service = SharedServiceFactory()
    ServicePartnerFactory(service=service, council=maidstone, is_host=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServicePartnerFactory(service=service, council=swale, is_host=True)


def test_council_code_must_be_capital_letters():
    council = CouncilFactory.build(code="mbc1")
    with pytest.raises(ValidationError) as error:
        council.full_clean()
    assert "capital letters" in str(error.value)


def test_negative_key_decision_threshold_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        CouncilFactory(code="NEG", key_decision_threshold=-1)


def test_officer_must_belong_to_a_council():
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="nobody", role="officer", council=None)


def test_head_of_service_must_lead_a_service():
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="nohead", role="head_of_service", headed_service=None)


def test_term_needs_an_agreement_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        SharedServiceFactory(term_years=10, agreement_start=None)


def test_member_is_current_only_between_joining_and_leaving(maidstone):
    member = PartnershipMemberFactory(council=maidstone, joined=date(2008, 7, 9), left=date(2011, 4, 1))
    assert member.is_current(date(2010, 1, 1))
    assert not member.is_current(date(2011, 4, 1))
