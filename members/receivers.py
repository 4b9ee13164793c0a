"""Record every sign-in attempt, from the members' sign-in page and from the Wagtail admin alike."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import throttling


@receiver(user_login_failed, dispatch_uid="members_record_failed_sign_in")
def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    if request is not None and getattr(request, "sign_in_lockout", None) is not None:
        return  # refused without checking the password: not an attempt
    identifier = credentials.get("email") or credentials.get("username") or ""
    throttling.record_attempt(
        account=throttling.account_key(identifier), ip=throttling.client_ip(request), successful=False
    )


@receiver(user_logged_in, dispatch_uid="members_record_sign_in")
def record_sign_in(sender, request, user, **kwargs):
    throttling.record_attempt(account=f"user:{user.pk}", ip=throttling.client_ip(request), successful=True)
