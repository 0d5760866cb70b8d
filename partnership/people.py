"""A partnership's people and their roles, managed by its administrators without the Django admin.

Thin views: permissions from :mod:`partnership.permissions`, reads from selectors, writes from services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mkip.stale import StaleRecord, record_version
from partnership import roles, selectors, services
from partnership.forms_invitations import RoleForm
from partnership.history_pages import history_url
from partnership.models import Partnership
from partnership.permissions import (
    can_manage_partnership,
    can_manage_person,
    check_manage_person,
    council_administered_in,
    grantable_roles,
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


def person_role(request, slug, pk):
    """Change one person's role and its scope, within what the administrator may grant."""
    partnership = get_object_or_404(Partnership, slug=slug)
    council = _people_scope(request.user, partnership)
    person = get_object_or_404(selectors.partnership_people(partnership, council), pk=pk)
    check_manage_person(request.user, person, partnership, request.path)
    councils = selectors.partnership_councils(partnership).order_by("name")
    if council is not None:
        councils = councils.filter(pk=council.pk)
    grantable = grantable_roles(request.user, partnership=partnership if council is None else None, council=council)
    initial = {"role": person.role, "council": person.council_id, "headed_service": person.headed_service_id}
    form = RoleForm(
        request.POST or None,
        partnership=partnership,
        roles=grantable,
        councils=councils,
        initial=initial,
        loaded_version=record_version(person),
    )
    if request.method == "POST" and form.is_valid():
        try:
            roles.person_change_role(
                partnership=partnership,
                person=person,
                grantable=grantable,
                loaded_version=form.loaded_version(),
                **form.entered(),
            )
        except StaleRecord as error:
            form.refuse_as_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{person.display_name} is now {person.role_label.lower()}.")
            return redirect(reverse("partnership:people", args=[partnership.slug]))
    context = {
        "partnership": partnership,
        "person": person,
        "form": form,
        "history_url": history_url("partnership", "user", person),
        "page_title": f"Change the role of {person.display_name}",
    }
    return render(request, "partnership/person_role.html", context)
