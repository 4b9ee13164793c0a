"""Forms of the directory's admin screens."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import FieldProvenance, OrganisationCluster, OrganisationConcept, Source, TagSource
from .services import ORG_FIELDS, SOURCES

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class OrganisationAdminForm(WagtailAdminModelForm):
    """Edits by staff are staff values: provenance says so, and changed tags become staff tags.

    Removing an automatic tag records a rejection, so that automatic tagging does not add it again.
    """

    def save(self, commit=True):
        rejected = {"cluster_tags": [], "concept_tags": []}
        for name in rejected:
            formset = self.formsets.get(name)
            if formset is None:
                continue
            for form in formset.forms:
                if form in formset.deleted_forms:
                    if form.instance.pk and form.instance.source == TagSource.AUTOMATIC:
                        key = "cluster" if name == "cluster_tags" else "concept_id"
                        rejected[name].append(getattr(form.instance, key))
                    continue
                if form.has_changed() or not form.instance.pk:
                    form.instance.source = TagSource.STAFF
                    form.instance.confidence = 1.0
        changed_fields = [name for name in self.changed_data if name in ORG_FIELDS]
        instance = super().save(commit=commit)
        if commit:
            now = timezone.now()
            for name in changed_fields:
                FieldProvenance.objects.update_or_create(
                    organisation=instance,
                    field=name,
                    defaults={"source": Source.STAFF, "source_record": "", "retrieved_at": now},
                )
            for cluster in rejected["cluster_tags"]:
                OrganisationCluster.objects.update_or_create(
                    organisation=instance,
                    cluster=cluster,
                    defaults={"source": TagSource.STAFF, "rejected": True, "confidence": 1.0},
                )
            for concept_id in rejected["concept_tags"]:
                OrganisationConcept.objects.update_or_create(
                    organisation=instance,
                    concept_id=concept_id,
                    defaults={"source": TagSource.STAFF, "rejected": True, "confidence": 1.0},
                )
        return instance


class ConceptAdminForm(WagtailAdminModelForm):
    """A concept staff have edited is no longer overwritten by loading the taxonomy file."""

    def save(self, commit=True):
        if self.instance.pk and self.has_changed():
            self.instance.edited_by_staff = True
        return super().save(commit=commit)


class ImportForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("csv", _("Staff CSV (see the column list below)")),
            ("cordis", _("CORDIS CSV (organisations, projects or participations)")),
            ("ror", _("ROR JSON Lines")),
        ],
    )
    file = forms.FileField(label=_("File"), help_text=_("CSV or JSON Lines, optionally gzip-compressed; up to 50 MB."))
    resolve = forms.BooleanField(
        label=_("Match by name as well"),
        required=False,
        initial=True,
        help_text=_("Find existing organisations by name, city and website, not only by identifiers."),
    )

    def clean_source(self):
        source = self.cleaned_data["source"]
        if source not in SOURCES:
            raise forms.ValidationError(_("Unknown format."))
        return source

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload
