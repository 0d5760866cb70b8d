"""Admin for finance inputs. Figures are saved through the service, so the admin keeps history too."""

from django.contrib import admin

from finance import services
from finance.models import (
    BudgetFigure,
    BudgetLine,
    CapitalContribution,
    CapitalSpend,
    DeliveredSaving,
    FigureChange,
    ImplementationCost,
    NonStaffSavingStep,
    SavingsPlan,
)
from mkip.admin import RefuseStaleSaves, TrackedAdmin


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["name", "service", "council", "programme", "group", "in_non_staff_base", "is_recharge"]
    list_filter = ["service", "council", "programme", "group"]


@admin.register(BudgetFigure)
class BudgetFigureAdmin(admin.ModelAdmin):
    list_display = ["line", "year", "kind", "amount", "version"]
    list_filter = ["line__service", "line__council", "kind"]
    fields = ["line", "year", "kind", "amount"]

    def get_readonly_fields(self, request, obj=None):
        # A figure's cell is fixed once created: change its amount, or remove it and add another.
        return ["line", "year", "kind"] if obj else []

    def save_model(self, request, obj, form, change):
        loaded = BudgetFigure.objects.get(pk=obj.pk).version if change else 0
        services.save_figure(user=request.user, figure=obj, loaded_version=loaded)
        saved = BudgetFigure.objects.get(line=obj.line, year=obj.year, kind=obj.kind)
        obj.pk, obj.version = saved.pk, saved.version

    def delete_model(self, request, obj):
        services.save_figure(user=request.user, figure=obj, loaded_version=obj.version, remove=True)

    def delete_queryset(self, request, queryset):
        for figure in queryset.select_related("line"):
            self.delete_model(request, figure)


@admin.register(FigureChange)
class FigureChangeAdmin(admin.ModelAdmin):
    list_display = ["line", "year", "kind", "old_amount", "new_amount", "changed_by", "changed_at", "path"]
    list_filter = ["path", "line__service"]

    def has_change_permission(self, request, obj=None):
        return False  # history is never edited

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NonStaffSavingStepInline(admin.TabularInline):
    model = NonStaffSavingStep
    extra = 0


@admin.register(SavingsPlan)
class SavingsPlanAdmin(RefuseStaleSaves, admin.ModelAdmin):
    list_display = ["service", "baseline_year", "first_year", "years", "cashable"]
    inlines = [NonStaffSavingStepInline]


admin.site.register(ImplementationCost, TrackedAdmin)
admin.site.register(CapitalContribution, TrackedAdmin)
admin.site.register(DeliveredSaving, TrackedAdmin)


@admin.register(CapitalSpend)
class CapitalSpendAdmin(RefuseStaleSaves, admin.ModelAdmin):
    list_display = ["service", "year", "description", "amount", "approved_by", "approved_at"]
