"""The reminder settings page and the background-work problems page: who may use them."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mkip.stale import record_version
from reminders.models import Delivery, Preference

pytestmark = pytest.mark.django_db
SETTINGS = reverse("reminders:preferences")
PROBLEMS = reverse("reminders:problems")


def test_a_person_turns_a_kind_off_and_chooses_a_digest_for_themselves_only(
    client, maidstone_democratic_services, swale_officer
):
    client.force_login(maidstone_democratic_services)
    wanted = ["decision_takes_effect", "forward_plan_notice_due", "monitoring_return_due", "review_milestone"]
    response = client.post(SETTINGS, {"delivery": Delivery.DIGEST, "wanted": wanted})
    assert response.status_code == 302
    assert Preference.objects.get(person=maidstone_democratic_services).delivery == Delivery.DIGEST
    assert list(Preference.objects.values_list("person__username", "turned_off")) == [
        ("democratic.mbc", ["call_in_ends"])
    ]
    assert not Preference.objects.filter(person=swale_officer).exists()
    page = client.get(SETTINGS).content.decode()
    assert 'value="call_in_ends"' in page and 'value="call_in_ends" checked' not in page


WANTED = ["decision_takes_effect", "forward_plan_notice_due", "monitoring_return_due", "review_milestone"]


def test_settings_saved_from_a_page_opened_before_another_save_are_refused_and_kept_as_chosen(
    client, maidstone_democratic_services
):
    client.force_login(maidstone_democratic_services)
    assert client.post(SETTINGS, {"delivery": Delivery.IMMEDIATE, "wanted": WANTED}).status_code == 302
    preference = Preference.objects.get()
    opened_in_two_tabs = record_version(preference)
    first = {"delivery": Delivery.DIGEST, "wanted": WANTED, "loaded_version": opened_in_two_tabs}
    assert client.post(SETTINGS, first).status_code == 302

    second = {"delivery": Delivery.IMMEDIATE, "wanted": ["call_in_ends"], "loaded_version": opened_in_two_tabs}
    page = client.post(SETTINGS, second).content.decode()
    assert "after you opened it" in page and "Your changes are below, not saved" in page
    ticked = re.search(r'value="call_in_ends"\s*checked', page)
    assert ticked, "the person's own choice stays as ticked"
    preference.refresh_from_db()
    assert preference.delivery == Delivery.DIGEST and preference.turned_off == ["call_in_ends"]


def test_the_settings_keep_their_history_which_only_their_person_and_administrators_read(
    client, maidstone_democratic_services, swale_officer, administrator
):
    client.force_login(maidstone_democratic_services)
    client.post(SETTINGS, {"delivery": Delivery.IMMEDIATE, "wanted": WANTED})
    client.post(SETTINGS, {"delivery": Delivery.DIGEST, "wanted": [*WANTED, "call_in_ends"]})
    preference = Preference.objects.get()
    history = reverse("reminders:record-history", kwargs={"kind": "preference", "pk": preference.pk})
    assert f'href="{history}"' in client.get(SETTINGS).content.decode()
    page = client.get(history).content.decode()
    assert "One email a day" in page and "call_in_ends" in page
    client.force_login(swale_officer)
    assert client.get(history).status_code == 403
    client.force_login(administrator)
    assert client.get(history).status_code == 200


def test_the_settings_page_names_what_is_missing(client, swale_officer):
    client.force_login(swale_officer)
    page = client.post(SETTINGS, {"wanted": ["call_in_ends"]}).content.decode()
    assert "Choose how you would like your reminders" in page
    assert not Preference.objects.exists()


def test_a_person_without_a_role_is_refused_and_it_is_logged(client, django_user_model, caplog):
    client.force_login(django_user_model.objects.create_user("nobody", password="irrelevant-pw"))
    assert client.post(SETTINGS, {"delivery": Delivery.DIGEST}).status_code == 403
    assert not Preference.objects.exists()
    assert any("refused user=nobody" in record.getMessage() for record in caplog.records)


def test_only_administrators_see_the_problems_page(client, board_member, administrator):
    client.force_login(board_member)
    assert client.get(PROBLEMS).status_code == 403
    client.force_login(administrator)
    page = client.get(PROBLEMS)
    assert page.status_code == 200 and "No background task has failed" in page.content.decode()


def _failed_attempts(count: int) -> None:
    DBTaskResult.objects.bulk_create(
        DBTaskResult(
            status="FAILED",
            args_kwargs={"args": [], "kwargs": {"attempt": n % 7}},
            task_path="reminders.tasks.daily_reminders",
            backend_name="default",
            run_after=timezone.now(),
            finished_at=timezone.now(),
            exception_class_path="smtplib.SMTPServerDisconnected",
            traceback=f"Traceback {n}",
        )
        for n in range(count)
    )


@pytest.mark.parametrize("failures", [0, 1, 40])
def test_the_problems_page_costs_the_same_queries_however_many_failures(
    client, administrator, django_assert_num_queries, failures
):
    _failed_attempts(failures)
    client.force_login(administrator)
    client.get(PROBLEMS)
    # session, user, failed tasks, bounced emails with their people
    with django_assert_num_queries(4):
        page = client.get(PROBLEMS).content.decode()
    assert page.count("SMTPServerDisconnected") == failures
