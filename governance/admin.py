from django.contrib import admin

from governance.models import Decision, DecisionDocument, DeclaredInterest, GatewayHistory, Recommendation
from mkip.admin import RefuseStaleSaves


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0


class DocumentInline(admin.TabularInline):
    model = DecisionDocument
    extra = 0


class InterestInline(admin.TabularInline):
    model = DeclaredInterest
    extra = 0


@admin.register(Decision)
class DecisionAdmin(RefuseStaleSaves, admin.ModelAdmin):
    list_display = ("title", "council", "decision_maker", "status", "decided_on", "published_on", "effective_from")
    list_filter = ("council", "decision_maker", "status")
    # Computed by governance.services; editing them here would bypass the calendar.
    readonly_fields = ("reason_key", "key_decision_threshold_gbp", "call_in_working_days", "effective_from")
    inlines = [RecommendationInline, DocumentInline, InterestInline]


@admin.register(GatewayHistory)
class GatewayHistoryAdmin(RefuseStaleSaves, admin.ModelAdmin):
    list_display = ("service", "stage", "entered_on", "rating")
    list_filter = ("stage", "rating")
