from django import forms
from django.utils.translation import gettext_lazy as _

from .queries import weak_match_threshold


class ThresholdForm(forms.Form):
    """The score below which a member's best recommendation counts as no good match."""

    threshold = forms.FloatField(
        label=_("Threshold score"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("A member's needs count as unmet when its best recommendation scores below this."),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["threshold"].widget.attrs.update({"step": "any", "placeholder": f"{weak_match_threshold():g}"})

    def chosen_threshold(self) -> float:
        """The threshold asked for, or the configured one when none (or an invalid one) was given."""
        if self.is_bound and self.is_valid() and self.cleaned_data["threshold"] is not None:
            return self.cleaned_data["threshold"]
        return weak_match_threshold()
