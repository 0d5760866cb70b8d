from crispy_forms_gds.layout import Field
from django import forms

from governance.decisions import SCHEDULE_12A, parse_recommendations, recommendations_as_text
from governance.models import Decision, ForwardPlanEntry, Rag, Risk
from mkip.forms import GovukForm
from partnership.models import GatewayStage


class DecisionForm(GovukForm, forms.ModelForm):
    """The entered parts of a decision record; the reason key and effective-from date are computed on save."""

    submit_label = "Save decision"
    edits_a_record = True

    recommendations = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        label="Decision",
        help_text="One recommendation per line, starting with its number: i., ii., … and a), b) under the last one.",
    )
    effective_from_override = forms.DateField(
        required=False,
        label="Override the effective-from date (optional)",
        help_text="Leave blank to use the call-in period. For example, 25/04/2012",
    )

    class Meta:
        model = Decision
        fields = [
            "title",
            "decision_maker",
            "status",
            "service",
            "gateway",
            "purpose",
            "decision_preamble",
            "is_key_decision",
            "savings_gbp",
            "expenditure_gbp",
            "reason_key",
            "subject_to_call_in",
            "reasons",
            "alternatives",
            "committee_details",
            "other_consulted",
            "consultees",
            "contact",
            "contact_email",
            "report_author",
            "forward_plan_entry",
            "notice_published_on",
            "representations_by",
            "decided_on",
            "published_on",
            "override_reason",
        ]
        labels = {
            "reason_key": "Reason key (if not from savings or spending)",
            "override_reason": "Reason for override",
        }
        widgets = {"reasons": forms.Textarea(attrs={"rows": 8}), "alternatives": forms.Textarea(attrs={"rows": 3})}

    def prepare(self):
        if self.instance.pk:
            self.initial["recommendations"] = recommendations_as_text(self.instance.recommendations.all())
            if self.instance.effective_from_overridden:
                self.initial["effective_from_override"] = self.instance.effective_from
        for name in ("notice_published_on", "representations_by", "decided_on", "published_on"):
            self.fields[name].help_text = "For example, 17/04/2012"
        # Only the council's own plan can give notice of its decision.
        entry = self.fields["forward_plan_entry"]
        entry.queryset = ForwardPlanEntry.objects.filter(council=self.instance.council_id)
        entry.help_text = "A key decision with no forward plan entry is flagged."

    def clean_recommendations(self):
        try:
            return parse_recommendations(self.cleaned_data["recommendations"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class DocumentForm(GovukForm, forms.Form):
    layout = (Field.text("title"), "file", "exempt_paragraph")
    submit_label = "Upload"

    title = forms.CharField(max_length=200, label="Title", help_text="For example, Exempt Appendix J")
    file = forms.FileField(label="File", help_text="PDF, Word, Excel or OpenDocument, smaller than 20 MB.")
    exempt_paragraph = forms.TypedChoiceField(
        choices=[("", "Not exempt: publish it"), *SCHEDULE_12A],
        coerce=int,
        empty_value=None,
        required=False,
        label="Exempt under Schedule 12A paragraph",
    )


class GatewayPassForm(GovukForm, forms.Form):
    layout = ("target", "rating", "notes")
    submit_label = "Record gateway passed"
    edits_a_record = True

    target = forms.ChoiceField(choices=GatewayStage.choices, widget=forms.HiddenInput)
    rating = forms.ChoiceField(choices=Rag.choices, label="Delivery confidence", widget=forms.RadioSelect)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Notes")


class RiskForm(GovukForm, forms.ModelForm):
    layout = (
        "category",
        Field.text("title"),
        Field.text("owner"),
        "mitigation",
        Field.text("likelihood", field_width=2),
        Field.text("impact", field_width=2),
    )
    submit_label = "Add risk"

    class Meta:
        model = Risk
        fields = ["category", "title", "owner", "mitigation", "likelihood", "impact"]
        labels = {"likelihood": "Likelihood (1 to 5)", "impact": "Impact (1 to 5)"}


class RiskReviewForm(GovukForm, forms.ModelForm):
    layout = (
        Field.text("likelihood", field_width=2),
        Field.text("impact", field_width=2),
        "status",
        "mitigation",
        "note",
    )
    submit_label = "Save review"
    edits_a_record = True

    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="What has changed")

    class Meta:
        model = Risk
        fields = ["likelihood", "impact", "status", "mitigation"]
        labels = {"likelihood": "Likelihood (1 to 5)", "impact": "Impact (1 to 5)"}


class ForwardPlanEntryForm(GovukForm, forms.ModelForm):
    """One entry of a council's forward plan; its notice route is computed from the two dates on save."""

    submit_label = "Save entry"
    edits_a_record = True

    class Meta:
        model = ForwardPlanEntry
        fields = [
            "matter",
            "decision_maker",
            "expected_on",
            "notice_published_on",
            "reason_key",
            "documents",
            "exempt_paragraph",
            "contact",
            "scrutiny_chair_informed",
            "chair_informed_on",
            "urgency_agreed_by",
            "urgency_agreed_on",
        ]
        help_texts = {
            "scrutiny_chair_informed": "Needed for a general exception: fewer than 28 but at least 5 clear days.",
            "urgency_agreed_by": "Needed for special urgency: fewer than 5 clear days.",
        }
        widgets = {"documents": forms.Textarea(attrs={"rows": 3})}

    def prepare(self):
        for name in ("expected_on", "notice_published_on", "chair_informed_on", "urgency_agreed_on"):
            self.fields[name].help_text = (self.fields[name].help_text + " For example, 17/04/2013").strip()
