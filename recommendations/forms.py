from django import forms
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 1000
NOTE_MAX_LENGTH = 2000


class IntroductionRequestForm(forms.Form):
    message = forms.CharField(
        label=_("A short message (optional)"),
        help_text=_(
            "Why you would like to meet them. The facilitator reads it, and if the introduction is made, "
            "the other organisation does too."
        ),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MESSAGE_MAX_LENGTH}),
    )

    def clean_message(self):
        message = self.cleaned_data["message"]
        # Control characters other than line breaks and tabs have no place in a message (PostgreSQL refuses NUL).
        return "".join(ch for ch in message if ch.isprintable() or ch in "\n\r\t").strip()


class IntroductionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept and introduce them")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_(
            "Optional. Sent with the decision: to both organisations on acceptance, to the requester on a refusal."
        ),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_MAX_LENGTH}),
    )
