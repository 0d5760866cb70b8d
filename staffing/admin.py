from django.contrib import admin
from django.core.validators import MaxLengthValidator

from mkip.admin import RefuseStaleSaves
from staffing import services
from staffing.models import ChangePath, PlannedReduction, Post, PostChange, Team, TupeTransfer


@admin.register(Team)
class TeamAdmin(RefuseStaleSaves, admin.ModelAdmin):
    list_display = ["name", "group", "service", "order"]
    list_filter = ["service", "group"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    """Saves and deletes go through the services so that the administration pages leave history too."""

    list_display = ["team", "council", "grade", "fte", "cost", "vacant", "year", "kind", "service"]
    list_filter = ["service", "kind", "year", "council"]
    list_select_related = ["team", "council", "service"]
    readonly_fields = ["version"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "year":
            # The shared year form field is a CharField whose max_length validator would be
            # run on the parsed FinancialYear (which has no len()); the parse already checks it.
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        return field

    def save_model(self, request, obj, form, change):
        services.post_save_one(user=request.user, post=obj, path=ChangePath.ADMIN)

    def delete_model(self, request, obj):
        services.post_delete_one(user=request.user, post=obj, path=ChangePath.ADMIN)

    def delete_queryset(self, request, queryset):
        for post in queryset.select_related("team", "council"):
            services.post_delete_one(user=request.user, post=post, path=ChangePath.ADMIN)


@admin.register(PostChange)
class PostChangeAdmin(admin.ModelAdmin):
    """History is a record: it is read here, never edited."""

    list_display = ["changed_at", "post_label", "field", "old", "new", "changed_by", "path"]
    list_filter = ["service", "path", "kind", "year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TupeTransfer)
class TupeTransferAdmin(RefuseStaleSaves, admin.ModelAdmin):
    list_display = ["service", "from_council", "transferred_on", "staff_count", "fte"]


@admin.register(PlannedReduction)
class PlannedReductionAdmin(RefuseStaleSaves, admin.ModelAdmin):
    list_display = ["service", "team", "year", "fte", "reason"]
