"""Forms of the members' area. Every form turns bad input into field errors, never into an exception."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.clusters import CLUSTER_CHOICES
from directory.models import LANGUAGE_CHOICES, Concept, Organisation
from directory.regions import NUTS_NAMES

from .choices import (
    COUNTRY_CHOICES,
    ITEM_KIND_CHOICES,
    PARTNER_TYPE_CHOICES,
    SPOKEN_LANGUAGE_CHOICES,
    VISIBILITY_CHOICES,
)
from .models import Role
from .services import ItemData, ProfileData

MAX_DESCRIPTIONS = 10
MAX_ITEMS = 20
MAX_CONCEPTS = 40
DESCRIPTION_MAX_LENGTH = 10000


# ------------------------------------------------------------------------------------------------------------
# accounts


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("The e-mail address or the password is not correct."),
        "inactive": _("This account is inactive."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.max_length = 254
        field.label = _("E-mail address")
        field.widget.attrs["maxlength"] = "254"


class InvitationAcceptForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            user = get_user_model()(
                email=self.email, first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", "")
            )
            try:
                password_validation.validate_password(password1, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ClaimForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.public(),
        widget=forms.HiddenInput,
    )
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Your e-mail address at the organisation"), max_length=254)
    position = forms.CharField(label=_("Your position in the organisation"), max_length=150)
    message = forms.CharField(
        label=_("Message to the TECH.LAND team"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Anything that helps us confirm that you work there, e.g. a page of your website naming you."),
    )
    confirm = forms.BooleanField(
        label=_("I work for this organisation and may represent it on TECH.LAND."),
    )


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label=_("Name of your organisation"), max_length=200, required=False)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.all())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the person"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent with the decision by e-mail."),
    )


# ------------------------------------------------------------------------------------------------------------
# the profile


class ConceptSelect(forms.SelectMultiple):
    """A multi-select whose options carry every label and synonym, for the search box in members/profile.js."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"data-concept-select": "", "size": 8, **(attrs or {})})
        self.terms: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        terms = self.terms.get(str(getattr(value, "value", value)))
        if terms:
            option["attrs"]["data-terms"] = terms
        return option


class ConceptField(forms.ModelMultipleChoiceField):
    widget = ConceptSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Concept.objects.all())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return obj.label(get_language())

    def clean(self, value):
        if value and len(value) > MAX_CONCEPTS:
            raise ValidationError(
                _("Choose at most %(limit)d concepts."), code="too_many", params={"limit": MAX_CONCEPTS}
            )
        return super().clean(value)


def _with_concept_terms(field: ConceptField, concepts: list[Concept]) -> None:
    language = (get_language() or "en")[:2]
    concepts = sorted(concepts, key=lambda c: c.label(language).casefold())
    field.choices = [(c.pk, c.label(language)) for c in concepts]
    field.widget.terms = {str(c.pk): " | ".join(c.all_terms()) for c in concepts}


class ProfileForm(forms.Form):
    clusters = forms.MultipleChoiceField(
        label=_("Clusters"), choices=CLUSTER_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    concepts = ConceptField(
        label=_("Technologies and topics"),
        help_text=_("Type to search in English, Dutch or German; hold Ctrl (or ⌘) to choose several."),
    )
    partner_types = forms.MultipleChoiceField(
        label=_("Partner types you look for"),
        choices=PARTNER_TYPE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.MultipleChoiceField(
        label=_("Preferred countries"), choices=COUNTRY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    regions = forms.MultipleChoiceField(
        label=_("Preferred regions"),
        choices=[(code, f"{name} ({code})") for code, name in NUTS_NAMES.items()],
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=SPOKEN_LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    public_fields = forms.MultipleChoiceField(
        label=_("Show to other members and visitors"),
        choices=VISIBILITY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Fields you leave unticked are used for recommendations but never shown to others."),
    )

    def __init__(self, *args, concepts: list[Concept] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        _with_concept_terms(self.fields["concepts"], concepts if concepts is not None else list(Concept.objects.all()))


class DescriptionForm(forms.Form):
    # A blank first choice, as for the offer or need type below: an untouched extra description is skipped.
    language = forms.ChoiceField(label=_("Language"), choices=[("", "---------"), *LANGUAGE_CHOICES])
    text = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ItemForm(forms.Form):
    # A blank first choice: an untouched extra entry posts no type, so it counts as unchanged and is skipped.
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "---------"), *ITEM_KIND_CHOICES])
    text = forms.CharField(
        label=_("Short description"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences, e.g. “We test PEM electrolysers up to 1 MW.”"),
    )
    concepts = ConceptField(label=_("Concepts"))

    def __init__(self, *args, concepts: list[Concept] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        _with_concept_terms(self.fields["concepts"], concepts if concepts is not None else list(Concept.objects.all()))


def kept_forms(formset) -> list:
    """The forms of a valid formset that hold data to save: initial forms and filled-in extra forms, not deleted."""
    initial = formset.initial_form_count()
    return [
        form
        for index, form in enumerate(formset.forms)
        if (index < initial or form.has_changed())
        and getattr(form, "cleaned_data", None)
        and not formset._should_delete_form(form)
    ]


class BaseDescriptionFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in kept_forms(self):
            key = (form.cleaned_data.get("language"), (form.cleaned_data.get("text") or "").strip())
            if key in seen:
                raise ValidationError(_("The same description appears twice."), code="duplicate")
            seen.add(key)


DescriptionFormSet = forms.formset_factory(
    DescriptionForm,
    formset=BaseDescriptionFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_DESCRIPTIONS,
    validate_max=True,
    absolute_max=MAX_DESCRIPTIONS + 5,
)
ItemFormSet = forms.formset_factory(
    ItemForm, extra=1, can_delete=True, max_num=MAX_ITEMS, validate_max=True, absolute_max=MAX_ITEMS + 5
)


class ProfileEditor:
    """The profile form and its two formsets, validated and turned into `ProfileData` together."""

    def __init__(self, data=None, *, initial: dict, descriptions: list[dict], items: list[dict]):
        concepts = list(Concept.objects.all())
        self.form = ProfileForm(data, initial=initial, concepts=concepts)
        self.descriptions = DescriptionFormSet(data, initial=descriptions, prefix="descriptions")
        self.items = ItemFormSet(data, initial=items, prefix="items", form_kwargs={"concepts": concepts})

    def is_valid(self) -> bool:
        # Evaluate all three so that every error is shown at once.
        results = [self.form.is_valid(), self.descriptions.is_valid(), self.items.is_valid()]
        return all(results)

    def _kept(self, formset):
        return [form.cleaned_data for form in kept_forms(formset)]

    def profile_data(self) -> ProfileData:
        cleaned = self.form.cleaned_data
        return ProfileData(
            descriptions=[(d["language"], d["text"]) for d in self._kept(self.descriptions)],
            clusters=list(cleaned["clusters"]),
            concept_ids=[c.pk for c in cleaned["concepts"]],
            items=[ItemData(i["kind"], i["text"], [c.pk for c in i["concepts"]]) for i in self._kept(self.items)],
            partner_types=list(cleaned["partner_types"]),
            countries=list(cleaned["countries"]),
            regions=list(cleaned["regions"]),
            languages=list(cleaned["languages"]),
            public_fields=list(cleaned["public_fields"]),
        )

    @property
    def error_count(self) -> int:
        count = len(self.form.errors)
        for formset in (self.descriptions, self.items):
            count += len(formset.non_form_errors()) + sum(len(errors) for errors in formset.errors)
        return count
