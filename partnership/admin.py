from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from mkip.admin import RefuseStaleSaves
from mkip.periods import periods_overlap
from partnership.models import (
    OVERLAPPING_MEMBERSHIP,
    Council,
    Partnership,
    PartnershipMember,
    ReviewPoint,
    ServicePartner,
    SharedService,
    StrategicPartner,
    User,
)


class PeriodFormSet(BaseInlineFormSet):
    """Checks the rows of one form against each other: the database only sees them one at a time."""

    def clean(self):
        super().clean()
        rows = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("council")
        ]
        for index, form in enumerate(rows):
            data = form.cleaned_data
            for other in rows[:index]:
                seen = other.cleaned_data
                if seen["council"] == data["council"] and periods_overlap(
                    seen["joined"], seen.get("left"), data["joined"], data.get("left")
                ):
                    form.add_error(
                        "joined",
                        OVERLAPPING_MEMBERSHIP.format(
                            council=seen["council"],
                            start=seen["joined"].strftime("%d/%m/%Y"),
                            end=seen["left"].strftime("%d/%m/%Y") if seen.get("left") else "now",
                        ),
                    )
        current_hosts = [f for f in rows if f.cleaned_data.get("is_host") and not f.cleaned_data.get("left")]
        if len(current_hosts) > 1:
            raise ValidationError("A shared service has one host council at a time: tick Host for one partner.")


class PartnershipMemberInline(admin.TabularInline):
    model = PartnershipMember
    formset = PeriodFormSet
    extra = 0


class StrategicPartnerInline(admin.TabularInline):
    model = StrategicPartner
    extra = 0


class ServicePartnerInline(admin.TabularInline):
    model = ServicePartner
    formset = PeriodFormSet
    extra = 0


class ReviewPointInline(admin.TabularInline):
    model = ReviewPoint
    extra = 0


@admin.register(Council)
class CouncilAdmin(RefuseStaleSaves, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "key_decision_threshold", "call_in_working_days"]
    search_fields = ["name", "code"]


@admin.register(Partnership)
class PartnershipAdmin(RefuseStaleSaves, admin.ModelAdmin):
    list_display = ["name", "short_name", "formed_on"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [PartnershipMemberInline, StrategicPartnerInline]


@admin.register(SharedService)
class SharedServiceAdmin(RefuseStaleSaves, admin.ModelAdmin):
    list_display = [
        "name",
        "partnership",
        "employment_model",
        "gateway_stage",
        "agreement_start",
        "term_years",
    ]
    list_filter = ["gateway_stage", "employment_model"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ServicePartnerInline, ReviewPointInline]


@admin.register(User)
class MkipUserAdmin(RefuseStaleSaves, UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "council", "headed_service", "is_active"]
    list_filter = ["role", "council", "is_active"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Role in the partnership", {"fields": ["role", "council", "headed_service"]}),
    ]
