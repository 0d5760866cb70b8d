"""The partnership set-up task list and its forms, for the partnership's administrators and the platform's.

Thin views: permissions from :mod:`partnership.permissions`, statuses from :mod:`partnership.setup`,
writes from :mod:`partnership.services_setup`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from mkip.stale import StaleRecord, record_version
from partnership import services_setup
from partnership.forms_setup import MemberAddForm, PartnershipNameForm
from partnership.models import Council, Partnership, PartnershipMember
from partnership.permissions import can_manage_partnership, refuse
from partnership.setup import setup_sections


def _partnership_to_set_up(request, slug: str) -> Partnership:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not can_manage_partnership(request.user, partnership):
        raise refuse(request.user, f"set up {partnership.name}", partnership.slug)
    return partnership


def _task_list_url(partnership) -> str:
    return reverse("partnership:setup", args=[partnership.slug])


def setup_page(request, slug):
    partnership = _partnership_to_set_up(request, slug)
    sections, total, completed = setup_sections(partnership, timezone.localdate())
    context = {
        "partnership": partnership,
        "sections": sections,
        "total": total,
        "completed": completed,
        "page_title": "Set up the partnership",
    }
    return render(request, "partnership/setup.html", context)


def setup_name(request, slug):
    partnership = _partnership_to_set_up(request, slug)
    original = {"name": partnership.name, "short_name": partnership.short_name, "board_name": partnership.board_name}
    form = PartnershipNameForm(request.POST or None, instance=partnership, loaded_version=record_version(partnership))
    if request.method == "POST" and form.is_valid():
        try:
            services_setup.partnership_rename(
                partnership=partnership,
                name=form.cleaned_data["name"],
                short_name=form.cleaned_data["short_name"],
                board_name=form.cleaned_data["board_name"],
                loaded_version=form.loaded_version(),
            )
        except StaleRecord as error:
            form.refuse_as_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The partnership’s name is saved: {partnership.name}.")
            return redirect(_task_list_url(partnership))
    for field, value in original.items():  # an invalid form must not rename the page's caption
        setattr(partnership, field, value)
    context = {
        "form": form,
        "heading": "Partnership name",
        "caption": partnership.name,
        "back_url": _task_list_url(partnership),
        "back_text": "Back to the set-up task list",
    }
    return render(request, "mkip/form_page.html", context)


NEW_COUNCIL_FIELDS = ("name", "code", "gss_code", "kind", "key_decision_threshold")


def _add_member(form, partnership) -> PartnershipMember | None:
    data = form.cleaned_data
    new_council = None if data["council"] else {field: data[field] for field in NEW_COUNCIL_FIELDS}
    if new_council is not None:
        new_council["kind"] = new_council["kind"] or Council.Kind.DISTRICT
    try:
        return services_setup.member_add(
            partnership=partnership,
            council=data["council"],
            new_council=new_council,
            joined=data["joined"],
            left=data["left"],
        )
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else "council", problems)
    return None


def setup_members(request, slug):
    partnership = _partnership_to_set_up(request, slug)
    form = MemberAddForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        member = _add_member(form, partnership)
        if member is not None:
            messages.success(request, f"{member.council.name} is a member of {partnership.short_name}.")
            return redirect(reverse("partnership:setup-members", args=[partnership.slug]))
    members = PartnershipMember.objects.filter(partnership=partnership).select_related("council")
    context = {
        "partnership": partnership,
        "members": members.order_by("council__name", "joined"),
        "form": form,
        "page_title": "Member councils",
    }
    return render(request, "partnership/setup_members.html", context)
