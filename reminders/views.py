from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from mkip.stale import StaleRecord
from partnership.history_pages import HistoryKind, history_url, history_view
from partnership.permissions import can_read, is_administrator, refuse
from reminders import selectors, services
from reminders.forms import PreferencesForm
from reminders.models import Preference


def preferences(request):
    """Each person's own settings: anyone with a role may change theirs, and only theirs."""
    if not can_read(request.user):
        raise refuse(request.user, "choose reminders", "reminder settings")
    preference = selectors.preference_of(request.user)
    form = PreferencesForm(
        request.POST or None,
        initial=selectors.preferences_of(preference),
        loaded_version=selectors.preference_version(preference),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_preferences(
                person=request.user,
                delivery=form.cleaned_data["delivery"],
                wanted=set(form.cleaned_data["wanted"]),
                loaded_version=form.loaded_version(),
            )
        except StaleRecord as error:
            form.refuse_as_stale(error)
        else:
            messages.success(request, "Your reminder settings are saved.")
            return redirect("reminders:preferences")
    history = history_url("reminders", "preference", preference) if preference.pk else ""
    return render(request, "reminders/preferences.html", {"form": form, "history_url": history})


def problems(request):
    """Failed background tasks with their errors, and addresses the mail server refused."""
    if not is_administrator(request.user):
        raise refuse(request.user, "see background work problems", "tasks")
    return render(request, "reminders/problems.html", selectors.problems())


KINDS = {
    "preference": HistoryKind(
        Preference, lambda _p: (reverse("reminders:preferences"), "reminder settings"), personal=True
    ),
}
history = history_view(KINDS)
