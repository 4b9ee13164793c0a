"""Sign-in by e-mail address (case-insensitive), with the sign-in throttle applied to every sign-in form."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import throttling


class EmailBackend(ModelBackend):
    """Authenticates `username` (or `email`) as an e-mail address; keeps Django's default User model.

    Before any password is checked, a locked account or client address is refused with PermissionDenied, which
    stops Django from trying the other backends (so the Wagtail admin sign-in is throttled as well).
    """

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        identifier = email or username or kwargs.get(get_user_model().USERNAME_FIELD)
        if not identifier or password is None:
            return None
        lockout = throttling.lockout_for(account=throttling.account_key(identifier), ip=throttling.client_ip(request))
        if lockout is not None:
            if request is not None:
                request.sign_in_lockout = lockout
            raise PermissionDenied
        if "@" not in identifier:
            return None  # user names are for ModelBackend
        User = get_user_model()
        users = list(User._default_manager.filter(email__iexact=identifier.strip())[:5])
        if not users:
            User().set_password(password)  # spend the same time as for a real account
            return None
        matches = [user for user in users if user.check_password(password) and self.user_can_authenticate(user)]
        return matches[0] if len(matches) == 1 else None
