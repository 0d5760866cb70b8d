from django.contrib import messages
from django.shortcuts import redirect, render

from partnership.permissions import can_read, is_administrator, refuse
from reminders import selectors, services
from reminders.forms import PreferencesForm


def preferences(request):
    """Each person's own settings: anyone with a role may change theirs, and only theirs."""
    if not can_read(request.user):
        raise refuse(request.user, "choose reminders", "reminder settings")
    form = PreferencesForm(request.POST or None, initial=selectors.preferences_of(request.user))
    if request.method == "POST" and form.is_valid():
        services.save_preferences(
            person=request.user, delivery=form.cleaned_data["delivery"], wanted=set(form.cleaned_data["wanted"])
        )
        messages.success(request, "Your reminder settings are saved.")
        return redirect("reminders:preferences")
    return render(request, "reminders/preferences.html", {"form": form})


def problems(request):
    """Failed background tasks with their errors, and addresses the mail server refused."""
    if not is_administrator(request.user):
        raise refuse(request.user, "see background work problems", "tasks")
    return render(request, "reminders/problems.html", selectors.problems())
