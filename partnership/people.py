"""A partnership's people and their roles, managed by its administrators without the Django admin.

Thin views: permissions from :mod:`partnership.permissions`, reads from selectors, writes from services.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from partnership import selectors, services
from partnership.models import Partnership
from partnership.permissions import (
    can_manage_partnership,
    can_manage_person,
    check_manage_person,
    council_administered_in,
    refuse,
)


def _people_scope(user, partnership):
    """The council whose people ``user`` manages in ``partnership`` (None for all of them), or refuse."""
    if can_manage_partnership(user, partnership):
        return None
    council = council_administered_in(user, partnership)
    if council is None:
        raise refuse(user, f"manage the people of {partnership.name}", partnership.slug)
    return council


def people(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    council = _people_scope(request.user, partnership)
    rows = [
        {"person": person, "manageable": person.is_active and can_manage_person(request.user, person, partnership)}
        for person in selectors.partnership_people(partnership, council)
    ]
    context = {
        "partnership": partnership,
        "council": council,
        "rows": rows,
        "page_title": "People and roles",
        "can_set_up": council is None,
    }
    return render(request, "partnership/people.html", context)


@require_POST
def person_deactivate(request, slug, pk):
    partnership = get_object_or_404(Partnership, slug=slug)
    _people_scope(request.user, partnership)
    person = get_object_or_404(selectors.partnership_people(partnership), pk=pk)
    check_manage_person(request.user, person, partnership, request.path)
    services.person_deactivate(partnership=partnership, person=person)
    messages.success(request, f"{person.display_name} can no longer sign in. Their records and history stay.")
    return redirect(reverse("partnership:people", args=[partnership.slug]))
