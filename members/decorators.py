"""View decorators of the members' area."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import selectors


def member_required(view):
    """Signed in and belonging to an organisation; the membership is on `request.membership`.

    Anonymous visitors go to the sign-in page; signed-in accounts without an organisation (editors, staff, people
    whose claim is pending) go to the members' overview, which says how to join one.
    """

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        membership = selectors.membership_for(request.user)
        if membership is None:
            messages.info(request, _("Your account is not linked to an organisation yet."))
            return redirect("members:overview")
        request.membership = membership
        return view(request, *args, **kwargs)

    return wrapper
